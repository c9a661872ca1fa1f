import Testing
@testable import SolvusModels

#if canImport(Glibc)
import Glibc
#endif

/// The vibrational entropy of mixing (seed 000, "Non-Configurational Entropy Contributions"),
/// against its closed form and, added to a model, against a brute-force critical point.
struct VibrationalEntropyTests {
    let R = 8.314462618153241

    @Test(arguments: [0.1, 0.25, 0.5, 0.9])
    func vanishesForTheGeometricMean(_ x: Double) {
        // Θ_AB = Θ_A^{x_A} Θ_B^{x_B}: ΔS_vib = 0 (the seed's condition), to rounding.
        let geometric = pow(150, 1 - x) * pow(600, x)
        #expect(abs(VibrationalEntropy.entropy(fractions: [1 - x, x], thetas: [150, 600], alloy: geometric)) < 1e-12)
        // Three components: the geometric mean over all of them.
        let f = [0.2, 0.3, 0.5], t = [245.8, 322.4, 336.8]
        let g3 = pow(t[0], f[0]) * pow(t[1], f[1]) * pow(t[2], f[2])
        #expect(abs(VibrationalEntropy.entropy(fractions: f, thetas: t, alloy: g3)) < 1e-12)
    }

    @Test func signRuleOfTheSeed() {
        // A soft (Θ = 100 K) with a stiff (400 K) element, equiatomic: geometric mean 200 K.
        // A stiffer alloy than that mean (here the arithmetic mean, 250 K) has ΔS_vib < 0,
        // exactly 3R ln(200/250); a softer one has ΔS_vib > 0.
        let s = VibrationalEntropy.entropy(fractions: [0.5, 0.5], thetas: [100, 400], alloy: 250)
        #expect(s < 0)
        #expect(abs(s - 3 * R * log(200.0 / 250)) < 1e-12)
        #expect(VibrationalEntropy.entropy(fractions: [0.5, 0.5], thetas: [100, 400], alloy: 180) > 0)
        // The Debye-Einstein conversion cancels in ΔS_vib when every Θ is converted alike.
        let c = VibrationalEntropy.einsteinPerDebye
        #expect(abs(VibrationalEntropy.entropy(fractions: [0.5, 0.5], thetas: [100 * c, 400 * c], alloy: 250 * c) - s) < 1e-12)
        #expect(abs(c - 0.716531310573789) < 1e-14)
    }

    /// ln Θ_AB(x) = ln 300 + k x(1-x) + m x²(1-x), with its derivatives, so that
    /// ΔS_vib = 3R ((1-x) ln Θ_A + x ln Θ_B - ln 300 - k x(1-x) - m x²(1-x)).
    func model(k: Double, m: Double) -> VibrationalGibbs {
        let base = BinaryModel.redlichKister(a: [15_000, 4_000], b: [0, 0], c: [0, 0])
        // p(x) = k x - k x² + m x² - m x³
        let p: [Double] = [0, k, m - k, -m]
        return VibrationalGibbs(base: base, thetaA: 280, thetaB: 330, lnAlloy: { x in
            let v = log(300.0) + p[1] * x + p[2] * x * x + p[3] * x * x * x
            return [v, p[1] + 2 * p[2] * x + 3 * p[3] * x * x, 2 * p[2] + 6 * p[3] * x, 6 * p[3], 0]
        })
    }

    @Test func regularWithAQuadraticTermHasTheClosedFormTc() {
        // ΔS_vib = -3R k x(1-x) with Θ_A = Θ_B = Θ_AB(0): T_c = Ω/(R(2 - 3k)) at x = 1/2.
        let k = 0.1
        let v = VibrationalGibbs(base: BinaryModel.regular(a: 17_500), thetaA: 300, thetaB: 300, lnAlloy: { x in
            [log(300.0) + k * x * (1 - x), k * (1 - 2 * x), -2 * k, 0, 0]
        })
        let c = v.criticalPoints()
        #expect(c.count == 1)
        #expect(abs(c[0].T - 17_500 / (R * (2 - 3 * k))) < 1e-9 * c[0].T)
        #expect(abs(c[0].x - 0.5) < 1e-9)
        // A constant Θ_AB only adds a line in x: the critical point does not move.
        let flat = VibrationalGibbs(base: BinaryModel.regular(a: 17_500), thetaA: 200, thetaB: 400, lnAlloy: { _ in [log(300.0), 0, 0, 0, 0] })
        #expect(abs(flat.criticalPoints()[0].T - 17_500 / (2 * R)) < 1e-9 * 1052)
    }

    @Test(arguments: [(0.05, 0.0), (0.1, 0.2), (-0.1, 0.3)])
    func criticalAgainstABruteForceScanOfGpp(_ km: (Double, Double)) {
        // The critical point is the highest T at which G''(x) = 0 has a root: scan x, find the
        // spinodal temperature T_s(x) where G''(x, T_s) = 0 by bisection in T, with G'' by central
        // differences of G alone, and take the vertex of T_s(x) near its largest grid value
        // (parabolas through ever closer points).
        let v = model(k: km.0, m: km.1)
        let G = { (x: Double, T: Double) in v.base.g(0, x, T) + T * v.negativeEntropy(0, x) }
        // Central differences at h and 2h, combined (Richardson) to cancel the h² error.
        func gpp(_ x: Double, _ T: Double) -> Double {
            let h = 2e-3
            let d1 = (G(x + h, T) - 2 * G(x, T) + G(x - h, T)) / (h * h)
            let d2 = (G(x + 2 * h, T) - 2 * G(x, T) + G(x - 2 * h, T)) / (4 * h * h)
            return (4 * d1 - d2) / 3
        }
        func ts(_ x: Double) -> Double {
            var lo = 10.0, hi = 10_000.0   // G'' < 0 at lo, > 0 at hi
            for _ in 0..<100 {
                let m = 0.5 * (lo + hi)
                if gpp(x, m) < 0 { lo = m } else { hi = m }
            }
            return 0.5 * (lo + hi)
        }
        var best = 0.02, bestT = ts(0.02)
        var x = 0.02
        while x < 0.98 {
            let t = ts(x)
            if t > bestT { best = x; bestT = t }
            x += 1e-3
        }
        for step in [2e-3, 1e-3, 1e-4, 1e-4] {
            let a = ts(best - step), b = ts(best), c = ts(best + step)
            best -= step * (c - a) / (2 * (c - 2 * b + a))
        }
        let crit = v.criticalPoints()
        #expect(crit.count == 1)
        #expect(abs(crit[0].x - best) < 1e-6, "solver \(crit[0].x), brute force \(best)")
        #expect(abs(crit[0].T - ts(best)) < 1e-6 * crit[0].T)
    }
}
