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
        var out = ""
        // Without a budget nothing can throw.
        try? write(into: &out, budget: nil, at: nil)
        return out
    }

    /// `description`, checking `budget` every few thousand items: a ten-million-item list takes
    /// seconds to format, and must stop when interrupted or out of time.
    public func formatted(budget: Budget?, at range: SourceRange) throws -> String {
        if case .string(let s) = self { return s }
        var out = ""
        try write(into: &out, budget: budget, at: range)
        return out
    }

    private func write(into out: inout String, budget: Budget?, at range: SourceRange?) throws {
        func tick(_ i: Int) throws {
            guard let budget, let range, i & (Budget.stride - 1) == 0 else { return }
            try budget.check(at: range)
            // About 16 bytes an item: enough to have the memory measured every few megabytes.
            try budget.reserve(bytes: Budget.stride * 16, at: range)
        }
        switch self {
        case .number(let q):
            out += q.description
        case .array(let a):
            // One unit for the whole list: `[300, 600, 900] K`.
            out += "["
            for (i, v) in a.values.enumerated() {
                try tick(i)
                if i > 0 { out += ", " }
                out += NumberFormat.format(v / a.unit.scale)
            }
            out += "]"
            if !a.unit.isNone && !a.values.isEmpty { out += " \(a.unit)" }
        case .bool(let b):
            out += b ? "true" : "false"
        case .string(let s):
            out += "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"").replacingAll("\n", with: "\\n") + "\""
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                try tick(i)
                if i > 0 { out += ", " }
                try item.write(into: &out, budget: budget, at: range)
            }
            out += "]"
        case .record(let r):
            out += "{"
            for (i, (k, v)) in r.fields.enumerated() {
                if i > 0 { out += ", " }
                out += "\(Value.key(k)): "
                try v.write(into: &out, budget: budget, at: range)
            }
            out += "}"
        case .function(let f):
            out += "<function \(f.signature)>"
        case .native(let c as any CompactList):
            out += "["
            for i in 0..<c.count {
                try tick(i)
                if i > 0 { out += ", " }
                try c.item(i).write(into: &out, budget: budget, at: range)
            }
            out += "]"
        case .native(let n):
            out += n.description
        case .jet(let j):
            // Its value; the derivatives travel with it silently.
            out += Quantity(j.jet.value, j.unit).description
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
