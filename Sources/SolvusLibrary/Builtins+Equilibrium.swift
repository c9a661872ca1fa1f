import SolvusCore
import SolvusModels

extension Builtins {
    static let equilibriumBuiltins: [Builtin] = [equilibrium, section, withParameter]

    /// The phases of a binary from a database, a list of database phases, or user phases.
    struct BinarySystem {
        var components: [String]
        var phases: [any EquilibriumPhase]
    }

    /// A binary model (regular, subregular, rk, gibbs) as a Gibbs energy of mixing, or nil.
    static func mixingFunction(_ v: Value) -> (any GibbsFunction)? {
        guard case .native(let n) = v else { return nil }
        if let p = n as? PhaseValue, p.model.components.count == 2 { return TDBPhaseModel.Binary(p.model) }
        if let m = n as? SolutionModelValue {
            switch m.kind {
            case .binary(let b): return b
            case .function(let f): return f
            case .pairwise(let c, let p): return c.count == 2 ? BinaryModel.regular(a: p.omega[0][1]) : nil
            }
        }
        if let s = n as? RKSystemValue, s.system.components.count == 2, s.system.ternaries.isEmpty, let b = s.system.binaries.first {
            return BinaryModel.redlichKister(a: b.terms.map(\.a), b: b.terms.map(\.b), c: b.terms.map(\.c))
        }
        return nil
    }

    /// A molar energy, or a function of T giving one, as a function of T in J/mol.
    static func energyOfT(_ v: Value, _ what: String, _ args: Arguments, _ param: String) throws -> (Double) throws -> Double {
        switch v {
        case .number(let q) where q.dimension == .molarEnergy:
            return { _ in q.value }
        case .function(let f):
            let evaluator = args.evaluator, r = args.range(param)
            return { T in
                let out = try evaluator.call(f, [(nil, nil, .number(Quantity(T, kelvin)), r)], range: r)
                guard case .number(let q) = out, q.dimension == .molarEnergy else {
                    throw args.error(param, .expectedDimension(what, expected: "an energy per mole such as -5 kJ/mol", found: out.typeDescription))
                }
                return q.value
            }
        default:
            throw args.error(param, .expectedDimension(what, expected: "an energy per mole, or a function of T giving one", found: v.typeDescription))
        }
    }

