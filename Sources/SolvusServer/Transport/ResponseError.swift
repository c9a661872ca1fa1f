/// A JSON-RPC error: a named code and a message for people.
struct ResponseError: Error, Codable, Equatable {
    /// The error codes of JSON-RPC 2.0 and the Language Server Protocol that Solvus sends.
    enum Code: Int, Codable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case serverNotInitialized = -32002
        case requestCancelled = -32800
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
