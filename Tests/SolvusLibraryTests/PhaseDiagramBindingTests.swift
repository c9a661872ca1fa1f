import Foundation
import Testing
import SolvusCore
@testable import SolvusLibrary

/// critical, spinodal, binodal, gap and scc0 as the language exposes them (seeds 000 and 001).
struct PhaseDiagramBindingTests {
    /// Seed 001's table of A_m-B_n critical points: (m, n, x_c,A, ω/k_B T_c) as printed.
    static let table: [(Double, Double, Double, Double)] = [
        (1, 1, 0.5, 2.0), (2, 2, 0.5, 1.0), (4, 4, 0.5, 0.5), (1, 2, 0.74, 1.457), (2, 4, 0.74, 0.728),
        (1, 3, 0.84, 1.244), (2, 8, 0.89, 0.562),
    ]

    @Test(arguments: table)
    func seed001ClusterTable(_ row: (Double, Double, Double, Double)) throws {
        let (m, n, xc, w) = row
        let text = "c = critical(clusters(m: \(m), n: \(n), omega: 10 kJ/mol))\n"
        let x = try si(text + "c.x_A_clusters")
        let reduced = 10_000 / (8.314462618153241 * (try si(text + "c.T")))
        // To the printed precision: x to 2 decimals; ω/kT_c to 3 (the table truncates 0.72855 to 0.728).
        #expect(abs(x - xc) < 0.005 + 1e-12, "x_c,A \(x)")
        #expect(abs(reduced - w) < 0.001, "ω/kT_c \(reduced)")
    }

    @Test func issueFiguresThroughTheLanguage() throws {
        #expect(try shown("binodal(regular(17.5 kJ/mol), T: 900 K)") == "[0.190033, 0.809967]")
        #expect(try shown("spinodal(regular(17.5 kJ/mol), T: 900 K)") == "[0.309738, 0.690262]")
        #expect(try shown("binodal(regular(17.5 kJ/mol), T: 1100 K)") == "[]")
        #expect(try shown("critical(ideal())") == "[]")
        #expect(try run("binodal(regular(17.5 kJ/mol), T: [800, 900] * 1 K)").listCount == 2)
    }

    @Test func everyModelWorksWithMix() throws {
        // Flory-Huggins at χ = 0 with N1 = N2 = 1 is the ideal solution.
        #expect(abs(try si("mix(floryhuggins(N1: 1, N2: 1, chi: 0), x: 0.3, T: 800 K).G - mix(ideal(), x: 0.3, T: 800 K).G")) < 1e-9)
        // Ω(T) = a + bT: S = -∂G/∂T includes -b x(1-x); H = a x(1-x).
        let text = "m = regular({a: 20 kJ/mol, b: -5 J/(mol K)})\nr = mix(m, x: 0.5, T: 1000 K)\n"
        #expect(abs(try si(text + "r.H") - 5000) < 1e-9)
        #expect(abs(try si(text + "r.S") - (8.314462618153241 * 0.6931471805599453 + 1.25)) < 1e-9)
        // A two-component rk system is a binary model.
        let rk = "critical(rk({\"A-B\": [15 kJ/mol, 4 kJ/mol]})).x"
        #expect(abs(try si(rk) - (try si("critical(subregular(15 kJ/mol, 4 kJ/mol)).x"))) < 1e-12)
    }

    @Test func inverseProblemInThePrelude() throws {
        let text = "p = subregular_for_critical(1310 K, 0.19)\nc = critical(subregular(p.L0, p.L1))\n"
        #expect(abs(try si(text + "c.T") - 1310) < 1e-6)
        #expect(abs(try si(text + "c.x") - 0.19) < 1e-9)
    }

