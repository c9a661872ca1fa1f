import Testing
@testable import SolvusModels

#if canImport(Glibc)
import Glibc
#endif

/// Bragg-Williams order-disorder (seed 000, "Ordering versus Random Mixing"): the closed forms of
/// equiatomic B2 and brute-force minimisation over η off stoichiometry and for L1_2.
struct BraggWilliamsTests {
    let R = 8.314462618153241

    @Test(arguments: [-17_500.0, -5_000, -40_000])
    func equiatomicB2HasTheAnalyticTc(_ omega: Double) throws {
        // η = tanh(η T_c/T) with T_c = -Ω/2R (derivation in BraggWilliams.swift; Bragg & Williams 1934).
        let m = BraggWilliams(omega: omega)
        let t = try #require(m.transition(x: 0.5))
        let exact = -omega / (2 * R)
        #expect(abs(t.T - exact) <= 1e-9 * exact)
        #expect(t.order == .second)
        #expect(m.equilibrium(x: 0.5, T: exact * 1.001).eta == 0)
    }

    @Test(arguments: [0.3, 0.6, 0.9, 0.99])
    func equiatomicB2OrderParameterSolvesTheSelfConsistentEquation(_ ratio: Double) {
        // η = tanh(η T_c/T), solved here by bisection for the non-zero root.
        let m = BraggWilliams(omega: -17_500)
        let tc = 17_500 / (2 * R), T = ratio * tc
        var lo = 1e-9, hi = 1.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid - tanh(mid * tc / T) < 0 { lo = mid } else { hi = mid }
        }
        #expect(abs(m.equilibrium(x: 0.5, T: T).eta - 0.5 * (lo + hi)) < 1e-9)
    }

    @Test func orderParameterGrowsAsTheSquareRootBelowTc() {
        // η² ≈ 3 (1 - T/T_c) near T_c (tanh to third order), i.e. η ∝ (T_c - T)^{1/2}.
        let m = BraggWilliams(omega: -17_500)
        let tc = 17_500 / (2 * R)
        for t in [1e-3, 1e-4, 1e-5, 1e-6] {
            let eta = m.equilibrium(x: 0.5, T: tc * (1 - t)).eta
            // The next term of the expansion is O(t): the ratio tends to 1 linearly.
            #expect(abs(eta * eta / (3 * t) - 1) < 2 * t + 1e-7, "1 - T/Tc = \(t): η = \(eta)")
        }
    }

    @Test func seedEstimateBesideMeanField() {
        // Perfect B2 order gains ΔH = -Ω/4 against the random solution, whose entropy is R ln 2:
        // T_c ≈ -Ω/(4R ln 2) = 759 K for Ω = -17.5 kJ/mol, 1/(2 ln 2) = 0.721 of the mean-field 1052 K.
        let m = BraggWilliams(omega: -17_500)
        let e = m.estimate(x: 0.5)
        #expect(abs(e.dH - 17_500 / 4) < 1e-9)
        #expect(abs(e.dS - R * log(2)) < 1e-12)
        #expect(abs(e.T - 17_500 / (4 * R * log(2))) < 1e-9)
    }

    /// The highest T at which the minimum of ΔG over a fine grid of η lies below the disordered
    /// ΔG, by bisection in T: a brute-force T_c with no derivative and no Newton step.
    func bruteForceTc(_ m: BraggWilliams, x: Double, etas: [Double], lo: Double, hi: Double) -> Double {
        func ordered(_ T: Double) -> Bool {
            let g0 = m.state(x: x, T: T, eta: 0).G
            return etas.contains { m.state(x: x, T: T, eta: $0).G < g0 }
        }
        var a = lo, b = hi
        for _ in 0..<60 {
            let mid = 0.5 * (a + b)
            if ordered(mid) { a = mid } else { b = mid }
        }
        return 0.5 * (a + b)
    }

    @Test(arguments: [0.1, 0.2, 0.3, 0.4, 0.45])
    func offStoichiometricB2AgainstBruteForce(_ x: Double) throws {
        let m = BraggWilliams(omega: -17_500)
        let etas = (1...20_000).map { Double($0) / 20_000 }
        let brute = bruteForceTc(m, x: x, etas: etas, lo: 10, hi: 3000)
        let t = try #require(m.transition(x: x))
        #expect(t.order == .second)
        #expect(abs(t.T - brute) < 1e-6 * brute, "x = \(x): \(t.T) against \(brute)")
        // and the closed form T_s = -2Ω x(1-x)/R
        #expect(abs(t.T - 2 * 17_500 * x * (1 - x) / R) < 1e-9 * t.T)
    }

    @Test(arguments: [0.25, 0.3, 0.2])
    func l12IsFirstOrderAndMatchesBruteForce(_ x: Double) throws {
        let m = BraggWilliams(omega: -17_500, lattice: .l12)
        let etas = (-20_000...20_000).filter { $0 != 0 }.map { Double($0) / 20_000 }
        let brute = bruteForceTc(m, x: x, etas: etas, lo: 10, hi: 3000)
        let t = try #require(m.transition(x: x))
        #expect(t.order == .first)
        #expect(t.T > t.instability)
        #expect(abs(t.eta) > 0.1)
        #expect(abs(t.T - brute) < 1e-5 * brute, "x = \(x): \(t.T) against \(brute)")
        // At T_c the ordered and the disordered ΔG are equal.
        let ordered = m.state(x: x, T: t.T, eta: t.eta).G, disordered = m.state(x: x, T: t.T, eta: 0).G
        #expect(abs(ordered - disordered) < 1e-6)
    }

    @Test func disorderedStateIsTheRegularSolution() {
        let m = BraggWilliams(omega: -12_000, lattice: .l10)
        for x in [0.1, 0.5, 0.7] {
            let s = m.state(x: x, T: 800, eta: 0)
            #expect(abs(s.H - -12_000 * x * (1 - x)) < 1e-9)
            #expect(abs(s.S + R * (x * log(x) + (1 - x) * log(1 - x))) < 1e-12)
        }
        #expect(BraggWilliams(omega: 5_000).transition(x: 0.5) == nil)
    }
}
