#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The budgets of one evaluation — interruption, time and memory — in one object that the
/// evaluator checks between steps and that native kernels check between chunks of items.
///
/// A kernel whose cost grows with its input calls `check(item:at:)` inside its loop (cheap: a
/// mask test, and every `stride` items an atomic load and a clock read), or `chunks(_:at:_:)` to
/// run a loop in checked slices; and `reserve(bytes:at:)` before it allocates a large result.
public final class Budget {
    /// Items between two checks in native loops: a few microseconds of the cheapest kernels,
    /// at most a few milliseconds of the dearest (Miedema's model, ~3 µs an alloy).
    public static let stride = 1024

    /// Whether the user asked to stop (Ctrl-C, an editor's newer edit); read, and cleared, at
    /// each check.
    public var takeInterrupt: () -> Bool = Interrupt.take

    private var timeLimit: Duration?
    private var deadline: ContinuousClock.Instant?
    private var maxMemory: Int?
    /// Heap in use when the evaluation began; the budget covers what it added.
    private var heapBase = 0
    /// Bytes reserved since the heap was last measured.
    private var pending = 0

    public init() {}

    /// Starts the clock and the memory count of a new evaluation.
    public func start(_ limits: EvaluationLimits) {
        timeLimit = limits.timeLimit
        deadline = limits.timeLimit.map { ContinuousClock.now + $0 }
        maxMemory = limits.maxMemory
        heapBase = maxMemory == nil ? 0 : Heap.bytesInUse()
        pending = 0
    }

    /// Fails with E600 if an interrupt was requested, or E604 once the time limit has passed.
    public func check(at range: SourceRange) throws {
        if takeInterrupt() {
            throw Diagnostic(.interrupted(), at: range)
        }
        if let deadline, ContinuousClock.now > deadline, let limit = timeLimit {
            let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) * 1e-18
            throw Diagnostic(.timeLimit(seconds), at: range)
        }
    }

    /// `check(at:)` every `stride` items of a loop over `i`.
    @inline(__always)
    public func check(item i: Int, at range: SourceRange) throws {
        if i & (Budget.stride - 1) == 0 { try check(at: range) }
    }

    /// Runs `body` over `0..<count` in slices of `size` items, checking between slices.
    public func chunks(_ count: Int, size: Int = 65_536, at range: SourceRange,
                       _ body: (Range<Int>) throws -> Void) throws {
        var start = 0
        while start < count {
            try check(at: range)
            let end = min(count, start + size)
            try body(start..<end)
            start = end
        }
    }

    /// Fails with E605 if making `bytes` more would take the values of this evaluation past the
    /// memory limit. The heap is measured for large requests and after every few megabytes of
    /// small ones, so the count stays cheap.
    public func reserve(bytes: Int, at range: SourceRange) throws {
        guard let maxMemory else { return }
        pending += bytes
        guard bytes >= 1 << 20 || pending >= 8 << 20 else { return }
        pending = 0
        let held = max(0, Heap.bytesInUse() - heapBase) + bytes
        if held > maxMemory {
            throw Diagnostic(.memoryLimit(Double(held), limit: Double(maxMemory)), at: range)
        }
    }
}

/// The memory the process holds, and glibc's allocator tuning (`mallopt`), looked up at run time:
/// absent elsewhere, and then nothing is changed.
public enum Heap {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    // malloc.h: M_TRIM_THRESHOLD -1, M_TOP_PAD -2, M_MMAP_THRESHOLD -3, M_ARENA_MAX -8.
    private static let mallopt: Mallopt? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
        .map { unsafeBitCast($0, to: Mallopt.self) }
    private static let tuned: Bool = {
        guard let mallopt else { return false }
        return mallopt(-8, 1) == 1 && mallopt(-3, 32 << 20) == 1 && mallopt(-1, 64 << 20) == 1
    }()

