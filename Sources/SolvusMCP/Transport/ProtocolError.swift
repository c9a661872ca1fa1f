import SolvusServer

/// A JSON-RPC error: a named code and a message for people.
struct ProtocolError: Error {
    /// The codes of JSON-RPC 2.0 and MCP that the server sends.
    enum Code: Int {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        /// MCP: a resource that does not exist; also a request before `initialize`.
        case resourceNotFound = -32002
    }

    var code: Code
    var message: String
    var data: JSONValue?

    init(_ code: Code, _ message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }
}
