/// What a tool call runs with.
struct ToolContext {
    let sessions: SessionStore
    let options: MCPServer.Options
    /// Polled by the evaluator: whether the client cancelled the call.
    let interrupt: () -> Bool
}
