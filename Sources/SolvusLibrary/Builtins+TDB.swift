import SolvusFoundation
import SolvusCore
import SolvusModels

extension Builtins {
    static let tdbBuiltins: [Builtin] = [tdb, phase]

    static let tdb = Builtin(
        "tdb", params: [.init("path")], signature: "tdb(path) -> database",
        doc: """
            Reads a CALPHAD database in the Thermo-Calc TDB format (as Thermo-Calc, Pandat, OpenCalphad \
            and pycalphad write it): ELEMENT, SPECIES, FUNCTION (piecewise in T, references with #), \
            TYPE_DEFINITION (the magnetic GES A_P_D ... MAGNETIC form), PHASE, CONSTITUENT, PARAMETER (G, L, \
            TC, BMAGN) and the reference lists; $ comments, ! terminators, keywords in any case and \
            abbreviated. Commands that do not affect the models are skipped with one warning each. \
            The path is relative to the script. Fields: elements, phases, parameters, functions, \
            references, warnings. phase(db, "LIQUID", ["AL", "ZN"]) makes a model of one phase.
            Example: tdb("examples/data/tdb/pbsn.tdb").phases.LIQUID is [["PB", "SN"]].
            """
    ) { args in
        let (text, path, file) = try readText(args)
        // A range inside the file (an offset at its very end points at its last byte).
        let size = text.utf8.count
        func place(_ offset: Int, _ length: Int) -> SourceRange? {
            guard let file, size > 0 else { return nil }
            let start = max(0, min(offset, size - 1))
            return SourceRange(file: file.id, start: start, end: min(size, start + max(1, length)))
        }
        do {
            let db = try TDBReader.parse(text: text)
            for w in db.warnings {
                let d = Diagnostic(.custom("W530", w.message), at: place(w.offset, w.length), severity: .warning)
                if let sources = args.evaluator.sources {
                    _ = FileWriting.all(DiagnosticRenderer().render(d, sources: sources), to: 2)
                }
            }
            return .native(DatabaseValue(database: db, path: path))
        } catch let e as TDBError {
            let range = place(e.offset, e.length) ?? args.range("path")
            throw Diagnostic(.custom("E530", e.message), at: range)
        }
    }

    /// Reads the file named by argument `path` as UTF-8 text, inside the workspace rules (`load`
    /// and `tdb`): the text, the path as written, and its file in the session's source map.
    static func readText(_ args: Arguments) throws -> (String, String, SourceFile?) {
        let path = try args.string("path")
        let full = try args.evaluator.checkFileAccess(path, at: args.range("path"))
        let data: Data
        switch FileReading.bytes(atPath: full) {
        case .success(let bytes): data = Data(bytes)
        case .failure(let failure):
            throw args.error("path", .custom("E512", "cannot read '\(path)': \(failure.reason)"), notes: ["note: looked for \(full)"])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw args.error("path", .custom("E101", "'\(path)' is not UTF-8 text"))
        }
        return (text, path, args.evaluator.sources?.add(name: path, text: text))
    }

    static let phase = Builtin(
        "phase", params: [.init("database"), .init("name"), .init("components")],
        signature: "phase(database, name, components) -> phase",
        doc: """
            A model of one phase of a TDB database for the given components (element names in any \
            case): reference Gibbs energies of the pure components, the ideal entropy of mixing, the \
            Redlich-Kister-Muggianu excess with every binary and ternary parameter of the file, and the \
            Inden-Hillert-Jarl magnetic term with the phase's p; temperature dependence exactly as \
            written (outside every range is an error naming the range). Phases whose constituents sit \
            on one sublattice (any others holding only VA) are supported. mix gives ΔG, ΔH, ΔS of \
            mixing and the phase's total GM, HM, SM, CPM; rkm, partial and fit take its excess; \
            critical, spinodal, binodal, gap and scc0 take a binary phase; save(p, "f.tdb") writes it.
            Example: phase(tdb("examples/data/tdb/pbsn.tdb"), "LIQUID", ["Pb", "Sn"]).components is ["Pb", "Sn"].
            """
    ) { args in
        let v = try args.require("database")
        guard case .native(let n) = v, let db = n as? DatabaseValue else {
            throw args.error("database", .expectedType("'database'", expected: "a database read by tdb(\"file.tdb\")", found: v.typeDescription))
        }
        let name = try args.string("name")
        let cv = try args.require("components")
        var comps: [String] = []
        if case .string(let s) = cv { comps = [s] } else if let c = cv.listCount {
            for i in 0..<c {
                guard case .string(let s) = cv.item(i) else {
                    throw args.error("components", .expectedType("'components'", expected: "a list of element names such as [\"Al\", \"Zn\"]",
                                                                  found: cv.typeDescription))
                }
                comps.append(s)
            }
        } else {
            throw args.error("components", .expectedType("'components'", expected: "a list of element names such as [\"Al\", \"Zn\"]",
                                                          found: cv.typeDescription))
        }
        do {
            let model = try db.database.phaseModel(name, components: comps)
            return .native(PhaseValue(model: model, database: db.database, path: db.path))
        } catch let e as TDBModelError {
            throw Diagnostic(.custom("E531", e.message), at: args.range(e.message.hasPrefix("phase ") || e.message.hasPrefix("the database") ? "name" : "components"),
                             notes: e.notes)
        }
    }

