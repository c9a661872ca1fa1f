import Foundation
import Testing
import SolvusCore
@testable import SolvusLibrary
import SolvusStdlib

struct PreludeAndBuiltinTests {
    @Test func preludeLoadsWithoutErrors() {
        // Each stdlib file runs alone in a session with only the built-ins.
        for file in Stdlib.files {
            let s = Session(output: { _ in })
            let outcome = s.run(file.text, name: file.name)
            #expect(outcome.diagnostics.isEmpty, "\(file.name): \(outcome.diagnostics.map(\.message))")
        }
    }

    @Test(arguments: [
        // SI 2019 exact values and the products CODATA 2018 gives from them.
        ("R", 8.314462618153241),
        ("kB", 1.380649e-23),
        ("NA", 6.02214076e23),
        ("F", 96485.33212331001),
        ("qe", 1.602176634e-19),
        ("h_planck", 6.62607015e-34),
    ])
    func constants(_ name: String, _ value: Double) throws {
        #expect(abs(try si(name) - value) <= 1e-15 * value)
    }

    /// sum and mean add in eight interleaved partial sums: exact where every partial sum is,
    /// the same tail handling for any length, and closer to the exact sum of a long list than
    /// one running sum (checked against a compensated sum, Neumaier's).
    @Test func sumsAddInInterleavedPartialSums() throws {
        #expect(try si("sum([])") == 0)
        for n in [1, 7, 8, 9, 15, 16, 17, 1000] {
            let list = "[" + (1...n).map { String($0) }.joined(separator: ", ") + "]"
            #expect(try si("sum(\(list))") == Double(n * (n + 1) / 2), "n = \(n)")
        }
        #expect(try si("mean([1, 2, 3, 4, 5, 6, 7, 8, 9])") == 5)
        // 10^6 items of 0.1: one running sum drifts by about 1e-6 relative; this one stays
        // within a few ulps of the compensated sum.
        let s = Session(output: { _ in })
        var outcome = Session.Outcome()
        LargeStack.run { outcome = s.run("xs = linspace(0.1, 0.1, 1000000) + linspace(0, 1e-9, 1000000)\nsum(xs)") }
        guard case .number(let total)? = outcome.values.last?.value,
              case .array(let xs)? = s.evaluator.globals.lookup("xs") else {
            Issue.record("no sum: \(outcome.diagnostics.map(\.message))")
            return
        }
        var neumaier = 0.0, compensation = 0.0, running = 0.0
        for x in xs.values {
            running += x
            let t = neumaier + x
            compensation += Swift.abs(neumaier) >= Swift.abs(x) ? (neumaier - t) + x : (x - t) + neumaier
            neumaier = t
        }
        let exact = neumaier + compensation
        #expect(Swift.abs(total.value - exact) <= 1e-12 * exact)
        #expect(Swift.abs(total.value - exact) < Swift.abs(running - exact))
    }

    @Test func preludeFunctionsKeepThePreludesNames() throws {
        // Tc = Ω / 2R with the exact R: 1052.38 K, whatever the user calls R.
        #expect(try shown("R = 8.314\ntc_regular(17.5 kJ/mol)") == "1052.38 K")
        #expect(try shown("R = 8.314\nR") == "8.314")
        #expect(try shown("ideal_entropy = 3\nT0 = 1 K\ncelsius(25)") == "298.15 K")
    }

