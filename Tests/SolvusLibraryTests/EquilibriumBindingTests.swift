import Foundation
import SolvusCore
import Testing
@testable import SolvusLibrary

/// equilibrium and phase_diagram from scripts: databases, phases typed by hand, compounds, errors.
struct EquilibriumBindingTests {
    func db(_ name: String) -> String { "tdb(\"\(TDBBindingTests.folder)/\(name)\")" }

    func numbers(_ v: Value?) -> [Double] {
        switch v {
        case .number(let q)?: return [q.value]
        case .array(let a)?: return a.values
        default: return []
        }
    }

    func record(_ v: Value) -> Record? { if case .record(let r) = v { return r } else { return nil } }

    /// Mass balance and G from the chemical potentials at a two-phase point.
    @Test func pbsnTwoPhasePoint() throws {
        let r = try #require(record(try run("equilibrium(\(db("pbsn.tdb")), [\"Pb\", \"Sn\"], x: 0.3, T: 450 K)")))
        #expect(r["phases"]?.description == "[\"FCC_A1\", \"BCT_A5\"]")
        let f = numbers(r["amounts"]), x = numbers(r["x"])
        #expect(abs(f.reduce(0, +) - 1) < 1e-14)
        #expect(abs(f[0] * x[0] + f[1] * x[1] - 0.3) < 1e-14)
        guard case .record(let mu)? = r["mu"] else { Issue.record("no mu"); return }
        let G = numbers(r["G"])[0]
        #expect(abs(0.7 * numbers(mu["Pb"])[0] + 0.3 * numbers(mu["Sn"])[0] - G) < 1e-9)
    }

    /// An isothermal section covers 0..1 region by region, and each region's middle has the
    /// equilibrium it names; the Al-Zn fcc gap at 600 K is pycalphad's tie-line
    /// (Tests/Reference/equilibrium_reference.csv: 0.2201262867, 0.4915331813).
    @Test func sectionsCoverTheCompositionsInOrder() throws {
        let v = try run("section(\(db("alzn_mey.tdb")), [\"Al\", \"Zn\"], T: 600 K)")
        let regions = (0..<(v.listCount ?? 0)).compactMap { record(v.item($0)) }
        #expect(regions.count == 5)
        var edge = 0.0
        for r in regions {
            let x = numbers(r["x"])
            #expect(x.count == 2 && x[0] == edge && x[1] > x[0])
            edge = x.last ?? .nan
            let phases = r["phases"]?.description ?? ""
            let e = try run("equilibrium(\(db("alzn_mey.tdb")), [\"Al\", \"Zn\"], x: \(0.5 * (x[0] + x[1])), T: 600 K).phases")
            #expect(e.description == phases)
        }
        #expect(edge == 1)
        let gap = numbers(regions[1]["x"])
        #expect(regions[1]["phases"]?.description == "[\"FCC_A1\", \"FCC_A1\"]")
        #expect(abs(gap[0] - 0.2201262867) < 1e-5 && abs(gap[1] - 0.4915331813) < 1e-5)
    }

    /// gap(...) closes the dome where the gap closes: for Cr-Fe's magnetic gap, at its cusp on
    /// the Curie line (860.639 K), as phase_diagram does.
    @Test func gapClosesAtTheCusp() throws {
        let v = try run("p = phase(\(db("crfe_bcc_magnetic.tdb")), \"BCC_A2\", [\"Cr\", \"Fe\"])\ngap(p, T: 850 K..870 K step 5 K)")
        let r = try #require(record(v))
        let T = numbers(r["T"]), left = numbers(r["binodal_left"]), right = numbers(r["binodal_right"])
        let i = try #require(T.firstIndex { $0 > 860 && $0 < 861 })
        #expect(T.count == 6 && left[i] == right[i] && abs(left[i] - (T[i] + 311.5) / 1354.5) < 1e-9)
        #expect(left[i - 1] < right[i - 1] && left[i + 1].isNaN)
    }

    @Test func listsOfX() throws {
        let v = try run("equilibrium(\(db("pbsn.tdb")), [\"Pb\", \"Sn\"], x: [0.1, 0.5, 0.9], T: 500 K)")
        #expect(v.listCount == 3)
        #expect(v.item(1).description.contains("[\"FCC_A1\", \"LIQUID\"]"))
    }

    /// A compound AB (G = -20 kJ/mol) with an ideal liquid: the liquid's tangent passes through the
    /// compound, so (μ_A + μ_B)/2 = G_AB at any x of the two-phase field.
    @Test func compoundTieLine() throws {
        let text = """
            liq = {name: "LIQUID", model: ideal(), G: [0 J/mol, 0 J/mol]}
            ab = {name: "AB", x: 0.5, G: -20 kJ/mol}
            equilibrium([liq, ab], ["A", "B"], x: 0.4, T: 1000 K)
            """
        let r = try #require(record(try run(text)))
        #expect(r["phases"]?.description == "[\"LIQUID\", \"AB\"]")
        guard case .record(let mu)? = r["mu"] else { Issue.record("no mu"); return }
        let muA = numbers(mu["A"])[0], muB = numbers(mu["B"])[0]
        #expect(abs(0.5 * muA + 0.5 * muB + 20000) < 1e-8)
        // The liquid's chemical potential of A: R T ln(1 - x_L) with x_L its composition.
        let xl = numbers(r["x"])[0]
        #expect(abs(muA - 8.314462618 * 1000 * log(1 - xl)) < 1e-6 * 20000)
    }

