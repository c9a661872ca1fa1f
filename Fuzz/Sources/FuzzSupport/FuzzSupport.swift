// What the libFuzzer targets share: a thread with a large stack that runs every input, and the
// filter for inputs that hold faults already known.
import Foundation
import SolvusCore
#if canImport(Glibc)
import Glibc
#endif

/// A thread with the stack the command line evaluates on (`LargeStack.size`), kept for the whole
/// run: making a 1 GiB-stack thread per input costs more than most inputs do.
public final class Worker: @unchecked Sendable {
    private let start = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var job: () -> Void = {}
    private var threaded = false

    public static let shared = Worker()

    private init() {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, LargeStack.size)
        var thread = pthread_t()
        let me = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, &attributes, { raw in
            let worker = Unmanaged<Worker>.fromOpaque(raw!).takeUnretainedValue()
            while true {
                worker.start.wait()
                worker.job()
                worker.job = {}
                worker.done.signal()
            }
        }, me)
        threaded = status == 0
    }

    /// Runs `work` on the worker's thread and waits for it.
    public func run(_ work: @escaping () -> Void) {
        guard threaded else { return LargeStack.run(work) }
        job = work
        start.signal()
        done.wait()
    }
}

/// Whether the input holds a fault known and not yet fixed, so that the campaign looks for new
/// ones. None now: the lexer's loop on `°` is fixed, and its inputs are fuzzed like any other.
public func holdsKnownFault(_ bytes: UnsafeBufferPointer<UInt8>, json: Bool = false) -> Bool {
    false
}

/// Directories made by `privateDirectory`, removed when the process exits.
nonisolated(unsafe) private var madeDirectories: [String] = []

/// A new empty directory under the temporary folder, for the files a target reads; removed at exit.
public func privateDirectory(_ name: String) -> String {
    var template = Array((NSTemporaryDirectory() + "solvus-fuzz-\(name)-XXXXXX").utf8CString)
    guard let dir = mkdtemp(&template) else { return "/nonexistent-solvus-fuzz" }
    let path = String(cString: dir)
    if madeDirectories.isEmpty {
        atexit { for d in madeDirectories { try? FileManager.default.removeItem(atPath: d) } }
    }
    madeDirectories.append(path)
    return path
}
