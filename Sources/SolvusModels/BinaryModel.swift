#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A function of the composition x (0 < x < 1) of the form
/// Σ_k p_k x^k + a · x ln x + b · (1 - x) ln(1 - x), with its derivatives to the fourth, exactly.
public struct CompositionFunction: Sendable, Equatable {
    /// Polynomial coefficients, p[k] multiplies x^k.
    public var polynomial: [Double]
    public var xlnx: Double
    public var ylny: Double

    public init(polynomial: [Double] = [], xlnx: Double = 0, ylny: Double = 0) {
        self.polynomial = polynomial
        self.xlnx = xlnx
        self.ylny = ylny
    }

    public static let zero = CompositionFunction()

    public var isZero: Bool { polynomial.allSatisfy { $0 == 0 } && xlnx == 0 && ylny == 0 }

    public static func + (l: CompositionFunction, r: CompositionFunction) -> CompositionFunction {
        var p = [Double](repeating: 0, count: max(l.polynomial.count, r.polynomial.count))
        for (i, c) in l.polynomial.enumerated() { p[i] += c }
        for (i, c) in r.polynomial.enumerated() { p[i] += c }
        return CompositionFunction(polynomial: p, xlnx: l.xlnx + r.xlnx, ylny: l.ylny + r.ylny)
    }

    public static func * (s: Double, f: CompositionFunction) -> CompositionFunction {
        CompositionFunction(polynomial: f.polynomial.map { s * $0 }, xlnx: s * f.xlnx, ylny: s * f.ylny)
    }

    /// x(1 - x) Σ_v L_v (1 - 2x)^v: the Redlich-Kister series of a binary A-B in x = x_B
    /// (x_A - x_B = 1 - 2x).
    public static func redlichKister(_ L: [Double]) -> CompositionFunction {
        // Expand (1 - 2x)^v and multiply by x - x².
        var series = [Double](repeating: 0, count: L.count + 1)
        var power: [Double] = [1]
        for l in L {
            for (k, c) in power.enumerated() { series[k] += l * c }
            // power *= (1 - 2x)
            var next = [Double](repeating: 0, count: power.count + 1)
            for (k, c) in power.enumerated() {
                next[k] += c
                next[k + 1] -= 2 * c
            }
            power = next
        }
        var p = [Double](repeating: 0, count: series.count + 2)
        for (k, c) in series.enumerated() {
            p[k + 1] += c
            p[k + 2] -= c
        }
        return CompositionFunction(polynomial: p)
    }

    /// The ideal entropy function x ln x + (1 - x) ln(1 - x).
    public static let idealMixing = CompositionFunction(xlnx: 1, ylny: 1)

    /// The d-th derivative (0 ≤ d ≤ 4) at x.
    @inline(__always)
    public func derivative(_ d: Int, at x: Double) -> Double {
        var s = 0.0
        // Polynomial: Horner on the d-th derivative's coefficients.
        if polynomial.count > d {
            var k = polynomial.count - 1
            while k >= d {
                var f = 1.0
                var j = 0
                while j < d { f *= Double(k - j); j += 1 }
                s = s * x + f * polynomial[k]
                k -= 1
            }
        }
        let y = 1 - x
        if xlnx != 0 {
            switch d {
            case 0: s += xlnx * (x > 0 ? x * log(x) : 0)
            case 1: s += xlnx * (log(x) + 1)
            case 2: s += xlnx / x
            case 3: s -= xlnx / (x * x)
            default: s += xlnx * 2 / (x * x * x)
            }
        }
        if ylny != 0 {
            switch d {
            case 0: s += ylny * (y > 0 ? y * log(y) : 0)
            case 1: s -= ylny * (log(y) + 1)
            case 2: s += ylny / y
            case 3: s += ylny / (y * y)
            default: s += ylny * 2 / (y * y * y)
            }
        }
        return s
    }
}

/// A binary solution model A-B in x = x_B, written G_mix(x, T) = E(x) + T F(x) + T ln T C(x)
/// (J/mol), which covers the ideal, regular (Ω = a + bT), subregular and Redlich-Kister
/// (L = a + bT + cT ln T), Flory-Huggins (χ = A + B/T) and cluster models. Every derivative in x
/// and T is analytic: the solvers never difference numerically.
public struct BinaryModel: Sendable, Equatable {
    public var E: CompositionFunction
    public var F: CompositionFunction
    public var C: CompositionFunction

    public init(E: CompositionFunction, F: CompositionFunction, C: CompositionFunction = .zero) {
        self.E = E
        self.F = F
        self.C = C
    }

    /// The ideal solution, G = R T (x ln x + (1-x) ln(1-x)) (seed 000).
    public static let ideal = BinaryModel(E: .zero, F: Constants.gas * .idealMixing)

