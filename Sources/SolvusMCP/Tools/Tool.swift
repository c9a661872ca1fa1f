import SolvusCore
import SolvusLibrary
import SolvusServer

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
