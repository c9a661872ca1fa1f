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

    /// Runs `work` on a new thread with a `size`-byte stack and waits for it. Falls back to
    /// the calling thread if no such thread can be made.
    public static func run(_ work: @escaping () -> Void) {
        guard let thread = Threads.start(stackSize: size, detached: false, work) else {
            work()
            return
        }
        pthread_join(thread, nil)
    }
}
