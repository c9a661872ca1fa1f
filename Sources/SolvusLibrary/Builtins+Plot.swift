import SolvusFoundation
import SolvusCore

/// A series before it is placed in a plot: x and y with their units, or compositions for a
/// Gibbs triangle.
struct SeriesValue: NativeValue {
    var series: Series
    var xUnit: SolvusCore.Unit
    var yUnit: SolvusCore.Unit
    /// For a ternary series: the compositions (elements, row-major fractions).
    var compositions: CompositionSet?

    var typeName: String { "a plot series" }
    var description: String { "<\(series.style.rawValue) series\(series.label.map { " \"\($0)\"" } ?? ""), \(series.x.count) points>" }
}

extension Builtins {
    static let plotting: [Builtin] = [line, scatter, plot, ternaryPlot, contour, phaseDiagram, table, save]

    static func seriesBuiltin(_ name: String, _ style: Series.Style) -> Builtin {
        Builtin(
            name, params: [.init("x"), .init("y", optional: true), .init("label", optional: true),
                           .init("dashed", default: .bool(false))],
            signature: "\(name)(x, y, label:) or \(name)(compositions, label:)",
            doc: """
                A \(style == .line ? "line" : "set of markers") for plot(...): x and y are lists of one length \
                (quantities with units carry them to the axis titles). With one argument, a list of \
                compositions (or grid(...)) for ternary(...). label: the legend entry\
                \(style == .line ? "; dashed: true draws it dashed" : "").
                """
        ) { args in
            var label: String?
            if args.value("label") != nil { label = try args.string("label") }
            var st = style
            if case .bool(true) = try args.require("dashed"), style == .line { st = .dashed }
            if args.value("y") == nil {
                let (set, _) = try Compositions.set(args, "x", vocabulary: .anyName)
                return .native(SeriesValue(series: Series(style: st, x: [], y: [], label: label), xUnit: .none, yUnit: .none,
                                           compositions: set))
            }
            func column(_ name: String) throws -> QuantityArray {
                let v = try args.require(name)
                switch v {
                case .array(let a): return a
                case .number(let q): return QuantityArray([q.value], q.unit)
                default: throw args.error(name, .expectedType("'\(name)'", expected: "a list of numbers", found: v.typeDescription))
                }
            }
            let x = try column("x"), y = try column("y")
            guard x.values.count == y.values.count else { throw args.error("y", .lengthMismatch(x.values.count, y.values.count)) }
            return .native(SeriesValue(series: Series(style: st, x: x.values, y: y.values, label: label), xUnit: x.unit, yUnit: y.unit))
        }
    }

    static let line = seriesBuiltin("line", .line)
    static let scatter = seriesBuiltin("scatter", .scatter)

    static func seriesArguments(_ args: Arguments) throws -> [SeriesValue] {
        try args.rest.map { v, range in
            guard case .native(let n) = v, let s = n as? SeriesValue else {
                throw Diagnostic(.expectedType("each series", expected: "line(...) or scatter(...)", found: v.typeDescription), at: range)
            }
            return s
        }
    }

    static func optionalString(_ args: Arguments, _ name: String) throws -> String? {
        args.value(name) == nil ? nil : try args.string(name)
    }

    /// An axis range `[low, high]` in the axis's dimension. Bare numbers on an axis with a unit
    /// are an error that shows the unit, not silently SI.
    static func range(_ args: Arguments, _ name: String, _ axis: SolvusCore.Unit) throws -> (Double, Double)? {
        guard let v = args.value(name) else { return nil }
        let dimension = axis.dimension
        let example = dimension.isDimensionless ? "[0, 1]" : "[0, 1] \(axis)"
        guard case .array(let a) = v, a.values.count == 2 else {
            throw args.error(name, .expectedType("'\(name)'", expected: "a list [low, high] such as \(example)",
                                                 found: v.typeDescription))
        }
        guard a.dimension == dimension else {
            let shown = "[" + a.values.map { NumberFormat.format($0 / a.unit.scale) }.joined(separator: ", ") + "]"
            let hint = a.dimension.isDimensionless ? "help: give the unit: \(shown) \(axis)" : "help: such as \(example)"
            throw args.error(name, .expectedDimension(name, expected: "[low, high] in the axis's dimension, \(dimension.phrase)",
                                                      found: v.typeDescription), notes: [hint])
        }
        guard a.values[0] < a.values[1] else {
            let shown = a.values.reversed().map { NumberFormat.format($0 / a.unit.scale) }.joined(separator: ", ")
            throw args.error(name, .domain("'\(name)' must go from low to high, and \(v.nested) does not"),
                             notes: ["help: write [\(shown)]" + (a.unit.isNone ? "" : " \(a.unit)")])
        }
        return (a.values[0], a.values[1])
    }

