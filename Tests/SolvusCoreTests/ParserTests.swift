import Testing
@testable import SolvusCore

struct ParserTests {
    func parse(_ text: String) -> (statements: [Stmt], diagnostics: [Diagnostic]) {
        var result: ([Stmt], [Diagnostic]) = ([], [])
        LargeStack.run {
            var parser = Parser(file: SourceFile(id: 0, name: "t", text: text))
            let s = parser.parseProgram()
            result = (s, parser.diagnostics)
        }
        return result
    }

    /// The tree as a compact string, to check structure and precedence.
    func shape(_ e: Expr) -> String {
        switch e.kind {
        case .number(let v): return NumberFormat.format(v)
        case .quantity(let v, let u): return "\(NumberFormat.format(v / u.scale))[\(u)]"
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return "\(b)"
        case .identifier(let n): return n
        case .list(let items): return "[" + items.map(shape).joined(separator: " ") + "]"
        case .record(let fs): return "{" + fs.map { "\($0.key):\(shape($0.value))" }.joined(separator: " ") + "}"
        case .range(let a, let b, let s): return "(\(shape(a))..\(shape(b))" + (s.map { " step \(shape($0))" } ?? "") + ")"
        case .unary(let op, let x): return "(\(op.rawValue) \(shape(x)))"
        case .chain(let first, let links):
            return "(" + shape(first) + links.map { " \($0.op.rawValue) \(shape($0.rhs))" }.joined() + ")"
        case .power(let a, let b, _): return "(\(shape(a)) ^ \(shape(b)))"
        case .convert(let x, let u, _): return "(\(shape(x)) -> \(u))"
        case .call(let f, let args):
            return shape(f) + "(" + args.map { ($0.label.map { "\($0): " } ?? "") + shape($0.value) }.joined(separator: ", ") + ")"
        case .field(let x, let n, _): return "\(shape(x)).\(n)"
        case .index(let x, let i): return "\(shape(x))[\(shape(i))]"
        case .ifThenElse(let c, let a, let b): return "(if \(shape(c)) then \(shape(a)) else \(shape(b)))"
        case .block(let ss): return "{block \(ss.count)}"
        }
    }

    func expr(_ text: String) -> String {
        let (s, d) = parse(text)
        guard d.isEmpty, let first = s.first, case .expression(let e) = first.kind else {
            return "error: \(d.map(\.message))"
        }
        return shape(e)
    }

    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "(1 - 2 - 3)"),
        ("-2^2", "(- (2 ^ 2))"),
        ("2^3^2", "(2 ^ (3 ^ 2))"),
        ("17.5 kJ/mol", "17.5[kJ/mol]"),
        ("8.314 J/(mol K)", "8.314[J/(mol K)]"),
        ("1 K + 1 kJ/mol", "(1[K] + 1[kJ/mol])"),
        ("10 K / 2", "(10[K] / 2)"),
        ("-1 K", "-1[K]"),
        ("3 m^3/mol", "3[m^3/mol]"),
        ("50 %", "50[%]"),
        ("x -> kJ/mol", "(x -> kJ/mol)"),
        ("0..1 step 0.1", "(0..1 step 0.1)"),
        ("a < b and not c or d", "(((a < b) and (not c)) or d)"),
        ("mix(m, x: 0.3, T: 900 K).G", "mix(m, x: 0.3, T: 900[K]).G"),
        ("xs[-1]", "xs[-1]"),
        ("if a then 1 else 2", "(if a then 1 else 2)"),
        ("{G: 1, \"Bi-Sb\": 2}", "{G:1 Bi-Sb:2}"),
        ("[1, 2,\n 3]", "[1 2 3]"),
        // Number literals ended by a separator or, in a sum, by + or -, take a short path:
        // whatever could continue them takes the full one.
        ("[1, 2 K, 3 * 2, 4^2, 5..6, 7]", "[1 2[K] (3 * 2) (4 ^ 2) (5..6) 7]"),
        ("1 + 2 - 3 * 4 + 5 / 6", "(1 + 2 - (3 * 4) + (5 / 6))"),
        ("1 + 2 == 3", "((1 + 2) == 3)"),
        ("1 + 2 K", "(1 + 2[K])"),
        ("f(1, 2)", "f(1, 2)"),
        ("1 -> K", "(1 -> K)"),
        ("(1)", "1"),
        ("[1, 2] K", "([1 2] * 1[K])"),
    ])
    func precedenceAndShape(_ text: String, _ expected: String) {
        #expect(expr(text) == expected)
    }

    @Test func statements() {
        let (s, d) = parse("T = 900 K\nf(x, T = 300 K) = x * T\nuse \"other.solvus\"\nf(2)")
        #expect(d.isEmpty)
        #expect(s.count == 4)
        guard case .binding(let name, _, _) = s[0].kind, case .function(let fname, _, let params, _) = s[1].kind,
              case .use(let path, _) = s[2].kind, case .expression = s[3].kind else {
            Issue.record("wrong statement kinds")
            return
        }
        #expect(name == "T")
        #expect(fname == "f")
        #expect(params.map(\.name) == ["x", "T"])
        #expect(params[1].defaultValue != nil)
        #expect(path == "other.solvus")
    }

    @Test func blockBodiesAndDocComments() {
        let (s, d) = parse("# Doubles x.\n# Twice.\nf(x) = {\n  y = 2 * x\n  y\n}\n")
        #expect(d.isEmpty)
        #expect(s.first?.doc == "Doubles x.\nTwice.")
        guard case .function(_, _, _, let body) = s.first?.kind, case .block(let inner) = body.kind else {
            Issue.record("expected a block body")
            return
        }
        #expect(inner.count == 2)
    }

    @Test func recoversAndReportsSeveralErrors() {
        let (_, d) = parse("a = 1 +* 2\nb = )\nc = ]\nd = 4")
        #expect(d.count == 3)
    }

    @Test func unclosedBracketNamesWhereItOpened() {
        let (_, d) = parse("x = [1, 2\n")
        #expect(d.first?.message == "expected ']' to close '[' at line 1, column 5")
    }

    @Test func unknownUnitAfterNumberIsAnError() {
        let (_, d) = parse("2 kj")
        #expect(d.first?.message == "unknown unit 'kj'")
        #expect(d.first?.notes.contains("help: did you mean 'kJ'?") == true)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let (_, d) = parse(deep)
        #expect(d.first?.id == "E601")
        let minus = String(repeating: "-", count: 100_000) + "1"
        #expect(parse(minus).diagnostics.first?.id == "E601")
    }

    @Test func longChainsAreFlat() {
        let text = Array(repeating: "1", count: 200_000).joined(separator: "+")
        let (s, d) = parse(text)
        #expect(d.isEmpty)
        guard case .expression(let e) = s.first?.kind, case .chain(_, let links) = e.kind else {
            Issue.record("expected a chain")
            return
        }
        #expect(links.count == 199_999)
    }
}
