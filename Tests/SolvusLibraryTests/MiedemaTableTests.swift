import Testing
import SolvusModels
@testable import SolvusLibrary

#if canImport(Glibc)
import Glibc
#endif

/// The Miedema equiatomic pair enthalpy against the Takeuchi-Inoue (2005) table, which was
/// derived from the same model for liquids (Mater. Trans. 46 (2005) 2817).
struct MiedemaTableTests {
    struct Comparison {
        var count = 0
        var rms = 0.0
        var worst: [(String, Double, Double)] = []
    }

    static func compare(_ options: Miedema.Options) -> Comparison {
        let data = ElementData.shared
        var c = Comparison()
        var sum = 0.0
        var all: [(String, Double, Double)] = []
        for (key, tabulated) in data.pairs {
            guard let a = data.elements[key.a]?.miedema, let b = data.elements[key.b]?.miedema else { continue }
            let computed = Miedema.equiatomicPairEnthalpy(a, b, options)
            sum += (computed - tabulated) * (computed - tabulated)
            c.count += 1
            all.append(("\(key.a)-\(key.b)", tabulated / 1000, computed / 1000))
        }
        c.rms = (sum / Double(c.count)).squareRoot() / 1000
        c.worst = all.sorted { abs($0.1 - $0.2) > abs($1.1 - $1.2) }
        return c
    }

    /// The figure the README gives: over every tabulated pair whose elements both have Miedema
    /// parameters, the RMS deviation of the computed equiatomic pair enthalpy (the liquid
    /// convention that omega uses for a pair the table lacks) from the table.
    @Test func rmsDeviationFromTheTable() {
        let c = MiedemaTableTests.compare(Builtins.pairFallbackOptions)
        #expect(c.count == 2555)
        #expect(abs(c.rms - 9.21) < 0.01, "RMS \(c.rms) kJ/mol")
        // The solid convention (R not scaled) is further from the liquid table.
        #expect(MiedemaTableTests.compare(Miedema.Options()).rms > c.rms + 1)
    }

    /// Pairs more than 15 kJ/mol off all involve an element whose parameters or treatment differ
    /// between the table and Solvus's data (see the README): Eu and Yb (the table's divalent
    /// parameters), Si and Ge (the table is lower by about half H_trans), H, N and the heavy
    /// alkaline earths, rare earths and actinides with p-block partners.
    @Test func largeDeviationsAreExplained() {
        let c = MiedemaTableTests.compare(Builtins.pairFallbackOptions)
        let off = c.worst.filter { abs($0.1 - $0.2) > 15 }
        #expect(off.count == 241)
        let explained: Set<String> = ["Eu", "Yb", "Si", "Ge", "H", "N", "Ba", "Sr", "Ca", "U", "Nd", "Sm", "K", "Th",
                                      "Pr", "La", "Ce", "Pm", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Lu", "Sc", "Y",
                                      "Rb", "Cs", "Na", "Li", "Mg", "Pu", "As", "Sb", "Bi", "Sn", "Pb", "Te", "Se",
                                      "B", "C", "P", "S", "O"]
        let unexplained = off.filter { p in !p.0.split(separator: "-").contains { explained.contains(String($0)) } }
        #expect(unexplained.isEmpty, "\(unexplained)")
        // Si and Ge pairs: the table sits below the model by about half of H_trans (34 and 25 kJ/mol).
        for (el, half) in [("Si", 17.0), ("Ge", 12.5)] {
            let pairs = c.worst.filter { $0.0.split(separator: "-").map(String.init).contains(el) }
            let mean = pairs.map { $0.2 - $0.1 }.reduce(0, +) / Double(pairs.count)
            #expect(abs(mean - half) < 2, "\(el): mean offset \(mean)")
        }
    }

    @Test func equiatomicCuTi() throws {
        // Takeuchi & Inoue: Cu-Ti -9 kJ/mol. The seed's calculator applied the 4 twice (about -33).
        let data = ElementData.shared
        let cu = try #require(data.elements["Cu"]?.miedema), ti = try #require(data.elements["Ti"]?.miedema)
        #expect(data.pairs[.init("Cu", "Ti")] == -9000)
        for o in [Miedema.Options(), .liquid] {
            let h = Miedema.equiatomicPairEnthalpy(cu, ti, o)
            #expect(abs(h - -9000) < 3000, "\(h)")
        }
    }
}
