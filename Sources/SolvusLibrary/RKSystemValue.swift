import SolvusCore
import SolvusModels

/// A Redlich-Kister system as a Solvus value: what `rk(...)` and `fit(...)` return.
struct RKSystemValue: NativeValue {
    var system: RedlichKisterSystem
    /// The interaction keys as written ("Bi-Sb", "Sn-Bi-Sb"), binaries then ternaries.
    var binaryKeys: [String]
    var ternaryKeys: [String]

    var typeName: String { "a Redlich-Kister system" }
    var name: String { system.components.joined(separator: "-") }

    var description: String {
        "rk(" + Value.record(interactions).nested + ")"
    }

    var fieldNames: [String] { ["components", "interactions"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "components": return .list(system.components.map { .string($0) })
        case "interactions": return .record(interactions)
        default: return nil
        }
    }

    static func parameterValue(_ p: RKParameter) -> Value {
        if p.b == 0 && p.c == 0 && p.d == 0 { return .number(Quantity(p.a, Builtins.JPerMol)) }
        var r = Record()
        r["a"] = .number(Quantity(p.a, Builtins.JPerMol))
        r["b"] = .number(Quantity(p.b, Builtins.JPerMolK))
        if p.c != 0 { r["c"] = .number(Quantity(p.c, Builtins.JPerMolK)) }
        if p.d != 0 { r["d"] = .number(Quantity(p.d, Builtins.JPerMolK / Builtins.kelvin)) }
        return .record(r)
    }

    var interactions: Record {
        var r = Record()
        for (key, b) in zip(binaryKeys, system.binaries) { r[key] = Value.makeList(b.terms.map(RKSystemValue.parameterValue)) }
        for (key, t) in zip(ternaryKeys, system.ternaries) { r[key] = Value.makeList(t.terms.map(RKSystemValue.parameterValue)) }
        return r
    }
}
