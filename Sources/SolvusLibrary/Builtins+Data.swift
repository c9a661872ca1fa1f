import SolvusFoundation
import SolvusCore
import SolvusModels

extension Builtins {
    static let data: [Builtin] = [load, whereRows]

    static let load = Builtin(
        "load", params: [.init("path")], signature: "load(path) -> record of columns",
        doc: """
            Reads a CSV table: a header row, then one row per record, separated by commas; lines starting \
            with # are comments. Units go in the header in square brackets, `dH_mix [J/mol]`, `T [K]`, and \
            make that column a list of quantities; a column of numbers without a unit is a list of plain \
            numbers; any other column is a list of strings. A field in double quotes may hold commas and \
            doubled quotes, as in RFC 4180 ("a, b"). In a numeric column an empty cell, NaN or nan is a \
            missing value (nan); a column with a unit, or with more numbers than other cells, is numeric, \
            and a cell there that is not a number is an error naming its line and column. The result is \
            a record of columns named by the header without its unit: load("data.csv").dH_mix. The path \
            is relative to the script.
            """
    ) { args in
        let (text, _, file) = try Builtins.readText(args)
        return .record(try CSVReader.read(text, file: file, args: args))
    }

    static let fit = Builtin(
        "fit",
        params: [.init("system"), .init("data"), .init("free"), .init("weights", optional: true),
                 .init("y", default: .string("dH_mix")), .init("T", optional: true),
                 .init("method", default: .string("muggianu")), .init("asymmetric", optional: true)],
        signature: "fit(system, data, free:, weights:, y:, T:, method:) -> {system, parameters, errors, rms, residuals}",
        doc: """
            Least-squares fit of chosen Redlich-Kister parameters to measured integral enthalpies. The \
            model is linear in its parameters, so the fit is solved exactly (Householder QR), not by a \
            generic optimiser.
            data: a record of columns (as load gives) with x_<component> for each component of the \
            system and the measured quantity y (default dH_mix, a molar energy); a T column, or T:, gives \
            the temperatures (needed only for temperature-dependent fixed parameters).
            free: the interactions whose parameters are fitted, such as ["Sn-Bi-Sb"]: every term the \
            system gives that interaction (write zeros to start from) is fitted, as a constant; the \
            others stay fixed. weights: one number per point (for example 1 / u²), default all 1.
            Returns the fitted system, parameters and their standard errors (s² (AᵀWA)⁻¹ with \
            s² = Σ w r² / (n - p)), the residual RMS, the residuals per point (measured - model) and n.
            """
    ) { args in
        var s = try system(args)
        let method = try extrapolation(args, s)
        let dv = try args.require("data")
        guard case .record(let table) = dv else {
            throw args.error("data", .expectedType("'data'", expected: "a record of columns, as load(...) returns",
                                                   found: dv.typeDescription))
        }
        let comps = s.system.components
        let k = comps.count
        // The measured values.
        let yName = try args.string("y")
        guard let yv = table[yName] else {
            throw args.error("data", .domain("the data has no column '\(yName)'"),
                             notes: ["note: its columns are " + table.keys.joined(separator: ", ")])
        }
        guard case .array(let ya) = yv, ya.dimension == .molarEnergy else {
            throw args.error("data", .expectedDimension("the column \(yName)", expected: "molar energies (a unit such as [J/mol] in the header)",
                                                        found: yv.typeDescription))
        }
        let n = ya.values.count
        var fractions = [Double](repeating: 0, count: n * k)
        for (j, c) in comps.enumerated() {
            guard let col = table["x_" + c] else {
                throw args.error("data", .domain("the data has no column 'x_\(c)' for the component \(c)"),
                                 notes: ["note: its columns are " + table.keys.joined(separator: ", ")])
            }
            guard case .array(let a) = col, a.dimension.isDimensionless, a.values.count == n else {
                throw args.error("data", .expectedType("the column x_\(c)", expected: "\(n) mole fractions", found: col.typeDescription))
            }
            for i in 0..<n { fractions[i * k + j] = a.values[i] }
        }
        var temps = [Double](repeating: 298.15, count: n)
        if args.value("T") != nil {
            temps = try temperatures(args, count: n, compositionsAreList: true).values
            if temps.count == 1 { temps = [Double](repeating: temps[0], count: n) }
        } else if case .array(let t) = table["T"] ?? .bool(false), t.dimension == .temperature, t.values.count == n {
            temps = t.values
        }
        // Free parameters: (binary?, index, term).
        let fv = try args.require("free")
        var free: [(binary: Bool, index: Int, term: Int, key: String)] = []
        for i in 0..<(fv.listCount ?? 0) {
            guard case .string(let key) = fv.item(i) else {
                throw args.error("free", .expectedType("'free'", expected: "a list of interaction keys such as [\"Sn-Bi-Sb\"]",
                                                       found: fv.typeDescription))
            }
            if let b = s.binaryKeys.firstIndex(of: key) {
                for t in s.system.binaries[b].terms.indices { free.append((true, b, t, key)) }
            } else if let t = s.ternaryKeys.firstIndex(of: key) {
                for u in s.system.ternaries[t].terms.indices { free.append((false, t, u, key)) }
            } else {
                throw args.error("free", .domain("the system has no interaction '\(key)'"),
                                 notes: ["help: its interactions are " + (s.binaryKeys + s.ternaryKeys).joined(separator: ", ")
                                         + "; add a new one to rk(...) with zeros to fit it"])
            }
        }
        guard !free.isEmpty else { throw args.error("free", .domain("nothing to fit: free names no interaction")) }
        var weights: [Double]?
        if args.value("weights") != nil {
            let w = try args.numeric("weights", .none)
            switch w {
            case .scalar(let x): weights = [Double](repeating: x, count: n)
            case .array(let a): weights = a
            }
            guard weights?.count == n, weights?.allSatisfy({ $0 >= 0 && $0.isFinite }) == true else {
                throw args.error("weights", .domain("weights must be \(n) numbers, none negative"))
            }
        }
        // The model with the free parameters zeroed, and one basis column per free parameter.
        var fixed = s.system
        for f in free {
            if f.binary { fixed.binaries[f.index].terms[f.term] = RKParameter(0) } else { fixed.ternaries[f.index].terms[f.term] = RKParameter(0) }
        }
        let base = fixed.excess(fractions: fractions, T: temps, method: method, properties: [.H])[.H] ?? []
        var zero = fixed
        for b in zero.binaries.indices { zero.binaries[b].terms = zero.binaries[b].terms.map { _ in RKParameter(0) } }
        for t in zero.ternaries.indices { zero.ternaries[t].terms = zero.ternaries[t].terms.map { _ in RKParameter(0) } }
        let p = free.count
        var a = [Double](repeating: 0, count: n * p)
        for (col, f) in free.enumerated() {
            var unit = zero
            if f.binary { unit.binaries[f.index].terms[f.term] = RKParameter(1) } else { unit.ternaries[f.index].terms[f.term] = RKParameter(1) }
            let phi = unit.excess(fractions: fractions, T: temps, method: method, properties: [.H])[.H] ?? []
            for i in 0..<n { a[i * p + col] = phi[i] }
        }
        let y = (0..<n).map { ya.values[$0] - base[$0] }
        let solution: LeastSquares.Solution
        do {
            solution = try LeastSquares.solve(a: a, rows: n, columns: p, y: y, weights: weights)
        } catch LeastSquares.Failure.underdetermined(let points, let parameters) {
            throw args.error("data", .domain("\(points) points cannot fix \(parameters) parameters"))
        } catch LeastSquares.Failure.rankDeficient(let column) {
            let f = free[column]
            throw args.error("free", .domain("the data cannot fix L\(f.term) of \(f.key): it is a combination of the other free parameters over these compositions"))
        }
        var fitted = s
        var parameters = Record(), errors = Record()
        var grouped: [String: ([Double], [Double])] = [:]
        var order: [String] = []
        for (i, f) in free.enumerated() {
            let value = RKParameter(solution.parameters[i])
            if f.binary { fitted.system.binaries[f.index].terms[f.term] = value } else { fitted.system.ternaries[f.index].terms[f.term] = value }
            if grouped[f.key] == nil { order.append(f.key); grouped[f.key] = ([], []) }
            grouped[f.key]?.0.append(solution.parameters[i])
            grouped[f.key]?.1.append(solution.standardErrors[i])
        }
        for key in order {
            parameters[key] = .array(QuantityArray(grouped[key]?.0 ?? [], JPerMol))
            errors[key] = .array(QuantityArray(grouped[key]?.1 ?? [], JPerMol))
        }
        s = fitted
        return .record(Record([
            ("system", .native(s)), ("parameters", .record(parameters)), ("errors", .record(errors)),
            ("rms", .number(Quantity(solution.rms, JPerMol))),
            ("residuals", .array(QuantityArray(solution.residuals, JPerMol))), ("n", .number(Double(n))),
        ]))
    }
}

