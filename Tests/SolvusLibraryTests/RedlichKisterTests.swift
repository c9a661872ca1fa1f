import Foundation
import Testing
import SolvusCore
import SolvusModels
@testable import SolvusLibrary

/// Redlich-Kister systems, the geometric extrapolations, partial quantities and the fit, checked
/// against seed 003 (Table 5.6, Eq. 5.4, Eqs. 4.5-4.9) and against hand evaluation.
struct RedlichKisterTests {
    /// Seed 003 Table 5.6, with the binaries in alphabetical order (the convention of the table's
    /// labels): "Bi-Sb" is x_Bi x_Sb Σ L_v (x_Bi - x_Sb)^v, and so on; the ternary "Sn-Bi-Sb" is
    /// x_Sn x_Bi x_Sb (L0 x_Sn + L1 x_Bi + L2 x_Sb), as Eq. 5.4.
    static let table56 = """
        s = rk({"Bi-Sb": [2230 J/mol], "Bi-Sn": [500 J/mol, -100 J/mol], \
        "Sb-Sn": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], \
        "Sn-Bi-Sb": [-4743.1 J/mol, 11251.87 J/mol, -13969.1 J/mol]})

        """

    @Test func muggianuAtTheCentreOfTheTriangle() throws {
        // The issue's figures: -421.56 J/mol with the ternary term, -329.46 J/mol without.
        let h = try si(RedlichKisterTests.table56 + "rkm(s, {Sn: 1, Bi: 1, Sb: 1}, T: 973 K).H")
        #expect(abs(h - -421.56) < 0.005)
        let h2 = try si(RedlichKisterTests.table56 + "rkm(s, {Sn: 1, Bi: 1, Sb: 1}, T: 973 K, ternary: false).H")
        #expect(abs(h2 - -329.46) < 0.005)
    }

    /// An independent evaluation of Eq. 5.4 with Table 5.6's numbers.
    static func eq54(_ sn: Double, _ bi: Double, _ sb: Double, ternary: Bool = true) -> Double {
        var h = bi * sb * 2230
        h += bi * sn * (500 - 100 * (bi - sn))
        h += sb * sn * (-5695.1 + 782.6 * (sb - sn) + 1840.9 * pow(sb - sn, 2))
        if ternary { h += sn * bi * sb * (-4743.1 * sn + 11251.87 * bi - 13969.1 * sb) }
        return h
    }

    @Test(arguments: [(0.2, 0.5, 0.3), (0.7, 0.1, 0.2), (0.05, 0.05, 0.9), (0.45, 0.45, 0.1)])
    func muggianuMatchesAnIndependentEvaluation(_ c: (Double, Double, Double)) throws {
        let h = try si(RedlichKisterTests.table56 + "rkm(s, {Sn: \(c.0), Bi: \(c.1), Sb: \(c.2)}, T: 973 K).H")
        let expected = RedlichKisterTests.eq54(c.0, c.1, c.2)
        #expect(abs(h - expected) <= 1e-9 * abs(expected))
    }

