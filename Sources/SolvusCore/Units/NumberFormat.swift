#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How Solvus prints numbers: six significant digits (or as many as `--digits` or `:digits`
/// set), trailing zeros dropped, scientific notation outside 1e-4 ... 1e6; a whole number below
/// 10^15 that those digits would round is written in full, so counts are exact (`10000001`).
public enum NumberFormat {
    /// The digits Solvus prints by default.
    public static let defaultDigits = 6
    /// The digits a number may be printed with.
    public static let digitRange = 1...17
    /// The significant digits of printed numbers; the command line and the REPL set it.
    nonisolated(unsafe) public static var significantDigits = defaultDigits

    /// Runs `body` with numbers printed to `digits` significant digits.
    public static func withDigits<T>(_ digits: Int, _ body: () throws -> T) rethrows -> T {
        let saved = significantDigits
        significantDigits = digits
        defer { significantDigits = saved }
        return try body()
    }

    public static func format(_ x: Double, digits: Int? = nil) -> String {
        let digits = digits ?? significantDigits
        if x.isNaN { return "nan" }
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
        // A whole number is never rounded (counts: 10000001, not 1e7), but 1e7 stays 1e7.
        if x == x.rounded(), Swift.abs(x) < 1e15, Double(s) != x { return String(Int64(x)) }
        return s
    }
}
