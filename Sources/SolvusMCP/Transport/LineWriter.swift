import SolvusFoundation
import SolvusCore
import SolvusServer

/// Writes one JSON message per line; safe to call from the reading and the handling thread.
final class LineWriter: @unchecked Sendable {
    private let fd: Int32
    private let lock = Condition()

    init(fd: Int32) { self.fd = fd }

    /// Writes a message. A closed output (the client went away) is ignored: the end of the
    /// input ends the server.
    func send(_ message: JSONValue) {
        var bytes = Array(JSONText.write(message).utf8)
        bytes.append(UInt8(ascii: "\n"))
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if n < 0, errno == EINTR { continue } else { return }
        }
    }

    func respond(_ id: MessageID, _ result: JSONValue) {
        send(.object([("jsonrpc", .string("2.0")), ("id", id.json), ("result", result)]))
    }

    func fail(_ id: MessageID?, _ error: ProtocolError) {
        var e: [(String, JSONValue)] = [("code", .number(Double(error.code.rawValue))), ("message", .string(error.message))]
        if let data = error.data { e.append(("data", data)) }
        send(.object([("jsonrpc", .string("2.0")), ("id", id?.json ?? .null), ("error", .object(e))]))
    }
}
