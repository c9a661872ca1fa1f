#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Molar Gibbs energy, enthalpy and entropy of mixing, SI: J/mol, J/mol, J/(mol K).
public struct MixingProperties: Equatable, Sendable {
    public var G: [Double]
    public var H: [Double]
    public var S: [Double]

    public init(G: [Double], H: [Double], S: [Double]) {
        self.G = G
        self.H = H
        self.S = S
    }
}

/// x ln x, continued by its limit 0 at x = 0.
@inlinable
public func xlnx(_ x: Double) -> Double {
    x > 0 ? x * log(x) : 0
}

/// A binary solution model A-B of the regular family, mole fraction x of B.
///
/// ΔG_mix = Ω x (1 - x) + R T (x ln x + (1 - x) ln(1 - x)), with Ω = 0 for the ideal solution.
/// ΔH_mix = Ω x (1 - x) and ΔS_mix = -R (x ln x + (1 - x) ln(1 - x)): the regular solution keeps the
/// ideal (configurational) entropy. Seed 000, "The Enthalpy-Entropy Competition".
/// Valid for 0 ≤ x ≤ 1 and T > 0 K; the pure ends give 0.
public struct RegularSolution: Equatable, Sendable {
    /// Interaction parameter Ω, J/mol; 0 for the ideal solution.
    public var omega: Double

    public init(omega: Double) { self.omega = omega }

    public static let ideal = RegularSolution(omega: 0)

    /// ΔG, ΔH, ΔS of mixing at each point; `x` and `T` are lists of equal length, or one of
    /// them has a single value that applies to every point.
    public func mixing(x: [Double], T: [Double]) -> MixingProperties {
        let n = max(x.count, T.count)
        var G = [Double](repeating: 0, count: n)
        var H = [Double](repeating: 0, count: n)
        var S = [Double](repeating: 0, count: n)
        let R = Constants.gas
        let xs = x.count == 1 ? [Double](repeating: x[0], count: n) : x
        let ts = T.count == 1 ? [Double](repeating: T[0], count: n) : T
        for i in 0..<n {
            let xi = xs[i]
            let h = omega * xi * (1 - xi)
            let s = -R * (xlnx(xi) + xlnx(1 - xi))
            H[i] = h
            S[i] = s
            G[i] = h - ts[i] * s
        }
        return MixingProperties(G: G, H: H, S: S)
    }

    /// The critical point of the miscibility gap, T_c = Ω / 2R at x = 1/2 (seed 000), where
    /// ∂²G/∂x² = ∂³G/∂x³ = 0; nil when Ω ≤ 0 (no gap at any temperature).
    public var criticalPoint: (T: Double, x: Double)? {
        omega > 0 ? (omega / (2 * Constants.gas), 0.5) : nil
    }
}

/// A multicomponent regular solution with pairwise interactions Ω_ij (J/mol):
/// ΔH = Σ_{i<j} Ω_ij x_i x_j, ΔS = -R Σ x_i ln x_i, ΔG = ΔH - T ΔS (seed 000, extended pairwise).
public struct PairwiseRegularSolution: Equatable, Sendable {
    /// Symmetric matrix of Ω_ij, J/mol; the diagonal is ignored.
    public var omega: [[Double]]

    public init(omega: [[Double]]) { self.omega = omega }

    /// ΔG, ΔH, ΔS of mixing for one composition (mole fractions summing to 1) at each temperature.
    public func mixing(fractions x: [Double], T: [Double]) -> MixingProperties {
        var h = 0.0
        var s = 0.0
        for i in 0..<x.count {
            s -= xlnx(x[i])
            for j in (i + 1)..<max(i + 1, x.count) {
                h += omega[i][j] * x[i] * x[j]
            }
        }
        s *= Constants.gas
        return MixingProperties(G: T.map { h - $0 * s }, H: T.map { _ in h }, S: T.map { _ in s })
    }
}
