#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files for scripts, `use` and `load`, and says why when it cannot: a missing
/// file, a directory, a permission, an error while reading. Pipes and FIFOs are read to their
/// end, so `solvus <(generate)` works.
public enum FileReading {
    /// Why a file could not be read, as the end of "cannot read 'x': ...".
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The bytes of the file at `path`, or why they cannot be had.
    public static func bytes(atPath path: String) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure(reason: reason(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Failure(reason: reason(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR {
            return .failure(Failure(reason: "it is a directory"))
        }
        return bytes(of: fd)
    }

    /// Everything that can be read from `fd` until its end.
    public static func bytes(of fd: Int32) -> Result<[UInt8], Failure> {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(Failure(reason: reason(errno)))
            }
            if n == 0 { return .success(result) }
            result.append(contentsOf: chunk[..<n])
        }
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "it is a directory"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}

/// Writes whole texts to file descriptors: the one loop the command's streams, the REPL's
/// console and the history file share.
public enum FileWriting {
    /// Writes every byte of `text` to `fd`, going on after EINTR and short writes; the errno of
    /// a failure (EIO when nothing could be written), or nil.
    public static func all(_ text: String, to fd: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeMutableBytes { raw in write(fd, raw.baseAddress, raw.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            offset += n
        }
        return nil
    }
}
