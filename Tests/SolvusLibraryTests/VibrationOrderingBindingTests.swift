import Foundation
import Testing
import SolvusCore
@testable import SolvusLibrary

/// vibrational, svib, debye_temperature, einstein_temperature, braggwilliams, order and tc_order
/// as the language exposes them (seed 000).
struct VibrationOrderingBindingTests {
    let R = 8.314462618153241

    /// The same model written twice: with vibrational(...) and as one gibbs(...) function that
    /// contains -T ΔS_vib itself.
    let pair = """
        t(x) = 300 K * exp(0.08 * x * (1 - x) + 0.05 * x^2)
        base = subregular(15 kJ/mol, 4 kJ/mol)
        v = vibrational(base, theta: [280 K, 330 K], theta_ab: t)
        g(x, T) = 15 kJ/mol * x * (1 - x) + 4 kJ/mol * x * (1 - x) * (1 - 2 * x) + R * T * (xlnx(x) + xlnx(1 - x)) \
        - T * 3 * R * ((1 - x) * ln(280) + x * ln(330) - ln(300) - 0.08 * x * (1 - x) - 0.05 * x^2)
        w = gibbs(g)

        """

    @Test func everyPhaseFunctionSeesTheTerm() throws {
        for f in ["critical(%@).T", "critical(%@).x", "spinodal(%@, T: 900 K)[0]", "spinodal(%@, T: 900 K)[1]",
                  "binodal(%@, T: 900 K)[0]", "binodal(%@, T: 900 K)[1]", "gap(%@, T: [800 K, 900 K]).binodal_right[1]",
                  "scc0(%@, x: 0.3, T: 1200 K)", "mix(%@, x: 0.3, T: 900 K).G", "mix(%@, x: 0.3, T: 900 K).S",
                  "mix(%@, x: 0.3, T: 900 K).H"] {
            let a = try si(pair + f.replacingOccurrences(of: "%@", with: "v"))
            let b = try si(pair + f.replacingOccurrences(of: "%@", with: "w"))
            #expect(abs(a - b) <= 1e-9 * max(1, abs(a)), "\(f): \(a) against \(b)")
        }
        // and the term changes them: the base model's critical point is elsewhere.
        #expect(abs(try si(pair + "critical(v).T - critical(base).T")) > 10)
    }