    /// The argument `param` when it is a database phase.
    static func phaseArgument(_ args: Arguments, _ param: String) -> PhaseValue? {
        if case .native(let n)? = args.value(param), let p = n as? PhaseValue { return p }
        return nil
    }

    /// A model error as a diagnostic on argument `param`.
    static func modelError(_ e: TDBModelError, _ args: Arguments, _ param: String) -> Diagnostic {
        Diagnostic(.custom("E532", e.message), at: args.range(param), notes: e.notes)
    }

    /// mix of a database phase: ΔG, ΔH, ΔS of mixing and the phase's GM, HM, SM, CPM.
    static func phaseMix(_ p: PhaseValue, _ args: Arguments) throws -> Value {
        let names = p.names
        let k = names.count
        let (temps, tList) = try temperatureList(args)
        let xv = try args.require("x")
        var fractions: [Double]
        // The compositions as given (read in place by the fast path) and each component's column.
        var given: (fractions: [Double], width: Int, columns: [Int?])
        var lattice: CompositionGrid?
        var isList = tList
        switch xv {
        case .number, .array:
            guard k == 2 else {
                throw args.error("x", .expectedType("'x' for a phase of \(k) components", expected: "a composition such as {\(names.map { "\($0): 0.2" }.joined(separator: ", "))}",
                                                    found: xv.typeDescription))
            }
            let xs: [Double]
            switch try args.numeric("x", .none) {
            case .scalar(let v): xs = [v]
            case .array(let a): xs = a; isList = true
            }
            for (i, v) in xs.enumerated() where !(v >= 0 && v <= 1) {
                throw args.error("x", .domain("x must be between 0 and 1, not \(NumberFormat.format(v))"),
                                 notes: xs.count > 1 ? ["note: at item \(i) of the list"] : [])
            }
            fractions = xs.flatMap { [1 - $0, $0] }
            given = (fractions, 2, [0, 1])
        default:
            let (rows, list) = try Compositions.rows(args, "x", vocabulary: .components(names, system: p.name))
            isList = isList || list
            let columns = names.map { rows.elements.firstIndex(of: $0) }
            fractions = []
            if case .grid(let g) = rows, temps.count == 1, p.model.magnetic == nil {
                // Read by the fast path a chunk at a time, never stored whole.
                lattice = g
                given = ([], g.elements.count, columns)
            } else {
                let set: CompositionSet
                switch rows {
                case .set(let s): set = s
                case .grid(let g): set = try g.materialised(args.evaluator, at: args.range("x"))
                }
                given = (set.fractions, set.elements.count, columns)
                if temps.count > 1 || p.model.magnetic != nil { fractions = reordered(set, columns, k: k) }
            }
        }
        let n = lattice?.count ?? given.fractions.count / max(1, given.width)
        if tList, temps.count != n, n != 1 { throw args.error("T", .lengthMismatch(n, temps.count)) }
        // Seven result columns (a grid's compositions are not stored).
        try args.evaluator.checkSize(Double(n), at: args.callRange)
        try args.evaluator.budget.reserve(bytes: 7 * n * MemoryLayout<Double>.stride, at: args.callRange)
        if n == 1, temps.count > 1 { fractions = Array(repeating: fractions, count: temps.count).flatMap { $0 } }
        var total: TDBPhaseModel.Properties, mixing: TDBPhaseModel.Properties
        do {
            // Chunks of rows on every core (each writes its own rows), a few at a time: between
            // rounds (a few ms) the budget is checked here, on the evaluating thread; once it fails
            // the rest is skipped and its error thrown.
            let budget = args.evaluator.budget, range = args.callRange
            var stopped: Error?
            let rounds: (Int, (Int) -> Void) -> Void = { n, body in
                do { try Budget.inRounds(n, check: { try budget.check(at: range) }, body) } catch { stopped = error }
            }
            let fast: TDBPhaseModel.FastResult?
            if temps.count == 1, let t = temps.first {
                if let g = lattice {
                    let table = g.lattice.fractionTable
                    fast = try p.model.fastProperties(rows: n, width: given.width, columns: given.columns, T: t,
                                                      fill: { rows, out in g.lattice.fill(rows, into: out, table: table) },
                                                      parallel: rounds)
                } else {
                    fast = try p.model.fastProperties(fractions: given.fractions, width: given.width, columns: given.columns, T: t,
                                                      parallel: rounds)
                }
            } else {
                fast = nil
            }
            if let fast {
                if let stopped { throw stopped }
                mixing = fast.mixing
                total = fast.total
            } else {
                // The general path (a magnetic phase, or a temperature per composition): each
                // composition's G once for both sets of columns, chunks on every core.
                if fractions.isEmpty { fractions = given.fractions }
                (total, mixing) = try p.model.totalAndMixing(fractions: fractions, T: temps, parallel: rounds)
                if let stopped { throw stopped }
            }
        } catch let e as TDBModelError {
            throw modelError(e, args, "T")
        }
        func column(_ v: [Double], _ unit: SolvusCore.Unit) -> Value {
            isList ? .array(QuantityArray(v, unit)) : .number(Quantity(v.first ?? .nan, unit))
        }
        return .record(Record([("G", column(mixing.G, JPerMol)), ("H", column(mixing.H, JPerMol)), ("S", column(mixing.S, JPerMolK)),
                               ("GM", column(total.G, JPerMol)), ("HM", column(total.H, JPerMol)), ("SM", column(total.S, JPerMolK)),
                               ("CPM", column(total.Cp, JPerMolK))]))
    }

