import SolvusCore
import SolvusLibrary
import SolvusServer

/// What a tool call runs with.
struct ToolContext {
    let sessions: SessionStore
    let options: MCPServer.Options
    /// Polled by the evaluator: whether the client cancelled the call.
    let interrupt: () -> Bool
}

/// A tool's answer: a text rendering, structured content, and whether it is an error.
struct ToolResult {
    var text: String
    var structured: JSONValue
    var isError = false

    static func failure(_ message: String) -> ToolResult {
        ToolResult(text: message.hasPrefix("error") ? message : "error: " + message, structured: .object([("error", .string(message))]), isError: true)
    }

    /// The `tools/call` result. Before MCP 2025-06-18 there is no structured content.
    func json(structured withStructure: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [("content", .array([.object([("type", .string("text")), ("text", .string(text))])]))]
        if withStructure { fields.append(("structuredContent", structured)) }
        fields.append(("isError", .bool(isError)))
        return .object(fields)
    }
}

/// One tool: its name, description, the JSON Schemas of its input and output, and what it does.
struct Tool {
    var name: String
    var title: String
    var description: String
    var inputSchema: JSONValue
    var outputSchema: JSONValue
    var run: (JSONValue, ToolContext) -> ToolResult

    func json(structured: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("name", .string(name)), ("title", .string(title)), ("description", .string(description)),
            ("inputSchema", inputSchema),
        ]
        if structured { fields.append(("outputSchema", outputSchema)) }
        return .object(fields)
    }
}

/// Every tool the server offers.
struct ToolCatalog {
    let tools: [Tool]

    init(options: MCPServer.Options) {
        // The built-ins' documentation, the same `:help` text the REPL shows.
        let docs = Session(output: { _ in })
        tools = [EvaluateTool.tool] + ModelTools.all(help: { docs.help($0) ?? $0 })
    }

    var names: [String] { tools.map(\.name) }

    func tool(_ name: String) -> Tool? { tools.first { $0.name == name } }

    func list(structured: Bool) -> JSONValue {
        .object([("tools", .array(tools.map { $0.json(structured: structured) }))])
    }
}

/// Runs text in a session and gathers what the tools report.
enum Run {
    struct Result {
        var outcome: Session.Outcome
        /// The statements of the text itself (not of files it used), with their values.
        var values: [(statement: Stmt, value: Value)]
        var output: String
        var truncated: Bool
        var rendered: String
    }

    static func text(_ text: String, name: String, in entry: SessionStore.Entry, _ context: ToolContext) -> Result {
        let session = entry.session
        session.evaluator.takeInterrupt = context.interrupt
        _ = entry.output.take()
        var id = 0
        while session.sources.file(id) != nil { id += 1 }
        let outcome = session.run(text, name: name, directory: FileAccess.directory(root: context.options.root))
        let printed = entry.output.take()
        let rendered = outcome.diagnostics.map { session.render($0) }.joined()
        return Result(outcome: outcome, values: outcome.values.filter { $0.statement.range.file == id },
                      output: printed.text, truncated: printed.truncated, rendered: rendered)
    }

    /// The diagnostics as JSON: each with its ID, message and rendered text.
    static func diagnostics(_ r: Result, _ session: Session) -> JSONValue {
        .array(r.outcome.diagnostics.map { d in
            .object([("code", .string(d.id)), ("message", .string(d.message)), ("text", .string(session.render(d)))])
        })
    }
}

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

/// JSON Schema pieces.
enum Schema {
    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        .object([("type", .string("object")), ("properties", .object(properties)),
                 ("required", .array(required.map { .string($0) })), ("additionalProperties", .bool(false))])
    }

    static func string(_ description: String, enum values: [String]? = nil) -> JSONValue {
        var f: [(String, JSONValue)] = [("type", .string("string")), ("description", .string(description))]
        if let values { f.append(("enum", .array(values.map { .string($0) }))) }
        return .object(f)
    }

    static func typed(_ types: [String], _ description: String) -> JSONValue {
        .object([("type", types.count == 1 ? .string(types[0]) : .array(types.map { .string($0) })),
                 ("description", .string(description))])
    }

    static let session = string("""
        The name of a persistent session: bindings made by earlier calls with the same name are \
        visible, and this call's bindings are kept. Omit for a fresh session.
        """)
    static let reset = typed(["boolean"], "With session: start that session anew, forgetting its bindings.")

    /// A Solvus value as `solvus/evaluate` gives it: a quantity is {value, unit, dimension}.
    static let anyValue: JSONValue = .object([("description", .string(
        "A Solvus value: a quantity is {value, unit, dimension} with the value in its unit; a list is an array, "
        + "a record an object, strings and booleans themselves, a model {type, text}."))])
}