    /// Reads the phases argument of equilibrium and phase_diagram.
    static func binarySystem(_ args: Arguments, _ param: String = "phases", components cparam: String = "components") throws -> BinarySystem {
        let cv = try args.require(cparam)
        var comps: [String] = []
        if let c = cv.listCount {
            for i in 0..<c { if case .string(let s) = cv.item(i) { comps.append(s) } }
        }
        guard comps.count == 2, comps.count == cv.listCount, comps[0].uppercased() != comps[1].uppercased() else {
            throw args.error(cparam, .expectedType("'\(cparam)'", expected: "two element names such as [\"Pb\", \"Sn\"]", found: cv.typeDescription))
        }
        let upper = comps.map { $0.uppercased() }
        let v = try args.require(param)
        var phases: [any EquilibriumPhase] = []
        if case .native(let n) = v, let db = n as? DatabaseValue {
            for p in db.database.phases where db.database.unsupportedReason(p, components: upper) == nil {
                if let m = try? db.database.phaseModel(p.name, components: upper) { phases.append(DatabaseSolutionPhase(m)) }
            }
            guard !phases.isEmpty else {
                throw args.error(param, .domain("no phase of the database holds both \(comps[0]) and \(comps[1]) on one sublattice"))
            }
            return BinarySystem(components: comps, phases: phases)
        }
        guard let count = v.listCount else {
            throw args.error(param, .expectedType("'\(param)'", expected: "a database, or a list of phases", found: v.typeDescription))
        }
        for i in 0..<count {
            let item = v.item(i)
            let note = ["note: at item \(i) of the list"]
            if case .native(let n) = item, let p = n as? PhaseValue {
                guard p.model.components == upper else {
                    throw args.error(param, .domain("the phase \(p.name) is for \(p.names.joined(separator: "-")), not \(comps.joined(separator: "-"))"),
                                     notes: note + ["help: phase(db, \"\(p.model.phase)\", [\"\(comps[0])\", \"\(comps[1])\"])"])
                }
                phases.append(DatabaseSolutionPhase(p.model))
                continue
            }
            guard case .record(let r) = item, case .string(let name)? = r["name"] else {
                throw args.error(param, .expectedType("item \(i) of '\(param)'", expected: "a database phase, {name, model, G} or {name, x, G}",
                                                       found: item.typeDescription),
                                 notes: ["help: {name: \"liquid\", model: regular(10 kJ/mol), G: [0 J/mol, 0 J/mol]} is a solution whose pure "
                                         + "components have G = 0; {name: \"AB\", x: 0.5, G: -10 kJ/mol} a compound"])
            }
            if let model = r["model"] {
                guard let f = mixingFunction(model) else {
                    throw args.error(param, .expectedType("the model of \(name)", expected: "a binary solution model such as regular(10 kJ/mol)",
                                                           found: model.typeDescription), notes: note)
                }
                guard let g = r["G"], g.listCount == 2 else {
                    throw args.error(param, .domain("phase \(name) needs G: [G_\(comps[0]), G_\(comps[1])], the Gibbs energies of its pure components "
                                                    + "(energies, or functions of T)"), notes: note)
                }
                let ga = try energyOfT(g.item(0), "G of pure \(comps[0]) in \(name)", args, param)
                let gb = try energyOfT(g.item(1), "G of pure \(comps[1]) in \(name)", args, param)
                phases.append(MixingSolutionPhase(name: name, mixing: f) { T in (try ga(T), try gb(T)) })
            } else if case .number(let xq)? = r["x"], xq.dimension == .none {
                guard xq.value > 0, xq.value < 1 else {
                    throw args.error(param, .domain("the compound \(name) must lie strictly between the pure components, not at x = \(NumberFormat.format(xq.value))"), notes: note)
                }
                guard let g = r["G"] else { throw args.error(param, .domain("the compound \(name) needs G (an energy, or a function of T)"), notes: note) }
                let gf = try energyOfT(g, "G of \(name)", args, param)
                phases.append(CompoundPhase(name: name, x: xq.value, gibbs: gf))
            } else {
                throw args.error(param, .domain("phase \(name) needs either model: (a solution) or x: (a compound)"), notes: note)
            }
        }
        guard !phases.isEmpty else { throw args.error(param, .domain("give at least one phase")) }
        return BinarySystem(components: comps, phases: phases)
    }

    /// Sections at each temperature, with errors placed on T.
    static func sections(_ sys: BinarySystem, _ temps: [Double], _ args: Arguments) throws -> [Double: IsothermalSection] {
        var out: [Double: IsothermalSection] = [:]
        for t in temps where out[t] == nil {
            do {
                out[t] = try BinaryEquilibrium.section(sys.phases, T: t)
            } catch let e as TDBModelError {
                throw modelError(e, args, "T")
            } catch let e as EquilibriumError {
                throw args.error("T", .domain(e.message))
            }
        }
        return out
    }

    static func equilibriumRecord(_ e: BinaryEquilibriumResult, _ comps: [String]) -> Value {
        .record(Record([
            ("phases", .list(e.phases.map { .string($0) })),
            ("amounts", .array(QuantityArray(e.amounts))),
            ("x", .array(QuantityArray(e.compositions))),
            ("mu", .record(Record([(comps[0], .number(Quantity(e.mu.0, JPerMol))), (comps[1], .number(Quantity(e.mu.1, JPerMol)))]))),
            ("G", .number(Quantity(e.G, JPerMol))),
        ]))
    }

