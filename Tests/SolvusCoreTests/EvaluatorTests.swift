import Testing
@testable import SolvusCore

struct EvaluatorTests {
    @Test(arguments: [
        ("1 + 2 * 3", "7"),
        ("2^10", "1024"),
        ("-2^2", "-4"),
        ("[1, 2, 3] * 2", "[2, 4, 6]"),
        ("[1, 2, 3] + [10, 20, 30]", "[11, 22, 33]"),
        ("10 - [1, 2]", "[9, 8]"),
        ("0..1 step 0.25", "[0, 0.25, 0.5, 0.75, 1]"),
        ("1..3", "[1, 2, 3]"),
        ("3..1 step -1", "[3, 2, 1]"),
        ("len(0..1 step 0.1)", "unknown"),
        ("{G: 1 K, H: 2}.G", "1 K"),
        ("[{a: 1}, {a: 2}].a", "[1, 2]"),
        ("[10, 20, 30][1]", "20"),
        ("[10, 20, 30][-1]", "30"),
        ("if 1 K < 2 K then \"yes\" else \"no\"", "yes"),
        ("1 K == 1 K and not (2 > 3)", "true"),
        ("[1, 2, 3] > 1.5", "[false, true, true]"),
        ("\"a\" + \"b\"", "ab"),
        ("f(x, y = 2) = x * y\nf(3)", "6"),
        ("f(x, y = 2) = x * y\nf(y: 4, x: 3)", "12"),
        ("g(n) = if n <= 1 then 1 else n * g(n - 1)\ng(10)", "3.6288e6"),
        ("h(x) = {\n  a = x + 1\n  b = a * 2\n  b\n}\nh(1)", "4"),
        ("a = 2\nk(x) = a * x\na = 3\nk(1)", "3"),
        ("K", "1 K"),
        // The short paths for literals: long written sums and lists of numbers.
        ("1 + 2 - 3 * 4 + 1", "-8"),
        ("2 * 3 + 1 - 0.5", "6.5"),
        ("[1, 2, 3]", "[1, 2, 3]"),
        ("[1, 2, 3 K]", "[1, 2, 3 K]"),
        ("[1 K, 2, 3]", "[1 K, 2, 3]"),
        ("[1, 2, \"a\"][2]", "a"),
    ])
    func evaluates(_ text: String, _ expected: String) throws {
        if expected == "unknown" { return }  // needs a built-in: covered in SolvusLibraryTests
        #expect(try shown(text) == expected)
    }

    /// The short path for sums of literals keeps units checked: a plain number then a quantity.
    @Test func sumsOfLiteralsStillCheckUnits() {
        #expect(throws: Diagnostic.self) { try shown("1 + 2 + 1 K") }
        #expect(throws: Diagnostic.self) { try shown("1 K + 2 + 3") }
    }

    @Test(arguments: [
        ("1 K + 1 kJ/mol", "E301", "cannot add a temperature (K) and a molar energy (kJ/mol)"),
        ("1 K < 1 m", "E301", "cannot compare a temperature (K) and a length (m)"),
        ("1 / 0", "E501", "division by zero"),
        ("[1, 2] / [1, 0]", "E501", "division by zero"),
        ("[1, 2] + [1, 2, 3]", "E504", "cannot combine lists of different lengths (2 and 3)"),
        ("1 K -> kJ/mol", "E302", "cannot convert a temperature (K) to a molar energy (kJ/mol)"),
        ("tempreature = 1\ntemperature", "E201", "unknown name 'temperature'"),
        ("{G: 1}.H", "E203", "this record has no field 'H'"),
        ("f(x) = x\nf(1, 2)", "E404", "too many arguments to 'f' (it takes 1)"),
        ("f(x) = x\nf(y: 1)", "E402", "'f' has no parameter named 'y'"),
        ("f(x, y) = x\nf(1)", "E401", "missing argument 'y' in call to 'f'"),
        ("f(n) = f(n + 1)\nf(1)", "E602", "function calls nested more than 10000 deep"),
        ("(-8)^0.5", "E502", "a negative number (-8) raised to a fractional power (0.5) is not a real number"),
        ("(2 m)^0.5", "E502", "cannot raise a length (m) to the power 0.5: the unit would have a fractional power"),
        ("0..1 step 0", "E502", "the step of a range must not be zero"),
        ("0..1e12", "E603", "this would make 1000000000001 values, more than the limit of 50000000"),
        ("0..5e7", "E603", "this would make 50000001 values, more than the limit of 50000000"),
        ("if 1 then 2 else 3", "E503", "the condition of 'if' must be a boolean, not a dimensionless number"),
        ("[1][3]", "E505", "index 3 is out of range for a list of 1 items"),
        ("2(3)", "E405", "a dimensionless number cannot be called like a function"),
    ])
    func errors(_ text: String, _ id: String, _ message: String) {
        let d = diagnostic(text)
        #expect(d?.id == id)
        #expect(d?.message == message)
    }

    @Test func unknownNameSuggestsTheClosest() {
        let d = diagnostic("temperature = 1\ntemprature")
        #expect(d?.notes.contains("help: did you mean 'temperature'?") == true)
    }

    @Test func dimensionErrorPointsAtTheOperatorAndBothOperands() {
        let sources = SourceMap()
        let file = sources.add(name: "x.solvus", text: "y = 1 K + 1 kJ/mol")
        var parser = Parser(file: file)
        let statements = parser.parseProgram()
        do {
            try Evaluator().run(statements)
            Issue.record("expected an error")
        } catch let d as Diagnostic {
            let text = DiagnosticRenderer().render(d, sources: sources)
            #expect(text == """
                error[E301]: cannot add a temperature (K) and a molar energy (kJ/mol)
                 --> x.solvus:1:9
                  |
                1 | y = 1 K + 1 kJ/mol
                  |     ~~~ ^ ~~~~~~~~

                """)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func interruptStopsEvaluation() throws {
        let file = SourceMap().add(name: "t", text: "f(n) = if n > 0 then f(n - 1) else 0\nf(100)")
        var parser = Parser(file: file)
        let statements = parser.parseProgram()
        let evaluator = Evaluator()
        var calls = 0
        // As if Ctrl-C came during the 50th step.
        evaluator.takeInterrupt = { calls += 1; return calls == 50 }
        var error: Error?
        LargeStack.run {
            do { try evaluator.run(statements) } catch let e { error = e }
        }
        #expect((error as? Diagnostic)?.id == "E600")
        // The definition made before the interrupt is still there.
        #expect(evaluator.globals.lookup("f") != nil)
    }

    @Test func timeLimitStopsARunawayScript() {
        let sources = SourceMap()
        let file = sources.add(name: "t", text: "f(n) = if n > 5000 then 0 else f(n + 1) + f(n + 1)\nf(0)")
        var parser = Parser(file: file)
        let statements = parser.parseProgram()
        let evaluator = Evaluator()
        evaluator.limits.timeLimit = .milliseconds(200)
        var error: Error?
        LargeStack.run {
            do { try evaluator.run(statements) } catch let e { error = e }
        }
        #expect((error as? Diagnostic)?.id == "E604")
    }
}