    static let plot = Builtin(
        "plot",
        params: [.init("title", namedOnly: true), .init("xlabel", namedOnly: true), .init("ylabel", namedOnly: true),
                 .init("xrange", namedOnly: true), .init("yrange", namedOnly: true)],
        variadic: true,
        signature: "plot(series..., title:, xlabel:, ylabel:, xrange:, yrange:) -> plot",
        doc: """
            A plot of one or more series made with line(x, y, label:) and scatter(x, y, label:). The \
            axis titles carry the units of the plotted quantities (xlabel: "x", ylabel: "ΔG" give \
            "x" and "ΔG / kJ mol⁻¹"); xrange: and yrange: fix the ranges ([0, 1], [-2, 1] * 1 kJ/mol).
            It prints as a text plot (braille; in the REPL sized to the terminal); save(p, "file.svg") \
            writes an SVG picture.
            """
    ) { args in
        let series = try seriesArguments(args)
        guard !series.isEmpty else { throw args.error(.domain("plot needs at least one series, such as line(x, y)")) }
        if series.contains(where: { $0.compositions != nil }) {
            throw args.error(.domain("a series of compositions belongs in ternary(...), not plot(...)"))
        }
        let xu = series[0].xUnit, yu = series[0].yUnit
        for s in series.dropFirst() {
            guard s.xUnit.dimension == xu.dimension, s.yUnit.dimension == yu.dimension else {
                throw args.error(.custom("E301", "the series of one plot must share the dimensions of their axes: "
                                         + "\(xu.dimension.phrase) and \(s.xUnit.dimension.phrase), \(yu.dimension.phrase) and \(s.yUnit.dimension.phrase)"))
            }
        }
        let defaultLabel = { (u: SolvusCore.Unit) in u.dimension.isDimensionless ? "" : u.dimension.name }
        return .native(PlotValue(
            kind: .cartesian, series: series.map(\.series), xUnit: xu, yUnit: yu,
            xLabel: try optionalString(args, "xlabel") ?? (defaultLabel(xu).isEmpty ? "x" : defaultLabel(xu)),
            yLabel: try optionalString(args, "ylabel") ?? (defaultLabel(yu).isEmpty ? "y" : defaultLabel(yu)),
            title: try optionalString(args, "title"),
            xRange: try range(args, "xrange", xu), yRange: try range(args, "yrange", yu)))
    }

    /// Iso-lines for ternary(...): the function is called once with the whole grid of compositions.
    struct ContourSpec: NativeValue {
        var function: Function
        var levels: Value
        var n: Int
        var range: SourceRange
        var typeName: String { "a contour specification" }
        var description: String { "<contours of \(function.name)>" }
    }

    static let contour = Builtin(
        "contour", params: [.init("f"), .init("levels"), .init("n", default: .number(100))],
        signature: "contour(f, levels:, n:)",
        doc: """
            Iso-value lines for ternary(...): f is a function of compositions (it is called once, with \
            all n(n+1)/2... nodes of a triangular grid of n divisions as one set, so it runs natively); \
            levels: the values to draw, a list with f's unit, or a number of evenly spaced levels. The \
            lines come from marching triangles over the grid and are labelled with their values.
            """
    ) { args in
        guard case .function(let f) = try args.require("f") else {
            throw args.error("f", .expectedType("'f'", expected: "a function of compositions", found: try args.require("f").typeDescription))
        }
        let n = try args.scalar("n", .none)
        guard n >= 2, n <= 2000, n == n.rounded() else { throw args.error("n", .domain("n must be a whole number from 2 to 2000")) }
        return .native(ContourSpec(function: f, levels: try args.require("levels"), n: Int(n), range: args.range("f")))
    }