    static let equilibrium = Builtin(
        "equilibrium", params: [.init("phases"), .init("components"), .init("x"), .init("T")],
        signature: "equilibrium(phases, components, x:, T:) -> {phases, amounts, x, mu, G}",
        doc: """
            The stable state of a binary at overall composition x (mole fraction of the second \
            component) and temperature T: the phases present, their amounts (fractions of the atoms), \
            their compositions, the chemical potentials and G per mole of atoms. \
            phases: a database (every phase that holds both components on one sublattice), or a list of \
            database phases, solutions {name, model, G: [G_A, G_B]} (a binary model and the Gibbs energies \
            of its pure components, energies or functions of T) and compounds {name, x, G}. \
            A global search over a fine composition grid of every phase (the lower convex hull, so no \
            metastable state is returned; a phase may split in two for a miscibility gap), then Newton \
            refinement of each tie-line to equal chemical potentials within 1e-12. \
            x and T may be lists (of one length, or one of them a single value): a list of records.
            Example: equilibrium(tdb("examples/data/tdb/pbsn.tdb"), ["Pb", "Sn"], x: 0.3, T: 450 K).phases is ["FCC_A1", "BCT_A5"].
            """
    ) { args in
        let sys = try binarySystem(args)
        let (temps, tList) = try temperatureList(args)
        let xs: [Double], xList: Bool
        switch try args.numeric("x", .none) {
        case .scalar(let v): xs = [v]; xList = false
        case .array(let a): xs = a; xList = true
        }
        for (i, v) in xs.enumerated() where !(v > 0 && v < 1) {
            throw args.error("x", .domain("x must lie strictly between 0 and 1, not \(NumberFormat.format(v))"),
                             notes: xs.count > 1 ? ["note: at item \(i) of the list"] : [])
        }
        let n = try pointCount(args, x: xs.count, xList: xList, T: temps.count, tList: tList)
        let secs = try sections(sys, temps, args)
        var out: [Value] = []
        for i in 0..<n {
            let t = temps.count == 1 ? temps[0] : temps[i]
            let x = xs.count == 1 ? xs[0] : xs[i]
            guard let s = secs[t] else { continue }
            out.append(equilibriumRecord(s.equilibrium(x: x), sys.components))
        }
        for p in sys.phases {
            if let m = p as? MixingSolutionPhase, let f = m.mixing as? FunctionGibbs { try f.check() }
        }
        return xList || tList ? .list(out) : (out.first ?? .list([]))
    }
}

extension Builtins {
    static let section = Builtin(
        "section", params: [.init("phases"), .init("components"), .init("T")],
        signature: "section(phases, components, T:) -> [{phases, x}]",
        doc: """
            An isothermal section of a binary: the stable phases across x at T, region by region in \
            order of x. A one-phase region is {phases: [P], x: [low, high]}; a two-phase region is \
            {phases: [P, Q], x: [x_P, x_Q]}, the compositions of its tie-line (P and Q the same phase \
            across a miscibility gap). phases as equilibrium takes them. T may be a list: a list of \
            sections.
            Example: section(tdb("examples/data/tdb/pbsn.tdb"), ["Pb", "Sn"], T: 450 K)[1].phases is ["FCC_A1", "BCT_A5"].
            """
    ) { args in
        let sys = try binarySystem(args)
        let (temps, tList) = try temperatureList(args)
        let secs = try sections(sys, temps, args)
        for p in sys.phases {
            if let m = p as? MixingSolutionPhase, let f = m.mixing as? FunctionGibbs { try f.check() }
        }
        let out: [Value] = temps.compactMap { t in
            guard let s = secs[t] else { return nil }
            return .list(s.regions.map { r in
                switch r {
                case .single(let p, let low, let high):
                    return .record(Record([("phases", .list([.string(s.phases[p].name)])), ("x", .array(QuantityArray([low, high])))]))
                case .two(let a, let xa, let b, let xb):
                    return .record(Record([("phases", .list([.string(s.phases[a].name), .string(s.phases[b].name)])),
                                           ("x", .array(QuantityArray([xa, xb])))]))
                }
            })
        }
        return tList ? .list(out) : (out.first ?? .list([]))
    }

