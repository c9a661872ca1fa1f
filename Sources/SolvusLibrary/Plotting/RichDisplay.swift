import SolvusFoundation
import SolvusCore

/// Values as the rich formats notebooks show: a plot as SVG, a table as HTML. Front ends that
/// display more than text (the Jupyter kernel, through `solvus --rpc`) ask for these.
public enum RichDisplay {
    /// The SVG document of a plot value; nil for any other value.
    public static func svg(_ value: Value) -> String? {
        guard case .native(let n) = value, let plot = n as? PlotValue else { return nil }
        return SVG.render(plot)
    }

    /// An HTML table of a table value (units in the header, numbers right-aligned); nil for
    /// any other value.
    public static func html(_ value: Value) -> String? {
        guard case .native(let n) = value, let table = n as? TableValue else { return nil }
        func escape(_ s: String) -> String {
            s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        }
        let numeric = table.columns.map { v -> Bool in if case .array = v { return true } else { return false } }
        var out = "<table class=\"solvus-table\">\n<thead><tr>"
        for c in table.names.indices {
            let unit = table.unit(c).map { " [\(escape($0.description))]" } ?? ""
            out += "<th>\(escape(table.names[c]))\(unit)</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for r in 0..<table.rows {
            out += "<tr>"
            for c in table.names.indices {
                let style = numeric[c] ? " style=\"text-align: right\"" : ""
                out += "<td\(style)>\(escape(table.cell(c, r)))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
