#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How Solvus prints numbers: six significant digits, trailing zeros dropped, scientific
/// notation outside 1e-4 ... 1e6.
public enum NumberFormat {
    public static let significantDigits = 6

    public static func format(_ x: Double, digits: Int = significantDigits) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }
        var buffer = [CChar](repeating: 0, count: 64)
        let n = withVaList([Int32(digits), x]) { vsnprintf(&buffer, 64, "%.*g", $0) }
        guard n > 0 else { return String(x) }
        var s = String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // "1e+06" -> "1e6", "1.5e-05" -> "1.5e-5"
        if let e = s.firstIndex(of: "e") {
            let mantissa = s[..<e]
            var exponent = String(s[s.index(after: e)...])
            var sign = ""
            if exponent.hasPrefix("+") { exponent.removeFirst() }
            if exponent.hasPrefix("-") { sign = "-"; exponent.removeFirst() }
            while exponent.hasPrefix("0") && exponent.count > 1 { exponent.removeFirst() }
            s = "\(mantissa)e\(sign)\(exponent)"
        }
        return s
    }
}
