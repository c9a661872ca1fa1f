import Testing
import SolvusCore
import SolvusModels
@testable import SolvusLibrary

/// omega, compositions and element data, checked against seed 002 and the reference data's notes
/// (stdlib/SOURCES.md).
struct HEATests {
    @Test func cantorAlloyWithTheDefaults() throws {
        // Issue 3 / seed 002's calculator with the same tables: ΔS = 13.38 J/(mol K) (R ln 5),
        // ΔH = -4.16 kJ/mol, VEC = 8.0, δ = 3.164 %, T̄m = 1801.2 K, Ω = 5.794; hea-bench gives δ = 3.1641 %.
        #expect(abs(try si(#"omega("CoCrFeMnNi").dS"#) - 8.314462618153241 * 1.6094379124341003) < 1e-9)
        #expect(abs(try si(#"omega("CoCrFeMnNi").dH"#) - -4160) < 1e-9)
        #expect(abs(try si(#"omega("CoCrFeMnNi").vec"#) - 8) < 1e-12)
        #expect(abs(try si(#"omega("CoCrFeMnNi").delta"#) * 100 - 3.1641) < 0.0001)
        #expect(abs(try si(#"omega("CoCrFeMnNi").tm"#) - 1801.2) < 0.05)
        #expect(abs(try si(#"omega("CoCrFeMnNi").omega"#) - 5.794) < 0.0005)
        #expect(try shown(#"omega("CoCrFeMnNi").phase"#) == "solid solution")
        #expect(try shown(#"omega("CoCrFeMnNi").rules.guo_liu"#) == "fcc")
    }

    @Test func radiusTablesChangeDeltaAndAreNamed() throws {
        // stdlib/SOURCES.md: Cantor δ is 3.16 % (hea_bench), 1.12 % (CN12, Mn 127 pm), 2.25 % (Miracle).
        #expect(abs(try si(#"omega("CoCrFeMnNi", radius: "cn12").delta"#) * 100 - 1.12) < 0.005)
        #expect(abs(try si(#"omega("CoCrFeMnNi", radius: "miracle").delta"#) * 100 - 2.25) < 0.005)
        #expect(try shown(#"omega("CoCrFeMnNi", radius: "cn12").tables.radius"#).hasPrefix("cn12"))
        #expect(diagnostic(#"omega("CoCrFeMnNi", radius: "pauling")"#)?.message == "there is no radius table 'pauling'")
        // An element without a value in the chosen table leaves what needs it missing, with a note;
        // the other descriptors are computed (dH: 4 × -19 kJ/mol × ½ × ½ for Cu-Si).
        #expect(try shown(#"omega("CuSi", radius: "cn12").delta"#) == "nan %")
        #expect(try shown(#"omega("CuSi", radius: "cn12").dH"#) == "-19 kJ/mol")
        #expect(try shown(#"omega("CuSi", radius: "cn12").missing"#)
                == #"["Si has no radius in the cn12 table: delta is missing; radius: \"hea_bench\" has one"]"#)
        #expect(try shown(#"omega("CuSi", radius: "cn12").phase"#) == "unknown (missing data)")
        // In a list, only the compositions holding that element miss it.
        #expect(try shown(#"omega(["CuSi", "CuNi"], radius: "cn12").delta"#).hasPrefix("[nan, "))
        #expect(try shown(#"omega("CuNi", radius: "cn12")"#).contains("missing") == false)
    }

    @Test func pairEnthalpiesTableOverrideAndMiedema() throws {
        // Takeuchi-Inoue: Cu-Ti -9 kJ/mol, so the equiatomic ΔH_mix is 4 × ¼ × (-9) = -9 kJ/mol.
        #expect(abs(try si(#"omega("CuTi").dH"#) - -9000) < 1e-9)
        #expect(try shown(#"omega("CuTi").pair_source.CuTi"#) == "Takeuchi-Inoue 2005")
        #expect(abs(try si(#"omega("CuTi", pairs: {CuTi: -20 kJ/mol}).dH"#) - -20000) < 1e-9)
        #expect(abs(try si(#"omega("CuTi", pairs: {"Ti-Cu": -20 kJ/mol}).dH"#) - -20000) < 1e-9)
        #expect(try shown(#"omega("CuTi", pairs: {CuTi: -20 kJ/mol}).pair_source.CuTi"#) == "given")
        // Pu is absent from the table: the Miedema value is used, and said so, never the table mean.
        let text = #"omega("FePu", radius: "cn12", tm: "pymatgen", vec: "guo_liu")"#
        #expect(try shown(text + ".pair_source.FePu") == "Miedema (not tabulated)")
        let data = ElementData.shared
        let fe = try #require(data.elements["Fe"]?.miedema), pu = try #require(data.elements["Pu"]?.miedema)
        let expected = 4 * 0.25 * Miedema.equiatomicPairEnthalpy(fe, pu, .liquid)
        #expect(abs(try si(text + ".dH") - expected) < 1e-6)
        #expect(abs(expected - -14_200) > 1000)
    }

    @Test func omegaIsInfiniteWhenTheEnthalpyVanishes() throws {
        // Co-Ni is 0 kJ/mol in the table.
        #expect(try shown(#"omega("CoNi").omega"#) == "inf")
        #expect(try shown(#"omega("CoNi").phase"#) == "solid solution")
    }