    @Test(arguments: [
        ("critical(floryhuggins(N1: 0, N2: 5, chi: 1))", "N1 must be positive, not 0"),
        ("critical(clusters(m: -1, n: 2, omega: 1 kJ/mol))", "m must be positive"),
        ("binodal(regular(17.5 kJ/mol), T: -5 K)", "the temperature must be above 0 K, not -5 K"),
        ("spinodal(regular(17.5 kJ/mol), T: 0 K)", "the temperature must be above 0 K, not 0 K"),
        ("scc0(regular(17.5 kJ/mol), x: 1.5, T: 900 K)", "x must be strictly between 0 and 1, not 1.5"),
        ("scc0(regular(17.5 kJ/mol), x: 0, T: 900 K)", "x must be strictly between 0 and 1, not 0"),
        ("critical(rk({\"A-B\": [0 J/mol]}))", "[]"),
        ("critical(regular({\"A-B\": 1 kJ/mol, \"B-C\": 1 kJ/mol, \"A-C\": 1 kJ/mol}))", "this needs a binary model; this one has 3 components"),
        ("critical(3 K)", "'model' must be a solution model such as regular(17.5 kJ/mol), not a temperature (K)"),
        ("floryhuggins(N1: 2, N2: 5, chi: 3 K)", "'chi' must be a number or {A: number, B: K}, not a temperature (K)"),
    ])
    func badInput(_ text: String, _ message: String) throws {
        if message == "[]" {
            #expect(try shown(text) == "[]")
        } else {
            #expect(diagnostic(text)?.message == message)
        }
    }
}

/// Models written by the user as Solvus functions, differentiated through the interpreter.
struct UserGibbsTests {
    static let regularText = "g(x, T) = 17.5 kJ/mol * x * (1 - x) + R * T * (xlnx(x) + xlnx(1 - x))\nm = gibbs(g)\n"

    @Test func agreesWithTheBuiltInRegularSolution() throws {
        let t = UserGibbsTests.regularText
        #expect(abs(try si(t + "critical(m).T") - (try si("critical(regular(17.5 kJ/mol)).T"))) < 1e-9)
        for (i, expected) in [0.190033, 0.809967].enumerated() {
            #expect(abs(try si(t + "binodal(m, T: 900 K)[\(i)]") - expected) < 1e-6)
        }
        #expect(abs(try si(t + "mix(m, x: 0.3, T: 900 K).S") - (try si("mix(regular(17.5 kJ/mol), x: 0.3, T: 900 K).S"))) < 1e-12)
        #expect(abs(try si(t + "scc0(m, x: 0.4, T: 1200 K)") - (try si("scc0(regular(17.5 kJ/mol), x: 0.4, T: 1200 K)"))) < 1e-12)
    }

    @Test func temperatureDependenceAndTheGeneralPath() throws {
        // Ω(T) written by hand against subregular with {a, b} terms: the same critical point.
        let text = """
            h(x, T) = (20 kJ/mol - 5 J/(mol K) * T) * x * (1 - x) * (1 + 0.3 * (1 - 2 * x)) + R * T * (xlnx(x) + xlnx(1 - x))
            a = critical(gibbs(h))
            b = critical(subregular({a: 20 kJ/mol, b: -5 J/(mol K)}, {a: 6 kJ/mol, b: -1.5 J/(mol K)}))

            """
        #expect(abs(try si(text + "a.T - b.T")) < 1e-6)
        #expect(abs(try si(text + "a.x - b.x")) < 1e-9)
        // T ln T is not linear in T: the general path (T solved at each x) gives the closed form.
        let log = "k(x, T) = (20 kJ/mol - 1 J/(mol K) * T * ln(T / (1 K))) * x * (1 - x) + R * T * (xlnx(x) + xlnx(1 - x))\nc = critical(gibbs(k))\n"
        let tc = try si(log + "c.T")
        #expect(abs((20_000 - tc * Foundation.log(tc)) - 2 * 8.314462618153241 * tc) < 1e-6)
    }

    @Test(arguments: [
        ("bad(x, T) = 3 J/mol\ngibbs(bad)", "this Gibbs energy does not depend on composition"),
        ("bad(x, T) = x * (1 - x)\ngibbs(bad)", "the Gibbs function's value must be a molar energy such as J/mol, not a dimensionless number"),
        ("bad(x, T) = ln(x - 0.5) * 1 J/mol\ngibbs(bad)", "ln of a negative number (-0.2) is not a real number"),
        ("gibbs(3)", "'G' must be a function G(x, T) such as g(x, T) = ..., not a dimensionless number"),
    ])
    func badGibbsFunctions(_ text: String, _ message: String) {
        #expect(diagnostic(text)?.message == message)
    }
}
