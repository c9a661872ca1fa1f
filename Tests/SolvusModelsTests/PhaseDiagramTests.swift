import Testing
@testable import SolvusModels

#if canImport(Glibc)
import Glibc
#endif

/// Critical points, spinodals and binodals (seeds 000 and 001), against closed forms and an
/// independent brute-force construction.
struct PhaseDiagramTests {
    let R = 8.314462618153241
    let regular = BinaryModel.regular(a: 17_500)

    @Test func regularSolutionOfSeed000() throws {
        // Issue 5: Ω = 17.5 kJ/mol: T_c = 1052.38 K at x = 0.5; at 900 K binodal 0.19003 / 0.80997,
        // spinodal 0.30974 / 0.69026 (to 1e-5).
        let c = regular.criticalPoints()
        #expect(c.count == 1)
        #expect(abs(c[0].T - 17_500 / (2 * R)) < 1e-6)
        #expect(abs(c[0].x - 0.5) < 1e-9)
        let s = regular.spinodal(T: 900)
        #expect(s.count == 2)
        #expect(abs(s[0] - 0.30974) < 1e-5 && abs(s[1] - 0.69026) < 1e-5)
        // The spinodal in closed form: x(1-x) = RT/2Ω.
        #expect(abs(s[0] * (1 - s[0]) - R * 900 / 35_000) < 1e-12)
        let b = regular.binodal(T: 900)
        #expect(b.count == 2)
        #expect(abs(b[0] - 0.19003) < 1e-5 && abs(b[1] - 0.80997) < 1e-5)
    }

    @Test(arguments: [0.5, 0.8, 0.9, 0.99, 0.999])
    func binodalSatisfiesTheRegularSolutionCondition(_ ratio: Double) {
        // For the symmetric regular solution the binodal is ln(x/(1-x)) = Ω(2x-1)/RT (issue 5, to 1e-9).
        let T = ratio * 17_500 / (2 * R)
        let b = regular.binodal(T: T)
        #expect(b.count == 2)
        for x in b {
            #expect(abs(log(x / (1 - x)) - 17_500 * (2 * x - 1) / (R * T)) < 1e-9, "T/Tc = \(ratio), x = \(x)")
        }
        #expect(abs(b[0] + b[1] - 1) < 1e-9)
    }

    @Test func noGapAboveTcAndNoCriticalPointWithoutRepulsion() {
        #expect(regular.binodal(T: 1100).isEmpty)
        #expect(regular.spinodal(T: 1100).isEmpty)
        #expect(BinaryModel.regular(a: -5000).criticalPoints().isEmpty)
        #expect(BinaryModel.ideal.criticalPoints().isEmpty)
    }

    /// An independent check for a subregular binary: T_c from a fine scan of the spinodal
    /// temperature T_s(x) = -E''/F'' (its maximum), and the binodal from a brute-force convex hull
    /// of G on a dense grid.
    @Test func subregularAgainstBruteForce() throws {
        let m = BinaryModel.redlichKister(a: [15_000, 4_000], b: [0, 0], c: [0, 0])
        let c = try #require(m.criticalPoints().first)
        // T_s(x) on a grid of 2·10^6 points, refined around the best point.
        var best = (T: 0.0, x: 0.0)
        let n = 2_000_000
        for i in 1..<n {
            let x = Double(i) / Double(n)
            let t = -m.E.derivative(2, at: x) / m.F.derivative(2, at: x)
            if t > best.T { best = (t, x) }
        }
        #expect(abs(c.x - best.x) < 1e-6, "x: \(c.x) vs \(best.x)")
        #expect(abs(c.T - best.T) < 1e-3, "T: \(c.T) vs \(best.T)")
        // Brute-force common tangent at 0.8 T_c: the lower convex hull of G on 10^5 points.
        let T = 0.8 * c.T
        let k = 100_000
        var hull: [(Double, Double)] = []
        for i in 1..<k {
            let x = Double(i) / Double(k)
            let p = (x, m.g(0, x, T))
            while hull.count >= 2 {
                let (a, b) = (hull[hull.count - 2], hull[hull.count - 1])
                if (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0) <= 0 { hull.removeLast() } else { break }
            }
            hull.append(p)
        }
        // The widest hull edge is the tie line.
        var tie = (0.0, 0.0)
        for i in 1..<hull.count where hull[i].0 - hull[i - 1].0 > tie.1 - tie.0 { tie = (hull[i - 1].0, hull[i].0) }
        let b = m.binodal(T: T)
        #expect(b.count == 2)
        #expect(abs(b[0] - tie.0) < 2e-5 && abs(b[1] - tie.1) < 2e-5, "\(b) vs \(tie)")
        // Equal chemical potentials at the binodal.
        let mu = { (x: Double) in (m.g(1, x, T), m.g(0, x, T) - x * m.g(1, x, T)) }
        #expect(abs(mu(b[0]).0 - mu(b[1]).0) < 1e-6)
        #expect(abs(mu(b[0]).1 - mu(b[1]).1) < 1e-6)
    }

    @Test func floryHugginsCriticalPoint() throws {
        // Flory-Huggins: χ_c = ½ (1/√N1 + 1/√N2)², φ_c = √N1 / (√N1 + √N2) (of component 2).
        for (n1, n2) in [(1.0, 1.0), (200, 500), (1, 2), (2, 8)] {
            let m = BinaryModel.floryHuggins(N1: n1, N2: n2, A: 0, B: 1000)
            let c = try #require(m.criticalPoints().first)
            let chi = 0.5 * pow(1 / n1.squareRoot() + 1 / n2.squareRoot(), 2)
            #expect(abs(1000 / c.T - chi) < 1e-9 * chi)
            #expect(abs(c.x - n1.squareRoot() / (n1.squareRoot() + n2.squareRoot())) < 1e-9)
        }
    }

    @Test func strongAsymmetryAndCloseToTc() throws {
        // N1 = 1, N2 = 500 polymer solution: a gap with one very dilute side.
        let m = BinaryModel.floryHuggins(N1: 1, N2: 500, A: 0, B: 1000)
        let c = try #require(m.criticalPoints().first)
        for ratio in [0.5, 0.9, 0.999, 0.99999] {
            let b = m.binodal(T: ratio * c.T)
            #expect(b.count == 2, "\(ratio)")
            let T = ratio * c.T
            if b.count == 2 {
                #expect(abs(m.g(1, b[0], T) - m.g(1, b[1], T)) < 1e-6 * abs(m.g(1, b[0], T)) + 1e-6)
            }
        }
    }

    @Test func temperatureLogTermsUseTheGeneralPath() throws {
        // Ω(T) = a + c T ln T is not linear in T; compare with the equivalent closed form at T_c.
        let m = BinaryModel.redlichKister(a: [20_000], b: [0], c: [-1])
        let cp = try #require(m.criticalPoints().first)
        #expect(abs(cp.x - 0.5) < 1e-9)
        // At the critical point of a symmetric model, Ω(T_c) = 2 R T_c.
        #expect(abs((20_000 - cp.T * log(cp.T)) - 2 * R * cp.T) < 1e-6)
    }
}