    /// A binary database phase for the phase-diagram solvers.
    static func phaseBinary(_ args: Arguments) throws -> (any GibbsFunction, SolutionModelValue)? {
        guard let p = phaseArgument(args, "model") else { return nil }
        guard p.model.components.count == 2 else {
            throw args.error("model", .domain("this needs a binary phase; \(p.name) has \(p.model.components.count) components"))
        }
        // The temperatures asked for must lie inside every range (critical searches on its own).
        if args.value("T") != nil {
            for t in try temperatureList(args).values {
                do { _ = try p.model.coefficients(T: t) } catch let e as TDBModelError { throw modelError(e, args, "T") }
            }
        }
        return (TDBPhaseModel.Binary(p.model),
                SolutionModelValue(kind: .binary(.ideal), energyUnit: JPerMol, description: p.description))
    }

    /// The excess of a database phase as a Redlich-Kister system, for rkm, partial and fit.
    static func phaseSystem(_ args: Arguments) throws -> RKSystemValue? {
        guard let p = phaseArgument(args, "system") else { return nil }
        do { return try p.rkSystem() } catch let e as TDBModelError { throw modelError(e, args, "system") }
    }

    /// TDB text of a phase or a Redlich-Kister system, for save.
    static func tdbText(_ v: Value) -> String? {
        let date = Builtins.todayUTC()
        let header = ["Written by Solvus \(SolvusVersion.string) on \(date)"]
        guard case .native(let n) = v else { return nil }
        if let p = n as? PhaseValue {
            return TDBWriter.write(phase: p.model, database: p.database, header: header + ["Phase \(p.model.phase) of \(p.path)"])
        }
        if let s = n as? RKSystemValue {
            return TDBWriter.write(system: s.system, phase: "LIQUID", header: header + ["Redlich-Kister system \(s.description)"])
        }
        return nil
    }
}

extension Builtins {
    /// Today's date in UTC, YYYY-MM-DD (the date stamp of a written TDB file).
    static func todayUTC() -> String {
        var now = time(nil)
        var parts = tm()
        guard gmtime_r(&now, &parts) != nil else { return "unknown date" }
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
    }
}