    static let ternaryPlot = Builtin(
        "ternary",
        params: [.init("components"), .init("contour", namedOnly: true), .init("title", namedOnly: true)],
        variadic: true,
        signature: "ternary(components, series..., contour:, title:) -> plot",
        doc: """
            A Gibbs-triangle plot of three components (first bottom left, second bottom right, third on \
            top): points with scatter(compositions), lines along isopleths with line(compositions), and \
            iso-value lines with contour: contour(f, levels: ...). save(p, "file.svg") writes it.
            """
    ) { args in
        let cv = try args.require("components")
        var names: [String] = []
        for i in 0..<(cv.listCount ?? 0) {
            guard case .string(let s) = cv.item(i) else { break }
            names.append(s)
        }
        guard names.count == 3, Set(names).count == 3 else {
            throw args.error("components", .expectedType("'components'", expected: "three different component names such as [\"Sn\", \"Bi\", \"Sb\"]",
                                                         found: cv.typeDescription))
        }
        var series: [Series] = []
        for s in try seriesArguments(args) {
            guard let set = s.compositions else {
                throw args.error(.domain("a ternary series is a list of compositions: scatter(comps) or line(comps)"))
            }
            let k = set.elements.count
            for e in set.elements where !names.contains(e) {
                throw args.error(.domain("the series \(s.series.label.map { "\"\($0)\" " } ?? "")has the component \(e), which is not one of \(names.joined(separator: ", "))"))
            }
            let ia = set.elements.firstIndex(of: names[0]), ib = set.elements.firstIndex(of: names[1])
            var out = s.series
            out.x = (0..<set.count).map { r in ia.map { set.fractions[r * k + $0] } ?? 0 }
            out.y = (0..<set.count).map { r in ib.map { set.fractions[r * k + $0] } ?? 0 }
            series.append(out)
        }
        var p = PlotValue(kind: .ternary(components: names), series: series, xUnit: .none, yUnit: .none,
                          xLabel: names[1], yLabel: names[2], title: try optionalString(args, "title"))
        if let cs = args.value("contour") {
            guard case .native(let n) = cs, let spec = n as? ContourSpec else {
                throw args.error("contour", .expectedType("'contour'", expected: "contour(f, levels: ...)", found: cs.typeDescription))
            }
            let nodes = Contours.lattice(spec.n)
            var fractions: [Double] = []
            fractions.reserveCapacity(nodes.count * 3)
            for (a, b) in nodes { fractions += [a, b, max(0, 1 - a - b)] }
            let grid = Value.native(CompositionSet(elements: names, fractions: fractions))
            let result = try args.evaluator.call(spec.function, [(nil, nil, grid, spec.range)], range: spec.range)
            guard case .array(let values) = result, values.values.count == nodes.count else {
                throw Diagnostic(.expectedType("the contour function's result", expected: "one number per composition of the grid",
                                               found: result.typeDescription), at: spec.range)
            }
            var levels: [Double]
            switch spec.levels {
            case .array(let l) where l.dimension == values.dimension || l.unit.isNone:
                levels = l.values
            case .number(let q) where q.dimension.isDimensionless && q.unit.isNone:
                guard q.value.isFinite else {
                    throw args.error("contour", .domain("the number of levels must be finite, not \(NumberFormat.format(q.value))"))
                }
                let count = Int(Swift.max(1, Swift.min(50, q.value)))  // clamped to 1...50 first
                let finite = values.values.filter(\.isFinite)
                let lo = finite.min() ?? 0, hi = finite.max() ?? 1
                levels = (1...count).map { lo + (hi - lo) * Double($0) / Double(count + 1) }
            default:
                throw args.error("contour", .expectedType("the levels", expected: "a list of values with the function's unit, or a count",
                                                          found: spec.levels.typeDescription))
            }
            p.contours = Contours.lines(values: values.values, n: spec.n, levels: levels)
            // Labels in the unit the levels were given in, else the function's.
            if case .array(let l) = spec.levels, !l.unit.isNone { p.contourUnit = l.unit } else { p.contourUnit = values.unit }
        }
        return .native(p)
    }

