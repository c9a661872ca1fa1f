import SolvusFoundation
import SolvusCore
import SolvusLibrary

/// Writes framed JSON messages to a file descriptor; safe to call from several threads.
final class FrameWriter: @unchecked Sendable {
    /// Written to, not owned: the server's host closes it once the server has returned.
    private let fd: Int32
    private let lock = Condition()
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        // Solvus values can be infinite (Ω when ΔH = 0) or NaN; JSON cannot.
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    init(fd: Int32) { self.fd = fd }

    /// Encodes and writes one message; false if it could not be encoded. A closed output (the
    /// editor went away) is ignored: the end of the input will end the server.
    @discardableResult
    func send<T: Encodable>(_ message: T) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let body: Data
        do {
            body = try encoder.encode(message)
        } catch {
            // The error's text would hold the whole message: name only where it failed.
            var place = ""
            if case EncodingError.invalidValue(_, let context) = error {
                place = " at " + context.codingPath.prefix(8).map(\.stringValue).joined(separator: ".")
            }
            Log.error("cannot encode a \(T.self)\(place)")
            return false
        }
        writeFrame(Array(body))
        return true
    }

    /// Writes a body already encoded.
    private func writeBody(_ body: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        writeFrame(body)
    }

    private func writeFrame(_ body: [UInt8]) {
        var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes.append(contentsOf: body)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if n < 0, errno == EINTR { continue } else { return }
        }
    }

    /// Answers `id` with `result`; if that cannot be encoded, with an internal error, so that
    /// every request gets an answer.
    func respond<R: Encodable>(_ id: RequestID, _ result: R) {
        if let result = result as? JSONWritable {
            var w = JSONWriter()
            w.object([("id", { id.write(to: &$0) }), ("jsonrpc", { $0.string("2.0") }), ("result", { result.write(to: &$0) })])
            writeBody(w.bytes)
            return
        }
        if !send(Outgoing.Response(id: id, result: result)) {
            fail(id, ResponseError(.internalError, "the answer could not be encoded as JSON"))
        }
    }

    func fail(_ id: RequestID?, _ error: ResponseError) {
        send(Outgoing.Failure(id: id, error: error))
    }

    func notify<P: Encodable>(_ method: String, _ params: P) {
        send(Outgoing.Notification(method: method, params: params))
    }
}

/// The messages the server sends.
enum Outgoing {
    struct Response<R: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var id: RequestID
        /// Encoded even when nil: a result of `null` is still a result.
        var result: R

        private enum Keys: String, CodingKey { case jsonrpc, id, result }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(jsonrpc, forKey: .jsonrpc)
            try c.encode(id, forKey: .id)
            try c.encode(result, forKey: .result)
        }
    }

    struct Failure: Encodable {
        var jsonrpc = "2.0"
        /// Null when the message's id could not be read.
        var id: RequestID?
        var error: ResponseError

        private enum Keys: String, CodingKey { case jsonrpc, id, error }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(jsonrpc, forKey: .jsonrpc)
            try c.encode(id, forKey: .id)
            try c.encode(error, forKey: .error)
        }
    }

    struct Notification<P: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var method: String
        var params: P
    }
}

/// Logging, to standard error only: standard output carries the protocol.
enum Log {
    static func error(_ text: String) {
        _ = FileWriting.all("solvus --rpc: \(text)\n", to: 2)
    }
}