    @Test func kohlerAndToopByHand() throws {
        // At x_Sn = 0.2, x_Bi = 0.5, x_Sb = 0.3 (no ternary term), by seed 003 Eqs. 4.5 and 4.8.
        let (sn, bi, sb) = (0.2, 0.5, 0.3)
        func biSn(_ yBi: Double, _ ySn: Double) -> Double { yBi * ySn * (500 - 100 * (yBi - ySn)) }
        func sbSn(_ ySb: Double, _ ySn: Double) -> Double {
            ySb * ySn * (-5695.1 + 782.6 * (ySb - ySn) + 1840.9 * (ySb - ySn) * (ySb - ySn))
        }
        func biSb(_ yBi: Double, _ ySb: Double) -> Double { yBi * ySb * 2230 }
        let kohler = pow(bi + sn, 2) * biSn(bi / (bi + sn), sn / (bi + sn))
            + pow(sn + sb, 2) * sbSn(sb / (sn + sb), sn / (sn + sb))
            + pow(bi + sb, 2) * biSb(bi / (bi + sb), sb / (bi + sb))
        // Toop with Sn asymmetric: the Sn binaries at x_Sn, weighted x_j/(1 - x_Sn); Bi-Sb as Kohler.
        let toop = bi / (1 - sn) * biSn(1 - sn, sn) + sb / (1 - sn) * sbSn(1 - sn, sn)
            + pow(bi + sb, 2) * biSb(bi / (bi + sb), sb / (bi + sb))
        let comp = "{Sn: 0.2, Bi: 0.5, Sb: 0.3}, T: 973 K, ternary: false"
        let k = try si(RedlichKisterTests.table56 + "rkm(s, \(comp), method: \"kohler\").H")
        let t = try si(RedlichKisterTests.table56 + "rkm(s, \(comp), method: \"toop\", asymmetric: \"Sn\").H")
        let m = try si(RedlichKisterTests.table56 + "rkm(s, \(comp)).H")
        #expect(abs(k - kohler) < 1e-9)
        #expect(abs(t - toop) < 1e-9)
        // Where they differ from Muggianu.
        #expect(abs(k - m) > 1)
        #expect(abs(t - m) > 1)
    }

    @Test func chouReducesToMuggianuForSymmetricBinaries() throws {
        // With regular (L0-only) binaries every extrapolation gives Σ x_i x_j L0_ij.
        let text = "s = rk({\"A-B\": [1000 J/mol], \"B-C\": [3000 J/mol], \"A-C\": [-2000 J/mol]})\n"
        for m in ["muggianu", "kohler", "chou"] {
            let h = try si(text + "rkm(s, {A: 0.2, B: 0.3, C: 0.5}, T: 800 K, method: \"\(m)\").H")
            #expect(abs(h - (0.2 * 0.3 * 1000 + 0.3 * 0.5 * 3000 - 0.2 * 0.5 * 2000)) < 1e-9, "\(m)")
        }
        // With asymmetric binaries Chou lies between the others and is not Muggianu.
        let chou = try si(RedlichKisterTests.table56 + "rkm(s, {Sn: 0.2, Bi: 0.5, Sb: 0.3}, T: 973 K, method: \"chou\").H")
        let mug = try si(RedlichKisterTests.table56 + "rkm(s, {Sn: 0.2, Bi: 0.5, Sb: 0.3}, T: 973 K).H")
        #expect(abs(chou - mug) > 0.1)
    }

    @Test func temperatureDependentParameters() throws {
        // L = a + b T: G = x(1-x)(a + bT), H = x(1-x) a, S = -x(1-x) b.
        let text = "s = rk({\"A-B\": [{a: 10000 J/mol, b: -5 J/(mol K)}]})\nr = rkm(s, {A: 0.25, B: 0.75}, T: 1000 K)\n"
        #expect(abs(try si(text + "r.G") - 0.1875 * (10000 - 5000)) < 1e-9)
        #expect(abs(try si(text + "r.H") - 0.1875 * 10000) < 1e-9)
        #expect(abs(try si(text + "r.S") - 0.1875 * 5) < 1e-12)
    }

