#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large stack, so deep (but bounded) recursion in the parser and
/// evaluator ends in a Solvus error, never in a stack overflow.
public enum LargeStack {
    /// 1 GiB of address space; only the pages used are ever committed.
    public static let size = 1 << 30

    private final class Box {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `work` on a new thread with a `size`-byte stack and waits for it. Falls back to
    /// the calling thread if no such thread can be made.
    public static func run(_ work: @escaping () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, size) == 0 else {
            work()
            return
        }
        let box = Unmanaged.passRetained(Box(work))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, &attributes, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.work()
            return nil
        }, box.toOpaque())
        guard status == 0 else {
            box.release()
            work()
            return
        }
        #if canImport(Darwin)
        if let thread { pthread_join(thread, nil) }
        #else
        pthread_join(thread, nil)
        #endif
    }
}
