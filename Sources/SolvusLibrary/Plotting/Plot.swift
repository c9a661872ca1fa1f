import SolvusCore

/// A data series of a plot: a line or markers, in data coordinates (SI values).
struct Series: Sendable {
    enum Style: String, Sendable { case line, scatter, dashed }
    var style: Style
    var x: [Double]
    var y: [Double]
    var label: String?
}

/// A text placed in the plot at a point in data coordinates (SI values): a region's name.
struct PlotLabel: Sendable {
    var x: Double
    var y: Double
    var text: String
}

/// A labelled polyline of a contour.
struct ContourLine: Sendable {
    var level: Double
    var points: [(Double, Double)]
}

/// A plot as a Solvus value: what `plot`, `ternary` and `phase_diagram` return. It prints as a
/// text plot (braille), and `save` writes it as SVG.
struct PlotValue: NativeValue {
    enum Kind: Sendable {
        case cartesian
        /// A Gibbs triangle: x and y of the series are (a, b) fractions of the first two
        /// components; the third is 1 - a - b.
        case ternary(components: [String])
    }

    var kind: Kind
    var series: [Series]
    var contours: [ContourLine] = []
    /// Texts inside the plot (the regions of a phase diagram).
    var labels: [PlotLabel] = []
    /// The unit and label text of each axis.
    var xUnit: Unit
    var yUnit: Unit
    var xLabel: String
    var yLabel: String
    var title: String?
    var xRange: (Double, Double)?
    var yRange: (Double, Double)?
    var contourUnit: Unit = .none

    var typeName: String { "a plot" }
    var description: String { TextPlot.render(self, width: 80, height: 24) }
    var fieldNames: [String] { ["title"] }
    func field(_ name: String) -> Value? { name == "title" ? title.map { .string($0) } : nil }

    /// The axis title with its unit in SI typography: "ΔG / kJ mol⁻¹".
    static func axisTitle(_ label: String, _ unit: Unit) -> String {
        let u = typographic(unit)
        return u.isEmpty ? label : "\(label) / \(u)"
    }

    /// kJ/mol → "kJ mol⁻¹", J/(mol K) → "J mol⁻¹ K⁻¹", m^3 → "m³".
    static func typographic(_ unit: Unit) -> String {
        let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                                                    "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        let ordered = unit.factors.filter { $0.power > 0 } + unit.factors.filter { $0.power < 0 }
        return ordered.map { f in
            f.power == 1 ? f.name : f.name + String(String(f.power).map { superscripts[$0] ?? $0 })
        }.joined(separator: " ")
    }

    /// The data range of the plot (with the explicit ranges taking precedence).
    var bounds: (x: (Double, Double), y: (Double, Double)) {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            xs += s.x.filter(\.isFinite)
            ys += s.y.filter(\.isFinite)
        }
        func span(_ v: [Double]) -> (Double, Double) {
            guard let lo = v.min(), let hi = v.max() else { return (0, 1) }
            if lo == hi { return (lo - max(1, abs(lo)) * 0.5, hi + max(1, abs(hi)) * 0.5) }
            return (lo, hi)
        }
        return (xRange ?? span(xs), yRange ?? span(ys))
    }
}

/// Plots for front ends: the text rendering of a plot value at a given size (the REPL sizes it
/// to the terminal), or nil for any other value.
public enum Plots {
    public static func text(_ v: Value, width: Int, height: Int) -> String? {
        guard case .native(let n) = v, let p = n as? PlotValue else { return nil }
        return TextPlot.render(p, width: max(40, width), height: max(12, height))
    }
}

/// "Nice" axis ticks: 1, 2 or 5 times a power of ten, about `count` of them.
enum Ticks {
    static func nice(_ lo: Double, _ hi: Double, count: Int = 6) -> (lo: Double, hi: Double, step: Double, ticks: [Double]) {
        let span = hi - lo
        guard span > 0, span.isFinite else { return (lo, hi, 1, [lo]) }
        let raw = span / Double(max(1, count - 1))
        let exponent = Int((log10(raw)).rounded(.down))
        let residual = raw / pow(10, Double(exponent))
        var mantissa = residual < 1.5 ? 1.0 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        var e = exponent
        if mantissa == 10 { mantissa = 1; e += 1 }
        // k · mantissa · 10^e, computed so that decimal ticks come out exact (0.6, not 0.6000000000000001).
        func tick(_ k: Double) -> Double {
            e >= 0 ? k * mantissa * pow(10, Double(e)) : k * mantissa / pow(10, Double(-e))
        }
        let step = tick(1)
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        let ticks = first > last - 1000 ? stride(from: first, through: last, by: 1).map { tick($0) == 0 ? 0 : tick($0) } : [lo, hi]
        let start = tick(first), end = tick(last)
        return (start, end, step, ticks)
    }

    /// A tick label: the value in the axis unit, with no more digits than the step needs.
    static func label(_ v: Double, step: Double) -> String {
        let digits = max(0, -Int((log10(step)).rounded(.down)))
        if digits == 0 { return NumberFormat.format(v.rounded()) }
        var s = NumberFormat.format((v * pow(10, Double(digits))).rounded() / pow(10, Double(digits)))
        if s == "-0" { s = "0" }
        return s
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
