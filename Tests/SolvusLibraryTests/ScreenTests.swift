import SolvusCore
import Testing
@testable import SolvusLibrary

/// `screen` streams a model over a composition space in chunks: its answers must be those of
/// the materialised computation (the whole grid evaluated at once, then filtered and sorted here,
/// independently), and the same to the last bit whatever the number of threads.
@Suite struct ScreenTests {
    static func session(_ text: String) -> (Session, Session.Outcome) {
        let s = Session(output: { _ in })
        var outcome = Session.Outcome()
        LargeStack.run { outcome = s.run(text) }
        return (s, outcome)
    }

    static func numbers(_ v: Value?) -> [Double] {
        switch v {
        case .array(let a)?: return a.values
        case .number(let q)?: return [q.value]
        default: return []
        }
    }

    static func field(_ v: Value?, _ path: String) -> Value? {
        var v = v
        for name in path.split(separator: ".") {
            guard case .record(let r)? = v else { return nil }
            v = r[String(name)]
        }
        return v
    }

    /// Six elements at 1/20: 53,130 compositions, two chunks of the stream.
    static let setup = """
        yz(d) = d.omega > 1.1 and d.delta < 6.6 %
        big(d) = d.omega
        g = grid(["Al", "Co", "Cr", "Fe", "Ni", "Ti"], step: 0.05)
        o = omega(g)
        """

    @Test func streamedEqualsMaterialised() throws {
        let (s, outcome) = ScreenTests.session(ScreenTests.setup + """

            r = screen(g, omega, where: yz, by: big, keep: 50, bins: [0, 1, 2, 5, 10, 100], threads: 2)
            """)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        let o = s.evaluator.globals.lookup("o"), r = s.evaluator.globals.lookup("r")
        let omega = ScreenTests.numbers(ScreenTests.field(o, "omega"))
        let delta = ScreenTests.numbers(ScreenTests.field(o, "delta"))
        #expect(omega.count == 53_130)
        // The materialised answer, computed here.
        let rows = (0..<omega.count).filter { omega[$0] > 1.1 && delta[$0] < 0.066 }
        let ranked = rows.filter { !omega[$0].isNaN }.sorted { omega[$0] != omega[$1] ? omega[$0] > omega[$1] : $0 < $1 }
        #expect(ScreenTests.numbers(ScreenTests.field(r, "count")) == [53_130])
        #expect(ScreenTests.numbers(ScreenTests.field(r, "matched")) == [Double(rows.count)])
        #expect(rows.count > 1000 && rows.count < 53_130, "the filter should keep some and drop some")
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.row")) == ranked.prefix(50).map(Double.init))
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.omega")).map(\.bitPattern) == ranked.prefix(50).map { omega[$0].bitPattern })
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.by")).map(\.bitPattern) == ranked.prefix(50).map { omega[$0].bitPattern })
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.delta")).map(\.bitPattern) == ranked.prefix(50).map { delta[$0].bitPattern })
        // The kept compositions are the grid's rows.
        guard case .native(let comp as CompositionSet)? = ScreenTests.field(r, "top.comp"),
              case .native(let grid as CompositionGrid)? = s.evaluator.globals.lookup("g") else {
            Issue.record("no compositions in top")
            return
        }
        let table = grid.lattice.fractionTable
        for (i, row) in ranked.prefix(50).enumerated() {
            let expected = grid.lattice.counts(atRow: row).map { table[$0] }
            #expect(Array(comp.fractions[(i * 6)..<((i + 1) * 6)]) == expected)
        }
        // Reductions: max, min, mean in the space's order, histogram counts.
        let finite = rows.filter { !omega[$0].isNaN }
        let maxRow = finite.max { omega[$0] != omega[$1] ? omega[$0] < omega[$1] : $0 > $1 } ?? -1
        let minRow = finite.min { omega[$0] != omega[$1] ? omega[$0] < omega[$1] : $0 < $1 } ?? -1
        #expect(ScreenTests.numbers(ScreenTests.field(r, "max.row")) == [Double(maxRow)])
        #expect(ScreenTests.numbers(ScreenTests.field(r, "min.row")) == [Double(minRow)])
        var sum = 0.0
        for row in finite { sum += omega[row] }
        #expect(ScreenTests.numbers(ScreenTests.field(r, "mean")).map(\.bitPattern) == [(sum / Double(finite.count)).bitPattern])
        let edges = [0.0, 1, 2, 5, 10, 100]
        let counts = (0..<5).map { b in
            finite.filter { omega[$0] >= edges[b] && (b == 4 ? omega[$0] <= edges[b + 1] : omega[$0] < edges[b + 1]) }.count
        }
        #expect(ScreenTests.numbers(ScreenTests.field(r, "histogram.counts")) == counts.map(Double.init))
        // Verdicts travel with their rows.
        guard let phases = ScreenTests.field(r, "top.phase"), let n = phases.listCount else {
            Issue.record("no verdicts in top")
            return
        }
        #expect(n == 50)
        #expect((0..<n).allSatisfy { if case .string("solid solution") = phases.item($0) { return true } else { return false } })
    }

