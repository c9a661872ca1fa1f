#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into the newline-delimited messages of the MCP stdio transport. A line
/// longer than the limit is skipped up to its newline without being kept in memory, and reported
/// by its length, so that one huge message cannot exhaust memory or stop the server.
final class LineReader {
    enum Line {
        case message([UInt8])
        case tooLong(Int)
    }

    private let fd: Int32
    private let limit: Int
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private var ended = false

    init(fd: Int32, limit: Int) {
        self.fd = fd
        self.limit = limit
    }

    /// The next non-empty line, without its `\n` (or `\r\n`); nil at the end of the input.
    func next() -> Line? {
        var line: [UInt8] = []
        var skipped = 0  // bytes of an over-long line thrown away so far
        while true {
            if start == end {
                if ended || !fill() {
                    ended = true
                    // A last message without a newline still counts.
                    if skipped > 0 { return .tooLong(skipped) }
                    return line.isEmpty ? nil : .message(line)
                }
            }
            let chunk = buffer[start..<end]
            if let nl = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                let piece = buffer[start..<nl]
                start = nl + 1
                if skipped > 0 { return .tooLong(skipped + piece.count) }
                if line.count + piece.count > limit { return .tooLong(line.count + piece.count) }
                line.append(contentsOf: piece)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                    line.removeAll(keepingCapacity: true)
                    continue
                }
                return .message(line)
            }
            if skipped > 0 {
                skipped += chunk.count
            } else if line.count + chunk.count > limit {
                skipped = line.count + chunk.count
                line = []
            } else {
                line.append(contentsOf: chunk)
            }
            start = end
        }
    }

    /// Reads more bytes; false at the end of the input or on an error.
    private func fill() -> Bool {
        start = 0
        end = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                end = n
                return true
            }
            if n < 0, errno == EINTR { continue }
            return false
        }
    }
}
