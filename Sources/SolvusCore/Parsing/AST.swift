/// An expression and the text it came from.
public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: SourceRange

    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", pow = "^"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and, or
}

public enum UnaryOp: String, Sendable {
    case negate = "-", plus = "+", not
}

/// One operator and right operand of a left-associative chain `a + b - c`.
public struct ChainLink: Sendable {
    public var op: BinaryOp
    public var opRange: SourceRange
    public var rhs: Expr
}

/// An argument in a call: positional, or named (`T: 900 K`).
public struct Argument: Sendable {
    public var label: String?
    public var labelRange: SourceRange?
    public var value: Expr
}

/// A record field `{G: ...}`; keys may be identifiers or strings (`{"Bi-Sb": ...}`).
public struct FieldInit: Sendable {
    public var key: String
    public var keyRange: SourceRange
    public var value: Expr
}

/// A parameter of a user function, with an optional default.
public struct Parameter: Sendable {
    public var name: String
    public var range: SourceRange
    public var defaultValue: Expr?
}

/// Leaves and lists are held inline (a number literal is no allocation of its own: long lists
/// and sums are mostly those); the cases that hold expressions, and quantities (whose unit
/// would make every node larger), are boxed.
public enum ExprKind: Sendable {
    case number(Double)
    /// A number with a unit, `17.5 kJ/mol`; the value is already in SI.
    indirect case quantity(Double, Unit)
    case string(String)
    case bool(Bool)
    case identifier(String)
    case list([Expr])
    case record([FieldInit])
    /// `from..to step s`, inclusive.
    indirect case range(from: Expr, to: Expr, step: Expr?)
    indirect case unary(UnaryOp, Expr)
    /// A flat left-associative chain, so `1+1+...+1` ten million long is not ten million deep.
    indirect case chain(Expr, [ChainLink])
    indirect case power(Expr, Expr, opRange: SourceRange)
    indirect case convert(Expr, Unit, unitRange: SourceRange)
    indirect case call(Expr, [Argument])
    indirect case field(Expr, String, nameRange: SourceRange)
    indirect case index(Expr, Expr)
    indirect case ifThenElse(Expr, Expr, Expr)
    /// `{ statements }`: its value is the last statement's.
    case block([Stmt])
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var range: SourceRange
    /// `#` comment lines directly above the statement: the documentation of what it defines.
    public var doc: String?
}

public enum StmtKind: Sendable {
    case binding(name: String, nameRange: SourceRange, value: Expr)
    case function(name: String, nameRange: SourceRange, params: [Parameter], body: Expr)
    case expression(Expr)
    case use(path: String, pathRange: SourceRange)
}