    @Test func mixAddsOnlyEntropy() throws {
        let text = "m = regular(17.5 kJ/mol)\nv = vibrational(m, theta: [100 K, 400 K], theta_ab: 250 K)\n"
        let ds = 3 * R * log(200.0 / 250)
        #expect(abs(try si(text + "mix(v, x: 0.5, T: 900 K).S - mix(m, x: 0.5, T: 900 K).S") - ds) < 1e-9)
        #expect(abs(try si(text + "mix(v, x: 0.5, T: 900 K).H - mix(m, x: 0.5, T: 900 K).H")) < 1e-9)
        #expect(abs(try si(text + "mix(v, x: 0.5, T: 900 K).G - mix(m, x: 0.5, T: 900 K).G") + 900 * ds) < 1e-9)
        // A constant Θ_AB moves no phase boundary.
        #expect(abs(try si(text + "critical(v).T - critical(m).T")) < 1e-9)
        // One Θ_AB per composition.
        let list = try run(text + "svib(x: [0.25, 0.5], theta: [100 K, 400 K], theta_ab: [141.421356 K, 200 K])")
        guard case .array(let a) = list else { Issue.record("not a list"); return }
        #expect(a.values.allSatisfy { abs($0) < 1e-6 })
        #expect(diagnostic(text + "critical(vibrational(m, theta: [1 K, 2 K], theta_ab: [1 K, 2 K]))")?.message
                    .contains("only serves mix and svib") == true)
    }

    @Test func multicomponentUsesTheGeometricMeanOfAll() throws {
        let text = """
            th = {Cu: 245 K, Ni: 322 K, Fe: 337 K}
            x = {Cu: 0.2, Ni: 0.3, Fe: 0.5}

            """
        // Θ_alloy = Π Θ_i^{x_i}: zero.
        #expect(abs(try si(text + "svib(x: x, theta: th, theta_ab: exp(0.2 * ln(245) + 0.3 * ln(322) + 0.5 * ln(337)) * 1 K)")) < 1e-12)
        let m = "vibrational(regular(10 kJ/mol), theta: th, theta_ab: 400 K)"
        let expected = 3 * R * (0.2 * log(245.0) + 0.3 * log(322.0) + 0.5 * log(337.0) - log(400.0))
        #expect(abs(try si(text + "mix(\(m), x: x, T: 1000 K).S - mix(regular(10 kJ/mol), x: x, T: 1000 K).S") - expected) < 1e-9)
        #expect(diagnostic(text + "svib(x: {Cu: 0.5, Zr: 0.5}, theta: th, theta_ab: 300 K)")?.message
                    .contains("no Einstein temperature is given for 'Zr'") == true)
    }

    @Test func namedThetasFollowTheModelsComponents() throws {
        // regular({"Cu-Ni": ...}) is a binary in x = x_Ni; theta written Ni first still means Cu is A.
        let text = "m = regular({\"Cu-Ni\": 10 kJ/mol})\nv = vibrational(m, theta: {Ni: 400 K, Cu: 300 K}, theta_ab: 350 K)\n"
        let expected = 3 * R * (0.7 * log(300.0) + 0.3 * log(400.0) - log(350.0))
        #expect(abs(try si(text + "mix(v, x: 0.3, T: 1000 K).S - mix(m, x: 0.3, T: 1000 K).S") - expected) < 1e-9)
        #expect(abs(try si(text + "mix(v, x: {Ni: 0.3, Cu: 0.7}, T: 1000 K).S - mix(m, x: 0.3, T: 1000 K).S") - expected) < 1e-9)
    }

    @Test func elementTemperatures() throws {
        #expect(try shown("debye_temperature(\"Cu\")") == "343 K")
        #expect(abs(try si("einstein_temperature(\"Al\")") - 428 * exp(-1.0 / 3)) < 1e-9)
        // Symbols take Θ_E from the table.
        #expect(abs(try si("svib(x: 0.5, theta: [\"Cu\", \"Au\"], theta_ab: 200 K)")
                    - 3 * R * (0.5 * log(343 * exp(-1.0 / 3)) + 0.5 * log(170 * exp(-1.0 / 3)) - log(200))) < 1e-9)
        #expect(diagnostic("debye_temperature(\"Xx\")")?.message.contains("no Debye temperature for 'Xx'") == true)
        #expect(diagnostic("svib(x: 0.5, theta: [\"Cu\", \"Og\"], theta_ab: 200 K)")?.message.contains("'Og'") == true)
    }

    @Test func badThetaFunctionsAreReported() {
        #expect(diagnostic("f(x) = 1 kJ/mol\nvibrational(regular(1 kJ/mol), theta: [1 K, 2 K], theta_ab: f)")?.message
                    .contains("a temperature") == true)
        #expect(diagnostic("f(x) = (x - 0.5) * 1 K\nvibrational(regular(1 kJ/mol), theta: [1 K, 2 K], theta_ab: f)")?.message
                    .contains("must be positive") == true)
        #expect(diagnostic("vibrational(regular(1 kJ/mol), theta: [1 K, -2 K], theta_ab: 1 K)") != nil)
        #expect(diagnostic("vibrational(vibrational(regular(1 kJ/mol), theta: [1 K, 2 K], theta_ab: 1 K), theta: [1 K, 2 K], theta_ab: 1 K)")?
                    .message.contains("already") == true)
    }

    @Test func orderingThroughTheLanguage() throws {
        let m = "m = braggwilliams(-17.5 kJ/mol)\n"
        #expect(abs(try si(m + "tc_order(m, x: 0.5).T") - 17_500 / (2 * R)) < 1e-9 * 1052)
        #expect(try shown(m + "tc_order(m, x: 0.5).order") == "second")
        #expect(try shown(m + "tc_order(braggwilliams(-17.5 kJ/mol, lattice: \"L1_2\"), x: 0.25).order") == "first")
        // A custom lattice equal to B2 gives B2's numbers.
        #expect(abs(try si(m + "tc_order(braggwilliams(-17.5 kJ/mol, lattice: {a: 0.5, z: 8, z_ab: 8}), x: 0.3).T - tc_order(m, x: 0.3).T")) < 1e-9)
        // Lists: η(T) falls to 0 at T_c; G ≤ G_disordered everywhere.
        let r = try run(m + "order(m, x: 0.5, T: 100 K..1200 K step 100 K)")
        guard case .record(let rec) = r, case .array(let eta)? = rec["eta"], case .array(let g)? = rec["G"],
              case .array(let gd)? = rec["G_disordered"] else { Issue.record("not a record of lists"); return }
        #expect(eta.values.count == 12)
        #expect(zip(eta.values, eta.values.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(eta.values[11] == 0 && eta.values[0] > 0.99)
        #expect(zip(g.values, gd.values).allSatisfy { $0 <= $1 + 1e-9 })
        #expect(diagnostic(m + "order(m, x: 1.2, T: 900 K)")?.message.contains("strictly between 0 and 1") == true)
        #expect(diagnostic("braggwilliams(-1 kJ/mol, lattice: {a: 0.7, z: 8, z_ab: 8})")?.message.contains("no such lattice") == true)
        #expect(diagnostic("order(regular(1 kJ/mol), x: 0.5, T: 1 K)")?.message.contains("order-disorder model") == true)
    }

    @Test func helpForTheNewBuiltins() {
        let s = Session(output: { _ in })
        let expected: [(String, [String])] = [
            ("vibrational", ["vibrational(model, theta:, theta_ab:) -> model", "J/(mol K)", "seed 000", "Kittel"]),
            ("svib", ["svib(x:, theta:, theta_ab:) -> J/(mol K)", "seed 000"]),
            ("debye_temperature", ["debye_temperature(symbol) -> K", "Kittel", "SOURCES.md"]),
            ("einstein_temperature", ["einstein_temperature(symbol) -> K", "e^{-1/3}"]),
            ("braggwilliams", ["braggwilliams(omega, lattice: \"B2\")", "Bragg and E. J. Williams", "molar energy"]),
            ("order", ["order(model, x:, T:)", "J/(mol K)", "(K)"]),
            ("tc_order", ["tc_order(model, x:)", "ΔH_order / ΔS_disorder", "(K)"]),
            ("order_plot", ["order_plot(model, x:, T:, title:) -> plot", "seed 000", "K"]),
        ]
        for (name, parts) in expected {
            let h = s.help(name) ?? ""
            for p in parts { #expect(h.contains(p), "\(name): \(p)") }
        }
    }
}