    /// One composition at a list of temperatures is evaluated at each of them (as `mix` does),
    /// not at the first only; compositions each with its own temperature, in slices on every
    /// core, give what each gives alone.
    @Test func temperatureLists() throws {
        let system = "s = rk({\"Cu-Ni\": [{a: 10000 J/mol, b: -5 J/(mol K)}, 2000 J/mol], \"Ni-Zn\": [-3000 J/mol], \"Cu-Zn\": [{a: 1000 J/mol, b: 2 J/(mol K)}]})\n"
        func list(_ text: String) throws -> [Double] {
            guard case .array(let a) = try run(system + text) else {
                Issue.record("\(text) is not a list")
                return []
            }
            return a.values
        }
        for (f, field) in [("rkm(s, {Cu: 0.25, Ni: 0.75}, T: [800 K, 1000 K, 1200 K]", "G"),
                           ("rkm(s, {Cu: 0.25, Ni: 0.75}, T: [800 K, 1000 K, 1200 K], method: \"kohler\"", "S"),
                           ("rkm(s, {Zn: 0.85, Ni: 0.1, Cu: 0.05}, T: [800 K, 1000 K, 1200 K]", "G"),
                           ("rkm(s, {Zn: 0.85, Ni: 0.1, Cu: 0.05}, T: [800 K, 1000 K, 1200 K], method: \"chou\"", "H"),
                           ("partial(s, {Cu: 0.25, Ni: 0.5, Zn: 0.25}, \"Ni\", T: [800 K, 1000 K, 1200 K]", "G")] {
            let values = try list("\(f)).\(field)")
            #expect(values.count == 3, "\(f)")
            for (i, T) in [800, 1000, 1200].enumerated() {
                let one = try si(system + "\(f.replacingOccurrences(of: "[800 K, 1000 K, 1200 K]", with: "\(T) K"))).\(field)")
                #expect(values.count > i && values[i].bitPattern == one.bitPattern, "\(f) at \(T) K")
            }
        }
        #expect(abs(try list("rkm(s, {Cu: 0.25, Ni: 0.75}, T: [800 K, 1200 K]).G")[1] - 0.1875 * (10000 - 6000 - 1000)) < 1e-9)
        // A list of temperatures gives lists, even of one item or of none.
        #expect(try list("rkm(s, {Cu: 1, Ni: 1}, T: [900 K]).G").count == 1)
        #expect(try list("rkm(s, {Cu: 1, Ni: 1}, T: [] * 1 K).G").isEmpty)
        #expect(try list("partial(s, {Cu: 1, Ni: 1}, \"Cu\", T: [] * 1 K).G").isEmpty)
        // A list of one composition pairs with one temperature, as in mix.
        for e in ["mix(regular(17.5 kJ/mol), x: [0.5], T: [800 K, 900 K])", "rkm(s, [{Cu: 1, Ni: 1}], T: [800 K, 900 K])",
                  "partial(s, [{Cu: 1, Ni: 1}], \"Cu\", T: [800 K, 900 K])"] {
            #expect(diagnostic(system + e)?.id == "E504", "\(e)")
        }
        // One composition at an empty list of temperatures is at none of them (it crashed these).
        for e in ["mix(regular(17.5 kJ/mol), x: 0.5, T: [] * 1 K).G", "scc0(regular(17.5 kJ/mol), x: 0.5, T: [] * 1 K)",
                  "order(braggwilliams(-17.5 kJ/mol), x: 0.5, T: [] * 1 K).eta",
                  "mix(floryhuggins(N1: 1, N2: 100, chi: 0.5), x: 0.5, T: [] * 1 K).G"] {
            #expect(try list(e).isEmpty, "\(e)")
        }
        // partial over 5,151 compositions (two slices on every core) against five alone.
        let grid = "g = grid([\"Cu\", \"Ni\", \"Zn\"], n: 100)\n"
        let (gcu, gni, gzn) = (try list(grid + "g.Cu"), try list(grid + "g.Ni"), try list(grid + "g.Zn"))
        for method in ["muggianu", "kohler"] {
            let h = try list(grid + "partial(s, g, \"Zn\", T: 900 K, method: \"\(method)\").H")
            #expect(h.count == 5_151 && gcu.count == 5_151)
            for i in [0, 17, 4095, 4096, 5_150] where i < min(h.count, gcu.count) {
                let one = try si(system + "partial(s, {Cu: \(gcu[i]), Ni: \(gni[i]), Zn: \(gzn[i])}, \"Zn\", T: 900 K, method: \"\(method)\").H")
                #expect(abs(h[i] - one) <= 1e-9 * max(1, abs(one)), "partial, \(method), row \(i): \(h[i]) against \(one)")
            }
        }
        // 5,001 compositions (two slices), each at its own temperature, against five alone.
        let many = "g = grid([\"Cu\", \"Ni\"], n: 5000)\n"
        let cu = try list(many + "g.Cu")
        for method in ["muggianu", "chou"] {
            let values = try list(many + "rkm(s, g, T: 500 K + g.Cu * 1000 K, method: \"\(method)\").G")
            #expect(values.count == 5_001 && cu.count == 5_001)
            for i in [0, 1, 4095, 4096, 5_000] where i < cu.count {
                let x = cu[i]
                let one = try si(system + "rkm(s, {Cu: \(x), Ni: \(1 - x)}, T: \(500 + x * 1000) K, method: \"\(method)\").G")
                #expect(values.count > i && abs(values[i] - one) <= 1e-9 * max(1, abs(one)), "\(method) row \(i)")
            }
        }
    }

