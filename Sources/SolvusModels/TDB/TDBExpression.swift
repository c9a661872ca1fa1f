#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An expression of a TDB file in T (and P): numbers, `+ - * / **`, `LN`/`LOG`, `EXP`, and
/// references to other functions (`GHSERAL#`, or without the `#`).
public indirect enum TDBExpression: Sendable, Equatable {
    case number(Double)
    case temperature
    case pressure
    /// A reference to a FUNCTION, by its upper-case name.
    case function(String)
    case negate(TDBExpression)
    case add(TDBExpression, TDBExpression)
    case subtract(TDBExpression, TDBExpression)
    case multiply(TDBExpression, TDBExpression)
    case divide(TDBExpression, TDBExpression)
    case power(TDBExpression, TDBExpression)
    case ln(TDBExpression)
    case exp(TDBExpression)

    /// The functions this expression names.
    public var references: [String] {
        switch self {
        case .number, .temperature, .pressure: return []
        case .function(let n): return [n]
        case .negate(let a), .ln(let a), .exp(let a): return a.references
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return a.references + b.references
        }
    }

    /// When the expression is a + b T + c T ln(T) + d T**2 with numbers a, b, c, d: those
    /// coefficients (the Redlich-Kister parameter forms Solvus's rk systems hold).
    public var linearForm: (a: Double, b: Double, c: Double, d: Double)? {
        // Collect the terms of a sum with their signs.
        var a = 0.0, b = 0.0, c = 0.0, d = 0.0
        func term(_ e: TDBExpression, _ sign: Double) -> Bool {
            switch e {
            case .number(let v): a += sign * v; return true
            case .temperature: b += sign; return true
            case .power(.temperature, .number(2)): d += sign; return true
            case .negate(let x): return term(x, -sign)
            case .add(let x, let y): return term(x, sign) && term(y, sign)
            case .subtract(let x, let y): return term(x, sign) && term(y, -sign)
            case .multiply(let x, let y):
                // number * T, number * T * LN(T), T * LN(T), and the same with T first.
                let factors = e.factors
                var k = 1.0, ts = 0, lns = 0
                for f in factors {
                    switch f {
                    case .number(let v): k *= v
                    case .temperature: ts += 1
                    case .ln(.temperature): lns += 1
                    case .power(.temperature, .number(2)): ts += 2
                    default: return false
                    }
                }
                _ = (x, y)
                if ts == 0 && lns == 0 { a += sign * k; return true }
                if ts == 1 && lns == 0 { b += sign * k; return true }
                if ts == 1 && lns == 1 { c += sign * k; return true }
                if ts == 2 && lns == 0 { d += sign * k; return true }
                return false
            default: return false
            }
        }
        return term(self, 1) ? (a, b, c, d) : nil
    }

    private var factors: [TDBExpression] {
        if case .multiply(let x, let y) = self { return x.factors + y.factors }
        if case .negate(let x) = self { return [.number(-1)] + x.factors }
        return [self]
    }
}

/// A function of T defined piecewise: `low expr; high Y expr; high N`. Piece i applies for
/// low_i ≤ T < high_i (the last piece also at its upper limit), as pycalphad reads them.
public struct TDBPiecewise: Sendable, Equatable {
    public var low: Double
    public var pieces: [(expression: TDBExpression, high: Double)]
    /// The reference named after the final N, if any.
    public var reference: String?

    public init(low: Double, pieces: [(expression: TDBExpression, high: Double)], reference: String? = nil) {
        self.low = low
        self.pieces = pieces
        self.reference = reference
    }

    public static func == (l: TDBPiecewise, r: TDBPiecewise) -> Bool {
        l.low == r.low && l.reference == r.reference && l.pieces.count == r.pieces.count
            && zip(l.pieces, r.pieces).allSatisfy { $0.expression == $1.expression && $0.high == $1.high }
    }

    public var high: Double { pieces.last?.high ?? low }

    /// The piece that applies at T, or nil outside every range.
    public func piece(at T: Double) -> TDBExpression? {
        guard T >= low else { return nil }
        for (i, p) in pieces.enumerated() where T < p.high || (i == pieces.count - 1 && T == p.high) {
            return p.expression
        }
        return nil
    }
}

/// A number with its first and second derivatives in T: what H = G - T ∂G/∂T and
/// Cp = -T ∂²G/∂T² need.
public struct TJet: Sendable, Equatable {
    public var v: Double
    public var d1: Double
    public var d2: Double

    @inline(__always) public init(_ v: Double, _ d1: Double, _ d2: Double) {
        self.v = v
        self.d1 = d1
        self.d2 = d2
    }

    @inline(__always) public init(_ v: Double) {
        self.v = v
        d1 = 0
        d2 = 0
    }

    public static let zero = TJet(0)

    @inline(__always) public static func + (a: TJet, b: TJet) -> TJet { TJet(a.v + b.v, a.d1 + b.d1, a.d2 + b.d2) }
    @inline(__always) public static func - (a: TJet, b: TJet) -> TJet { TJet(a.v - b.v, a.d1 - b.d1, a.d2 - b.d2) }
    @inline(__always) public static prefix func - (a: TJet) -> TJet { TJet(-a.v, -a.d1, -a.d2) }
    @inline(__always) public static func * (a: TJet, b: TJet) -> TJet {
        TJet(a.v * b.v, a.d1 * b.v + a.v * b.d1, a.d2 * b.v + 2 * a.d1 * b.d1 + a.v * b.d2)
    }
    @inline(__always) public static func * (s: Double, b: TJet) -> TJet { TJet(s * b.v, s * b.d1, s * b.d2) }
    @inline(__always) public static func / (a: TJet, b: TJet) -> TJet {
        let q = a.v / b.v
        let q1 = (a.d1 - q * b.d1) / b.v
        let q2 = (a.d2 - 2 * q1 * b.d1 - q * b.d2) / b.v
        return TJet(q, q1, q2)
    }
    /// f(a) with f' and f'' at a.v.
    @inline(__always) func chain(_ f: Double, _ f1: Double, _ f2: Double) -> TJet {
        TJet(f, f1 * d1, f2 * d1 * d1 + f1 * d2)
    }
    public var ln: TJet { chain(tdbLog(v), 1 / v, -1 / (v * v)) }
    public var exp: TJet {
        let e = tdbExp(v)
        return chain(e, e, e)
    }
    /// a ** b; for a constant integer exponent, exact for negative bases too.
    public func power(_ b: TJet) -> TJet {
        if b.d1 == 0 && b.d2 == 0 {
            let p = b.v
            if p == 0 { return TJet(1) }
            let f = pow(v, p)
            let f1 = p * pow(v, p - 1)
            let f2 = p * (p - 1) * pow(v, p - 2)
            return chain(f, f1, f2)
        }
        return (b * ln).exp
    }
}

@inline(__always) func tdbExp(_ x: Double) -> Double { exp(x) }
@inline(__always) func tdbLog(_ x: Double) -> Double { log(x) }
