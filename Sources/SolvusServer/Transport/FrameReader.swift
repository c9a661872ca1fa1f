#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads `Content-Length` framed messages from a file descriptor, surviving bad framing: junk
/// before a header is skipped, a header without a valid length is reported and skipped, and a
/// length that runs into the next header is cut there.
final class FrameReader {
    enum Frame: Equatable {
        /// The body of one message.
        case body([UInt8])
        /// A framing problem, to report; reading goes on after it.
        case malformed(String)
    }

    /// Bodies larger than this are refused (a 1 MB document is far below it).
    static let maxLength = 64 << 20

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// How far the current body has been searched for a stray header, so that a large body
    /// arriving in pieces is searched once.
    private var searched = 0

    init(fd: Int32) { self.fd = fd }

    /// The next frame, or nil once the input has ended.
    func next() -> Frame? {
        while true {
            if let frame = parse() { return frame }
            if atEnd { return nil }
            fill()
        }
    }

    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return
            }
            if n < 0, errno == EINTR { continue }
            atEnd = true
            return
        }
    }

    private func parse() -> Frame? {
        guard let (headerStop, bodyStart) = blankLine(from: start) else {
            if buffer.count - start > FrameReader.maxLength {
                consume(to: buffer.count)
                return .malformed("no header in \(FrameReader.maxLength) bytes; input dropped")
            }
            return nil
        }
        guard let field = lastHeader(in: start..<headerStop) else {
            consume(to: bodyStart)
            return .malformed("missing Content-Length header")
        }
        guard let length = field.length, length <= FrameReader.maxLength else {
            consume(to: bodyStart)
            return .malformed("invalid Content-Length header")
        }
        let end = bodyStart + length
        // A header inside the body means the length was too large: the next message began.
        let searchFrom = max(bodyStart, searched - 32)
        searched = min(end, buffer.count)
        if searchFrom < searched, let next = firstHeader(in: searchFrom..<searched) {
            let body = Array(buffer[bodyStart..<next])
            consume(to: next)
            return .body(body)
        }
        guard end <= buffer.count else { return nil }
        let body = Array(buffer[bodyStart..<end])
        consume(to: end)
        return .body(body)
    }

    private func consume(to index: Int) {
        start = index
        searched = 0
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.count < 1 << 20)
            start = 0
        } else if start > 1 << 16, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }

    /// The end of the header block (`\r\n\r\n`, or `\n\n` from lenient clients) after `from`:
    /// where the block stops and where the body starts.
    private func blankLine(from: Int) -> (Int, Int)? {
        var i = from
        let n = buffer.count
        while i < n {
            if buffer[i] == 10 {
                if i + 1 < n, buffer[i + 1] == 10 { return (i, i + 2) }
                if i + 2 < n, buffer[i + 1] == 13, buffer[i + 2] == 10 { return (i > from && buffer[i - 1] == 13 ? i - 1 : i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    private static let name = Array("content-length:".utf8)

    /// A `Content-Length:` field at `i`: the offset after its value's line, and its value.
    private func field(at i: Int, in range: Range<Int>) -> (length: Int?, lineEnd: Int)? {
        let name = FrameReader.name
        guard i + name.count <= range.upperBound else { return nil }
        for k in 0..<name.count where buffer[i + k] | 0x20 != name[k] { return nil }
        var j = i + name.count
        while j < range.upperBound, buffer[j] == 32 || buffer[j] == 9 { j += 1 }
        var value = 0
        var digits = 0
        while j < range.upperBound, buffer[j] >= 48, buffer[j] <= 57, digits < 12 {
            value = value * 10 + Int(buffer[j] - 48)
            digits += 1
            j += 1
        }
        while j < range.upperBound, buffer[j] == 32 || buffer[j] == 9 || buffer[j] == 13 { j += 1 }
        let ok = digits > 0 && (j == range.upperBound || buffer[j] == 10)
        return (ok ? value : nil, j)
    }

    /// The last `Content-Length` field of a header block (junk before it is ignored).
    private func lastHeader(in range: Range<Int>) -> (length: Int?, lineEnd: Int)? {
        var i = range.upperBound - 1
        while i >= range.lowerBound {
            if buffer[i] | 0x20 == UInt8(ascii: "c"), let f = field(at: i, in: range) { return f }
            i -= 1
        }
        return nil
    }

    /// The first complete `Content-Length: N` line inside `range`: raw line breaks cannot occur
    /// in JSON text except as blanks between tokens, so such a line is a header, not content.
    private func firstHeader(in range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if buffer[i] | 0x20 == UInt8(ascii: "c"), let f = field(at: i, in: i..<buffer.count), f.length != nil,
               f.lineEnd < buffer.count {
                return i
            }
            i += 1
        }
        return nil
    }
}
