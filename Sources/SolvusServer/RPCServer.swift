import SolvusFoundation
import SolvusCore
import SolvusLibrary

/// The JSON-RPC 2.0 server for editors (`solvus --rpc`): the Language Server Protocol's base
/// protocol and the parts of it an editor expects, and `solvus/evaluate`.
///
/// A thread of its own reads and checks messages (so that `$/cancelRequest` and a newer edit
/// can stop a running evaluation); they are handled in order on the thread that calls `run()`,
/// which must have a large stack, as deep recursion in a script runs there.
public final class RPCServer {
    /// Where the server is in the protocol's lifecycle.
    enum State {
        case uninitialized, running, shuttingDown
    }

    private let input: Descriptor
    let writer: FrameWriter
    let inbox = Inbox()
    let decoder = JSONDecoder()
    var state = State.uninitialized
    var encoding = PositionEncoding.utf16
    var options = ServerOptions()
    /// The workspace folders the client named: scripts may read files only inside them.
    var roots: [String] = []
    var documents: [String: Document] = [:]
    /// Completion items of the built-ins, which are the same in every session.
    var builtinItems: [CompletionItem]?
    /// Named persistent sessions (RPCServer+Sessions.swift), with when each was last used.
    var sessions: [String: Session] = [:]
    var sessionUse: [String: Int] = [:]
    var sessionClock = 0
    var cellCount = 0

    /// Whether `exit` ends the process when an evaluation has not stopped 1.5 s after it. A
    /// host that runs the server in process (the fuzzing harness) turns this off: there a stuck
    /// evaluation must show as the run not returning, not end the host.
    public var exitsWhenStuck = true

    /// A server on standard input and output.
    public convenience init() {
        self.init(input: 0, output: 1)
    }

    /// A server on the given file descriptors (tests drive it through pipes). It reads a
    /// duplicate of `input`, so the caller may close its own at any time; it writes to `output`
    /// itself, which the caller closes once `run` has returned (to see the end of the output).
    public init(input: Int32, output: Int32) {
        self.input = Descriptor(duplicating: input)
        writer = FrameWriter(fd: output)
    }

