import SolvusServer

/// A request's params, read with errors that name the field.
struct Params {
    let value: JSONValue
    let method: String

    init(_ value: JSONValue?, _ method: String) throws {
        switch value {
        case nil, .null?: self.value = .object([])
        case .object?: self.value = value ?? .object([])
        default: throw ProtocolError(.invalidParams, "invalid params for \(method): params must be an object")
        }
        self.method = method
    }

    func string(_ key: String) throws -> String {
        guard let v = value[key] else { throw ProtocolError(.invalidParams, "invalid params for \(method): missing '\(key)'") }
        guard case .string(let s) = v else { throw ProtocolError(.invalidParams, "invalid params for \(method): '\(key)' must be a string") }
        return s
    }

    func object(_ key: String) throws -> JSONValue? {
        guard let v = value[key], v != .null else { return nil }
        guard case .object = v else { throw ProtocolError(.invalidParams, "invalid params for \(method): '\(key)' must be an object") }
        return v
    }
}
