import Foundation
import SolvusCore
import SolvusModels
import Testing
@testable import SolvusLibrary

/// tdb, phase and the model functions on database phases; save as TDB and back.
struct TDBBindingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/data/tdb").path

    func db(_ name: String) -> String { "tdb(\"\(TDBBindingTests.folder)/\(name)\")" }

    func bits(_ v: Value) -> [UInt64] {
        switch v {
        case .number(let q): return [q.value.bitPattern]
        case .array(let a): return a.values.map(\.bitPattern)
        case .record(let r): return r.fields.flatMap { bits($0.1) }
        default: return []
        }
    }

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("solvus-tdb-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: [("pbsn.tdb", "LIQUID", "[\"Pb\", \"Sn\"]", "{Pb: 0.3, Sn: 0.7}", "800 K"),
                      ("alzn_mey.tdb", "HCP_A3", "[\"Al\", \"Zn\"]", "{Al: 0.1, Zn: 0.9}", "600 K"),
                      ("crfe_bcc_magnetic.tdb", "BCC_A2", "[\"Cr\", \"Fe\"]", "{Cr: 0.2, Fe: 0.8}", "900 K"),
                      ("COST507.tdb", "LIQUID", "[\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"]",
                       "{Al: 0.6, Cu: 0.1, Mg: 0.1, Si: 0.1, Zn: 0.1}", "1200 K")])
    func savedPhaseReadsBackToTheBit(_ file: String, _ name: String, _ comps: String, _ x: String, _ T: String) throws {
        let path = temporary("phase.tdb")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let a = try run("p = phase(\(db(file)), \"\(name)\", \(comps))\nsave(p, \"\(path)\")\nmix(p, x: \(x), T: \(T))")
        let b = try run("mix(phase(tdb(\"\(path)\"), \"\(name)\", \(comps)), x: \(x), T: \(T))")
        #expect(!bits(a).isEmpty && bits(a) == bits(b))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("$ Written by Solvus"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// Seed 003's refit (fit of the ternary terms) written as TDB: the same rkm values, bit for bit.
    @Test func refitSystemReadsBackToTheBit() throws {
        let path = temporary("refit.tdb")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = TDBBindingTests.folder + "/../snbisb_integral.csv"
        let setup = """
            start = rk({"Bi-Sb": [2230 J/mol], "Bi-Sn": [500 J/mol, -100 J/mol],
                        "Sb-Sn": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], "Sn-Bi-Sb": [0 J/mol, 0 J/mol, 0 J/mol]})
            s = fit(start, load("\(data)"), free: ["Sn-Bi-Sb"]).system
            g = grid(["Sn", "Bi", "Sb"], n: 20)
            """
        let a = try run(setup + "\nsave(s, \"\(path)\")\nrkm(s, g, T: 973 K)")
        let b = try run(setup + "\nrkm(phase(tdb(\"\(path)\"), \"LIQUID\", [\"Sn\", \"Bi\", \"Sb\"]), g, T: 973 K)")
        #expect(bits(a).count == 3 * 231 && bits(a) == bits(b))
        // A temperature-dependent system too.
        let c = try run("s = rk({\"A-B\": [{a: 1000 J/mol, b: -2 J/(mol K), c: 0.5 J/(mol K)}, 300 J/mol]})\n"
                        + "save(s, \"\(path)\")\nrkm(s, {A: 0.3, B: 0.7}, T: 700 K)")
        let d = try run("rkm(phase(tdb(\"\(path)\"), \"LIQUID\", [\"A\", \"B\"]), {A: 0.3, B: 0.7}, T: 700 K)")
        #expect(bits(c) == bits(d))
    }

    /// mix reads a grid a chunk at a time (never stored whole): the same bits as the model on the
    /// stored grid, with the grid's elements in another order than the phase's.
    @Test func gridIsReadInChunks() throws {
        let v = try run("l = phase(\(db("COST507.tdb")), \"LIQUID\", [\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"])\n"
                        + "mix(l, x: grid([\"Zn\", \"Al\", \"Si\", \"Cu\", \"Mg\"], n: 24), T: 1000 K)")
        guard case .record(let r) = v, case .array(let g)? = r["G"], case .array(let cp)? = r["CPM"] else {
            Issue.record("not a record of lists: \(v)")
            return
        }
        let text = try String(contentsOfFile: TDBBindingTests.folder + "/COST507.tdb", encoding: .utf8)
        let model = try TDBReader.parse(text: text).phaseModel("LIQUID", components: ["AL", "CU", "MG", "SI", "ZN"])
        let lattice = SimplexLattice(parts: 5, divisions: 24)
        let rows = try #require(lattice.count)
        #expect(rows == 20_475 && rows > 4 * TDBPhaseModel.chunkRows)
        let fractions = try lattice.fractions(0..<rows) { _ in }
        // Al, Cu, Mg, Si, Zn are the grid's columns 1, 3, 4, 2, 0.
        let fast = try #require(try model.fastProperties(fractions: fractions, width: 5, columns: [1, 3, 4, 2, 0], T: 1000))
        #expect(g.values.map(\.bitPattern) == fast.mixing.G.map(\.bitPattern))
        #expect(cp.values.map(\.bitPattern) == fast.total.Cp.map(\.bitPattern))
        // And the general evaluation, row by row, on a few rows.
        for row in [0, 4095, 4096, 12_345, rows - 1] {
            let y = [1, 3, 4, 2, 0].map { fractions[row * 5 + $0] }
            let slow = try model.properties(fractions: y, T: [1000], mixing: true)
            #expect(abs(g.values[row] - slow.G[0]) <= 1e-9 * max(1, abs(slow.G[0])))
        }
    }

    @Test func phaseAgreesWithTheHandWrittenSystem() throws {
        // Pb-Sn liquid excess: L0 = 5125 + 1.46424 T, L1 = 293.82 (Ngai and Chang).
        let h = try si("rkm(phase(\(db("pbsn.tdb")), \"LIQUID\", [\"Pb\", \"Sn\"]), {Pb: 0.4, Sn: 0.6}, T: 700 K).G")
        let l0 = 5125 + 1.46424 * 700, l1 = 293.82
        #expect(abs(h - 0.24 * (l0 + l1 * (0.4 - 0.6))) < 1e-9)
        // mix's ΔG is the excess plus the ideal term with the database's R = 8.3145.
        let g = try si("mix(phase(\(db("pbsn.tdb")), \"LIQUID\", [\"Pb\", \"Sn\"]), x: 0.6, T: 700 K).G")
        #expect(abs(g - (h + 8.3145 * 700 * (0.4 * log(0.4) + 0.6 * log(0.6)))) < 1e-9)
    }

    @Test(arguments: [
        ("phase(DB, \"GAS\", [\"Pb\"])", "E531", "the database has no phase GAS"),
        ("phase(DB, \"LIQUID\", [\"Pb\", \"Cu\"])", "E531", "CU is not a constituent of LIQUID"),
        ("mix(phase(DB, \"LIQUID\", [\"Pb\", \"Sn\"]), x: 0.5, T: 5500 K)", "E532", "outside the temperature range of G(LIQUID,PB;0), 298.15 K to 5000 K"),
        ("binodal(phase(DB, \"LIQUID\", [\"Pb\", \"Sn\"]), T: 100 K)", "E532", "T = 100 K is outside"),
        ("critical(phase(DB, \"LIQUID\", [\"Pb\"]))", "E502", "needs a binary phase"),
    ])
    func errors(_ text: String, _ id: String, _ message: String) {
        let d = diagnostic(text.replacingOccurrences(of: "DB", with: db("pbsn.tdb")))
        #expect(d?.id == id)
        #expect(d?.message.contains(message) == true, "\(d?.message ?? "no error")")
    }

    @Test func readsOnlyInsideTheWorkspace() {
        let session = Session(output: { _ in })
        // A folder of its own: the package itself may lie under the temporary directory.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("solvus-ws-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        session.fileAccessRoot = root.path
        var outcome = Session.Outcome()
        LargeStack.run { outcome = session.run(db("pbsn.tdb")) }
        #expect(outcome.diagnostics.first?.id == "E514")
    }
}
