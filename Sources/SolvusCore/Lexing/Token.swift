/// A lexical token and where it stands.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Hashable {
        case number(Double)
        case identifier(String)
        case string(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case newline
        case eof
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The token as a user would name it in "expected X, found Y".
    public var display: String {
        switch kind {
        case .number: return "a number"
        case .identifier(let n): return "'\(n)'"
        case .string: return "a string"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "the end of the line"
        case .eof: return "the end of the input"
        }
    }
}

public enum Keyword: String, Sendable, CaseIterable {
    case `if`, then, `else`, and, or, not, step, `true`, `false`, use
}

public enum Symbol: String, Sendable, CaseIterable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = ".", dotdot = ".."
    case assign = "=", eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^", arrow = "->", percent = "%"
    case bang = "!", ampamp = "&&", pipepipe = "||"
}