    @Test(arguments: [
        (#"omega("CuXx")"#, "unknown element 'Xx' at character 3 of the formula"),
        (#"omega({Cu: -1})"#, "the amount of Cu is -1; amounts must not be negative"),
        (#"omega("Cu50Cu50")"#, "malformed formula: Cu appears twice (character 5)"),
        (#"omega("")"#, "malformed formula: an empty formula has no elements"),
        (#"omega("cu")"#, "malformed formula: expected an element symbol starting with a capital letter, found 'c' (character 1)"),
        (#"omega("Cu0Ti0")"#, "the amounts of a composition must add up to more than zero"),
        (#"omega({Cu: 1, Kk: 1})"#, "unknown element 'Kk'"),
        (#"omega(3)"#, "'comp' must be a composition: a formula such as \"CoCrFeNi\" or a record such as {Cu: 0.5, Ti: 0.5}, not a dimensionless number"),
        (#"omega("CoCrFeNi", rules: {yz_omega_mn: 2})"#, "there is no threshold 'yz_omega_mn'; did you mean 'yz_omega_min'?"),
        (#"grid(["Co", "Cr"], step: 0.3)"#, "1 is not a whole number of steps of 0.3"),
        (#"element("Xx")"#, "unknown element 'Xx'"),
        (#"element("Cu", radius: 1 pm)"#, "Cu is in the element table; give the custom element another symbol"),
    ])
    func badCompositions(_ text: String, _ message: String) {
        #expect(diagnostic(text)?.message == message)
    }

    @Test func errorsInsideAFormulaPointIntoTheString() {
        let s = Session(output: { _ in })
        let outcome = s.run(#"omega("CoCrXxNi")"#, name: "x.solvus")
        guard let d = outcome.diagnostics.first else {
            Issue.record("expected an error")
            return
        }
        #expect(s.render(d) == """
            error[E206]: unknown element 'Xx' at character 5 of the formula
             --> x.solvus:1:12
              |
            1 | omega("CoCrXxNi")
              |            ^^
              = help: to use a custom element, define it first with its data: element("Xx", like: "Fe", radius: 130 pm)

            """)
    }

    @Test func formulasRecordsAndListsAgree() throws {
        #expect(try shown(#"omega("Al0.5CoCrCuFeNi").omega == omega({Al: 0.5, Co: 1, Cr: 1, Cu: 1, Fe: 1, Ni: 1}).omega"#) == "true")
        #expect(try shown(#"omega("Cu50Ti50").dH == omega("CuTi").dH"#) == "true")
        #expect(try shown(#"omega({Cu: 50 at%, Ti: 50 at%}).dH == omega("CuTi").dH"#) == "true")
        #expect(try shown(#"omega(["CuTi", "CoCrFeMnNi"]).dH"#) == "[-9, -4.16] kJ/mol")
    }

    @Test func gridCountsOrderAndSums() throws {
        #expect(try si(#"len(omega(grid(["Co", "Cr", "Fe", "Ni"], step: 0.01)).omega)"#) == 176_851)
        // The documented order: the first element varies slowest, from 1 down to 0.
        #expect(try shown(#"grid(["Cu", "Ti"], n: 2).Cu"#) == "[1, 0.5, 0]")
        #expect(try shown(#"grid(["Cu", "Ti", "Ni"], n: 2).Cu"#) == "[1, 0.5, 0.5, 0, 0, 0]")
        #expect(try shown(#"grid(["Cu", "Ti", "Ni"], n: 2).Ti"#) == "[0, 0.5, 0, 1, 0.5, 0]")
        #expect(try shown(#"g = grid(["Cu", "Ti", "Ni"], n: 4)"# + "\nmin(g.Cu + g.Ti + g.Ni) == 1 and max(g.Cu + g.Ti + g.Ni) == 1") == "true")
        #expect(try si(#"len(grid(["Cu", "Ti", "Ni"], n: 4).Cu)"#) == 15)
        #expect(try si(#"len(omega(equiatomic(["Al", "Co", "Cr", "Fe", "Ni", "Ti"], k: 5)).omega)"#) == 6)
    }

    @Test func customElementsWorkEverywhere() throws {
        let text = """
            element("X", radius: 130 pm, tm: 1800 K, vec: 7)
            omega("CoCrFeX", pairs: {CoX: -2 kJ/mol, CrX: 0 kJ/mol, FeX: -1 kJ/mol})
            """
        #expect(abs(try si(text + ".vec") - 7.5) < 1e-12)
        // Without Miedema parameters, an untabulated pair is missing: dH and omega with it.
        let noPair = "element(\"X\", radius: 130 pm, tm: 1800 K, vec: 7)\nr = omega(\"CoX\")\n"
        #expect(try shown(noPair + "[r.dH, r.omega]") == "[nan kJ/mol, nan]")
        #expect(try shown(noPair + "r.vec") == "8")
        #expect(try shown(noPair + "r.missing[0]").hasPrefix("no pair enthalpy for Co-X"))
        // like: copies an element's data, Miedema parameters included.
        let like = "element(\"Fx\", like: \"Fe\", radius: 127 pm)\nomega(\"CoFx\")"
        #expect(try shown(like + ".pair_source.CoFx") == "Miedema (not tabulated)")
        #expect(try shown("element(\"Fx\", like: \"Fe\")\nelement(\"Fx\").custom") == "true")
    }
}