    /// Keeps freed memory for reuse, process-wide, from the first call on; a program calls it
    /// before it starts threads (every session calls it too). glibc maps a block over 128 KB
    /// afresh and unmaps it when it is freed, and gives back the free top of its heap beyond
    /// 128 KB, raising both thresholds as it sees larger blocks freed, up to 32 MB and 64 MB. A
    /// million-row result column is 8 MB, and faulting fresh pages in costs more than computing
    /// them (seven such columns: about 55 ms written into fresh pages, 8 ms into reused ones, on
    /// the project's machine). This sets both thresholds to those largest values from the
    /// start, so what is kept is never more than glibc itself would keep; and it gives every
    /// thread the one main heap: a thread's own heaps are at most 64 MB and are unmapped as soon
    /// as they are empty, so blocks of tens of megabytes were faulted in afresh every other
    /// time. True when the allocator took it.
    @discardableResult
    public static func keepFreedMemory() -> Bool { tuned }

    private static let advised: Bool = adviseHugePagesOnce()

    /// For a run that starts, computes and ends (a script, `-e`), not for servers: on Linux with
    /// transparent huge pages "on request" (`madvise`, the usual setting), the heap is made to
    /// grow, and to be trimmed back, 64 MB beyond what it holds, and those 64 MB are advised
    /// `MADV_HUGEPAGE`, so a fresh 8 MB column is faulted in as four 2 MB pages instead of 2,048
    /// small ones (a fault cost some 3-6 µs on the project's machine: a million-row `rkm` in a
    /// fresh process spent a third of its time there). A server does not take it: its small
    /// allocations would each hold 2 MB pages (the editor server's resident memory went from 29
    /// to 89 MB). Calls `keepFreedMemory` first; idempotent; true when the advice was taken.
    /// Where the system has no huge pages, the advice is refused and nothing changes.
    @discardableResult
    public static func adviseHugePages() -> Bool {
        keepFreedMemory() && advised
    }

    /// The heap is made to grow by allocating and freeing a block through a pointer the compiler
    /// cannot see through (it would drop the pair); nothing is written but glibc's own headers.
    private static func adviseHugePagesOnce() -> Bool {
        #if os(Linux)
        guard tuned, let mallopt, mallopt(-2, 64 << 20) == 1 else { return false }
        typealias Malloc = @convention(c) (Int) -> UnsafeMutableRawPointer?
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc") else { return false }
        let huge = 2 << 20
        let before = Int(bitPattern: sbrk(0))
        if let block = unsafeBitCast(symbol, to: Malloc.self)(16 << 20) { free(block) }
        let after = Int(bitPattern: sbrk(0))
        let start = (before + huge - 1) & ~(huge - 1), end = after & ~(huge - 1)
        guard before > 0, end > start else { return false }
        return madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14) == 0  // MADV_HUGEPAGE
        #else
        return false
        #endif
    }

    /// Bytes of the process's resident memory (Linux: `/proc/self/statm`), or 0 where it cannot
    /// be read. The allocator keeps at most 64 MB freed at its heap's top (glibc's largest trim
    /// threshold, which `keepFreedMemory` sets), so the growth follows the values held. The file
    /// stays open and is read from its start each time: every evaluation measures the heap, and
    /// opening and closing it took two thirds of the time of running `1 + 1` in a session.
    public static func bytesInUse() -> Int {
        #if os(Linux)
        // Opened afresh if it could not be kept open (no descriptor free at the first call).
        let fd = statm >= 0 ? statm : open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { if fd != statm { close(fd) } }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer in
            let n = pread(fd, buffer.baseAddress, buffer.count, 0)
            guard n > 0 else { return 0 }
            // "size resident shared ...", in pages: the second field.
            var i = 0
            while i < n, buffer[i] != UInt8(ascii: " ") { i += 1 }
            i += 1
            var pages = 0, digits = 0
            while i < n, buffer[i] >= UInt8(ascii: "0"), buffer[i] <= UInt8(ascii: "9"), digits < 15 {
                pages = pages * 10 + Int(buffer[i] - UInt8(ascii: "0"))
                i += 1
                digits += 1
            }
            return pages * pageSize
        }
        #else
        return 0
        #endif
    }

    #if os(Linux)
    private static let statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
    private static let pageSize = sysconf(Int32(_SC_PAGESIZE))
    #endif
}