    /// Two ideal solutions: the lens, with liquid above both melting points and solid below.
    @Test func lensEnds() throws {
        let setup = """
            gA(T) = 10 J/(mol K) * (T - 1000 K)
            gB(T) = 12 J/(mol K) * (T - 1400 K)
            liquid = {name: "LIQUID", model: ideal(), G: [0 J/mol, 0 J/mol]}
            solid = {name: "SOLID", model: ideal(), G: [gA, gB]}

            """
        #expect(try shown(setup + "equilibrium([liquid, solid], [\"A\", \"B\"], x: 0.5, T: 1450 K).phases") == "[\"LIQUID\"]")
        #expect(try shown(setup + "equilibrium([liquid, solid], [\"A\", \"B\"], x: 0.5, T: 950 K).phases") == "[\"SOLID\"]")
        let d = try run(setup + "phase_diagram([liquid, solid], [\"A\", \"B\"], T: [900 K, 1500 K]).invariants")
        #expect(d.listCount == 0)
    }

    /// The database's L0 of the liquid (written G(LIQUID,PB,SN;0), 5125 + 1.46424 T J/mol, about
    /// 5.8 kJ/mol at the eutectic) set to 3 kJ/mol: a more stable liquid, a lower eutectic.
    @Test func withParameterRedraws() throws {
        let base = try run("phase_diagram(\(db("pbsn.tdb")), [\"Pb\", \"Sn\"], T: [300 K, 700 K]).invariants[0].T")
        let changed = try run("phase_diagram(with_parameter(\(db("pbsn.tdb")), \"L(LIQUID,PB,SN;0)\", 3 kJ/mol), [\"Pb\", \"Sn\"], T: [300 K, 700 K]).invariants[0].T")
        let t0 = numbers(base)[0], t1 = numbers(changed)[0]
        #expect(t0 > 454 && t0 < 455)
        #expect(t1 < t0 - 1)
        let p = try run("with_parameter(phase(\(db("pbsn.tdb")), \"LIQUID\", [\"Pb\", \"Sn\"]), \"L(LIQUID,PB,SN;3)\", {a: 100 J/mol, b: -1 J/(mol K)}).parameters")
        #expect(p.description.contains("L(LIQUID,PB,SN;3) = 100+-1*T") || p.description.contains("L(LIQUID,PB,SN;3)"))
        let d = diagnostic("with_parameter(\(db("pbsn.tdb")), \"L(GAS,PB,SN;0)\", 1 kJ/mol)")
        #expect(d?.id == "E502" && d?.message.contains("no phase GAS") == true)
    }

    /// An rk system in place of a database phase: the liquid's excess from rk with the database's
    /// pure-liquid references replaced by 0 and the solids by lattice stabilities.
    @Test func rkSystemAsAPhase() throws {
        let text = """
            s = rk({"A-B": [-5 kJ/mol]})
            liq = {name: "LIQUID", model: s, G: [0 J/mol, 0 J/mol]}
            gA(T) = 10 J/(mol K) * (T - 1000 K)
            gB(T) = 12 J/(mol K) * (T - 1400 K)
            sol = {name: "SOLID", model: ideal(), G: [gA, gB]}
            equilibrium([liq, sol], ["A", "B"], x: 0.5, T: 1000 K)
            """
        let r = try #require(record(try run(text)))
        #expect(r["phases"]?.listCount ?? 0 >= 1)
        let x = numbers(r["x"]), f = numbers(r["amounts"])
        #expect(abs(zip(x, f).map { $0 * $1 }.reduce(0, +) - 0.5) < 1e-12)
    }

    @Test(arguments: [
        ("equilibrium(DB, [\"Pb\"], x: 0.5, T: 500 K)", "E503", "two element names"),
        ("equilibrium(DB, [\"Pb\", \"Sn\"], x: 1.5, T: 500 K)", "E502", "strictly between 0 and 1"),
        ("equilibrium(DB, [\"Pb\", \"Sn\"], x: [0.1, 0.2], T: [400 K, 500 K, 600 K])", "E504", ""),
        ("equilibrium([3], [\"Pb\", \"Sn\"], x: 0.5, T: 500 K)", "E503", "a database phase"),
        ("equilibrium([{name: \"L\"}], [\"A\", \"B\"], x: 0.5, T: 500 K)", "E502", "needs either model"),
        ("equilibrium([{name: \"L\", model: ideal()}], [\"A\", \"B\"], x: 0.5, T: 500 K)", "E502", "needs G"),
        ("equilibrium(DB, [\"Pb\", \"Sn\"], x: 0.5, T: 6000 K)", "E532", "outside the temperature range"),
        ("equilibrium([phase(DB, \"LIQUID\", [\"Sn\", \"Pb\"])], [\"Pb\", \"Sn\"], x: 0.5, T: 600 K)", "E502", "is for Sn-Pb"),
        ("phase_diagram(DB, [\"Pb\", \"Sn\"])", "E401", ""),
    ])
    func errors(_ text: String, _ id: String, _ message: String) {
        let d = diagnostic(text.replacingOccurrences(of: "DB", with: db("pbsn.tdb")))
        #expect(d?.id == id, "\(d?.id ?? "none"): \(d?.message ?? "no error")")
        #expect(message.isEmpty || d?.message.contains(message) == true, "\(d?.message ?? "no error")")
    }
}
