#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The vibrational entropy of mixing in the Einstein model's high-temperature limit (seed 000,
/// "Non-Configurational Entropy Contributions").
///
/// Per mole of atoms S_vib ≈ 3R ln(T/Θ_E) + 3R, so for an alloy of Einstein temperature Θ_alloy
/// made from components of Einstein temperatures Θ_i,
/// ΔS_vib = 3R (Σ x_i ln Θ_i - ln Θ_alloy) = 3R ln(Π Θ_i^{x_i} / Θ_alloy)  (J/(mol K)).
/// It is zero when Θ_alloy is the geometric mean Π Θ_i^{x_i}, and negative when the alloy is stiffer
/// (a larger Θ_alloy) than that mean. It does not depend on T, so it adds nothing to ΔH_mix.
public enum VibrationalEntropy {
    /// ΔS_vib (J/(mol K)) for fractions x_i (summing to 1) of components with Einstein temperatures
    /// Θ_i (K) and an alloy Einstein temperature Θ_alloy (K).
    public static func entropy(fractions: [Double], thetas: [Double], alloy: Double) -> Double {
        var s = -log(alloy)
        for (x, t) in zip(fractions, thetas) where x != 0 { s += x * log(t) }
        return 3 * Constants.gas * s
    }

    /// Θ_E / Θ_D = e^{-1/3}: the Einstein temperature with the same high-temperature vibrational
    /// entropy as a Debye solid. The Debye spectrum g(ω) = 3ω²/ω_D³ has the logarithmic mean
    /// ⟨ln ω⟩ = ∫₀^{ω_D} ln ω · 3ω²/ω_D³ dω = ln ω_D - 1/3, and at high T the entropy of any
    /// harmonic spectrum is 3R (ln(k T/ħ) - ⟨ln ω⟩ + 1), so S_Debye = S_Einstein when
    /// ln Θ_E = ln Θ_D - 1/3 (the high-temperature entropy through the logarithmic moment of the
    /// phonon spectrum: G. Grimvall, Thermophysical Properties of Materials, Elsevier 1999, on
    /// θ_log). Ratios of Θ, all that ΔS_vib depends on,
    /// are the same in either convention when every Θ is converted alike.
    public static let einsteinPerDebye = exp(-1.0 / 3.0)
}

/// A binary model with a vibrational entropy of mixing added: G = G_base - T ΔS_vib(x), with
/// ΔS_vib(x) = 3R ((1 - x) ln Θ_A + x ln Θ_B - ln Θ_AB(x)), x = x_B.
///
/// ln Θ_AB(x) and its first four x-derivatives come from `lnAlloy`, so every derivative the
/// phase-diagram solvers ask for stays exact. A constant Θ_AB makes the term linear in x: it moves
/// G by a tangent line and leaves spinodals, binodals and critical points where they were.
public struct VibrationalGibbs: GibbsFunction {
    public let base: any GibbsFunction
    public let lnThetaA: Double
    public let lnThetaB: Double
    /// d^k/dx^k ln Θ_AB(x) for k = 0...4 at x; nil where Θ_AB cannot be evaluated.
    public let lnAlloy: (Double) -> [Double]?

    public init(base: any GibbsFunction, thetaA: Double, thetaB: Double, lnAlloy: @escaping (Double) -> [Double]?) {
        self.base = base
        lnThetaA = log(thetaA)
        lnThetaB = log(thetaB)
        self.lnAlloy = lnAlloy
    }

    /// d^d/dx^d of -ΔS_vib(x) (J/(mol K)).
    public func negativeEntropy(_ d: Int, _ x: Double) -> Double {
        guard let l = lnAlloy(x) else { return .nan }
        var s = l[d]
        switch d {
        case 0: s -= (1 - x) * lnThetaA + x * lnThetaB
        case 1: s += lnThetaA - lnThetaB
        default: break
        }
        return 3 * Constants.gas * s
    }

    public func g(_ d: Int, _ x: Double, _ T: Double) -> Double { base.g(d, x, T) + T * negativeEntropy(d, x) }
    public func gT(_ d: Int, _ x: Double, _ T: Double) -> Double { base.gT(d, x, T) + negativeEntropy(d, x) }
    public func jumps(T: Double) -> [Double] { base.jumps(T: T) }
    public func linearSplit(_ d: Int, _ x: Double) -> (E: Double, F: Double)? {
        base.linearSplit(d, x).map { ($0.E, $0.F + negativeEntropy(d, x)) }
    }
}
