#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A truncated Taylor expansion of a function of x and T about a point,
/// f(x₀ + ε, T₀ + δ) = Σ_{i ≤ 4} (a_i + b_i δ) εⁱ: the value, four x-derivatives and their
/// T-derivatives at once. Arithmetic on jets is forward-mode automatic differentiation, exact to
/// rounding: d^k f/dx^k = k! a_k, ∂/∂T d^k f/dx^k = k! b_k.
public struct Jet: Sendable, Equatable {
    public static let order = 4
    public var a: [Double]
    public var b: [Double]

    public init(a: [Double], b: [Double]) {
        self.a = a
        self.b = b
    }

    public init(constant c: Double) {
        a = [c, 0, 0, 0, 0]
        b = [0, 0, 0, 0, 0]
    }

    /// The variable x about x₀.
    public static func x(_ x0: Double) -> Jet { Jet(a: [x0, 1, 0, 0, 0], b: [0, 0, 0, 0, 0]) }
    /// The variable T about T₀.
    public static func t(_ t0: Double) -> Jet { Jet(a: [t0, 0, 0, 0, 0], b: [1, 0, 0, 0, 0]) }

    public var value: Double { a[0] }

    /// d^k/dx^k.
    public func derivative(_ k: Int) -> Double { Double(Jet.factorial(k)) * a[k] }
    /// ∂/∂T of d^k/dx^k.
    public func temperatureDerivative(_ k: Int) -> Double { Double(Jet.factorial(k)) * b[k] }

    static func factorial(_ k: Int) -> Int { k <= 1 ? 1 : k * factorial(k - 1) }

    // MARK: Univariate series (degree 4) helpers

    static func mul(_ p: [Double], _ q: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: 5)
        for i in 0...4 where p[i] != 0 {
            for j in 0...(4 - i) { r[i + j] += p[i] * q[j] }
        }
        return r
    }

    static func reciprocal(_ g: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: 5)
        r[0] = 1 / g[0]
        for k in 1...4 {
            var s = 0.0
            for j in 1...k { s += g[j] * r[k - j] }
            r[k] = -s / g[0]
        }
        return r
    }

    static func logSeries(_ g: [Double]) -> [Double] {
        var h = [Double](repeating: 0, count: 5)
        h[0] = libmLog(g[0])
        for k in 1...4 {
            var s = 0.0
            for j in 1..<k { s += Double(j) / Double(k) * h[j] * g[k - j] }
            h[k] = (g[k] - s) / g[0]
        }
        return h
    }

    static func expSeries(_ g: [Double]) -> [Double] {
        var e = [Double](repeating: 0, count: 5)
        e[0] = libmExp(g[0])
        for k in 1...4 {
            var s = 0.0
            for j in 1...k { s += Double(j) * g[j] * e[k - j] }
            e[k] = s / Double(k)
        }
        return e
    }

    static func powSeries(_ g: [Double], _ p: Double) -> [Double] {
        var r = [Double](repeating: 0, count: 5)
        r[0] = pow(g[0], p)
        for k in 1...4 {
            var s = 0.0
            for j in 1...k { s += ((p + 1) * Double(j) - Double(k)) * g[j] * r[k - j] }
            r[k] = s / (Double(k) * g[0])
        }
        return r
    }

    static func add(_ p: [Double], _ q: [Double]) -> [Double] { (0...4).map { p[$0] + q[$0] } }
    static func scale(_ p: [Double], _ s: Double) -> [Double] { p.map { $0 * s } }

    // MARK: Arithmetic: (A + B δ)(C + D δ) = AC + (AD + BC) δ

    public static func + (l: Jet, r: Jet) -> Jet { Jet(a: add(l.a, r.a), b: add(l.b, r.b)) }
    public static func - (l: Jet, r: Jet) -> Jet { Jet(a: add(l.a, scale(r.a, -1)), b: add(l.b, scale(r.b, -1))) }
    public static prefix func - (j: Jet) -> Jet { Jet(a: scale(j.a, -1), b: scale(j.b, -1)) }
    public static func * (l: Jet, r: Jet) -> Jet {
        Jet(a: mul(l.a, r.a), b: add(mul(l.a, r.b), mul(l.b, r.a)))
    }
    /// 1/(A + Bδ) = 1/A - (B/A²) δ
    public var reciprocal: Jet {
        let ra = Jet.reciprocal(a)
        return Jet(a: ra, b: Jet.scale(Jet.mul(Jet.mul(ra, ra), b), -1))
    }
    public static func / (l: Jet, r: Jet) -> Jet { l * r.reciprocal }

    /// ln(A + Bδ) = ln A + (B/A) δ
    public var logarithm: Jet { Jet(a: Jet.logSeries(a), b: Jet.mul(b, Jet.reciprocal(a))) }
    /// exp(A + Bδ) = e^A + e^A B δ
    public var exponential: Jet {
        let e = Jet.expSeries(a)
        return Jet(a: e, b: Jet.mul(e, b))
    }
    /// (A + Bδ)^p = A^p + p A^(p-1) B δ, for a constant p.
    public func power(_ p: Double) -> Jet {
        Jet(a: Jet.powSeries(a, p), b: Jet.scale(Jet.mul(Jet.powSeries(a, p - 1), b), p))
    }
}

@inline(__always) func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
