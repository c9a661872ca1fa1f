import SolvusCore
import SolvusModels

/// Element names as Solvus writes them: "AL" -> "Al".
func displayName(_ upper: String) -> String {
    guard let f = upper.first else { return upper }
    return String(f).uppercased() + upper.dropFirst().lowercased()
}

/// A TDB database as a Solvus value: what `tdb(path)` returns.
struct DatabaseValue: NativeValue {
    var database: TDBDatabase
    /// The path as the user gave it.
    var path: String

    var typeName: String { "a TDB database" }

    var description: String {
        let elements = database.elements.map(\.name).filter { $0 != "/-" && $0 != "VA" }
        let phases = database.phases.map { p in p.name + " " + p.constituents.map { "(" + $0.joined(separator: ",") + ")" }.joined() }
        return "tdb(\"\(path)\"): \(elements.count) elements (\(elements.joined(separator: ", "))), "
            + "\(database.phases.count) phases (\(phases.joined(separator: ", "))), \(database.parameters.count) parameters"
    }

    var fieldNames: [String] { ["elements", "phases", "parameters", "functions", "references", "warnings"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "elements":
            return .list(database.elements.map(\.name).filter { $0 != "/-" && $0 != "VA" }.map { .string($0) })
        case "phases":
            var r = Record()
            for p in database.phases {
                r[p.name] = .list(p.constituents.map { list in .list(list.map { .string($0) }) })
            }
            return .record(r)
        case "parameters":
            return .list(database.parameters.map { .string(DatabaseValue.describe($0)) })
        case "functions":
            return .list(database.functionOrder.map { .string($0) })
        case "references":
            var r = Record()
            for ref in database.references { r[ref.id] = .string(ref.text) }
            return .record(r)
        case "warnings":
            return .list(database.warnings.map { .string($0.message) })
        default:
            return nil
        }
    }

    /// `G(LIQUID,PB,SN;0) = 5125+1.46424*T, 298.15 K to 6000 K [REF]`
    static func describe(_ p: TDBDatabase.Parameter) -> String {
        let head = "\(p.type)(\(p.phase),\(p.constituents.map { $0.joined(separator: ",") }.joined(separator: ":"));\(p.order))"
        return head + " = " + describe(p.function)
    }

    static func describe(_ f: TDBPiecewise) -> String {
        var s = ""
        var low = f.low
        for (i, piece) in f.pieces.enumerated() {
            if i > 0 { s += "; " }
            s += TDBWriter.expression(piece.expression) + ", \(NumberFormat.format(low)) K to \(NumberFormat.format(piece.high)) K"
            low = piece.high
        }
        if let r = f.reference { s += " [\(r)]" }
        return s
    }
}

/// A phase of a database for chosen components: what `phase(db, name, components)` returns.
struct PhaseValue: NativeValue {
    var model: TDBPhaseModel
    var database: TDBDatabase
    var path: String

    var typeName: String { "a database phase" }
    var names: [String] { model.components.map(displayName) }
    var name: String { model.phase + " " + names.joined(separator: "-") }

    var description: String {
        "phase(tdb(\"\(path)\"), \"\(model.phase)\", [\(names.map { "\"\($0)\"" }.joined(separator: ", "))])"
    }

    var fieldNames: [String] { ["name", "components", "parameters", "magnetic"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "name": return .string(model.phase)
        case "components": return .list(names.map { .string($0) })
        case "parameters":
            let terms = model.endmembers + model.excess + model.curie + model.moment
            return .list(terms.map { .string($0.label + " = " + DatabaseValue.describe($0.function)) })
        case "magnetic":
            guard let m = model.magnetic else { return .bool(false) }
            return .record(Record([("afm", .number(Quantity(m.afm, .none))), ("p", .number(Quantity(m.p, .none)))]))
        default: return nil
        }
    }

    /// The excess part as a Redlich-Kister system (components in Solvus's case), for rkm, partial
    /// and fit: each parameter must be one range of a + b T + c T ln T.
    func rkSystem() throws -> RKSystemValue {
        func parameter(_ t: TDBPhaseModel.Term) throws -> RKParameter {
            guard t.function.pieces.count == 1, let piece = t.function.pieces.first, let f = piece.expression.linearForm else {
                throw TDBModelError("\(t.label) is not of the form a + b T + c T ln(T) + d T**2 over one temperature range, "
                                    + "so it has no Redlich-Kister form",
                                    notes: ["help: mix(p, x: ..., T: ...) evaluates the phase with every parameter as written"])
            }
            return RKParameter(f.a, b: f.b, c: f.c, d: f.d)
        }
        var binaries: [RedlichKisterSystem.Binary] = [], ternaries: [RedlichKisterSystem.Ternary] = []
        var binaryKeys: [String] = [], ternaryKeys: [String] = []
        var pairs: [[Int]: [Int: RKParameter]] = [:], triples: [[Int]: [Int: RKParameter]] = [:]
        for t in model.excess {
            switch t.indices.count {
            case 2: pairs[t.indices, default: [:]][t.order] = try parameter(t)
            case 3: triples[t.indices, default: [:]][t.order] = try parameter(t)
            default:
                throw TDBModelError("\(t.label) couples \(t.indices.count) components; a Redlich-Kister system has binary and ternary terms")
            }
        }
        let comps = names
        for key in pairs.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let terms = pairs[key], let top = terms.keys.max() else { continue }
            binaries.append(.init(i: key[0], j: key[1], terms: (0...top).map { terms[$0] ?? RKParameter(0) }))
            binaryKeys.append(key.map { comps[$0] }.joined(separator: "-"))
        }
        for key in triples.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let terms = triples[key] else { continue }
            let list: [RKParameter]
            if let sym = terms[-1] { list = [sym] } else { list = (0...2).map { terms[$0] ?? RKParameter(0) } }
            ternaries.append(.init(i: key[0], j: key[1], k: key[2], terms: list))
            ternaryKeys.append(key.map { comps[$0] }.joined(separator: "-"))
        }
        return RKSystemValue(system: RedlichKisterSystem(components: comps, binaries: binaries, ternaries: ternaries),
                             binaryKeys: binaryKeys, ternaryKeys: ternaryKeys)
    }
}
