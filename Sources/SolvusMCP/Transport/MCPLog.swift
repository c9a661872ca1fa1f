#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SolvusCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Logging, to standard error only: standard output carries the protocol.
enum MCPLog {
    static func error(_ text: String) {
        StandardError.write("solvus --mcp: \(text)\n")
    }
}
