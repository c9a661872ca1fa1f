/// A piece of Solvus text with a name (a file path, `<input>`, `<prelude>`), kept as UTF-8 bytes.
///
/// Offsets everywhere in Solvus are byte offsets into `bytes`; lines and columns are computed
/// here, on demand, for diagnostics.
public final class SourceFile: Sendable {
    public let id: Int
    public let name: String
    public let text: String
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    public let lineStarts: [Int]

    public init(id: Int, name: String, text: String) {
        self.id = id
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    /// The 0-based line index containing `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// 1-based line and column of `offset`; the column counts Unicode scalars, not bytes.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        let start = lineStarts[line]
        var column = 1
        var i = start
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line + 1, column)
    }

    /// The bytes of a 0-based line, without its newline.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 0, line < lineStarts.count else { return [] }
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<max(start, end)]
    }

    public func slice(_ range: SourceRange) -> String {
        let lo = max(0, min(range.start, bytes.count))
        let hi = max(lo, min(range.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A half-open byte range `start..<end` in one source file.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    // 32-bit fields: every token and syntax node carries a range, and a 10 MB line has millions
    // of them (12 bytes a range instead of 24). Offsets past 2 GiB, which no text read here
    // reaches, are clamped.
    private var fileID: Int32
    private var startOffset: Int32
    private var endOffset: Int32

    public var file: Int {
        get { Int(fileID) }
        set { fileID = Int32(clamping: newValue) }
    }
    public var start: Int {
        get { Int(startOffset) }
        set { startOffset = Int32(clamping: newValue) }
    }
    public var end: Int {
        get { Int(endOffset) }
        set { endOffset = Int32(clamping: newValue) }
    }

    public init(file: Int, start: Int, end: Int) {
        fileID = Int32(clamping: file)
        startOffset = Int32(clamping: start)
        endOffset = Int32(clamping: end)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(file):\(start)..<\(end)" }
}