    static let phaseDiagram = Builtin(
        "phase_diagram", params: [.init("gap"), .init("components", optional: true), .init("T", optional: true),
                                  .init("title", namedOnly: true), .init("ordering", optional: true, namedOnly: true)],
        signature: "phase_diagram(gap(model, T: ...), title:, ordering:) -> plot; phase_diagram(phases, components, T:) -> {plot, boundaries, invariants, critical}",
        doc: """
            The T-x diagram of a miscibility gap: the binodal (solid) and the spinodal (dashed) from the \
            table gap(...) returns, one dome each (points above T_c are left out). ordering: the table \
            tc_order(model, x: ...) returns adds the order-disorder line T_c(x).
            With a database or a list of phases (as equilibrium takes them), two components and a \
            temperature range T (a list; its lowest and highest values are used): the whole binary \
            diagram. Start points come from global searches; every two-phase field is traced by \
            Newton continuation; invariants (eutectic, eutectoid, monotectic, monotectoid, peritectic, \
            peritectoid) are solved exactly for their temperature and three compositions, congruent \
            points (congruent melting of a phase in the liquid, a congruent minimum of the liquidus and \
            solidus, a congruent transformation) for their temperature and composition (phases [A, P, A] \
            at one x), critical \
            points of gaps by the critical-point solver, and a gap's boundary is carried by its common \
            tangent up to the point where it closes (a critical point, or a cusp on a Curie line, which \
            carries kind: "cusp on the Curie line"). Returns {plot, boundaries (each {phases, T, \
            x_a, x_b}), invariants (each {kind, T, phases, x}), critical (each {phase, T, x})}; the plot \
            prints as a text plot and save(d.plot, "f.svg") writes SVG.
            Example: phase_diagram(tdb("examples/data/tdb/pbsn.tdb"), ["Pb", "Sn"], T: [300 K, 700 K]).invariants[0].phases is ["FCC_A1", "LIQUID", "BCT_A5"].
            """
    ) { args in
        if args.value("components") != nil { return try binaryPhaseDiagram(args) }
        let gv = try args.require("gap")
        guard case .record(let g) = gv, case .array(let T)? = g["T"], case .array(let bl)? = g["binodal_left"],
              case .array(let br)? = g["binodal_right"], case .array(let sl)? = g["spinodal_left"],
              case .array(let sr)? = g["spinodal_right"] else {
            throw args.error("gap", .expectedType("'gap'", expected: "the table gap(model, T: ...) returns", found: gv.typeDescription))
        }
        func dome(_ left: [Double], _ right: [Double]) -> ([Double], [Double]) {
            let order = T.values.indices.sorted { T.values[$0] < T.values[$1] }
            let up = order.filter { left[$0].isFinite && right[$0].isFinite }
            return (up.map { left[$0] } + up.reversed().map { right[$0] },
                    up.map { T.values[$0] } + up.reversed().map { T.values[$0] })
        }
        let b = dome(bl.values, br.values), s = dome(sl.values, sr.values)
        var series = [Series(style: .line, x: b.0, y: b.1, label: "binodal"), Series(style: .dashed, x: s.0, y: s.1, label: "spinodal")]
        if let o = args.value("ordering") { series.append(try orderingLine(o, args)) }
        return .native(PlotValue(
            kind: .cartesian,
            series: series,
            xUnit: .none, yUnit: T.unit, xLabel: "x", yLabel: "T", title: try optionalString(args, "title"),
            xRange: (0, 1), yRange: nil))
    }

    static let table = Builtin(
        "table", params: [.init("columns")], signature: "table(columns) -> table",
        doc: """
            A table of a record of columns (lists of one length; a single value fills its column): it \
            prints with aligned columns and units in the header, and save(t, "file.csv") writes it as CSV \
            (header `name [unit]`), which load reads back.
            Example: len(table({x: [0.1, 0.2], G: [1, 2] * 1 kJ/mol}).G) is 2.
            """
    ) { args in
        let v = try args.require("columns")
        guard case .record(let r) = v else {
            throw args.error("columns", .expectedType("'columns'", expected: "a record of columns such as {x: xs, G: gs}", found: v.typeDescription))
        }
        do {
            return .native(try TableValue.from(r))
        } catch let d as Diagnostic {
            throw d.placed(at: args.range("columns"))
        }
    }

    static let save = Builtin(
        "save", params: [.init("value"), .init("path")], signature: "save(value, path)",
        doc: """
            Writes a plot as SVG (path ending in .svg) or a table, or a record of columns, as CSV (.csv); \
            a Redlich-Kister system or a database phase as a TDB database (.tdb) that tdb() reads back. \
            The file is written whole or not at all (a temporary file, then renamed). For PNG, convert \
            the SVG, for example with rsvg-convert -o plot.png plot.svg (Debian's librsvg2-bin).
            """
    ) { args in
        let path = try args.string("path")
        guard args.evaluator.allowsFileWrites else {
            throw args.error(.custom("E516", "save does not write files while an editor evaluates as you type",
                                     hint: "help: run the script, or ask the editor to evaluate it (solvus/evaluate)"))
        }
        let full = try args.evaluator.checkFileWrite(path, at: args.range("path"))
        let v = try args.require("value")
        let text: String
        switch (v, Paths.pathExtension(path).lowercased()) {
        case (.native(let p as PlotValue), "svg"):
            text = SVG.render(p)
        case (.native(let t as TableValue), "csv"):
            do { text = try t.csv() } catch let d as Diagnostic { throw d.placed(at: args.range("value")) }
        case (.record(let r), "csv"):
            do { text = try TableValue.from(r).csv() } catch let d as Diagnostic { throw d.placed(at: args.range("value")) }
        case (_, "tdb") where tdbText(v) != nil:
            text = tdbText(v) ?? ""
        case (_, "png"):
            throw args.error("path", .domain("Solvus writes SVG; save as .svg and convert"),
                             notes: ["help: rsvg-convert -o plot.png plot.svg (Debian's librsvg2-bin)"])
        default:
            throw args.error("path", .domain("cannot save \(v.typeDescription) as '\(path)': a plot saves as .svg, a table or record of columns as .csv"))
        }
        do {
            try AtomicWrite.write(text, to: full)
        } catch let d as Diagnostic {
            throw d.placed(at: args.range("path"))
        }
        return .string(path)
    }
}
