import Foundation
import Testing
import SolvusCore
@testable import SolvusLibrary

struct PlotTests {
    @Test func axisTitlesCarryUnitsInSITypography() {
        let kJPerMol = Builtins.kJPerMol
        #expect(PlotValue.axisTitle("ΔG", kJPerMol) == "ΔG / kJ mol⁻¹")
        #expect(PlotValue.axisTitle("ΔS", Builtins.JPerMolK) == "ΔS / J mol⁻¹ K⁻¹")
        #expect(PlotValue.axisTitle("x", .none) == "x")
    }

    @Test func niceTicks() {
        let t = Ticks.nice(-3.7, 0.9)
        #expect(t.step == 1)
        #expect(t.ticks == [-4, -3, -2, -1, 0, 1])
        #expect(Ticks.nice(0, 1).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1].map { $0 })
        #expect(Ticks.label(0.30000000000000004, step: 0.1) == "0.3")
    }

    @Test func contoursOfALinearFunctionAreStraight() {
        // f = a, the fraction of the first component: the 0.25 iso-line is a = 0.25 exactly.
        let n = 40
        let nodes = Contours.lattice(n)
        #expect(nodes.count == (n + 1) * (n + 2) / 2)
        let lines = Contours.lines(values: nodes.map(\.0), n: n, levels: [0.25, 0.6])
        #expect(lines.count == 2)
        for line in lines {
            #expect(line.points.count >= n / 2)
            for p in line.points { #expect(abs(p.0 - line.level) < 1e-12) }
        }
    }

    @Test func contoursCloseAroundAMinimum() {
        // A bowl centred at (1/3, 1/3): its iso-lines are closed loops.
        let n = 60
        let nodes = Contours.lattice(n)
        let values = nodes.map { pow($0.0 - 1.0 / 3, 2) + pow($0.1 - 1.0 / 3, 2) }
        let lines = Contours.lines(values: values, n: n, levels: [0.01])
        #expect(lines.count == 1)
        if let l = lines.first, let a = l.points.first, let b = l.points.last {
            #expect(a.0 == b.0 && a.1 == b.1)
        }
    }

    @Test func textPlotAndSVG() throws {
        let text = "x = 0..1 step 0.01\np = plot(line(x, x * (1 - x) * 1 kJ/mol, label: \"a\"), ylabel: \"ΔH\")\n"
        let shown = try shown(text + "p")
        #expect(shown.contains("y: ΔH / kJ mol⁻¹"))
        #expect(shown.unicodeScalars.contains { $0.value >= 0x2801 && $0.value <= 0x28FF })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("p-\(UUID()).svg").path
        _ = try run(text + "save(p, \"\(path)\")")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("ΔH / kJ mol⁻¹"))
        #expect(svg.contains(">a</text>"))
    }

    @Test func tablesPrintAndRoundTripThroughCSV() throws {
        let t = "t = table({T: [800, 900] * 1 K, x: [0.1, 0.25], phase: [\"a\", \"b\"]})\n"
        #expect(try shown(t + "t") == """
            T [K]     x  phase
            ─────  ────  ─────
              800   0.1  a
              900  0.25  b

            """)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID()).csv").path
        #expect(try shown(t + "save(t, \"\(path)\")\nload(\"\(path)\").T") == "[800, 900] K")
        #expect(try shown(t + "save(t, \"\(path)\")\nload(\"\(path)\").phase") == "[\"a\", \"b\"]")
    }

    @Test(arguments: [
        ("save(plot(line([0, 1], [0, 1])), \"/tmp/x.png\")", "Solvus writes SVG; save as .svg and convert"),
        ("save(3, \"/tmp/x.csv\")", "cannot save a dimensionless number as '/tmp/x.csv': a plot saves as .svg, a table or record of columns as .csv"),
        ("plot()", "plot needs at least one series, such as line(x, y)"),
        ("line([1, 2], [1, 2, 3])", "cannot combine lists of different lengths (2 and 3)"),
        ("table({a: [1, 2], b: [1, 2, 3]})", "the column a has 2 rows, the others 3"),
        ("ternary([\"A\", \"B\"])", "'components' must be three different component names such as [\"Sn\", \"Bi\", \"Sb\"], not a list"),
    ])
    func badInput(_ text: String, _ message: String) {
        #expect(diagnostic(text)?.message == message)
    }
}

struct FileWriteTests {
    @Test func saveIsRefusedWhenWritesAreOff() {
        let s = Session(output: { _ in })
        s.evaluator.allowsFileWrites = false
        let outcome = s.run("save(table({a: [1]}), \"/tmp/never.csv\")")
        #expect(outcome.diagnostics.first?.id == "E516")
    }
}
