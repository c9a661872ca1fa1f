import SolvusLibrary

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The command's output and error streams, written with write(2) so that a failure is an
/// error the command reports, never a trap: a full disk or a closed stdout ends the run with
/// status 1 and one line on stderr (if stderr works); a closed pipe (`solvus s | head -1`)
/// ends it quietly.
enum StandardStreams {
    /// Call once at start: a closed pipe then fails a write with EPIPE instead of killing the
    /// process with SIGPIPE.
    static func install() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text` to standard output, or ends the process if that fails.
    static func out(_ text: String) {
        if let error = write(text, to: 1) { fail(error, stream: "standard output") }
    }

    /// Writes `text` to standard error, or ends the process with status 1 if that fails.
    static func err(_ text: String) {
        if write(text, to: 2) != nil { exit(1) }
    }

    /// Writes every byte of `text`; the errno of a failure, or nil.
    static func write(_ text: String, to fd: Int32) -> Int32? { FileWriting.all(text, to: fd) }

    /// All of standard input; the errno of a failed read (stdin a directory, say), or nil.
    static func readInput() -> (bytes: [UInt8], error: Int32?) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return (bytes, errno)
            }
            if n == 0 { return (bytes, nil) }
            bytes += chunk[0..<n]
        }
    }

    /// Ends the process after a failed write: quietly for a closed pipe, else with one line.
    static func fail(_ error: Int32, stream: String) -> Never {
        if error != EPIPE {
            let reason = String(cString: strerror(error))
            _ = write("error: cannot write to \(stream): \(reason)\n", to: 2)
        }
        exit(1)
    }
}
