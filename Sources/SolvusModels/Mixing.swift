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