    /// phase_diagram(phases, components, T:) for a binary.
    static func binaryPhaseDiagram(_ args: Arguments) throws -> Value {
        let sys = try binarySystem(args, "gap")
        guard args.value("T") != nil else {
            throw args.error(.missingArgument("T", function: "phase_diagram"))
        }
        let (temps, _) = try temperatureList(args)
        guard let low = temps.min(), let high = temps.max(), high > low else {
            throw args.error("T", .domain("give a temperature range such as [300 K, 700 K]"))
        }
        let d: BinaryPhaseDiagram
        do {
            d = try BinaryEquilibrium.map(sys.phases, low: low, high: high)
        } catch let e as TDBModelError {
            throw modelError(e, args, "T")
        } catch let e as EquilibriumError {
            throw args.error("T", .domain(e.message))
        }
        for p in sys.phases {
            if let m = p as? MixingSolutionPhase, let f = m.mixing as? FunctionGibbs { try f.check() }
        }
        let c = sys.components
        var series: [Series] = []
        var boundaries: [Value] = []
        for b in d.boundaries {
            let label = b.a == b.b ? "\(b.a) + \(b.b) (gap)" : "\(b.a) + \(b.b)"
            // One curve around the field: x_a up, x_b down.
            series.append(Series(style: .line, x: b.xa + b.xb.reversed(), y: b.T + b.T.reversed(), label: label))
            boundaries.append(.record(Record([("phases", .list([.string(b.a), .string(b.b)])), ("T", .array(QuantityArray(b.T, kelvin))),
                                              ("x_a", .array(QuantityArray(b.xa))), ("x_b", .array(QuantityArray(b.xb)))])))
        }
        var invariants: [Value] = []
        for inv in d.invariants {
            // A congruent point is one composition: a mark, not a line.
            let point = inv.x[0] == inv.x[2]
            series.append(Series(style: point ? .scatter : .dashed, x: point ? [inv.x[0]] : [inv.x[0], inv.x[2]],
                                 y: point ? [inv.T] : [inv.T, inv.T], label: "\(inv.kind) \(NumberFormat.format(inv.T)) K"))
            invariants.append(.record(Record([("kind", .string(inv.kind)), ("T", .number(Quantity(inv.T, kelvin))),
                                              ("phases", .list(inv.phases.map { .string($0) })), ("x", .array(QuantityArray(inv.x)))])))
        }
        var critical: [Value] = []
        for cp in d.critical {
            series.append(Series(style: .scatter, x: [cp.x], y: [cp.T],
                                 label: cp.cusp ? "cusp \(cp.phase) (Curie line)" : "critical point \(cp.phase)"))
            var r = Record([("phase", .string(cp.phase)), ("T", .number(Quantity(cp.T, kelvin))), ("x", .number(Quantity(cp.x)))])
            if cp.cusp { r["kind"] = .string("cusp on the Curie line") }
            critical.append(.record(r))
        }
        var plot = PlotValue(kind: .cartesian, series: series, xUnit: .none, yUnit: kelvin, xLabel: "x(\(c[1]))", yLabel: "T",
                             title: try optionalString(args, "title") ?? "\(c[0])-\(c[1])", xRange: (0, 1), yRange: (low, high))
        plot.labels = d.regionLabels().map { PlotLabel(x: $0.x, y: $0.T, text: $0.text) }
        return .record(Record([("plot", .native(plot)), ("boundaries", .list(boundaries)), ("invariants", .list(invariants)),
                               ("critical", .list(critical))]))
    }
}

