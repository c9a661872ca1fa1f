/// A tool call that cannot run: an argument missing, of the wrong type, or unknown. It becomes
/// a tool error, so that the assistant can correct the call.
struct ToolFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