    @Test func shadowingWarnsOnceAndTheUsersValueWins() {
        let session = Session(output: { _ in })
        var outcome = Session.Outcome()
        LargeStack.run { outcome = session.run("mix = 3\nmix = 4\nR = 1\nmix * 2") }
        #expect(outcome.diagnostics.isEmpty)
        #expect(outcome.values.last?.value.description == "8")
        #expect(outcome.warnings.map(\.id) == ["W201", "W201"])
        #expect(outcome.warnings.first?.severity == .warning)
        #expect(outcome.warnings.first?.message == "'mix' now names your value and hides the built-in function 'mix'")
        #expect(outcome.warnings.last?.message == "'R' now names your value and hides the prelude constant 'R'")
        // Help follows the lookup: the user's own binding first.
        #expect(session.help("mix")?.hasPrefix("mix = 4") == true)
        #expect(session.help("miedema")?.hasPrefix("miedema(") == true)
        #expect(session.help("R")?.hasPrefix("R = 1") == true)
        // A local name in a function shadows quietly.
        LargeStack.run { outcome = session.run("f(x) = { ln = x\n ln * 2 }\nf(2)") }
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.values.last?.value.description == "4")
    }

    @Test func gasConstantIsConsistent() throws {
        #expect(abs(try si("R - kB * NA")) < 1e-12)
        #expect(abs(try si("F - qe * NA")) < 1e-9)
    }

    @Test(arguments: [
        ("sqrt(16 m^2)", "4 m"),
        ("sum([1, 2, 3] * 1 kJ)", "6 kJ"),
        ("mean([300, 400] * 1 K)", "350 K"),
        ("max([3, 9, 4])", "9"),
        ("min(3 K, 2 K, 5 K)", "2 K"),
        ("len(0..1 step 0.1)", "11"),
        ("linspace(0, 1, 5)", "[0, 0.25, 0.5, 0.75, 1]"),
        ("round(1.26 kJ)", "1 kJ"),
        ("round(17.53456 kJ/mol, 0.01 kJ/mol)", "17.53 kJ/mol"),
        ("round(1234.5 J/mol, 0.1 kJ/mol)", "1.2 kJ/mol"),
        ("round([1.26, 3.74] K, 0.5 K)", "[1.5, 3.5] K"),
        ("round(0.123456, 0.001)", "0.123"),
        ("round(17.53456 kJ/mol, 0.01 kJ/mol) == 17.53 kJ/mol", "true"),
        ("abs(-3 K)", "3 K"),
        ("xlnx(0)", "0"),
        ("exp(ln(2))", "2"),
        ("ln([1, 1])", "[0, 0]"),
        ("celsius(25)", "298.15 K"),
        ("in_celsius(1000 K)", "726.85"),
        ("tc_regular(17.5 kJ/mol)", "1052.38 K"),
        ("ideal_entropy(0.5)", "5.76315 J/(mol K)"),
        ("sq(x) = x * x\nmap(sq, [1, 2, 3])", "[1, 4, 9]"),
        ("str(1052.38 K)", "1052.38 K"),
        ("assert_eq(1 kJ, 1000 J)", "true"),
    ])
    func builtins(_ text: String, _ expected: String) throws {
        #expect(try shown(text) == expected)
    }

    /// round(x, step): step of x's dimension, positive.
    @Test func roundToAStepChecksTheStep() {
        #expect(diagnostic("round(17.5 kJ/mol, 1 K)")?.message == "'step' must be a multiple of a molar energy (kJ/mol), not a temperature (K)")
        #expect(diagnostic("round(17.5 kJ/mol, -1 kJ/mol)")?.message.hasPrefix("the step must be positive") == true)
        #expect(diagnostic("round(17.5 kJ/mol, 0 kJ/mol)") != nil)
        #expect(diagnostic("round(17.5, \"a\")") != nil)
    }

    @Test func assertionsFailWithTheDifference() {
        let d = diagnostic("assert_eq(1 kJ, 1001 J, 0.5 J)")
        #expect(d?.message == "assertion failed: 1 kJ and 1001 J differ by 0.001 kJ, more than 0.5 J")
    }

    @Test func helpCoversBuiltinsPreludeAndUnits() {
        let s = Session(output: { _ in })
        #expect(s.help("mix")?.hasPrefix("mix(model, x:, T:) -> {G, H, S}") == true)
        #expect(s.help("R")?.contains("CODATA 2018") == true)
        #expect(s.help("celsius")?.contains("298.15 K") == true)
        #expect(s.help("eV")?.contains("1.602176634e-19") == true)
        #expect(s.help("nonsense") == nil)
    }

    /// Every "Example: EXPR is VALUE." line in the documentation holds.
    @Test func documentedExamplesAreTrue() throws {
        let s = Session(output: { _ in })
        var checked = 0
        for (_, f) in s.evaluator.builtins {
            for line in (f.doc ?? "").split(separator: "\n") where line.hasPrefix("Example: ") {
                let body = line.dropFirst("Example: ".count)
                guard let split = body.range(of: " is ", options: .backwards) else { continue }
                let expression = String(body[..<split.lowerBound])
                var expected = String(body[split.upperBound...])
                if expected.hasSuffix(".") { expected.removeLast() }
                #expect(try shown(expression) == expected, "\(f.name): \(expression)")
                checked += 1
            }
        }
        #expect(checked >= 4)
    }

    @Test func everyBuiltinHasADocString() {
        let s = Session(output: { _ in })
        for (name, f) in s.evaluator.builtins {
            #expect((f.doc ?? "").count > 20, "\(name) needs documentation")
        }
    }

    @Test func printWritesToTheSessionOutput() {
        var out = ""
        let s = Session(output: { out += $0 })
        _ = s.run("print(\"T =\", 900 K, [1, 2])")
        #expect(out == "T = 900 K [1, 2]\n")
    }

    @Test func invalidUTF8IsReportedWithItsPlace() {
        let s = Session(output: { _ in })
        let outcome = s.run(bytes: Array("x = 1\ny = \"".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8), name: "bad.solvus")
        #expect(outcome.diagnostics.first?.message == "the text is not valid UTF-8 (first bad byte at line 2, column 6)")
    }

    @Test func aSessionSurvivesErrorsAndKeepsItsVariables() throws {
        let s = Session(output: { _ in })
        #expect(s.run("T = 900 K").succeeded)
        #expect(!s.run("1 K + 1 kJ/mol").succeeded)
        #expect(!s.run("(((").succeeded)
        #expect(s.run("T + 1 K").lastExpressionValue?.description == "901 K")
    }
}
