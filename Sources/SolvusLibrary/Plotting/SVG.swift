import SolvusCore

/// Writes plots as standalone SVG 1.1 documents.
enum SVG {
    static let width = 720.0, height = 480.0
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
                          "#7f7f7f", "#bcbd22"]

    static func f(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        if r == r.rounded(), let i = Int(checking: r) { return String(i) }
        return String(r)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func document(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">
        <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>
        \(body)</svg>

        """
    }

    static func render(_ p: PlotValue) -> String {
        switch p.kind {
        case .cartesian: return document(cartesian(p))
        case .ternary(let c): return document(ternary(p, components: c))
        }
    }

    /// Splits a series into runs of finite points.
    static func runs(_ xs: [Double], _ ys: [Double]) -> [[(Double, Double)]] {
        var out: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for (x, y) in zip(xs, ys) {
            if x.isFinite && y.isFinite {
                current.append((x, y))
            } else if !current.isEmpty {
                out.append(current)
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func polyline(_ pts: [(Double, Double)], color: String, dashed: Bool, width w: Double = 2) -> String {
        let d = pts.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f($0.element.0)) \(f($0.element.1))" }.joined(separator: " ")
        return "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(w))\"\(dashed ? " stroke-dasharray=\"6 4\"" : "") stroke-linejoin=\"round\"/>\n"
    }

    static func legend(_ p: PlotValue, right: Double, top: Double) -> String {
        let entries = p.series.enumerated().filter { $0.element.label != nil }
        guard !entries.isEmpty else { return "" }
        let rowHeight = 18.0
        let textWidth = Double(entries.map { $0.element.label?.count ?? 0 }.max() ?? 0) * 7.5
        let w = 40 + textWidth, h = Double(entries.count) * rowHeight + 8
        let x0 = right - w - 8, y0 = top + 8
        var s = "<g class=\"legend\">\n<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999\"/>\n"
        for (row, (i, series)) in entries.enumerated() {
            let y = y0 + 4 + rowHeight * (Double(row) + 0.5)
            let color = palette[i % palette.count]
            if series.style == .scatter {
                s += "<circle cx=\"\(f(x0 + 17))\" cy=\"\(f(y))\" r=\"3.5\" fill=\"\(color)\"/>\n"
            } else {
                s += polyline([(x0 + 6, y), (x0 + 28, y)], color: color, dashed: series.style == .dashed)
            }
            s += "<text x=\"\(f(x0 + 34))\" y=\"\(f(y + 4.5))\">\(escape(series.label ?? ""))</text>\n"
        }
        return s + "</g>\n"
    }

    static func cartesian(_ p: PlotValue) -> String {
        let left = 80.0, right = width - 24, top = p.title == nil ? 24.0 : 44.0, bottom = height - 60
        let b = p.bounds
        let xs = p.xUnit.scale, ys = p.yUnit.scale
        let tx = Ticks.nice(b.x.0 / xs, b.x.1 / xs), ty = Ticks.nice(b.y.0 / ys, b.y.1 / ys)
        let x0 = p.xRange != nil ? b.x.0 / xs : tx.lo, x1 = p.xRange != nil ? b.x.1 / xs : tx.hi
        let y0 = p.yRange != nil ? b.y.0 / ys : ty.lo, y1 = p.yRange != nil ? b.y.1 / ys : ty.hi
        func px(_ v: Double) -> Double { left + (v / xs - x0) / (x1 - x0) * (right - left) }
        func py(_ v: Double) -> Double { bottom - (v / ys - y0) / (y1 - y0) * (bottom - top) }
        var s = ""
        if let t = p.title {
            s += "<text x=\"\(f((left + right) / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(escape(t))</text>\n"
        }
        s += "<defs><clipPath id=\"area\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\"/></clipPath></defs>\n"
        // The visible ticks and their pixel positions, once for the grid and the labels.
        let xTicks = tx.ticks.filter { $0 >= x0 - 1e-12 && $0 <= x1 + 1e-12 }.map { ($0, left + ($0 - x0) / (x1 - x0) * (right - left)) }
        let yTicks = ty.ticks.filter { $0 >= y0 - 1e-12 && $0 <= y1 + 1e-12 }.map { ($0, bottom - ($0 - y0) / (y1 - y0) * (bottom - top)) }
        s += "<g class=\"grid\" stroke=\"#e5e5e5\" stroke-width=\"1\">\n"
        for (_, x) in xTicks { s += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\"/>\n" }
        for (_, y) in yTicks { s += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\"/>\n" }
        s += "</g>\n<g class=\"axes\" font-size=\"12\">\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\" fill=\"none\" stroke=\"black\"/>\n"
        for (t, x) in xTicks {
            s += "<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 5))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(x))\" y=\"\(f(bottom + 19))\" text-anchor=\"middle\">\(Ticks.label(t, step: tx.step))</text>\n"
        }
        for (t, y) in yTicks {
            s += "<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Ticks.label(t, step: ty.step))</text>\n"
        }
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\" font-size=\"14\">\(escape(PlotValue.axisTitle(p.xLabel, p.xUnit)))</text>\n"
        s += "<text x=\"20\" y=\"\(f((top + bottom) / 2))\" text-anchor=\"middle\" font-size=\"14\" transform=\"rotate(-90 20 \(f((top + bottom) / 2)))\">\(escape(PlotValue.axisTitle(p.yLabel, p.yUnit)))</text>\n"
        s += "</g>\n<g class=\"series\" clip-path=\"url(#area)\">\n"
        for (i, series) in p.series.enumerated() {
            let color = palette[i % palette.count]
            for run in runs(series.x, series.y) {
                let pts = run.map { (px($0.0), py($0.1)) }
                if series.style == .scatter {
                    for q in pts { s += "<circle cx=\"\(f(q.0))\" cy=\"\(f(q.1))\" r=\"3.5\" fill=\"\(color)\"/>\n" }
                } else {
                    s += polyline(pts, color: color, dashed: series.style == .dashed)
                }
            }
        }
        s += "</g>\n"
        let inside = p.labels.filter { l in
            let (x, y) = (px(l.x), py(l.y))
            return x.isFinite && y.isFinite && x >= left && x <= right && y >= top && y <= bottom
        }
        if !inside.isEmpty {
            s += "<g class=\"labels\" font-size=\"12\" fill=\"#333\" text-anchor=\"middle\">\n"
            for l in inside { s += "<text x=\"\(f(px(l.x)))\" y=\"\(f(py(l.y) + 4))\">\(escape(l.text))</text>\n" }
            s += "</g>\n"
        }
        return s + legend(p, right: right, top: top)
    }

    static func ternary(_ p: PlotValue, components c: [String]) -> String {
        let side = 380.0
        let h = side * 3.0.squareRoot() / 2
        let ox = (width - side) / 2 - 60, oy = height - 60
        // (a, b) fractions of the first two components; the third is 1 - a - b.
        // Vertex 1 bottom-left, vertex 2 bottom-right, vertex 3 on top.
        func point(_ a: Double, _ b: Double) -> (Double, Double) {
            let cc = 1 - a - b
            return (ox + side * (b + cc / 2), oy - h * cc)
        }
        var s = ""
        if let t = p.title {
            s += "<text x=\"\(f(width / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(escape(t))</text>\n"
        }
        s += "<g class=\"grid\" stroke=\"#e5e5e5\" stroke-width=\"1\">\n"
        for k in 1..<10 {
            let v = Double(k) / 10
            for (p1, p2) in [(point(v, 0), point(v, 1 - v)), (point(0, v), point(1 - v, v)), (point(0, 1 - v), point(1 - v, 0))] {
                s += "<line x1=\"\(f(p1.0))\" y1=\"\(f(p1.1))\" x2=\"\(f(p2.0))\" y2=\"\(f(p2.1))\"/>\n"
            }
        }
        s += "</g>\n<g class=\"axes\" font-size=\"11\">\n"
        let v1 = point(1, 0), v2 = point(0, 1), v3 = point(0, 0)
        s += "<path d=\"M\(f(v1.0)) \(f(v1.1)) L\(f(v2.0)) \(f(v2.1)) L\(f(v3.0)) \(f(v3.1)) Z\" fill=\"none\" stroke=\"black\"/>\n"
        for k in stride(from: 2, through: 8, by: 2) {
            let v = Double(k) / 10
            // Fractions of component 2 along the bottom edge, of 3 along the right, of 1 along the left.
            let b = point(1 - v, v), r = point(0, 1 - v), l = point(v, 0)
            s += "<text x=\"\(f(b.0))\" y=\"\(f(b.1 + 16))\" text-anchor=\"middle\">\(Ticks.label(v, step: 0.1))</text>\n"
            s += "<text x=\"\(f(r.0 + 8))\" y=\"\(f(r.1 + 4))\">\(Ticks.label(v, step: 0.1))</text>\n"
            s += "<text x=\"\(f(l.0 - 8))\" y=\"\(f(l.1 + 4))\" text-anchor=\"end\">\(Ticks.label(v, step: 0.1))</text>\n"
        }
        let names = c + ["", "", ""]
        s += "<text x=\"\(f(v1.0 - 14))\" y=\"\(f(v1.1 + 34))\" font-size=\"15\" font-weight=\"bold\">\(escape(names[0]))</text>\n"
        s += "<text x=\"\(f(v2.0 + 4))\" y=\"\(f(v2.1 + 34))\" font-size=\"15\" font-weight=\"bold\">\(escape(names[1]))</text>\n"
        s += "<text x=\"\(f(v3.0))\" y=\"\(f(v3.1 - 12))\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(names[2]))</text>\n"
        s += "<text x=\"\(f(ox + side / 2))\" y=\"\(f(oy + 36))\" text-anchor=\"middle\" font-size=\"12\">x(\(escape(names[1])))</text>\n"
        s += "</g>\n<g class=\"contours\" font-size=\"10\">\n"
        for (k, line) in p.contours.enumerated() {
            let pts = line.points.map { point($0.0, $0.1) }
            s += polyline(pts, color: "#555", dashed: false, width: 1.2)
            if pts.count >= 4 {
                // Stagger the labels along the lines so that neighbouring levels do not collide.
                let mid = pts[min(pts.count - 1, pts.count * [5, 3, 7][k % 3] / 10)]
                let text = Ticks.label(line.level / p.contourUnit.scale, step: 0.01)
                s += "<text x=\"\(f(mid.0))\" y=\"\(f(mid.1 - 3))\" text-anchor=\"middle\" fill=\"#333\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(text)</text>\n"
            }
        }
        s += "</g>\n<g class=\"series\">\n"
        for (i, series) in p.series.enumerated() {
            let color = palette[i % palette.count]
            for run in runs(series.x, series.y) {
                let pts = run.map { point($0.0, $0.1) }
                if series.style == .scatter {
                    for q in pts { s += "<circle cx=\"\(f(q.0))\" cy=\"\(f(q.1))\" r=\"3\" fill=\"\(color)\"/>\n" }
                } else {
                    s += polyline(pts, color: color, dashed: series.style == .dashed)
                }
            }
        }
        s += "</g>\n"
        if !p.contours.isEmpty, !p.contourUnit.isNone {
            s += "<text x=\"\(f(width - 24))\" y=\"\(f(height - 24))\" text-anchor=\"end\" font-size=\"12\">contours in \(escape(PlotValue.typographic(p.contourUnit)))</text>\n"
        }
        return s + legend(p, right: width - 24, top: 40)
    }
}
