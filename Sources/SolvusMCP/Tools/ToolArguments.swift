import SolvusServer

/// Reading a tool's arguments: each missing, mistyped or unknown argument is a `ToolFailure`
/// that names it.
struct ToolArguments {
    let values: [(String, JSONValue)]

    init(_ json: JSONValue, allowed: [String]) throws {
        guard case .object(let fields) = json else { throw ToolFailure("the arguments must be an object") }
        for (k, _) in fields where !allowed.contains(k) {
            throw ToolFailure("unknown argument '\(k)'; the arguments are \(allowed.joined(separator: ", "))")
        }
        values = fields
    }

    subscript(_ key: String) -> JSONValue? {
        values.first { $0.0 == key }.flatMap { $0.1 == .null ? nil : $0.1 }
    }

    func string(_ key: String) throws -> String? {
        guard let v = self[key] else { return nil }
        guard case .string(let s) = v else { throw ToolFailure("argument '\(key)' must be a string") }
        return s
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = self[key] else { return nil }
        guard case .bool(let b) = v else { throw ToolFailure("argument '\(key)' must be true or false") }
        return b
    }

    /// The session a call runs in: the named one (`session`, `reset`), or a fresh one.
    func session(_ context: ToolContext) throws -> (SessionStore.Entry, name: String?) {
        guard let name = try string("session") else { return (context.sessions.fresh(), nil) }
        guard !name.isEmpty, name.count <= 64,
              name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        else { throw ToolFailure("argument 'session' must be 1 to 64 letters, digits, '_' or '-'") }
        return (try context.sessions.named(name, reset: try bool("reset") ?? false), name)
    }
}
