import SolvusFoundation
import SolvusServer

/// One incoming line checked against JSON-RPC 2.0.
enum Incoming {
    case request(MessageID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    /// A response to a request of ours; the server sends none, so these are dropped.
    case response
    /// Not a valid message: answered with this error (and the id, when it could be read).
    case invalid(MessageID?, ProtocolError)

    /// Parses one line.
    static func parse(_ line: [UInt8]) -> Incoming {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(line))
        } catch {
            return .invalid(nil, ProtocolError(.parseError, "the message is not valid JSON (or is nested too deeply)"))
        }
        guard case .object = value else {
            if case .array = value {
                return .invalid(nil, ProtocolError(.invalidRequest, "batches are not supported: send one message per line"))
            }
            return .invalid(nil, ProtocolError(.invalidRequest, "a message must be a JSON object"))
        }
        let rawID = value["id"]
        let id = rawID.flatMap(MessageID.init)
        if let rawID, id == nil, rawID != .null {
            return .invalid(nil, ProtocolError(.invalidRequest, "\"id\" must be a string or an integer"))
        }
        guard value["jsonrpc"] == .string("2.0") else {
            return .invalid(id, ProtocolError(.invalidRequest, "\"jsonrpc\" must be \"2.0\""))
        }
        let params = value["params"]
        if let params, params != .null {
            switch params {
            case .object, .array: break
            default: return .invalid(id, ProtocolError(.invalidRequest, "\"params\" must be an object"))
            }
        }
        switch value["method"] {
        case .string(let m)?:
            if let id { return .request(id, method: m, params: params) }
            if rawID == .null { return .invalid(nil, ProtocolError(.invalidRequest, "\"id\" must not be null")) }
            return .notification(method: m, params: params)
        case nil:
            if id != nil, value["result"] != nil || value["error"] != nil { return .response }
            return .invalid(id, ProtocolError(.invalidRequest, "a request needs a \"method\""))
        default:
            return .invalid(id, ProtocolError(.invalidRequest, "\"method\" must be a string"))
        }
    }
}
