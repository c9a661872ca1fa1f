import SolvusCore

/// Plots drawn with Unicode braille characters (2 × 4 dots a character), for a quick look in a
/// terminal or in a script's output.
enum TextPlot {
    /// The plot in `width` × `height` characters (legend and axis titles included).
    static func render(_ p: PlotValue, width: Int, height: Int) -> String {
        let gutter = 10
        let cols = max(10, width - gutter - 1)
        let legendRows = p.series.filter { $0.label != nil }.count > 0 ? 1 : 0
        let rows = max(4, height - 4 - (p.title == nil ? 0 : 1) - legendRows)
        var dots = [[Bool]](repeating: [Bool](repeating: false, count: cols * 2), count: rows * 4)
        let W = cols * 2, H = rows * 4

        // Data → dot coordinates; for a ternary plot, the triangle's cartesian frame.
        var toXY: (Double, Double) -> (Double, Double) = { ($0, $1) }
        var xr: (Double, Double), yr: (Double, Double)
        var xTicks: [Double] = [], yTicks: [Double] = []
        var xStep = 1.0, yStep = 1.0
        switch p.kind {
        case .cartesian:
            let b = p.bounds
            let tx = Ticks.nice(b.x.0 / p.xUnit.scale, b.x.1 / p.xUnit.scale, count: 5)
            let ty = Ticks.nice(b.y.0 / p.yUnit.scale, b.y.1 / p.yUnit.scale, count: 5)
            xr = p.xRange.map { ($0.0 / p.xUnit.scale, $0.1 / p.xUnit.scale) } ?? (tx.lo, tx.hi)
            yr = p.yRange.map { ($0.0 / p.yUnit.scale, $0.1 / p.yUnit.scale) } ?? (ty.lo, ty.hi)
            xTicks = tx.ticks; yTicks = ty.ticks; xStep = tx.step; yStep = ty.step
            let xs = p.xUnit.scale, ys = p.yUnit.scale
            toXY = { ($0 / xs, $1 / ys) }
        case .ternary:
            xr = (0, 1)
            yr = (0, 3.0.squareRoot() / 2)
            toXY = { a, b in let c = 1 - a - b; return (b + c / 2, c * 3.0.squareRoot() / 2) }
        }
        // Dot coordinates stay Doubles until clipped to the canvas: data far outside the ranges
        // (1e20 on a [0, 1] axis) must neither overflow an Int nor cost a step per unseen dot.
        func dot(_ x: Double, _ y: Double) -> (Double, Double)? {
            guard x.isFinite, y.isFinite, xr.1 > xr.0, yr.1 > yr.0 else { return nil }
            let i = (x - xr.0) / (xr.1 - xr.0) * Double(W - 1)
            let j = (yr.1 - y) / (yr.1 - yr.0) * Double(H - 1)
            guard i.isFinite, j.isFinite else { return nil }
            return (i, j)
        }
        func set(_ q: (Double, Double)) {
            let (x, y) = (q.0.rounded(), q.1.rounded())
            if x >= 0, x < Double(W), y >= 0, y < Double(H) { dots[Int(y)][Int(x)] = true }
        }
        // Liang-Barsky: the part of a-b inside the canvas (half a dot around it), or nil.
        func clip(_ a: (Double, Double), _ b: (Double, Double)) -> ((Double, Double), (Double, Double))? {
            let dx = b.0 - a.0, dy = b.1 - a.1
            var t0 = 0.0, t1 = 1.0
            for (p, q) in [(-dx, a.0 + 0.5), (dx, Double(W) - 0.5 - a.0), (-dy, a.1 + 0.5), (dy, Double(H) - 0.5 - a.1)] {
                if p == 0 {
                    if q < 0 { return nil }
                } else {
                    let r = q / p
                    if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                    if t0 > t1 { return nil }
                }
            }
            return ((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy))
        }
        // A clipped segment takes at most W + H steps.
        func line(_ a: (Double, Double), _ b: (Double, Double)) {
            guard let (p, q) = clip(a, b) else { return }
            // Inside the canvas, so the conversions are safe; steps as between whole dots.
            let (x0, y0) = (Int(p.0.rounded()), Int(p.1.rounded())), (x1, y1) = (Int(q.0.rounded()), Int(q.1.rounded()))
            let n = max(abs(x1 - x0), abs(y1 - y0), 1)
            for k in 0...n {
                let t = Double(k) / Double(n)
                set((Double(x0) + t * Double(x1 - x0), Double(y0) + t * Double(y1 - y0)))
            }
        }
        if case .ternary = p.kind {
            let corners = [toXY(1, 0), toXY(0, 1), toXY(0, 0), toXY(1, 0)]
            for k in 0..<3 {
                if let a = dot(corners[k].0, corners[k].1), let b = dot(corners[k + 1].0, corners[k + 1].1) { line(a, b) }
            }
            for c in p.contours {
                let pts = c.points.compactMap { q -> (Double, Double)? in let v = toXY(q.0, q.1); return dot(v.0, v.1) }
                for k in 1..<max(1, pts.count) { line(pts[k - 1], pts[k]) }
            }
        }
        for s in p.series {
            for run in SVG.runs(s.x, s.y) {
                let pts = run.compactMap { q -> (Double, Double)? in let v = toXY(q.0, q.1); return dot(v.0, v.1) }
                if s.style == .scatter || pts.count == 1 {
                    for q in pts { set(q); set((q.0 + 1, q.1)); set((q.0, q.1 + 1)); set((q.0 + 1, q.1 + 1)) }
                } else {
                    for k in 1..<pts.count where s.style != .dashed || k % 2 == 1 { line(pts[k - 1], pts[k]) }
                }
            }
        }
        // Dots → braille: bit layout of U+2800.
        let bits = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        var grid: [String] = []
        for r in 0..<rows {
            var line = ""
            for c in 0..<cols {
                var v = 0
                for dy in 0..<4 { for dx in 0..<2 where dots[r * 4 + dy][c * 2 + dx] { v |= bits[dy][dx] } }
                line.append(Character(Unicode.Scalar(0x2800 + v) ?? " "))
            }
            grid.append(line)
        }
        // Labels where the canvas is blank: on their row, else one row above or below; left out
        // where nothing is free.
        if case .cartesian = p.kind {
            var cells = grid.map { Array($0) }
            let blank = Character(Unicode.Scalar(0x2800) ?? " ")
            for l in p.labels {
                let v = toXY(l.x, l.y)
                guard let q = dot(v.0, v.1), let col = Int(checking: (q.0 / 2).rounded()),
                      let row = Int(checking: (q.1 / 4).rounded()) else { continue }
                let text = Array(l.text)
                let start = col - text.count / 2
                guard start >= 0, start + text.count <= cols else { continue }
                for r in [row, row - 1, row + 1] where r >= 0 && r < rows {
                    // A blank cell on each side too, so that a label never touches a line.
                    let span = max(0, start - 1)..<min(cols, start + text.count + 1)
                    if cells[r][span].allSatisfy({ $0 == blank }) {
                        for (k, ch) in text.enumerated() { cells[r][start + k] = ch }
                        break
                    }
                }
            }
            grid = cells.map { String($0) }
        }
        var out = ""
        if let t = p.title { out += String(repeating: " ", count: max(0, gutter + (cols - t.count) / 2)) + t + "\n" }
        func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        // y tick labels on the rows nearest to them.
        var labels = [Int: String]()
        if case .cartesian = p.kind {
            for t in yTicks where t >= yr.0 - 1e-12 && t <= yr.1 + 1e-12 {
                guard let row = Int(checking: ((yr.1 - t) / (yr.1 - yr.0) * Double(rows - 1)).rounded()) else { continue }
                labels[row] = Ticks.label(t, step: yStep)
            }
        }
        for (r, line) in grid.enumerated() {
            let label = labels[r]
            out += pad(label ?? "", gutter - 1) + (label == nil ? " │" : " ┤") + line + "\n"
        }
        out += String(repeating: " ", count: gutter) + "└" + String(repeating: "─", count: cols) + "\n"
        if case .cartesian = p.kind {
            var axis = [Character](repeating: " ", count: gutter + cols + 12)
            for t in xTicks where t >= xr.0 - 1e-12 && t <= xr.1 + 1e-12 {
                let label = Array(Ticks.label(t, step: xStep))
                guard let offset = Int(checking: ((t - xr.0) / (xr.1 - xr.0) * Double(cols - 1)).rounded()),
                      abs(offset) < 1 << 20 else { continue }
                let col = gutter + 1 + offset - label.count / 2
                if col >= 0, col + label.count <= axis.count, axis[max(0, col - 1)..<(col + label.count)].allSatisfy({ $0 == " " }) {
                    for (k, ch) in label.enumerated() { axis[col + k] = ch }
                }
            }
            out += String(axis).replacingSuffixSpaces + "\n"
            let xt = PlotValue.axisTitle(p.xLabel, p.xUnit), yt = PlotValue.axisTitle(p.yLabel, p.yUnit)
            out += String(repeating: " ", count: gutter) + "x: \(xt)    y: \(yt)\n"
        } else if case .ternary(let names) = p.kind {
            out += String(repeating: " ", count: gutter) + "bottom left \(names.first ?? ""), bottom right \(names.dropFirst().first ?? ""), top \(names.dropFirst(2).first ?? "")\n"
        }
        let labelled = p.series.enumerated().filter { $0.element.label != nil }
        if !labelled.isEmpty {
            out += String(repeating: " ", count: gutter) + "series: " + labelled.map { "\($0.offset + 1) \($0.element.label ?? "")" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}

extension String {
    var replacingSuffixSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
