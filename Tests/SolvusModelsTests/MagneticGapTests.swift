import Foundation
import Testing
@testable import SolvusModels

/// The Cr-Fe bcc gap of crfe_bcc_magnetic.tdb (one constant interaction, L = 1000 J/mol) is opened
/// by the magnetic term. Its TC parameters are 1043 K (Fe) and -311.5 K (Cr) with no interaction,
/// so the Curie line, where T_C(x) = 1043 x - 311.5 (1 - x) equals T, is x_C(T) = (T + 311.5) /
/// 1354.5. Across it ∂²G/∂x² jumps (Inden-Hillert-Jarl); near the top of the gap the unstable region
/// is a sliver on the ferromagnetic side of the line, and the gap closes on the line in a cusp.
struct MagneticGapTests {
    static func binary() throws -> TDBPhaseModel.Binary {
        let db = try TDBTests.database("crfe_bcc_magnetic.tdb")
        return TDBPhaseModel.Binary(try db.phaseModel("BCC_A2", components: ["CR", "FE"]))
    }

    static func curie(_ T: Double) -> Double { (T + 311.5) / 1354.5 }

    /// The jumps are the Curie line, and the spinodal is found beside it at every T up to the top
    /// (before, the sliver was missed at most temperatures: no extremum of ∂²G/∂x² marks it).
    @Test func theSpinodalBesideTheCurieLineIsFound() throws {
        let b = try MagneticGapTests.binary()
        for T in stride(from: 835.0, through: 860.0, by: 2.5) {
            let x = MagneticGapTests.curie(T)
            #expect(b.jumps(T: T).contains { abs($0 - x) < 1e-12 }, "T = \(T)")
            let s = b.spinodal(T: T)
            #expect(s.count == 2, "T = \(T): \(s)")
            guard s.count == 2 else { continue }
            // Bounded on the left by the line itself, on the ferromagnetic side of it.
            #expect(abs(s[0] - x) < 1e-9 && s[1] > x, "T = \(T): \(s), Curie line at \(x)")
            let binodal = b.binodal(T: T)
            #expect(binodal.count == 2 && binodal[0] < s[0] && s[1] < binodal[1], "T = \(T): \(binodal)")
        }
    }

    @Test func theGapClosesInACuspOnTheCurieLine() throws {
        let b = try MagneticGapTests.binary()
        let top = try #require(b.closingPoints().first { $0.cusp && $0.T > 800 })
        #expect(top.T > 860 && top.T < 861)
        #expect(abs(top.x - MagneticGapTests.curie(top.T)) < 1e-9)
        // The one-sided ∂²G/∂x² on the ferromagnetic side reaches 0 there (relative to its size
        // on the other side), and the gap is there just below and gone just above.
        let u = log(top.x / (1 - top.x))
        let inside = b.g(2, 1 / (1 + exp(-(u + 1e-9))), top.T), outside = b.g(2, 1 / (1 + exp(-(u - 1e-9))), top.T)
        #expect(abs(inside) < 1e-5 * abs(outside))
        #expect(b.spinodal(T: top.T - 0.01).count == 2 && b.binodal(T: top.T - 0.01).count == 2)
        #expect(b.spinodal(T: top.T + 0.01).isEmpty && b.binodal(T: top.T + 0.01).isEmpty)
        // Smooth models have no jumps and no cusps.
        #expect(BinaryModel.regular(a: 17_500).cusps().isEmpty)
    }

    /// pycalphad 0.11.2 with dense sampling (Tests/Reference/make_crfe_top_reference.py wrote
    /// Tests/Reference/crfe_top_reference.csv): the tie-lines near the top, where it finds them.
    @Test func tieLinesNearTheTopAgreeWithPycalphad() throws {
        let b = try MagneticGapTests.binary()
        let text = try String(contentsOf: TDBTests.root.appendingPathComponent("Tests/Reference/crfe_top_reference.csv"), encoding: .utf8)
        var compared = 0
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").compactMap { Double($0) }
            guard f.count == 3, f[1].isFinite else { continue }
            let s = b.binodal(T: f[0])
            #expect(s.count == 2 && abs(s[0] - f[1]) < 1e-5 && abs(s[1] - f[2]) < 1e-5, "\(line): Solvus \(s)")
            compared += 1
        }
        #expect(compared >= 4)
    }

    /// Below 199 K a sliver beside the Néel line and the main unstable region share one wide gap:
    /// the pairs found around each region alone are metastable (before: [0.0836, 0.0838] at 198 K
    /// was given as the gap). The binodal is the stable one, the tie-line `equilibrium` finds, and
    /// its tangent lies below G everywhere.
    @Test func twoUnstableRegionsInOneGapGiveTheStablePair() throws {
        let b = try MagneticGapTests.binary()
        let T = 198.0
        #expect(b.unstableIntervals(T: T).count == 2)
        let pairs = b.binodal(T: T)
        try #require(pairs.count >= 2 && pairs.count % 2 == 0)
        let ph = try EquilibriumTests.phases("crfe_bcc_magnetic.tdb", ["BCC_A2"], ["CR", "FE"])
        let e = try BinaryEquilibrium.section(ph, T: T).equilibrium(x: 0.5)
        #expect(e.phases.count == 2)
        var x1 = 0.0, x2 = 0.0
        for k in stride(from: 0, to: pairs.count, by: 2) where pairs[k + 1] - pairs[k] > x2 - x1 {
            x1 = pairs[k]
            x2 = pairs[k + 1]
        }
        #expect(abs(x1 - e.compositions[0]) < 1e-9 && abs(x2 - e.compositions[1]) < 1e-9, "\(pairs) vs \(e.compositions)")
        for k in stride(from: 0, to: pairs.count, by: 2) { #expect(b.supports(pairs[k], pairs[k + 1], T: T)) }
    }

    @Test func theDiagramClosesTheGapAtTheCusp() throws {
        let ph = try EquilibriumTests.phases("crfe_bcc_magnetic.tdb", ["BCC_A2"], ["CR", "FE"])
        let d = try BinaryEquilibrium.map(ph, low: 500, high: 1000)
        let c = try #require(d.critical.first { $0.cusp })
        let gap = try #require(d.boundaries.first { $0.a == "BCC_A2" && $0.b == "BCC_A2" })
        #expect(gap.T.last == c.T && gap.xa.last == c.x && gap.xb.last == c.x)
    }
}

/// A Gibbs function that cannot be evaluated (a user's function that failed: NaN everywhere) gives
/// no binodal and no section, and crashes nothing (the hull of no points was an empty range).
struct FailingGibbsTests {
    struct Failing: GibbsFunction {
        func g(_ d: Int, _ x: Double, _ T: Double) -> Double { .nan }
        func gT(_ d: Int, _ x: Double, _ T: Double) -> Double { .nan }
        func linearSplit(_ d: Int, _ x: Double) -> (E: Double, F: Double)? { nil }
    }

    @Test func noFiniteEnergyIsAnErrorNotACrash() {
        #expect(Failing().binodal(T: 900).isEmpty)
        #expect(Failing().spinodal(T: 900).isEmpty)
        let phase = MixingSolutionPhase(name: "L", mixing: Failing()) { _ in (0, 0) }
        #expect(throws: EquilibriumError.self) { try BinaryEquilibrium.section([phase], T: 900) }
        let at = (try? phase.at(T: 900)).map { [$0] } ?? []
        #expect(BinaryEquilibrium.section(at, T: 900).regions.isEmpty)
    }
}
