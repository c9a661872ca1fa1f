import SolvusLibrary

/// The JSON-RPC 2.0 server on stdin/stdout with Language Server Protocol framing (placeholder).
public final class RPCServer {
    public init() {}

    /// Serves until `exit` or the end of stdin; returns the exit status.
    public func run() -> Int32 { 0 }
}
