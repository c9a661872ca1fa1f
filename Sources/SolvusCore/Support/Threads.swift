#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable (POSIX threads): what the servers' queues and `screen`'s
/// pipeline wait on. Written here rather than taken from Foundation, which the command would
/// otherwise load at every start (about 4 ms of it; README, Performance).
public final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }
    /// Waits for a signal; the lock must be held, and is held again on return.
    public func wait() { pthread_cond_wait(condition, mutex) }
    public func signal() { pthread_cond_signal(condition) }
    public func broadcast() { pthread_cond_broadcast(condition) }

    /// `body` with the lock held.
    public func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// Threads without Foundation.
public enum Threads {
    private final class Box {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Starts `work` on a new detached thread with a `stackSize`-byte stack; false if no
    /// thread could be made (then `work` has not run).
    @discardableResult
    public static func detach(stackSize: Int = 1 << 20, _ work: @escaping @Sendable () -> Void) -> Bool {
        start(stackSize: max(stackSize, 1 << 16), detached: true, work) != nil
    }

    /// Starts `work` on a new thread with a `stackSize`-byte stack, joinable or detached: the
    /// thread, or nil if none could be made with that stack (then `work` has not run).
    static func start(stackSize: Int, detached: Bool, _ work: @escaping () -> Void) -> pthread_t? {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return nil }
        if detached { _ = pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
        let box = Unmanaged.passRetained(Box(work))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().work()
            return nil
        }, box.toOpaque())
        guard status == 0 else {
            box.release()
            return nil
        }
        return thread
    }

    /// Sleeps the calling thread for `seconds` (resumed after a signal, until the time is up).
    public static func sleep(_ seconds: Double) {
        guard seconds > 0, seconds.isFinite else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// A file descriptor of its own: a duplicate of the one given (`dup`), closed when the last
/// holder lets it go. A server keeps its input's for as long as its reading thread reads, so
/// that a host that closes its own descriptor cannot have it reused under that thread.
public final class Descriptor: @unchecked Sendable {
    public let fd: Int32
    private let owned: Bool

    /// A duplicate of `fd`; if none can be made, `fd` itself, not closed here.
    public init(duplicating fd: Int32) {
        let copy = dup(fd)
        self.fd = copy >= 0 ? copy : fd
        owned = copy >= 0
    }

    deinit {
        if owned { close(fd) }
    }
}
