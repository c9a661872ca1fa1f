import Testing
import SolvusCore
@testable import SolvusLibrary

/// omega never fails as a whole because one table lacks one element: the descriptors that can be
/// computed are, the others are missing with a note.
struct MissingDataTests {
    /// The elements hea-bench 2.9.0 has no row for (stdlib/SOURCES.md).
    static let notInHEABench: Set<String> = ["H", "B", "C", "N", "Na", "P", "K", "As", "Rb", "Tc", "Cd", "Cs", "Ba",
                                             "Pm", "Eu", "Hg", "Tl", "Pu"]

    @Test func everyElementWithIronGivesAResult() throws {
        let symbols = ElementData.shared.symbols.filter { $0 != "Fe" }
        #expect(symbols.count == 72)
        let formulas = symbols.map { "\"Fe\($0)\"" }.joined(separator: ", ")
        let r = try run("omega([\(formulas)])")
        guard case .record(let record) = r, case .array(let dS)? = record["dS"], case .array(let delta)? = record["delta"],
              case .list(let notes)? = record["missing"] else {
            Issue.record("expected a record with dS, delta and missing")
            return
        }
        // ΔS of an equiatomic binary is R ln 2 for every alloy, whatever the tables lack.
        #expect(dS.values.allSatisfy { abs($0 - 8.314462618153241 * 0.6931471805599453) < 1e-9 })
        for (symbol, d) in zip(symbols, delta.values) {
            #expect(d.isNaN == MissingDataTests.notInHEABench.contains(symbol), "\(symbol): delta \(d)")
        }
        let named = Set(notes.compactMap { note -> String? in
            guard case .string(let s) = note else { return nil }
            return s.split(separator: " ").first.map(String.init)
        })
        #expect(named == MissingDataTests.notInHEABench)
    }

    @Test func otherTablesComputeEverythingForTheSameAlloys() throws {
        let r = try run(#"omega("FeB", radius: "miracle", tm: "pymatgen", vec: "guo_liu")"#)
        guard case .record(let record) = r else { return }
        #expect(record["missing"] == nil)
        #expect(try shown(#"omega("FeB", radius: "miracle", tm: "pymatgen", vec: "guo_liu").vec"#) == "5.5")
    }
}
