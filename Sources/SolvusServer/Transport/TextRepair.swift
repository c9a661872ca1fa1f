import SolvusLibrary

/// Makes a message body whose strings hold invalid text decodable: bytes that are not UTF-8
/// and lone UTF-16 surrogates in `\u` escapes become U+FFFD, the replacement character.
enum TextRepair {
    /// The repaired body, or nil if there was nothing to repair.
    static func repair(_ body: [UInt8]) -> [UInt8]? {
        var bytes = body
        var changed = false
        if Session.firstInvalidUTF8(bytes) != nil {
            bytes = Array(String(decoding: bytes, as: UTF8.self).utf8)
            changed = true
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var inString = false
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if !inString {
                if b == UInt8(ascii: "\"") { inString = true }
                out.append(b)
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") {
                inString = false
            } else if b == UInt8(ascii: "\\"), i + 1 < n {
                if bytes[i + 1] == UInt8(ascii: "u"), let unit = hex(bytes, i + 2) {
                    if (0xD800...0xDBFF).contains(unit), i + 12 <= n, bytes[i + 6] == UInt8(ascii: "\\"),
                       bytes[i + 7] == UInt8(ascii: "u"), let low = hex(bytes, i + 8), (0xDC00...0xDFFF).contains(low) {
                        out.append(contentsOf: bytes[i..<i + 12])
                        i += 12
                        continue
                    }
                    if (0xD800...0xDFFF).contains(unit) {
                        out.append(contentsOf: Array("\\uFFFD".utf8))
                        changed = true
                        i += 6
                        continue
                    }
                }
                out.append(contentsOf: bytes[i..<i + 2])
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        return changed ? out : nil
    }

    /// The value of four hex digits at `i`, if there are.
    private static func hex(_ bytes: [UInt8], _ i: Int) -> Int? {
        guard i + 4 <= bytes.count else { return nil }
        var v = 0
        for k in i..<i + 4 {
            let c = bytes[k] | 0x20
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = v * 16 + Int(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = v * 16 + Int(c - UInt8(ascii: "a")) + 10
            default: return nil
            }
        }
        return v
    }
}