extension Builtins {
    static let whereRows = Builtin(
        "where", params: [.init("table"), .init("mask")], signature: "where(table, mask) -> table",
        doc: """
            The rows of a table (a record of equally long columns, as load gives) where mask is true: \
            where(d, d.T == 973 K and d.section == "(Sb0.50Bi0.50)1-xSnx").
            Example: where({a: [1, 2, 3]}, [true, false, true]).a is [1, 3].
            """
    ) { args in
        let tv = try args.require("table")
        guard case .record(let table) = tv else {
            throw args.error("table", .expectedType("'table'", expected: "a record of columns", found: tv.typeDescription))
        }
        let mv = try args.require("mask")
        var mask: [Bool] = []
        for i in 0..<(mv.listCount ?? 0) {
            guard case .bool(let b) = mv.item(i) else {
                throw args.error("mask", .expectedType("'mask'", expected: "a list of booleans", found: mv.typeDescription))
            }
            mask.append(b)
        }
        guard mv.listCount != nil else {
            throw args.error("mask", .expectedType("'mask'", expected: "a list of booleans", found: mv.typeDescription))
        }
        var out = Record()
        for (key, column) in table.fields {
            guard let n = column.listCount, n == mask.count else {
                throw args.error("table", .domain("the column \(key) has \(column.listCount.map(String.init) ?? "no") items, the mask \(mask.count)"))
            }
            switch column {
            case .array(let a):
                out[key] = .array(QuantityArray(zip(a.values, mask).filter { $0.1 }.map { $0.0 }, a.unit))
            default:
                out[key] = .list((0..<n).filter { mask[$0] }.map { column.item($0) })
            }
        }
        return .record(out)
    }
}

