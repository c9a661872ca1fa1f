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

    /// Bodies larger than this are refused, and skipped by their length (a 1 MB document is
    /// far below it); a header line longer than this is dropped.
    static let maxLength = 64 << 20

    private let fd: Int32
    private var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    private var start = 0
    private var atEnd = false
    /// Bytes still to skip of a body over the limit.
    private var skipping = 0

    // The header block being read, line by line: each byte is looked at once, however the
    // input arrives.
    /// How far the block has been searched for line ends.
    private var scanned = 0
    /// Where the current header line starts.
    private var lineStart = 0
    /// Whether the block has had a line that is not blank.
    private var hasContent = false
    /// The last `Content-Length` field of the block: its value, nil if it is not a number.
    private var lengthField: Int??
    /// Whether the rest of an overlong line is being dropped.
    private var droppingLine = false

    // The body being read.
    private var body: (start: Int, length: Int)?
    /// How far the body has been searched for a stray header, so that a large body arriving
    /// in pieces is searched once.
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
        if skipping > 0 {
            let n = min(skipping, buffer.count - start)
            skipping -= n
            consume(to: start + n)
            if skipping > 0 { return nil }
        }
        if let body { return parseBody(body) }
        while true {
            guard let newline = firstNewline(from: scanned) else {
                scanned = buffer.count
                if !droppingLine, buffer.count - lineStart > FrameReader.maxLength {
                    droppingLine = true
                    consume(to: buffer.count)
                    return .malformed("no header in \(FrameReader.maxLength) bytes; input dropped")
                }
                if droppingLine { consume(to: buffer.count) }
                return nil
            }
            scanned = newline + 1
            let line = lineStart..<(newline > lineStart && buffer[newline - 1] == 13 ? newline - 1 : newline)
            lineStart = newline + 1
            if droppingLine {
                droppingLine = false
                consume(to: newline + 1)
                continue
            }
            if !line.isEmpty {
                hasContent = true
                if let f = lastField(in: line) { lengthField = .some(f.length) }
                continue
            }
            // A blank line: the end of the header block, or a stray one between messages.
            guard hasContent else {
                consume(to: newline + 1)
                continue
            }
            let value = lengthField
            consume(to: newline + 1)
            switch value {
            case nil:
                return .malformed("missing Content-Length header")
            case .some(nil):
                return .malformed("invalid Content-Length header")
            case .some(let length?) where length > FrameReader.maxLength:
                skipping = length
                return .malformed("a body of \(length) bytes is over the limit of \(FrameReader.maxLength); skipped")
            case .some(let length?):
                body = (start, length)
                searched = start
                return parseBody((start, length))
            }
        }
    }

    /// The body once it has all arrived; cut where a stray header begins inside it.
    private func parseBody(_ b: (start: Int, length: Int)) -> Frame? {
        let end = b.start + b.length
        // A header inside the body means the length was too large: the next message began.
        let searchFrom = max(b.start, searched - 32)
        searched = min(end, buffer.count)
        if searchFrom < searched, let next = firstHeader(in: searchFrom..<searched) {
            let bytes = Array(buffer[b.start..<next])
            consume(to: next)
            return .body(bytes)
        }
        guard end <= buffer.count else { return nil }
        let bytes = Array(buffer[b.start..<end])
        consume(to: end)
        return .body(bytes)
    }

    /// Ends the current frame at `index`: what comes after starts a new header block.
    private func consume(to index: Int) {
        start = index
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.count < 1 << 20)
            start = 0
        } else if start > 1 << 16, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        scanned = start
        lineStart = start
        hasContent = false
        lengthField = nil
        body = nil
        searched = 0
    }

    private func firstNewline(from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress, let hit = memchr(base + from, 10, p.count - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
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

    /// The last `Content-Length` field of a header line (junk before it is ignored). Only
    /// the line's end is searched: the field runs to the end of its line.
    private func lastField(in line: Range<Int>) -> (length: Int?, lineEnd: Int)? {
        var i = line.upperBound - 1
        let lowest = max(line.lowerBound, line.upperBound - 256)
        while i >= lowest {
            if buffer[i] | 0x20 == UInt8(ascii: "c"), let f = field(at: i, in: i..<line.upperBound) { return f }
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
