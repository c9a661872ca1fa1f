/// Writes JSON text directly, for the answers that can be large (document symbols, inlay
/// hints): Foundation's `JSONEncoder` spends about 100 µs on each symbol, so 5,000 of them
/// took half a second. Keys are written in sorted order, as the encoder writes them.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func string(_ s: String) {
        var s = s
        bytes.append(UInt8(ascii: "\""))
        s.withUTF8 { utf8 in
            var from = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[from..<i]))
                from = i + 1
                switch b {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    raw("\\u00")
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 15)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[from...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ n: Int) {
        if n < 0 || n > 999_999_999 { return raw(String(n)) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[k]) }
        }
    }

    /// An object from its fields, already in sorted key order; nil values are left out.
    mutating func object(_ fields: [(String, ((inout JSONWriter) -> Void)?)]) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (key, write) in fields {
            guard let write else { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(key)
            bytes.append(UInt8(ascii: ":"))
            write(&self)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func array<T: JSONWritable>(_ items: [T]) {
        bytes.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            item.write(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

/// A value that writes itself as JSON text, without `JSONEncoder`.
protocol JSONWritable {
    func write(to w: inout JSONWriter)
}

extension Array: JSONWritable where Element: JSONWritable {
    func write(to w: inout JSONWriter) { w.array(self) }
}

extension Position: JSONWritable {
    func write(to w: inout JSONWriter) {
        w.object([("character", { $0.int(character) }), ("line", { $0.int(line) })])
    }
}

extension TextRange: JSONWritable {
    func write(to w: inout JSONWriter) {
        w.object([("end", { end.write(to: &$0) }), ("start", { start.write(to: &$0) })])
    }
}

extension DocumentSymbol: JSONWritable {
    func write(to w: inout JSONWriter) {
        var writeDetail: ((inout JSONWriter) -> Void)?
        if let detail { writeDetail = { $0.string(detail) } }
        w.object([("detail", writeDetail), ("kind", { $0.int(kind.rawValue) }),
                  ("name", { $0.string(name) }), ("range", { range.write(to: &$0) }),
                  ("selectionRange", { selectionRange.write(to: &$0) })])
    }
}

extension InlayHint: JSONWritable {
    func write(to w: inout JSONWriter) {
        w.object([("label", { $0.string(label) }), ("position", { position.write(to: &$0) })])
    }
}

extension RequestID: JSONWritable {
    func write(to w: inout JSONWriter) {
        switch self {
        case .number(let n): w.int(n)
        case .string(let s): w.string(s)
        }
    }
}