    @Test func threadsDoNotChangeTheResult() {
        var shown: [String] = []
        for threads in [1, 2, 3] {
            let (s, outcome) = ScreenTests.session(ScreenTests.setup + """

                r = screen(g, omega, where: yz, by: big, keep: 20, order: "min", threads: \(threads))
                """)
            #expect(outcome.diagnostics.isEmpty)
            shown.append(s.evaluator.globals.lookup("r")?.description ?? "")
        }
        #expect(shown[0].count > 200)
        #expect(shown[0] == shown[1])
        #expect(shown[0] == shown[2])
    }

    /// Any function of a set of compositions is a model: called once per chunk.
    @Test func aFunctionModelMatchesTheModelOverTheWholeGrid() {
        let (s, outcome) = ScreenTests.session("""
            sys = rk({"Sn-Bi": [500 J/mol, -100 J/mol], "Bi-Sb": [2230 J/mol], "Sn-Sb": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol]})
            f(c) = rkm(sys, c, T: 973 K)
            h(d) = d.H
            g = grid(["Sn", "Bi", "Sb"], n: 400)
            whole = rkm(sys, g, T: 973 K).H
            r = screen(g, f, by: h, keep: 10, order: "min")
            """)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        let whole = ScreenTests.numbers(s.evaluator.globals.lookup("whole"))
        let r = s.evaluator.globals.lookup("r")
        #expect(whole.count == 80_601)
        let ranked = (0..<whole.count).sorted { whole[$0] != whole[$1] ? whole[$0] < whole[$1] : $0 < $1 }
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.row")) == ranked.prefix(10).map(Double.init))
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.H")).map(\.bitPattern) == ranked.prefix(10).map { whole[$0].bitPattern })
        #expect(ScreenTests.numbers(ScreenTests.field(r, "matched")) == [80_601])
    }

    /// Without by:, the first matches in the space's order.
    @Test func withoutByTheFirstMatchesAreKept() {
        let (s, _) = ScreenTests.session(ScreenTests.setup + """

            w(d) = d.vec >= 8
            r = screen(g, omega, where: w, keep: 7)
            """)
        let vec = ScreenTests.numbers(ScreenTests.field(s.evaluator.globals.lookup("o"), "vec"))
        let first = (0..<vec.count).filter { vec[$0] >= 8 }.prefix(7).map(Double.init)
        #expect(ScreenTests.numbers(ScreenTests.field(s.evaluator.globals.lookup("r"), "top.row")) == first)
    }

    @Test(arguments: [
        ("screen(g, omega, where: big)", "E"),
        ("screen(g, omega, by: yz)", "E"),
        ("screen(g, omega, keep: -1)", "E"),
        ("screen(g, omega, order: \"up\")", "E"),
        ("screen(g, omega, bins: [2, 1], by: big)", "E"),
        ("screen(g, omega, options: {radius: \"nope\"})", "E"),
        ("f(c) = omega(c)\nscreen(g, f, options: {radius: \"miracle\"})", "E"),
        ("screen(g, 3)", "E"),
    ])
    func misuseIsAClearError(_ text: String, _ prefix: String) {
        let (_, outcome) = ScreenTests.session(ScreenTests.setup + "\n" + text)
        #expect(outcome.diagnostics.count == 1, "\(text)")
        #expect(outcome.diagnostics.first?.id.hasPrefix(prefix) == true)
        #expect(outcome.diagnostics.first?.range != nil, "\(text): the error points at the call")
    }

    /// Native options reach the kernel on the workers: radius: "miracle" changes delta.
    @Test func optionsReachTheNativeKernel() {
        let (s, outcome) = ScreenTests.session(ScreenTests.setup + """

            d(x) = x.delta
            a = screen(g, omega, by: d, keep: 1, options: {radius: "miracle"}, threads: 2)
            b = omega(g, radius: "miracle")
            """)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        let delta = ScreenTests.numbers(ScreenTests.field(s.evaluator.globals.lookup("b"), "delta"))
        let best = delta.indices.max { delta[$0] != delta[$1] ? delta[$0] < delta[$1] : $0 > $1 } ?? -1
        #expect(ScreenTests.numbers(ScreenTests.field(s.evaluator.globals.lookup("a"), "top.row")) == [Double(best)])
    }

    /// miedema runs natively on the workers too: the kept rows are those of the whole grid's
    /// result, ranked here (39,711 compositions, two chunks).
    @Test func miedemaRunsNativelyAndMatchesTheWholeGrid() {
        let (s, outcome) = ScreenTests.session("""
            g = grid(["Cu", "Ni", "Ti", "Zr"], n: 60)
            whole = miedema(g).dH_am
            am(d) = d.dH_am
            r = screen(g, miedema, by: am, keep: 8, order: "min", threads: 2)
            """)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        let whole = ScreenTests.numbers(s.evaluator.globals.lookup("whole"))
        #expect(whole.count == 39_711)
        let ranked = (0..<whole.count).sorted { whole[$0] != whole[$1] ? whole[$0] < whole[$1] : $0 < $1 }
        let r = s.evaluator.globals.lookup("r")
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.row")) == ranked.prefix(8).map(Double.init))
        #expect(ScreenTests.numbers(ScreenTests.field(r, "top.dH_am")).map(\.bitPattern) == ranked.prefix(8).map { whole[$0].bitPattern })
    }
}

