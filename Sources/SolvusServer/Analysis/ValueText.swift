import SolvusCore

/// Values as the command line prints them, cut to a length without formatting what is cut
/// (a binding of a million values must not cost a million numbers per keystroke).
public enum ValueText {
    /// At most `limit` characters, ending in `…` when cut. Strings are quoted, as inside a list.
    public static func brief(_ v: Value, limit: Int) -> String {
        var out = ""
        write(v, &out, budget: limit + 8)
        guard out.count > limit else { return out }
        return String(out.prefix(max(0, limit - 1))) + "…"
    }

    private static func write(_ v: Value, _ out: inout String, budget: Int) {
        switch v {
        case .array(let a):
            out += "["
            for (i, x) in a.values.enumerated() {
                if out.utf8.count > budget { return }
                if i > 0 { out += ", " }
                out += NumberFormat.format(x / a.unit.scale)
            }
            out += "]" + (a.unit.isNone || a.values.isEmpty ? "" : " \(a.unit)")
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if out.utf8.count > budget { return }
                if i > 0 { out += ", " }
                write(item, &out, budget: budget)
            }
            out += "]"
        case .record(let r):
            out += "{"
            for (i, (k, item)) in r.fields.enumerated() {
                if out.utf8.count > budget { return }
                if i > 0 { out += ", " }
                out += key(k) + ": "
                write(item, &out, budget: budget)
            }
            out += "}"
        case .native(let c as any CompactList):
            out += "["
            for i in 0..<c.count {
                if out.utf8.count > budget { return }
                if i > 0 { out += ", " }
                write(c.item(i), &out, budget: budget)
            }
            out += "]"
        default:
            out += v.nested
        }
    }

    /// A record key as the command line writes it: bare if it is a name, quoted otherwise.
    static func key(_ k: String) -> String {
        guard let first = k.unicodeScalars.first, !("0"..."9").contains(first),
              k.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        else { return Value.string(k).nested }
        return k
    }
}
