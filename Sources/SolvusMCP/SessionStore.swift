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