/// The two pictures: η(T) curves and the ordering line beside a clustering gap.
struct OrderingPlotTests {
    @Test func orderPlotHasOneCurvePerComposition() throws {
        let v = try run("order_plot(braggwilliams(-17.5 kJ/mol), x: [0.3, 0.5], T: 100 K..1200 K step 100 K)")
        guard case .native(let n) = v, let p = n as? PlotValue else { Issue.record("not a plot"); return }
        #expect(p.series.map(\.label) == ["x = 0.3", "x = 0.5"])
        #expect(p.series[1].y.count == 12 && p.series[1].y[11] == 0 && p.series[1].y[0] > 0.99)
    }

    @Test func phaseDiagramDrawsTheOrderingLine() throws {
        let v = try run("phase_diagram(gap(regular(17.5 kJ/mol), T: 300 K..1050 K step 50 K), "
                        + "ordering: tc_order(braggwilliams(-12 kJ/mol), x: [0.1, 0.3, 0.5]))")
        guard case .native(let n) = v, let p = n as? PlotValue else { Issue.record("not a plot"); return }
        #expect(p.series.count == 3)
        let line = p.series[2]
        #expect(line.x == [0.1, 0.3, 0.5])
        for (x, t) in zip(line.x, line.y) { #expect(abs(t - 2 * 12_000 * x * (1 - x) / 8.314462618153241) < 1e-6) }
        #expect(diagnostic("phase_diagram(gap(regular(17.5 kJ/mol), T: [900 K]), ordering: 3)")?.message.contains("tc_order") == true)
    }
}
