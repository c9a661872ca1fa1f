import SolvusFoundation
import SolvusCore

/// Logging, to standard error only: standard output carries the protocol.
enum MCPLog {
    static func error(_ text: String) {
        StandardError.write("solvus --mcp: \(text)\n")
    }
}
