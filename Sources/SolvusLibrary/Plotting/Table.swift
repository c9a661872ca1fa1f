import SolvusFoundation
import SolvusCore

/// A table: named columns of equal length. What `table(...)` returns; it prints as aligned
/// columns with units in the header, and `save` writes it as CSV.
struct TableValue: NativeValue {
    var names: [String]
    var columns: [Value]
    var rows: Int

    var typeName: String { "a table" }
    var fieldNames: [String] { names }
    func field(_ name: String) -> Value? { names.firstIndex(of: name).map { columns[$0] } }

    /// The unit of a column, if it is numeric with one.
    func unit(_ c: Int) -> SolvusCore.Unit? {
        if case .array(let a) = columns[c], !a.unit.isNone { return a.unit }
        return nil
    }

    func cell(_ c: Int, _ r: Int) -> String {
        switch columns[c] {
        case .array(let a): return NumberFormat.format(a.values[r] / a.unit.scale)
        default:
            let v = columns[c].item(r)
            if case .string(let s) = v { return s }
            return v.nested
        }
    }

    var description: String {
        let headers = names.indices.map { c in unit(c).map { "\(names[c]) [\($0)]" } ?? names[c] }
        var widths = headers.map(\.count)
        var cells: [[String]] = []
        for r in 0..<rows {
            let row = names.indices.map { cell($0, r) }
            for (c, s) in row.enumerated() { widths[c] = max(widths[c], s.count) }
            cells.append(row)
        }
        func line(_ items: [String], numeric: [Bool]) -> String {
            items.enumerated().map { c, s in
                let padding = String(repeating: " ", count: widths[c] - s.count)
                return numeric[c] ? padding + s : s + padding
            }.joined(separator: "  ").replacingSuffixSpaces
        }
        let numeric = columns.map { v -> Bool in if case .array = v { return true } else { return false } }
        var out = line(headers, numeric: numeric) + "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row, numeric: numeric) + "\n" }
        return out
    }

    /// CSV text: a header with units in brackets, full precision in the column's unit.
    func csv() throws -> String {
        var out = names.indices.map { c in unit(c).map { "\(names[c]) [\($0)]" } ?? names[c] }.joined(separator: ",") + "\n"
        for r in 0..<rows {
            var fields: [String] = []
            for c in names.indices {
                switch columns[c] {
                case .array(let a):
                    let v = a.values[r] / a.unit.scale
                    fields.append(v.isNaN ? "" : "\(v)")
                default:
                    let s = cell(c, r)
                    guard !s.contains(","), !s.contains("\n") else {
                        throw Diagnostic(.domain("a table cell contains a comma or a line break, which CSV here cannot hold: \(s)"), at: nil)
                    }
                    fields.append(s)
                }
            }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A table from a record of columns (lists of one length; single values repeat).
    static func from(_ r: Record) throws -> TableValue {
        let lengths = r.values.compactMap(\.listCount)
        let n = lengths.max() ?? 1
        var columns: [Value] = []
        for (name, v) in r.fields {
            if let count = v.listCount {
                guard count == n else {
                    throw Diagnostic(.domain("the column \(name) has \(count) rows, the others \(n)"), at: nil)
                }
                columns.append(v)
            } else {
                columns.append(Value.makeList([Value](repeating: v, count: n)))
            }
        }
        return TableValue(names: r.keys, columns: columns, rows: n)
    }
}

/// Writes a file whole or not at all: to a temporary file beside it, then renamed.
enum AtomicWrite {
    static func write(_ text: String, to path: String) throws {
        let directory = Paths.deletingLastComponent(path)
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(Paths.lastComponent(path)).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw Diagnostic(.custom("E515", "cannot write '\(path)'"), at: nil)
        }
        if rename(temporary, path) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Diagnostic(.custom("E515", "cannot write '\(path)'"), at: nil)
        }
    }
}
