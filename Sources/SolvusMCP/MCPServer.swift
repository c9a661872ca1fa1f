import SolvusFoundation
import SolvusCore
import SolvusLibrary
import SolvusServer
import Synchronization

/// The Model Context Protocol server (`solvus --mcp`): JSON-RPC 2.0, one message per line on
/// standard input and output, as MCP's stdio transport specifies. It offers the Solvus tools,
/// resources and prompts.
///
/// A thread of its own reads and checks messages (so that `notifications/cancelled` can stop a
/// running evaluation); requests are handled in order on the thread that calls `run()`, which
/// must have a large stack, as deep recursion in a script runs there.
public final class MCPServer {
    /// What the command line sets.
    public struct Options {
        /// The only directory `use`, `load` and `save` may touch; nil: no file access at all.
        public var root: String?
        /// Seconds one tool call may evaluate; 0 for no limit.
        public var timeLimit = 2.0
        /// Most values one list, range or grid may hold.
        public var maxElements = 10_000_000
        /// Deepest chain of user-function calls.
        public var maxCallDepth = 10_000
        /// Longest message accepted, in bytes; a longer line is answered with an error and skipped.
        public var maxMessageBytes = 64 << 20
        /// Longest string argument of a tool call, in bytes.
        public var maxArgumentBytes = 1 << 20
        /// Most named sessions kept at once.
        public var maxSessions = 32

        public init() {}

        /// The evaluator's limits.
        var limits: EvaluationLimits {
            var l = EvaluationLimits()
            l.timeLimit = timeLimit > 0 ? .milliseconds(Int64(timeLimit * 1000)) : nil
            l.maxElements = maxElements
            l.maxCallDepth = maxCallDepth
            return l
        }
    }

    /// The protocol versions served, newest first.
    static let protocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    let options: Options
    private let input: Int32
    let writer: LineWriter
    private let queue = MessageQueue()
    /// The version agreed at `initialize`; nil before it.
    var protocolVersion: String?
    var sessions: SessionStore
    lazy var catalog = ToolCatalog(options: options)
    lazy var library = Library()

    /// A server on standard input and output.
    public convenience init(options: Options) {
        self.init(options: options, input: 0, output: 1)
    }

    /// A server on the given file descriptors (tests drive it through pipes).
    public init(options: Options, input: Int32, output: Int32) {
        self.options = options
        self.input = input
        writer = LineWriter(fd: output)
        sessions = SessionStore(options: options)
    }

