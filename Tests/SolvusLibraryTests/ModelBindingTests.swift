import Testing
import SolvusCore
import SolvusModels
@testable import SolvusLibrary

/// The models as the language exposes them, checked against seed 000.
struct ModelBindingTests {
    @Test func criticalTemperatureOfSeed000Example() throws {
        // Seed 000: Ω = +17.50 kJ/mol → T_c = Ω/2R ≈ 1052 K (1052.38 K with the exact R).
        let t = try si("critical(regular(17.5 kJ/mol)).T")
        #expect(abs(t - 1052.38) < 0.01)
        #expect(try shown("critical(regular(17.5 kJ/mol))") == "{T: 1052.38 K, x: 0.5}")
    }

    @Test func mixPrintsEachQuantityWithItsUnit() throws {
        // The issue's figures: G ≈ -0.8961 kJ/mol, H = 3.675 kJ/mol, S ≈ 5.079 J/(mol K).
        #expect(try shown("mix(regular(17.5 kJ/mol), x: 0.3, T: 900 K)")
                == "{G: -0.896108 kJ/mol, H: 3.675 kJ/mol, S: 5.07901 J/(mol K)}")
        #expect(abs(try si("mix(regular(17.5 kJ/mol), x: 0.3, T: 900 K).G") - (-896.108)) < 1e-3)
    }

    @Test func omegaInOtherUnitsGivesTheSameAnswer() throws {
        let a = try si("mix(regular(17500 J/mol), x: 0.4, T: 800 K).G")
        let b = try si("mix(regular(17.5 kJ/mol -> eV/atom), x: 0.4, T: 800 K).G")
        let c = try si("mix(regular(4.18260038 kcal/mol), x: 0.4, T: 800 K).G")
        #expect(abs(a - b) < 1e-9)
        #expect(abs(a - c) < 1e-4)
    }

    @Test func idealMixingIsAllEntropy() throws {
        // ΔG = R T ln(1/2) at x = 1/2: -5.763 kJ/mol at 1000 K.
        #expect(abs(try si("mix(ideal(), x: 0.5, T: 1000 K).G") - (-8.314462618153241 * 1000 * 0.6931471805599453)) < 1e-9)
        #expect(try si("mix(ideal(), x: 0.5, T: 1000 K).H") == 0)
    }

    /// mix over a long list of x writes its slices in place on every core (300,001 points: 74
    /// slices, three rounds): the values of the model's own loop, to the bit, and each point
    /// that of the one-point call.
    @Test func mixOverALongListIsTheModelsLoop() throws {
        guard case .native(let native) = try run("subregular(15 kJ/mol, 4 kJ/mol)"),
              let value = native as? SolutionModelValue, case .binary(let model) = value.kind,
              case .array(let x) = try run("linspace(0, 1, 300001)"),
              case .record(let r) = try run("mix(subregular(15 kJ/mol, 4 kJ/mol), x: linspace(0, 1, 300001), T: 700 K)")
        else {
            Issue.record("not a binary model, a list and a record")
            return
        }
        let expected = model.mixing(x: x.values, T: [700])
        func differences(_ name: String, _ column: [Double]) -> Int {
            guard case .array(let a)? = r[name], a.values.count == column.count else { return -1 }
            return zip(a.values, column).filter { $0.bitPattern != $1.bitPattern }.count
        }
        #expect(x.values.count == 300_001)
        #expect(differences("G", expected.G) == 0 && differences("H", expected.H) == 0 && differences("S", expected.S) == 0)
        for i in [1, 4096, 131_072, 299_999] {
            let one = try si("mix(subregular(15 kJ/mol, 4 kJ/mol), x: \(x.values[i]), T: 700 K).G")
            #expect(abs(one - expected.G[i]) <= 1e-12 * abs(expected.G[i]), "x = \(x.values[i])")
        }
    }

    @Test func broadcastingOverCompositionAndTemperature() throws {
        #expect(try run("mix(regular(17.5 kJ/mol), x: 0..1 step 0.01, T: 900 K).G").listCount == 101)
        #expect(try run("mix(regular(17.5 kJ/mol), x: 0.5, T: [800, 900, 1000] * 1 K).S").listCount == 3)
        #expect(try run("mix(regular(17.5 kJ/mol), x: [0.1, 0.2], T: [800, 900] * 1 K).G").listCount == 2)
        let sum = try si("sum(mix(regular(17.5 kJ/mol), x: 0.0001..0.9999 step 0.0001, T: 900 K).G)")
        #expect(sum.isFinite && sum < 0)
    }

    @Test func multicomponentCompositions() throws {
        // Equal Ω for every pair: ΔH = Ω Σ_{i<j} x_i x_j = 10 kJ/mol × 3 × 1/9 for an equimolar ternary.
        #expect(abs(try si("mix(regular(10 kJ/mol), x: {A: 1, B: 1, C: 1}, T: 1000 K).H") - 10_000.0 / 3) < 1e-9)
        let h = try si("""
            m = regular({"Cu-Ni": 10 kJ/mol, "Cu-Ag": 20 kJ/mol, "Ag-Ni": 30 kJ/mol})
            mix(m, x: {Cu: 0.2, Ni: 0.3, Ag: 0.5}, T: 1000 K).H
            """)
        #expect(abs(h - (10_000 * 0.2 * 0.3 + 20_000 * 0.2 * 0.5 + 30_000 * 0.3 * 0.5)) < 1e-9)
        // A list of compositions broadcasts.
        #expect(try run("mix(ideal(), x: [{A: 1, B: 1}, {A: 1, B: 3}], T: 1000 K).S").listCount == 2)
    }

    @Test(arguments: [
        ("mix(regular(17.5 kJ/mol), x: 1.2, T: 900 K)", "the mole fraction x = 1.2 is outside 0 ... 1"),
        ("mix(regular(17.5 kJ/mol), x: 0.3, T: -5 K)", "the temperature must be above 0 K, not -5 K"),
        ("mix(regular(17.5 kJ/mol), x: 0.3, T: 900)", "'T' must be a temperature, not a dimensionless number"),
        ("regular(17.5 kJ)", "'omega' must be a molar energy, not an energy (kJ)"),
        ("mix(regular(1 kJ/mol), x: 0.3, T: 900 K, P: 1 bar)", "'mix' has no parameter named 'P'"),
        ("mix(regular(1 kJ/mol), x: 0.3)", "missing argument 'T' in call to 'mix'"),
        ("mix(regular({\"A-B\": 1 kJ/mol, \"A-C\": 2 kJ/mol}), x: {A: 1, B: 1, C: 1}, T: 900 K)",
         "no interaction is given for the pair B-C"),
        ("mix(ideal(), x: {A: -1, B: 2}, T: 900 K)", "the amount of A is -1; amounts must not be negative"),
        ("critical(3)", "'model' must be a solution model such as regular(17.5 kJ/mol), not a dimensionless number"),
        ("ln(-0.5)", "ln of a negative number (-0.5) is not a real number"),
        ("ln(0)", "ln(0) is minus infinity"),
        ("ln(2 K)", "'x' must be a dimensionless number, not a temperature (K)"),
    ])
    func clearErrors(_ text: String, _ message: String) {
        #expect(diagnostic(text)?.message == message)
    }

    @Test func noCriticalPointIsAnEmptyResult() throws {
        #expect(try shown("critical(regular(-5 kJ/mol))") == "[]")
        #expect(try shown("critical(ideal())") == "[]")
    }
}
