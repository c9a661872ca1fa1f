import SolvusLibrary

/// Logging, to standard error only: standard output carries the protocol.
enum MCPLog {
    static func error(_ text: String) {
        _ = FileWriting.all("solvus --mcp: \(text)\n", to: 2)
    }
}