    /// Serves until `exit` or the end of the input; returns the exit status: 0 after
    /// `shutdown`, 1 without it.
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        startReading()
        defer { inbox.served.store(true, ordering: .relaxed) }
        while let message = inbox.pop() {
            if message.method == "exit" { return state == .shuttingDown ? 0 : 1 }
            do {
                try handle(message)
            } catch {
                if case .request(let id) = message.kind {
                    writer.fail(id, error)
                } else {
                    Log.error("\(message.method): \(error.message)")
                }
            }
        }
        return state == .shuttingDown ? 0 : 1
    }

    /// Reads frames on another thread: invalid ones are answered there, valid ones queued.
    private func startReading() {
        let reader = FrameReader(fd: input.fd)
        let (input, writer, inbox, exitsWhenStuck) = (self.input, self.writer, self.inbox, self.exitsWhenStuck)
        let started = Threads.detach(stackSize: 16 << 20) {
            // The thread holds the input's descriptor until it has read the end: `run` returns at
            // `exit` while the thread may still be reading, and a host that runs the server in
            // process must not have the descriptor closed, and reused by another stream, under it.
            defer { withExtendedLifetime(input) {} }
            let decoder = JSONDecoder()
            while let frame = reader.next() {
                switch frame {
                case .malformed(let problem):
                    Log.error(problem)
                    writer.fail(nil, ResponseError(.parseError, problem))
                case .body(let body):
                    switch Envelope.decode(body, with: decoder) {
                    case .failure(let error):
                        writer.fail(nil, error)
                    case .success(let message):
                        if case .invalid(let problem) = message.kind {
                            writer.fail(message.id, ResponseError(.invalidRequest, problem))
                        } else if let cancelled = inbox.push(message) {
                            writer.fail(cancelled, ResponseError(.requestCancelled, "the request was cancelled"))
                        }
                        if message.method == "exit", exitsWhenStuck { RPCServer.forceExit(after: 1.5, inbox) }
                    }
                }
            }
            inbox.finish()
        }
        if !started { inbox.finish() }
    }

    /// Ends the process if `exit` has not ended it within `seconds` (the evaluation thread is
    /// stuck in work that does not check for interruption): with 0 after `shutdown`, else 1.
    private static func forceExit(after seconds: Double, _ inbox: Inbox) {
        Threads.sleep(seconds)
        // Served and returned (an in-process server's host goes on): nothing to force.
        if inbox.served.load(ordering: .relaxed) { return }
        Log.error("exit: the running evaluation did not stop; ending the process")
        _exit(inbox.shutdownRead ? 0 : 1)
    }

    /// The one dispatch: every method the server knows.
    private func handle(_ m: Envelope) throws(ResponseError) {
        guard try admit(m) else { return }
        switch m.method {
        case "initialize": reply(m, try initialize(m.params(InitializeParams.self, with: decoder)))
        case "initialized": break
        case "shutdown":
            state = .shuttingDown
            reply(m, JSONValue.null)
        case "textDocument/didOpen":
            let (p, repaired) = try m.lenientParams(DidOpenParams.self, with: decoder)
            didOpen(p, repaired: repaired)
        case "textDocument/didChange":
            let (p, repaired) = try m.lenientParams(DidChangeParams.self, with: decoder)
            try didChange(p, repaired: repaired)
        case "textDocument/didClose": didClose(try m.params(DidCloseParams.self, with: decoder))
        case "textDocument/hover": reply(m, try hover(m.params(TextDocumentPositionParams.self, with: decoder)))
        case "textDocument/completion": reply(m, try completion(m.params(TextDocumentPositionParams.self, with: decoder)))
        case "textDocument/signatureHelp":
            reply(m, try signatureHelp(m.params(TextDocumentPositionParams.self, with: decoder)))
        case "textDocument/documentSymbol": reply(m, try documentSymbols(m.params(DocumentParams.self, with: decoder)))
        case "textDocument/inlayHint": reply(m, try inlayHints(m.params(InlayHintParams.self, with: decoder)))
        case "solvus/evaluate": reply(m, try evaluate(m.params(EvaluateParams.self, with: decoder), id: m.id))
        case "solvus/session/evaluate":
            reply(m, try sessionEvaluate(m.params(SessionEvaluateParams.self, with: decoder), id: m.id))
        case "solvus/session/complete": reply(m, try sessionComplete(m.params(SessionCompleteParams.self, with: decoder)))
        case "solvus/session/help": reply(m, sessionHelp(try m.params(SessionHelpParams.self, with: decoder)))
        case "solvus/session/close": reply(m, sessionClose(try m.params(SessionNameParams.self, with: decoder)))
        default:
            // Unknown notifications are ignored, as the protocol asks.
            if case .request = m.kind { throw ResponseError(.methodNotFound, "unknown method '\(m.method)'") }
        }
    }

    /// Whether the lifecycle allows the message now: before `initialize` only it is served,
    /// after `shutdown` nothing is. Notifications that are not allowed are dropped.
    private func admit(_ m: Envelope) throws(ResponseError) -> Bool {
        let isRequest = m.kind != .notification
        switch state {
        case .uninitialized where m.method != "initialize":
            if m.method == "shutdown" { inbox.reopen() }
            if isRequest { throw ResponseError(.serverNotInitialized, "the server is not initialized: send 'initialize' first") }
            return false
        case .running where m.method == "initialize":
            throw ResponseError(.invalidRequest, "the server is already initialized")
        case .shuttingDown:
            if isRequest { throw ResponseError(.invalidRequest, "the server is shutting down: only 'exit' is accepted") }
            return false
        default:
            return true
        }
    }

    /// Answers a request (a notification gets no answer).
    private func reply<R: Encodable>(_ m: Envelope, _ result: R) {
        if case .request(let id) = m.kind { writer.respond(id, result) }
    }

    /// Reads the budgets, the position encoding and the workspace folders; states what the
    /// server implements.
    private func initialize(_ p: InitializeParams) throws(ResponseError) -> InitializeResult {
        options = try ServerOptions(p.initializationOptions)
        encoding = PositionEncoding.negotiate(p.capabilities?.general?.positionEncodings)
        let uris = p.workspaceFolders?.map(\.uri) ?? p.rootUri.map { [$0] } ?? []
        roots = uris.compactMap(Document.path(fromURI:))
        if roots.isEmpty, let path = p.rootPath { roots = [Paths.standardized(path)] }
        state = .running
        return InitializeResult(capabilities: ServerCapabilities(positionEncoding: encoding.rawValue),
                                serverInfo: .init(name: "solvus", version: SolvusVersion.string))
    }
}