    @Test func partialQuantitiesByAutomaticDifferentiation() throws {
        // Regular binary, Ω = 4000 J/mol: H̄_B = Ω x_A², so 4000 at infinite dilution, 1000 at x_B = ½.
        let text = "s = rk({\"A-B\": [4000 J/mol]})\n"
        #expect(abs(try si(text + "partial(s, {A: 1, B: 0}, \"B\", T: 300 K).H") - 4000) < 1e-9)
        #expect(abs(try si(text + "partial(s, {A: 1, B: 1}, \"B\", T: 300 K).H") - 1000) < 1e-9)
        // Gibbs-Duhem: Σ x_m H̄_m = H for the ternary of Table 5.6, for every method.
        for m in ["muggianu", "kohler", "toop", "hillert", "chou"] {
            let options = "T: 973 K, method: \"\(m)\"" + (m == "toop" || m == "hillert" ? ", asymmetric: \"Sn\"" : "")
            let comp = "{Sn: 0.2, Bi: 0.5, Sb: 0.3}"
            let h = try si(RedlichKisterTests.table56 + "rkm(s, \(comp), \(options)).H")
            var sum = 0.0
            for (name, x) in [("Sn", 0.2), ("Bi", 0.5), ("Sb", 0.3)] {
                sum += x * (try si(RedlichKisterTests.table56 + "partial(s, \(comp), \"\(name)\", \(options)).H"))
            }
            #expect(abs(sum - h) < 1e-9, "\(m): \(sum) vs \(h)")
        }
    }

