import SolvusCore
import SolvusLibrary

/// The sessions tool calls run in: a fresh one per call, or a named one kept between calls so
/// that an assistant can build up a what-if session.
final class SessionStore {
    /// A session with what it printed during the current call.
    final class Entry {
        let session: Session
        let output: OutputCapture

        init(options: MCPServer.Options) {
            let capture = OutputCapture()
            output = capture
            session = Session(output: { capture.append($0) })
            session.evaluator.limits = options.limits
            FileAccess.confine(session, root: options.root)
        }
    }

    private let options: MCPServer.Options
    private var named: [String: Entry] = [:]

    init(options: MCPServer.Options) { self.options = options }

    /// A new session for one call.
    func fresh() -> Entry { Entry(options: options) }

    /// The session called `name`, made on first use; `reset` starts it anew.
    func named(_ name: String, reset: Bool) throws -> Entry {
        if reset { named[name] = nil }
        if let e = named[name] { return e }
        guard named.count < options.maxSessions else {
            throw ToolFailure("there are already \(options.maxSessions) sessions (\(named.keys.sorted().joined(separator: ", "))): "
                              + "reuse one, or pass reset: true to start one anew")
        }
        let e = Entry(options: options)
        named[name] = e
        return e
    }

    var names: [String] { named.keys.sorted() }
}

/// Collects printed text up to a limit, so that a script printing in a loop cannot fill memory.
final class OutputCapture {
    static let limit = 1 << 20
    private(set) var bytes: [UInt8] = []
    private(set) var truncated = false

    func append(_ s: String) {
        let room = OutputCapture.limit - bytes.count
        if s.utf8.count > room { truncated = true }
        bytes.append(contentsOf: s.utf8.prefix(max(0, room)))
    }

    /// What was printed since the last call, emptying the buffer.
    func take() -> (text: String, truncated: Bool) {
        defer { bytes = []; truncated = false }
        return (String(decoding: bytes, as: UTF8.self), truncated)
    }
}

/// A tool call that cannot run: an argument missing, of the wrong type, or unknown. It becomes
/// a tool error, so that the assistant can correct the call.
struct ToolFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
