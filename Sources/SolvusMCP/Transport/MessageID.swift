import SolvusServer

/// A JSON-RPC id: a string or an integer.
enum MessageID: Hashable {
    case number(Int64)
    case string(String)

    init?(_ v: JSONValue) {
        switch v {
        case .string(let s): self = .string(s)
        case .number(let d) where d == d.rounded() && abs(d) < 9e15: self = .number(Int64(d))
        default: return nil
        }
    }

    var json: JSONValue {
        switch self {
        case .number(let n): return .number(Double(n))
        case .string(let s): return .string(s)
        }
    }
}