    @Test func fitRecoversKnownParameters() throws {
        // Synthetic data from Table 5.6's model; the fit of the ternary terms from zero must
        // recover them (to rounding).
        var rows = ["x_Sn,x_Bi,x_Sb,dH_mix [J/mol]"]
        for sn in stride(from: 0.1, through: 0.8, by: 0.1) {
            for bi in stride(from: 0.1, through: 0.9 - sn, by: 0.1) {
                let sb = 1 - sn - bi
                rows.append("\(sn),\(bi),\(sb),\(RedlichKisterTests.eq54(sn, bi, sb))")
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-\(UUID()).csv").path
        try rows.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let text = """
            s0 = rk({"Bi-Sb": [2230 J/mol], "Bi-Sn": [500 J/mol, -100 J/mol], \
            "Sb-Sn": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], "Sn-Bi-Sb": [0 J/mol, 0 J/mol, 0 J/mol]})
            f = fit(s0, load("\(path)"), free: ["Sn-Bi-Sb"])

            """
        let expected = [-4743.1, 11251.87, -13969.1]
        for (v, e) in expected.enumerated() {
            let l = try si(text + "f.parameters[\"Sn-Bi-Sb\"][\(v)]")
            #expect(abs(l - e) < 1e-6 * abs(e), "L\(v): \(l)")
        }
        #expect(try si(text + "f.rms") < 1e-9)
        #expect(try si(text + "f.n") == Double(rows.count - 1))
    }

    @Test(arguments: [
        ("rk({\"Bi-Bi\": [1 J/mol]})", "'Bi-Bi' names a component twice"),
        ("rk({\"Bi\": [1 J/mol]})", "'Bi' is not an interaction of two or three components, such as \"Bi-Sb\" or \"Sn-Bi-Sb\""),
        ("rk({\"A-B-C-D\": [1 J/mol]})", "'A-B-C-D' is not an interaction of two or three components, such as \"Bi-Sb\" or \"Sn-Bi-Sb\""),
        ("rk({\"Bi-Sb\": [2230]})", "'the parameters of Bi-Sb' must be molar energies such as 2230 J/mol, not a dimensionless number"),
        ("rk({\"Bi-Sb\": [1 J/mol], \"Sb-Bi\": [2 J/mol]})", "the interaction Sb-Bi is given twice (in some order)"),
        ("rkm(rk({\"Bi-Sb\": [1 J/mol]}), {Cu: 1, Ni: 1}, T: 900 K)", "the system Bi-Sb has no component 'Cu'"),
        ("rkm(rk({\"Bi-Sb\": [1 J/mol]}), \"BiSbSn\", T: 900 K)", "the system Bi-Sb has no component 'Sn' (character 5 of the formula)"),
        ("rkm(rk({\"Bi-Sb\": [1 J/mol]}), {Bi: 1}, T: 900 K, method: \"toop\")", "toop extrapolates ternary systems; this one has 2 components"),
        ("rkm(rk({\"A-B\": [1 J/mol], \"B-C\": [1 J/mol]}), {A: 1}, T: 900 K, method: \"toop\")", "toop needs the asymmetric component: asymmetric: \"A\""),
        ("rkm(rk({\"A-B\": [1 J/mol], \"B-C\": [1 J/mol]}), {A: 1}, T: 900 K, method: \"chou\", asymmetric: \"A\")",
         "'asymmetric' is used only by the methods \"toop\" and \"hillert\"; chou treats the components alike"),
        ("rkm(rk({\"A-B\": [1 J/mol]}), {A: 1}, T: 900 K, method: \"redlich\")", "there is no method 'redlich'"),
    ])
    func badInput(_ text: String, _ message: String) {
        #expect(diagnostic(text)?.message == message)
    }

    @Test func tablesMasksAndMissingValues() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID()).csv").path
        try "# a comment\nname,T [K],h [kJ/mol]\na,900,1.5\nb,1000,\nc,900,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        let load = "d = load(\"\(path)\")\n"
        #expect(try shown(load + "d.T") == "[900, 1000, 900] K")
        #expect(try shown(load + "d.h") == "[1.5, nan, 2] kJ/mol")
        #expect(try shown(load + "d.name") == "[\"a\", \"b\", \"c\"]")
        #expect(try shown(load + "where(d, d.T == 900 K and d.name != \"c\").h") == "[1.5] kJ/mol")
        #expect(try shown("[true, false, true] or [false, false, true]") == "[true, false, true]")
        #expect(diagnostic("where({a: [1, 2]}, [true])")?.message == "the column a has 2 items, the mask 1")
    }

    @Test func csvErrorsPointIntoTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).csv").path
        try "x_A,x_B,dH_mix [J/mol]\n0.5,0.5,100\n0.4,0.6\n".write(toFile: path, atomically: true, encoding: .utf8)
        let s = Session(output: { _ in })
        let outcome = s.run("load(\"\(path)\")")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.message == "line 3: expected 3 fields, as the header has, found 2")
        #expect(s.render(d).contains("3 | 0.4,0.6"))
        // A missing column for fit names it.
        try "x_A,dH_mix [J/mol]\n0.5,100\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(diagnostic("fit(rk({\"A-B\": [0 J/mol]}), load(\"\(path)\"), free: [\"A-B\"])")?.message
                == "the data has no column 'x_B' for the component B")
        try "x_A,dH_mix [J/mool]\n0.5,100\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(diagnostic("load(\"\(path)\")")?.message == "unknown unit 'J/mool' in the header")
    }
}

#if canImport(Glibc)
import Glibc
#endif
