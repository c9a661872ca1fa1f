import SolvusFoundation

/// A request id: JSON-RPC allows a number or a string.
enum RequestID: Hashable, Codable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .string(try c.decode(String.self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        }
    }

    var description: String {
        switch self {
        case .number(let n): return String(n)
        case .string(let s): return "\"\(s)\""
        }
    }
}

/// An incoming message checked against JSON-RPC 2.0: its kind, id and method, and the few
/// parameters the reading thread needs (which request to cancel, which document changes).
/// The rest of the params are decoded by method when the message is handled.
struct Envelope: Decodable {
    enum Kind: Equatable {
        case request(RequestID)
        case notification
        /// A response to a request of ours; Solvus sends none, so these are dropped.
        case response
        /// Not a valid JSON-RPC message; the text says why.
        case invalid(String)
    }

    var kind: Kind
    var id: RequestID?
    var method = ""
    /// `params.textDocument.uri`, if any.
    var uri: String?
    /// `params.id` of `$/cancelRequest`.
    var cancelID: RequestID?
    /// The whole message, for decoding its params.
    var body = Data()

    /// Whether the message changes or closes the document `uri`.
    var changesText: Bool { method == "textDocument/didChange" || method == "textDocument/didClose" }

    private enum Keys: String, CodingKey { case jsonrpc, id, method, params, result, error, textDocument, uri }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try? c.decode(RequestID.self, forKey: .id)
        let params = try? c.nestedContainer(keyedBy: Keys.self, forKey: .params)
        uri = try? params?.nestedContainer(keyedBy: Keys.self, forKey: .textDocument).decode(String.self, forKey: .uri)
        cancelID = try? params?.decode(RequestID.self, forKey: .id)
        if (try? c.decode(String.self, forKey: .jsonrpc)) != "2.0" {
            kind = .invalid("\"jsonrpc\" must be \"2.0\"")
        } else if c.contains(.id), id == nil {
            kind = .invalid("\"id\" must be a number or a string")
        } else if let m = try? c.decode(String.self, forKey: .method) {
            method = m
            kind = id.map { .request($0) } ?? .notification
        } else if c.contains(.method) {
            kind = .invalid("\"method\" must be a string")
        } else if id != nil, c.contains(.result) || c.contains(.error) {
            kind = .response
        } else {
            kind = .invalid("a request needs a \"method\"")
        }
    }

    /// Decodes one message body, or says which JSON-RPC error it deserves.
    static func decode(_ body: [UInt8], with decoder: JSONDecoder) -> Result<Envelope, ResponseError> {
        let data = Data(body)
        if body.first(where: { !isBlank($0) }) == UInt8(ascii: "[") {
            return .failure(ResponseError(.invalidRequest, "batches are not supported: send one message per Content-Length frame"))
        }
        do {
            var envelope = try decoder.decode(Envelope.self, from: data)
            envelope.body = data
            return .success(envelope)
        } catch DecodingError.typeMismatch, DecodingError.valueNotFound {
            return .failure(ResponseError(.invalidRequest, "a message must be a JSON object"))
        } catch {
            return .failure(ResponseError(.parseError, "the message is not valid JSON"))
        }
    }

    private static func isBlank(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
    }

    /// The message's params as `P`; a missing or malformed field is an `invalidParams` error
    /// that names it.
    func params<P: Decodable>(_ type: P.Type, with decoder: JSONDecoder) throws(ResponseError) -> P {
        do {
            return try decoder.decode(ParamsOf<P>.self, from: body).params
        } catch let error as DecodingError {
            throw ResponseError(.invalidParams, "invalid params for \(method): \(Envelope.describe(error))")
        } catch {
            throw ResponseError(.invalidParams, "invalid params for \(method)")
        }
    }

    /// The params as `params` reads them; if they cannot be read because a string holds
    /// invalid text (bytes that are not UTF-8, a lone surrogate), read again with those
    /// replaced by U+FFFD. `repaired` says whether that was needed.
    func lenientParams<P: Decodable>(_ type: P.Type, with decoder: JSONDecoder) throws(ResponseError) -> (P, repaired: Bool) {
        do {
            return (try params(type, with: decoder), false)
        } catch {
            guard let fixed = TextRepair.repair(Array(body)),
                  let p = try? decoder.decode(ParamsOf<P>.self, from: Data(fixed)).params else { throw error }
            return (p, true)
        }
    }

    /// "missing 'textDocument.uri'", "'position.line' has the wrong type".
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.filter { $0.stringValue != "params" }.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacing(".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let p = path(context.codingPath + [key])
            return p.isEmpty ? "missing params" : "missing '\(p)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let p = path(context.codingPath)
            return p.isEmpty ? "params must be an object" : "'\(p)' has the wrong type"
        case .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}

/// A message seen only for its params.
private struct ParamsOf<P: Decodable>: Decodable {
    var params: P
}