    /// Serves until the end of the input; returns the exit status (0).
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        startReading()
        while let (id, method, params) = queue.pop() {
            do {
                let result = try handle(method, params, id: id)
                if let id, let result {
                    if queue.finishRequest() { continue }  // cancelled: the client expects no answer
                    writer.respond(id, result)
                } else {
                    _ = queue.finishRequest()
                }
            } catch let error as ProtocolError {
                _ = queue.finishRequest()
                if let id { writer.fail(id, error) } else { MCPLog.error("\(method): \(error.message)") }
            } catch {
                _ = queue.finishRequest()
                if let id { writer.fail(id, ProtocolError(.internalError, "\(error)")) }
            }
        }
        return 0
    }

    /// Reads lines on another thread: invalid ones are answered there, cancellations acted on,
    /// the rest queued.
    private func startReading() {
        let reader = LineReader(fd: input, limit: options.maxMessageBytes)
        let (writer, queue) = (self.writer, self.queue)
        let limit = options.maxMessageBytes
        let started = Threads.detach(stackSize: 16 << 20) {
            while let line = reader.next() {
                switch line {
                case .tooLong(let n):
                    writer.fail(nil, ProtocolError(.invalidRequest, "the message is \(n) bytes long, more than the limit of \(limit)"))
                case .message(let bytes):
                    switch Incoming.parse(bytes) {
                    case .invalid(let id, let error): writer.fail(id, error)
                    case .response: break
                    case .request(let id, let method, let params): queue.push(id, method, params)
                    case .notification(let method, let params):
                        if method == "notifications/cancelled" {
                            if let raw = params?["requestId"], let id = MessageID(raw) { queue.cancel(id) }
                        } else {
                            queue.push(nil, method, params)
                        }
                    }
                }
            }
            queue.finish()
        }
        if !started { queue.finish() }
    }

    /// The one dispatch: every method the server knows. A notification's result is ignored.
    private func handle(_ method: String, _ params: JSONValue?, id: MessageID?) throws -> JSONValue? {
        if protocolVersion == nil, method != "initialize", method != "ping" {
            if id == nil { return nil }
            throw ProtocolError(.resourceNotFound, "the server is not initialized: send 'initialize' first")
        }
        switch method {
        case "initialize": return try initialize(Params(params, method))
        case "ping": return .object([])
        case "tools/list": return catalog.list(structured: structuredOutput)
        case "tools/call": return try callTool(Params(params, method))
        case "resources/list": return library.list()
        case "resources/templates/list": return library.templates()
        case "resources/read": return try library.read(Params(params, method).string("uri"))
        case "prompts/list": return Prompts.list()
        case "prompts/get":
            let p = try Params(params, method)
            return try Prompts.get(p.string("name"), arguments: p.object("arguments"))
        default:
            if id == nil { return nil }  // unknown notifications are ignored, as JSON-RPC asks
            throw ProtocolError(.methodNotFound, "unknown method '\(method)'")
        }
    }

    /// Whether tools declare an output schema and return structured content (MCP 2025-06-18 on).
    var structuredOutput: Bool { (protocolVersion ?? "") >= "2025-06-18" }

    /// Agrees on a protocol version: the client's if the server speaks it, else the newest.
    private func initialize(_ p: Params) throws -> JSONValue {
        let requested = try p.string("protocolVersion")
        let version = MCPServer.protocolVersions.contains(requested) ? requested : MCPServer.protocolVersions[0]
        protocolVersion = version
        return .object([
            ("protocolVersion", .string(version)),
            ("capabilities", .object([
                ("tools", .object([("listChanged", .bool(false))])),
                ("resources", .object([("listChanged", .bool(false))])),
                ("prompts", .object([("listChanged", .bool(false))])),
            ])),
            ("serverInfo", .object([("name", .string("solvus")), ("title", .string("Solvus")),
                                    ("version", .string(SolvusVersion.string))])),
            ("instructions", .string(MCPServer.instructions)),
        ])
    }

    static let instructions = """
        Solvus computes the thermodynamics of mixing with units: solution models (ideal, regular, \
        subregular, Redlich-Kister, Flory-Huggins), critical points, binodals and miscibility gaps, \
        high-entropy-alloy descriptors (Yang-Zhang Ω, δ, VEC) and the Miedema model. Every number \
        comes with its unit and dimension. Use the model tools for one calculation, and `evaluate` \
        for anything else in the Solvus language (pass a `session` name to keep bindings between \
        calls). The resource solvus://reference describes the language.
        """

    /// Runs a tool: an unknown tool or malformed arguments are protocol errors; what goes wrong
    /// in Solvus is a tool error carrying the Solvus diagnostic.
    private func callTool(_ p: Params) throws -> JSONValue {
        let name = try p.string("name")
        guard let tool = catalog.tool(name) else {
            throw ProtocolError(.invalidParams, "unknown tool '\(name)'; the tools are \(catalog.names.joined(separator: ", "))")
        }
        let arguments = try p.object("arguments") ?? .object([])
        try checkSizes(arguments, path: "arguments")
        let result = tool.run(arguments, ToolContext(sessions: sessions, options: options, interrupt: queue.interrupt))
        return result.json(structured: structuredOutput)
    }

    /// Rejects strings longer than the argument limit, naming where.
    private func checkSizes(_ v: JSONValue, path: String) throws {
        switch v {
        case .string(let s) where s.utf8.count > options.maxArgumentBytes:
            throw ProtocolError(.invalidParams, "'\(path)' is \(s.utf8.count) bytes long, more than the limit of \(options.maxArgumentBytes)")
        case .array(let items):
            for (i, item) in items.enumerated() { try checkSizes(item, path: "\(path)[\(i)]") }
        case .object(let fields):
            for (k, item) in fields { try checkSizes(item, path: "\(path).\(k)") }
        default: break
        }
    }
}