/// Reads CSV text into a record of columns; errors point into the file.
enum CSVReader {
    static func read(_ text: String, file: SourceFile?, args: Arguments) throws -> Record {
        let bytes = Array(text.utf8)
        func range(_ start: Int, _ end: Int) -> SourceRange? {
            file.map { SourceRange(file: $0.id, start: start, end: max(end, start + 1)) }
        }
        func fail(_ message: String, _ start: Int, _ end: Int) -> Diagnostic {
            Diagnostic(.custom("E513", message), at: range(start, end) ?? args.callRange)
        }
        // Rows of cells, RFC 4180: a field in double quotes may hold commas, line breaks and
        // doubled quotes (""); lines that are blank or start with '#' are skipped.
        typealias Cell = (text: String, start: Int, end: Int)
        var rows: [(cells: [Cell], start: Int, end: Int)] = []
        var i = 0
        let n = bytes.count
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
        while i < n {
            let rowStart = i
            var j = i
            while j < n, bytes[j] == space { j += 1 }
            if j == n || bytes[j] == newline || bytes[j] == cr || bytes[j] == UInt8(ascii: "#") {
                while i < n, bytes[i] != newline { i += 1 }
                i += 1
                continue
            }
            var cells: [Cell] = []
            while true {
                let cellStart = i
                while i < n, bytes[i] == space { i += 1 }
                var text: String
                if i < n, bytes[i] == quote {
                    let open = i
                    var content: [UInt8] = []
                    i += 1
                    var closed = false
                    while i < n {
                        if bytes[i] == quote {
                            if i + 1 < n, bytes[i + 1] == quote {
                                content.append(quote)
                                i += 2
                                continue
                            }
                            closed = true
                            i += 1
                            break
                        }
                        content.append(bytes[i])
                        i += 1
                    }
                    guard closed else { throw fail("a quoted field is not closed", open, open + 1) }
                    while i < n, bytes[i] == space { i += 1 }
                    guard i == n || bytes[i] == comma || bytes[i] == newline || bytes[i] == cr else {
                        throw fail("text after the closing quote of a field", i, i + 1)
                    }
                    text = String(decoding: content, as: UTF8.self)
                } else {
                    while i < n, bytes[i] != comma, bytes[i] != newline { i += 1 }
                    var e = i
                    if e > cellStart, bytes[e - 1] == cr { e -= 1 }
                    text = String(decoding: bytes[cellStart..<e], as: UTF8.self).trimmingSpaces
                }
                cells.append((text, cellStart, i))
                if i < n, bytes[i] == cr { i += 1 }
                if i < n, bytes[i] == comma {
                    i += 1
                    continue
                }
                break
            }
            rows.append((cells, rowStart, i))
            i += 1
        }
        guard let headerRow = rows.first else {
            throw Diagnostic(.custom("E513", "the table is empty: it has no header row"), at: args.range("path"))
        }
        let header = headerRow.cells
        var names: [String] = []
        var units: [SolvusCore.Unit] = []
        for h in header {
            var name = h.text
            var unit = SolvusCore.Unit.none
            if let open = name.firstIndex(of: "["), name.hasSuffix("]") {
                let unitText = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
                name = String(name[..<open]).trimmingSpaces
                unit = try parseUnit(unitText, args: args) ?? {
                    throw fail("unknown unit '\(unitText)' in the header", h.start, h.end)
                }()
            }
            guard !name.isEmpty else { throw fail("a column has no name", h.start, h.end) }
            guard !names.contains(name) else { throw fail("the column '\(name)' appears twice", h.start, h.end) }
            names.append(name)
            units.append(unit)
        }
        var columns = [[Cell]](repeating: [], count: names.count)
        var rowNumbers: [Int] = []
        for (number, row) in rows.dropFirst().enumerated() {
            try args.evaluator.budget.check(item: number, at: args.callRange)
            let lineNumber = file?.location(of: row.start).line
            guard row.cells.count == names.count else {
                throw fail("\(lineNumber.map { "line \($0): " } ?? "")expected \(names.count) fields, as the header has, found \(row.cells.count)",
                           row.start, row.end)
            }
            for (k, c) in row.cells.enumerated() { columns[k].append(c) }
            rowNumbers.append(lineNumber ?? rowNumbers.count + 2)
        }
        var record = Record()
        for (k, name) in names.enumerated() {
            let col = columns[k]
            // Missing values: an empty cell, or NaN / nan, is NaN in a numeric column.
            let numbers: [Double?] = col.map { c in
                c.text.isEmpty || c.text.lowercased() == "nan" ? .nan : Double(c.text).flatMap { $0.isFinite ? $0 : nil }
            }
            let given = col.indices.filter { !col[$0].text.isEmpty && col[$0].text.lowercased() != "nan" }
            let numeric = given.filter { numbers[$0] != nil }.count
            // A column with a unit, or mostly numbers, is numeric: a cell that is not a number there
            // is an error, not a silent column of strings.
            if !units[k].isNone || (numeric > 0 && numeric * 2 > given.count) {
                var values: [Double] = []
                for (r, c) in col.enumerated() {
                    guard let v = numbers[r] else {
                        throw fail("line \(rowNumbers[r]), column \(name): '\(c.text)' is not a number, "
                                   + "in a column of numbers", c.start, c.end)
                    }
                    values.append(v * units[k].scale)
                }
                record[name] = .array(QuantityArray(values, units[k]))
            } else {
                record[name] = .list(col.map { .string($0.text) })
            }
        }
        return record
    }

    /// A unit written in a header, such as `J/mol` or `J/(mol K)`.
    static func parseUnit(_ text: String, args: Arguments) throws -> SolvusCore.Unit? {
        let file = SourceFile(id: -1, name: "<unit>", text: "1 " + text)
        var parser = Parser(file: file)
        let statements = parser.parseProgram()
        guard parser.diagnostics.isEmpty, statements.count == 1, case .expression(let e) = statements[0].kind,
              case .quantity(_, let unit) = e.kind else { return nil }
        return unit
    }
}
