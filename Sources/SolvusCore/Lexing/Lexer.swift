/// Turns Solvus text into tokens.
///
/// Newlines end statements, so they are tokens, except inside `(...)` and `[...]`, where a
/// statement may run over several lines. Inside `{...}` (records and blocks) they are kept,
/// and the parser skips them where a record allows.
public struct Lexer {
    private let file: SourceFile
    private let bytes: [UInt8]
    private var pos = 0
    private var brackets: [UInt8] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    /// Every token of the file, ending with `.eof`; errors are collected in `diagnostics`.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        // At most one token for every two bytes in dense text (`1+1+1`: more, rarely): no copies
        // while a 10 MB line grows; capacity never touched is never resident.
        tokens.reserveCapacity(bytes.count / 2 + 16)
        while true {
            let t = next()
            if case .newline = t.kind, let last = tokens.last, case .newline = last.kind { continue }
            tokens.append(t)
            if case .eof = t.kind { break }
        }
        return tokens
    }

    private func range(_ start: Int) -> SourceRange { SourceRange(file: file.id, start: start, end: pos) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        pos + ahead < bytes.count ? bytes[pos + ahead] : nil
    }

    /// At most this many lexical errors are collected; one bad byte repeated ten million times
    /// should not make ten million messages.
    public static let maxDiagnostics = 20

    private mutating func report(_ d: Diagnostic) {
        if diagnostics.count < Lexer.maxDiagnostics { diagnostics.append(d) }
    }

    /// Whether another diagnostic would be kept: ten million bad bytes must cost ten million
    /// comparisons, not ten million messages built and dropped.
    private var reporting: Bool { diagnostics.count < Lexer.maxDiagnostics }

    /// The next token. Every pass consumes input (a token, or at least one byte skipped), so no
    /// text can make the lexer stall.
    mutating func next() -> Token {
        while true {
            let before = pos
            if let t = scan() {
                if t.kind == .eof || pos > before { return t }
            } else if pos > before {
                continue
            }
            // Nothing consumed: a scanner bug must not become an endless loop.
            pos = min(bytes.count, before + max(1, scalar(at: before)?.1 ?? 1))
            report(Diagnostic(.unexpectedCharacter(String(decoding: bytes[before..<pos], as: UTF8.self)),
                              at: range(before)))
        }
    }

    /// The next token, or nil after skipping a character that cannot start one.
    private mutating func scan() -> Token? {
        while let c = peek() {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                pos += 1
            } else if c == UInt8(ascii: "#") {
                while let d = peek(), d != UInt8(ascii: "\n") { pos += 1 }
            } else if c == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\n") {
                pos += 2  // explicit line continuation
            } else if c == UInt8(ascii: "\n") {
                let start = pos
                pos += 1
                if brackets.isEmpty || brackets.last == UInt8(ascii: "{") {
                    return Token(.newline, range(start))
                }
            } else {
                break
            }
        }
        let start = pos
        guard let c = peek() else { return Token(.eof, range(start)) }

        if isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
            return number(start)
        }
        if c == UInt8(ascii: "\"") { return string(start) }
        if isIdentifierStart(at: pos) { return identifier(start) }
        return symbol(start, c)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Decodes the scalar at byte `i` (the text is valid UTF-8: `Session` checks it first).
    private func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
        guard i < bytes.count else { return nil }
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var length = 0
        if b0 & 0xE0 == 0xC0 { length = 2 } else if b0 & 0xF0 == 0xE0 { length = 3 } else if b0 & 0xF8 == 0xF0 { length = 4 }
        guard length > 0, i + length <= bytes.count else { return nil }
        var value = UInt32(b0) & (0xFF >> (length + 1))
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        guard let s = Unicode.Scalar(value) else { return nil }
        return (s, length)
    }

    private func isIdentifierStart(at i: Int) -> Bool {
        guard let (s, _) = scalar(at: i) else { return false }
        if s == "_" { return true }
        if s.isASCII { return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") }
        return s.properties.isAlphabetic || s == "µ" || s == "°"
    }

    private func isIdentifierContinue(at i: Int) -> Bool {
        guard let (s, _) = scalar(at: i) else { return false }
        if s.isASCII { return isIdentifierStart(at: i) || (s >= "0" && s <= "9") }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    private mutating func identifier(_ start: Int) -> Token {
        // The first scalar was checked by `isIdentifierStart` (`°` may start a name but not continue one).
        pos += scalar(at: pos)?.1 ?? 1
        while pos < bytes.count, isIdentifierContinue(at: pos) {
            pos += scalar(at: pos)?.1 ?? 1
        }
        var name = String(decoding: bytes[start..<pos], as: UTF8.self)
        // `at%` is the atomic per-cent unit, one token.
        if name == "at", peek() == UInt8(ascii: "%") {
            pos += 1
            name = "at%"
        }
        if let k = Keyword(rawValue: name) { return Token(.keyword(k), range(start)) }
        return Token(.identifier(name), range(start))
    }

    private mutating func number(_ start: Int) -> Token {
        while let c = peek(), isDigit(c) || c == UInt8(ascii: "_") { pos += 1 }
        // A fraction, but not the `..` of a range.
        if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
            pos += 1
            while let c = peek(), isDigit(c) || c == UInt8(ascii: "_") { pos += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var k = 1
            if let s = peek(1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { k = 2 }
            if let d = peek(k), isDigit(d) {
                pos += k
                while let c = peek(), isDigit(c) { pos += 1 }
            }
        }
        // A whole number of at most 15 digits is exact in a Double: read it without a string.
        if pos - start <= 15, bytes[start..<pos].allSatisfy(isDigit) {
            var v = 0
            for b in bytes[start..<pos] { v = v * 10 + Int(b - UInt8(ascii: "0")) }
            return Token(.number(Double(v)), range(start))
        }
        let text = String(decoding: bytes[start..<pos].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            report(Diagnostic(.invalidNumber(text), at: range(start)))
            return Token(.number(0), range(start))
        }
        return Token(.number(value), range(start))
    }

    private mutating func string(_ start: Int) -> Token {
        pos += 1
        var out: [UInt8] = []
        while let c = peek() {
            if c == UInt8(ascii: "\"") {
                pos += 1
                return Token(.string(String(decoding: out, as: UTF8.self)), range(start))
            }
            if c == UInt8(ascii: "\n") { break }
            if c == UInt8(ascii: "\\"), let e = peek(1) {
                pos += 2
                switch e {
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                default: out.append(e)
                }
                continue
            }
            out.append(c)
            pos += 1
        }
        report(Diagnostic(.stringUnterminated(), at: range(start)))
        return Token(.string(String(decoding: out, as: UTF8.self)), range(start))
    }

    /// The two-byte symbols, by their bytes (`**` is `^`).
    private static func twoByteSymbol(_ a: UInt8, _ b: UInt8) -> Symbol? {
        switch (a, b) {
        case (UInt8(ascii: "."), UInt8(ascii: ".")): return .dotdot
        case (UInt8(ascii: "="), UInt8(ascii: "=")): return .eq
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): return .ne
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): return .le
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): return .ge
        case (UInt8(ascii: "-"), UInt8(ascii: ">")): return .arrow
        case (UInt8(ascii: "&"), UInt8(ascii: "&")): return .ampamp
        case (UInt8(ascii: "|"), UInt8(ascii: "|")): return .pipepipe
        case (UInt8(ascii: "*"), UInt8(ascii: "*")): return .caret
        default: return nil
        }
    }

    /// The one-byte symbols, by byte: a table, not a string match per token.
    private static let oneByteSymbol: [Symbol?] = {
        var table = [Symbol?](repeating: nil, count: 128)
        for s in Symbol.allCases where s.rawValue.utf8.count == 1 {
            if let b = s.rawValue.utf8.first { table[Int(b)] = s }
        }
        return table
    }()

    private mutating func symbol(_ start: Int, _ c: UInt8) -> Token? {
        if let next = peek(1), let s = Lexer.twoByteSymbol(c, next) {
            pos += 2
            return Token(.symbol(s), range(start))
        }
        if c < 128, let s = Lexer.oneByteSymbol[Int(c)] {
            pos += 1
            switch s {
            case .lparen, .lbracket, .lbrace: brackets.append(c)
            case .rparen, .rbracket, .rbrace: if !brackets.isEmpty { brackets.removeLast() }
            default: break
            }
            return Token(.symbol(s), range(start))
        }
        // Unicode operators people paste from papers.
        if let (scalar, length) = scalar(at: pos) {
            pos += length
            switch scalar {
            case "×", "·", "⋅": return Token(.symbol(.star), range(start))
            case "÷": return Token(.symbol(.slash), range(start))
            case "−": return Token(.symbol(.minus), range(start))
            case "≤": return Token(.symbol(.le), range(start))
            case "≥": return Token(.symbol(.ge), range(start))
            case "≠": return Token(.symbol(.ne), range(start))
            case "→": return Token(.symbol(.arrow), range(start))
            default:
                if reporting { report(Diagnostic(.unexpectedCharacter(String(scalar)), at: range(start))) }
                return nil
            }
        }
        pos += 1
        if reporting { report(Diagnostic(.unexpectedCharacter("?"), at: range(start))) }
        return nil
    }
}