    /// The regular solution with Ω = a + b T (J/mol, J/(mol K)): G = Ω x(1-x) + R T Σ x ln x.
    public static func regular(a: Double, b: Double = 0) -> BinaryModel {
        redlichKister(a: [a], b: [b], c: [0])
    }

    /// A Redlich-Kister binary, x(1-x) Σ L_v (1-2x)^v with L_v = a_v + b_v T + c_v T ln T, plus the
    /// ideal entropy of mixing.
    public static func redlichKister(a: [Double], b: [Double], c: [Double]) -> BinaryModel {
        BinaryModel(E: .redlichKister(a),
                    F: .redlichKister(b) + Constants.gas * .idealMixing,
                    C: .redlichKister(c))
    }

    /// Flory-Huggins per mole of lattice sites (seed 000): G/RT = (1-φ)/N1 ln(1-φ) + φ/N2 ln φ
    /// + χ φ(1-φ), χ = A + B/T, φ = x the volume fraction of component 2.
    public static func floryHuggins(N1: Double, N2: Double, A: Double, B: Double) -> BinaryModel {
        let R = Constants.gas
        return BinaryModel(E: R * B * .redlichKister([1]),
                           F: R * CompositionFunction(xlnx: 1 / N2, ylny: 1 / N1) + R * A * .redlichKister([1]))
    }

    public var isTemperatureLinear: Bool { C.isZero }
    /// True when G does not depend on composition at all.
    public var isConstant: Bool {
        let e = E.polynomial.dropFirst().allSatisfy { $0 == 0 } && E.xlnx == 0 && E.ylny == 0
        let f = F.polynomial.dropFirst().allSatisfy { $0 == 0 } && F.xlnx == 0 && F.ylny == 0
        let c = C.polynomial.dropFirst().allSatisfy { $0 == 0 } && C.xlnx == 0 && C.ylny == 0
        return e && f && c
    }

    /// ∂^d G / ∂x^d at (x, T).
    @inline(__always)
    public func g(_ d: Int, _ x: Double, _ T: Double) -> Double {
        var s = E.derivative(d, at: x) + T * F.derivative(d, at: x)
        if !C.isZero { s += T * log(T) * C.derivative(d, at: x) }
        return s
    }

    /// ∂/∂T of ∂^d G / ∂x^d.
    @inline(__always)
    public func gT(_ d: Int, _ x: Double, _ T: Double) -> Double {
        var s = F.derivative(d, at: x)
        if !C.isZero { s += (log(T) + 1) * C.derivative(d, at: x) }
        return s
    }

    /// G, H = G + T S and S = -∂G/∂T of mixing at each point (J/mol, J/(mol K)): x and T item by
    /// item, or one of them (of one item) with each of the other; none if either is empty.
    public func mixing(x: [Double], T: [Double]) -> MixingProperties {
        let n = x.isEmpty || T.isEmpty ? 0 : max(x.count, T.count)
        var out = MixingProperties(G: [Double](repeating: 0, count: n), H: [Double](repeating: 0, count: n),
                                   S: [Double](repeating: 0, count: n))
        let hasC = !C.isZero
        for i in 0..<n {
            let xi = x.count == 1 ? x[0] : x[i], t = T.count == 1 ? T[0] : T[i]
            (out.G[i], out.H[i], out.S[i]) = mixing(xi, t, hasC ? log(t) : 0)
        }
        return out
    }

    /// G, H, S of mixing at one point; `lnT` is ln T when the model has a T ln T part (else 0).
    @inline(__always)
    private func mixing(_ x: Double, _ t: Double, _ lnT: Double) -> (G: Double, H: Double, S: Double) {
        // Each part once: G = E + T F + T ln T C, S = -(F + (ln T + 1) C), H = E - T C.
        let e = E.derivative(0, at: x), f = F.derivative(0, at: x)
        let c = C.isZero ? 0 : C.derivative(0, at: x)
        return (e + t * f + t * lnT * c, e - t * c, -(f + (lnT + 1) * c))
    }

    /// `mixing` of `n` points read from `x`, at one temperature T, written to `G`, `H`, `S`: the
    /// same values to the bit, so that rows can be cut into chunks and written in place.
    public func mixing(_ x: UnsafePointer<Double>, count n: Int, T t: Double,
                       G: UnsafeMutablePointer<Double>, H: UnsafeMutablePointer<Double>, S: UnsafeMutablePointer<Double>) {
        let lnT = C.isZero ? 0 : log(t)
        for i in 0..<n { (G[i], H[i], S[i]) = mixing(x[i], t, lnT) }
    }

    /// The Bhatia-Thornton concentration-concentration structure factor in the long-wavelength
    /// limit, S_cc(0) = R T / (∂²G/∂x²) (seed 001); it diverges on the spinodal.
    public func scc0(x: Double, T: Double) -> Double {
        Constants.gas * T / g(2, x, T)
    }
}
