extension Quantity: CustomStringConvertible {
    /// `17.5 kJ/mol`, `0.5`, `25 %`
    public var description: String {
        let number = NumberFormat.format(displayValue)
        return unit.isNone ? number : "\(number) \(unit)"
    }
}

extension Value: CustomStringConvertible {
    /// The value as the REPL and `print` show it; strings print bare at the top level.
    public var description: String {
        if case .string(let s) = self { return s }
        return nested
    }

    /// The value as it appears inside a list or record: strings quoted.
    public var nested: String {
        switch self {
        case .number(let q):
            return q.description
        case .array(let a):
            // One unit for the whole list: `[300, 600, 900] K`.
            let suffix = a.unit.isNone || a.values.isEmpty ? "" : " \(a.unit)"
            return "[" + a.values.map { NumberFormat.format($0 / a.unit.scale) }.joined(separator: ", ") + "]" + suffix
        case .bool(let b):
            return b ? "true" : "false"
        case .string(let s):
            return "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"").replacingAll("\n", with: "\\n") + "\""
        case .list(let items):
            return "[" + items.map(\.nested).joined(separator: ", ") + "]"
        case .record(let r):
            return "{" + r.fields.map { "\(Value.key($0)): \($1.nested)" }.joined(separator: ", ") + "}"
        case .function(let f):
            return "<function \(f.signature)>"
        case .native(let n):
            return n.description
        case .jet(let j):
            // Its value; the derivatives travel with it silently.
            return Quantity(j.jet.value, j.unit).description
        }
    }

    /// A record key as written: bare if it is a name, quoted otherwise.
    static func key(_ k: String) -> String {
        guard let first = k.unicodeScalars.first, !("0"..."9").contains(first),
              k.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        else { return Value.string(k).nested }
        return k
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
