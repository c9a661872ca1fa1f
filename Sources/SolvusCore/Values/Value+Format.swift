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

    /// The value as the REPL shows it in `width` columns: a record too long for one line is
    /// written one field per line, indented, its nested records likewise; the text still parses
    /// as the same record.
    public func folded(width: Int) -> String {
        if case .record = self { return folded(width: width, indent: 0, used: 0) }
        return description
    }

    private func folded(width: Int, indent: Int, used: Int) -> String {
        let flat = nested
        guard case .record(let r) = self, r.count > 0, used + flat.count > width else { return flat }
        let pad = String(repeating: " ", count: indent + 2)
        let lines = r.fields.map { key, value -> String in
            let head = pad + Value.key(key) + ": "
            return head + value.folded(width: width, indent: indent + 2, used: head.count + 1)
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent) + "}"
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
