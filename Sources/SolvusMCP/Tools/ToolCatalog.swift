import SolvusLibrary
import SolvusServer

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
