#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How much stack the current thread has left, so that deep recursion ends in an error before
/// it meets the guard page, whatever the nesting of each level.
public enum StackBounds {
    /// The lowest usable address of the calling thread's stack (stacks grow down), or nil
    /// where it cannot be read.
    public static func lowestAddress() -> UInt? {
        #if os(Linux)
        var attributes = pthread_attr_t()
        guard getattr_np(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        return UInt(bitPattern: address)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return nil
        #endif
    }

    /// An address in the caller's frame: the current depth of the stack.
    @inline(never)
    public static func current() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}

#if os(Linux)
/// glibc's and musl's `pthread_getattr_np`, which the C module leaves out (it is a GNU extension).
@_silgen_name("pthread_getattr_np")
private func getattr_np(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif
