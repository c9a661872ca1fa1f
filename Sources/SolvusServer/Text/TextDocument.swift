/// A document's text as UTF-8 bytes (the offsets Solvus's diagnostics use) with its line
/// starts, and the conversions between byte offsets and protocol positions, whose characters
/// are counted in the negotiated encoding (UTF-16 code units by default: `Ω` is one, `𝛀` two).
struct TextDocument {
    private(set) var bytes: [UInt8]
    private(set) var lineStarts: [Int]
    /// The lines that hold a byte beyond ASCII; on the others a character is a byte, whatever
    /// the encoding, so positions convert without reading the line.
    private var wideLines: Set<Int>

    init(_ text: String) {
        bytes = Array(text.utf8)
        (lineStarts, wideLines) = TextDocument.lines(bytes)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    private static func lines(_ bytes: [UInt8]) -> ([Int], Set<Int>) {
        var starts = [0]
        var wide = Set<Int>()
        var last = -1
        bytes.withUnsafeBufferPointer { p in
            for i in 0..<p.count {
                let b = p[i]
                if b == 10 {
                    starts.append(i + 1)
                } else if b >= 0x80, last != starts.count - 1 {
                    last = starts.count - 1
                    wide.insert(last)
                }
            }
        }
        return (starts, wide)
    }

    /// The start of the UTF-8 sequence that holds byte `offset`.
    func scalarStart(_ offset: Int) -> Int {
        var i = max(0, min(offset, bytes.count))
        while i > 0, i < bytes.count, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }

    /// Length of the UTF-8 sequence that starts with `b` (1 for a stray continuation byte).
    static func scalarLength(_ b: UInt8) -> Int {
        b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }

    /// The 0-based line containing byte `offset`.
    func line(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The byte offset where the content of `line` ends, before `\n` or `\r\n`.
    func lineEnd(_ line: Int) -> Int {
        guard line + 1 < lineStarts.count else { return bytes.count }
        let end = lineStarts[line + 1] - 1
        return end > lineStarts[line] && bytes[end - 1] == 13 ? end - 1 : end
    }

    /// The byte offset of a position; past the end of a line is its end, past the last line
    /// the end of the text.
    func offset(of p: Position, _ encoding: PositionEncoding) -> Int {
        guard p.line >= 0 else { return 0 }
        guard p.line < lineStarts.count else { return bytes.count }
        var i = lineStarts[p.line]
        let end = lineEnd(p.line)
        if !wideLines.contains(p.line) { return i + max(0, min(p.character, end - i)) }
        var units = 0
        while i < end {
            let n = TextDocument.scalarLength(bytes[i])
            units += encoding.units(utf8Length: n)
            if units > p.character { break }
            i += n
        }
        return min(i, end)
    }

    /// The position of a byte offset.
    func position(of offset: Int, _ encoding: PositionEncoding) -> Position {
        let o = max(0, min(offset, bytes.count))
        let line = line(of: o)
        var i = lineStarts[line]
        if !wideLines.contains(line) { return Position(line: line, character: o - i) }
        var units = 0
        while i < o {
            let n = TextDocument.scalarLength(bytes[i])
            guard i + n <= o else { break }
            units += encoding.units(utf8Length: n)
            i += n
        }
        return Position(line: line, character: units)
    }

    func range(_ r: Range<Int>, _ encoding: PositionEncoding) -> TextRange {
        TextRange(start: position(of: r.lowerBound, encoding), end: position(of: r.upperBound, encoding))
    }

    /// The byte range of a protocol range (reversed ends are put in order).
    func byteRange(_ r: TextRange, _ encoding: PositionEncoding) -> Range<Int> {
        let a = offset(of: r.start, encoding), b = offset(of: r.end, encoding)
        return min(a, b)..<max(a, b)
    }

    /// Replaces the bytes of `range` with `text`.
    mutating func replace(_ range: Range<Int>, with text: String) {
        bytes.replaceSubrange(range, with: text.utf8)
        (lineStarts, wideLines) = TextDocument.lines(bytes)
    }
}