extension Builtins {
    static let withParameter = Builtin(
        "with_parameter", params: [.init("database"), .init("parameter"), .init("value")],
        signature: "with_parameter(database_or_phase, parameter, value) -> database_or_phase",
        doc: """
            A copy of a database (or of a database phase) with one parameter set, to redraw a diagram \
            as it changes: parameter as the file names it, "L(LIQUID,PB,SN;0)" or "G(FCC_A1,PB:VA;0)"; \
            value an energy per mole (a constant) or {a: ..., b: ...} for a + b T. A parameter the \
            file lacks is added (over 298.15 K to 6000 K); one it has keeps its temperature range. \
            G(...) and L(...) name the same parameter.
            Example: with_parameter(db, "L(LIQUID,PB,SN;0)", 3 kJ/mol) gives a copy of db whose Pb-Sn liquid has L0 = 3 kJ/mol.
            """
    ) { args in
        let v = try args.require("database")
        var database: TDBDatabase, phaseValue: PhaseValue?, path: String
        if case .native(let n) = v, let d = n as? DatabaseValue {
            database = d.database; path = d.path; phaseValue = nil
        } else if case .native(let n) = v, let p = n as? PhaseValue {
            database = p.database; path = p.path; phaseValue = p
        } else {
            throw args.error("database", .expectedType("'database'", expected: "a database read by tdb(...) or a phase from phase(...)",
                                                        found: v.typeDescription))
        }
        let text = try args.string("parameter")
        let s = text.replacing(" ", with: "").uppercased()
        let bad = args.error("parameter", .domain("'\(text)' is not a parameter name such as \"L(LIQUID,PB,SN;0)\""))
        guard let open = s.firstIndex(of: "("), s.hasSuffix(")"), let semi = s.lastIndex(of: ";") else { throw bad }
        var type = String(s[..<open])
        if type == "BM" { type = "BMAGN" }
        let inside = s[s.index(after: open)..<semi]
        guard let order = Int(s[s.index(after: semi)..<s.index(before: s.endIndex)]), let comma = inside.firstIndex(of: ",") else { throw bad }
        let phaseName = String(inside[..<comma])
        let constituents = inside[inside.index(after: comma)...].split(separator: ":", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",").map(String.init) }
        guard let phase = database.phase(named: phaseName) else {
            throw args.error("parameter", .domain("the database has no phase \(phaseName)"),
                             notes: ["note: its phases are " + database.phases.map(\.name).joined(separator: ", ")])
        }
        guard constituents.count == phase.constituents.count, constituents.allSatisfy({ !$0.isEmpty }) else {
            throw args.error("parameter", .domain("\(phase.name) has \(phase.constituents.count) sublattices; give constituents for each, separated by ':'"))
        }
        let value = try args.require("value")
        let expression: TDBExpression
        switch value {
        case .number(let q) where q.dimension == .molarEnergy:
            expression = .number(q.value)
        case .record(let r):
            guard case .number(let a)? = r["a"], a.dimension == .molarEnergy else {
                throw args.error("value", .expectedDimension("'a'", expected: "an energy per mole", found: r["a"]?.typeDescription ?? "nothing"))
            }
            var e = TDBExpression.number(a.value)
            if let bv = r["b"] {
                guard case .number(let b) = bv, b.dimension == .molarEntropy else {
                    throw args.error("value", .expectedDimension("'b'", expected: "an entropy per mole such as -2 J/(mol K)", found: bv.typeDescription))
                }
                e = .add(e, .multiply(.number(b.value), .temperature))
            }
            expression = e
        default:
            throw args.error("value", .expectedDimension("'value'", expected: "an energy per mole, or {a, b} for a + b T", found: value.typeDescription))
        }
        let key = constituents.map { $0.sorted() }
        // G and L name the same interaction parameter (files write either).
        let kinds: Set<String> = type == "G" || type == "L" ? ["G", "L"] : [type]
        if let i = database.parameters.firstIndex(where: { kinds.contains($0.type) && $0.phase == phase.name && $0.order == order
                && $0.constituents.map { $0.sorted() } == key }) {
            let old = database.parameters[i].function
            database.parameters[i].function = TDBPiecewise(low: old.low, pieces: [(expression, old.pieces.last?.high ?? 6000)])
        } else if var added = database.parameters.first(where: { $0.phase == phase.name }) {
            added.type = type
            added.constituents = constituents
            added.order = order
            added.function = TDBPiecewise(low: 298.15, pieces: [(expression, 6000)])
            database.parameters.append(added)
        } else {
            throw args.error("parameter", .domain("the database has no parameters for \(phase.name)"))
        }
        guard let p = phaseValue else { return .native(DatabaseValue(database: database, path: path)) }
        do {
            let model = try database.phaseModel(p.model.phase, components: p.model.components)
            return .native(PhaseValue(model: model, database: database, path: path))
        } catch let e as TDBModelError {
            throw modelError(e, args, "parameter")
        }
    }
}
