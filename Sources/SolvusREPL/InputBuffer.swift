/// The lines of one REPL input: they accumulate while a bracket or a string is open, and are
/// handed over as one text once the input is complete.
public struct InputBuffer: Sendable {
    /// Why an input is, or is not, complete.
    public enum Status: Equatable, Sendable {
        /// Ready to run (which includes input with unbalanced closers: the parser reports those).
        case complete
        /// These brackets are still open, outermost first, e.g. `"(["`.
        case openBrackets(String)
        /// The last line ends inside a `"string"` with `\`, which continues the string on the
        /// next line.
        case openString
        /// The last line ends with `\`, the explicit line continuation.
        case continuedLine
        /// The input ends with a binary operator (`1 +`, `a and`), after which the parser
        /// takes the next line as the rest of the statement.
        case trailingOperator
    }

    /// The lines so far, without their newlines.
    public private(set) var lines: [String] = []

    public init() {}

    /// True when no line is pending, so the next line starts a new input.
    public var isEmpty: Bool { lines.isEmpty }

    /// Adds a line. Returns the whole input once it is complete; nil while more lines are
    /// needed, and for a blank line that would start an input.
    public mutating func add(_ line: String) -> String? {
        if lines.isEmpty && line.allSatisfy(\.isWhitespace) { return nil }
        lines.append(line)
        let text = lines.joined(separator: "\n")
        guard InputBuffer.status(of: text) == .complete else { return nil }
        lines.removeAll()
        return text
    }

    /// Drops the pending lines (Ctrl-C).
    public mutating func reset() { lines.removeAll() }

    /// True if `text` cannot run yet because a bracket or string is open or the last line
    /// ends with `\`.
    public static func needsMoreInput(_ text: String) -> Bool { status(of: text) != .complete }

    /// Whether `text` is a complete input. Brackets `( [ {` must be closed; brackets inside
    /// `"strings"` (with `\` escapes) and after `#` comments do not count.
    ///
    /// Strings follow the lexer: one ends at the end of its line unless the line ends with
    /// `\`, so a string left open without `\` is an error, not a reason to wait. Input with
    /// such an error, or with a closer that matches nothing, is complete, so that the lexer or
    /// parser reports the error at once rather than the REPL waiting for lines that cannot
    /// mend it.
    public static func status(of text: String) -> Status {
        var open: [UInt8] = []
        var inString = false
        var inComment = false
        var escaped = false
        // Whether the last character outside a string and a comment was a `\`.
        var backslashLast = false
        // The last two non-blank bytes outside strings and comments, and the word they end.
        var previous: UInt8 = 0
        var last: UInt8 = 0
        var word: [UInt8] = []
        var gap = false
        // The structure is all ASCII, and no byte of a multi-byte UTF-8 character is ASCII.
        for c in text.utf8 {
            if inComment {
                if c == UInt8(ascii: "\n") { inComment = false }
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                    (previous, last, word) = (last, c, [])
                } else if c == UInt8(ascii: "\n") {
                    return .complete  // an unterminated string: the lexer reports it
                }
                continue
            }
            backslashLast = false
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                gap = true
            } else if c != UInt8(ascii: "#") {
                word = InputBuffer.isWordByte(c) ? (gap ? [c] : word + [c]) : []
                gap = false
                (previous, last) = (last, c)
            }
            switch c {
            case UInt8(ascii: "#"):
                inComment = true
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(c)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard let last = open.last, last == opener(of: c) else { return .complete }
                open.removeLast()
            case UInt8(ascii: "\\"):
                backslashLast = true
            default:
                break
            }
        }
        if inString { return escaped ? .openString : .complete }
        if !open.isEmpty { return .openBrackets(String(decoding: open, as: UTF8.self)) }
        if backslashLast { return .continuedLine }
        if InputBuffer.endsWithBinaryOperator(previous: previous, last: last, word: word) {
            return .trailingOperator
        }
        return .complete
    }

    /// Whether the input's last token is an operator after which the parser skips newlines:
    /// `+ - * /`, the comparisons, `&& ||`, `and`, `or` (the chains of Parser.swift).
    private static func endsWithBinaryOperator(previous: UInt8, last: UInt8, word: [UInt8]) -> Bool {
        switch last {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"):
            return true
        case UInt8(ascii: ">"):
            return previous != UInt8(ascii: "-")  // `->` takes a unit on the same line
        case UInt8(ascii: "="):
            // `==`, `!=`, `<=`, `>=`; a lone `=` is a binding the parser reports.
            return [UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(previous)
        case UInt8(ascii: "&"), UInt8(ascii: "|"):
            return previous == last
        default:
            return word == Array("and".utf8) || word == Array("or".utf8)
        }
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") || c >= 0x80
    }

    private static func opener(of closer: UInt8) -> UInt8 {
        switch closer {
        case UInt8(ascii: ")"): return UInt8(ascii: "(")
        case UInt8(ascii: "]"): return UInt8(ascii: "[")
        default: return UInt8(ascii: "{")
        }
    }
}
