import Foundation

/// Logging, to standard error only: standard output carries the protocol.
enum MCPLog {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data("solvus --mcp: \(text)\n".utf8))
    }
}
