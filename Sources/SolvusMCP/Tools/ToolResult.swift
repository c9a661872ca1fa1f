import SolvusServer

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
