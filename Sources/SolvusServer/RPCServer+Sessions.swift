import SolvusFoundation
import SolvusCore
import SolvusLibrary

/// Named, persistent sessions: `solvus/session/evaluate`, `…/complete`, `…/help`, `…/close`.
///
/// A notebook (the Jupyter kernel) or an assistant builds a what-if session cell by cell: a
/// binding made by one request is there for the next, and an error loses nothing that was
/// defined. Each request runs under the same budgets as `solvus/evaluate`, with the file
/// access of the first workspace folder, and is interrupted by `$/cancelRequest`.
extension RPCServer {
    /// At most this many named sessions live at once; the least recently used is dropped.
    static let maxSessions = 32

    /// The session `name`, made on first use.
    func persistentSession(_ name: String) -> Session {
        if let s = sessions[name] {
            sessionUse[name] = nextSessionUse()
            return s
        }
        if sessions.count >= RPCServer.maxSessions, let oldest = sessionUse.min(by: { $0.value < $1.value })?.key {
            sessions[oldest] = nil
            sessionUse[oldest] = nil
        }
        let session = Session(output: { _ in })
        let access = fileAccess(for: nil)
        session.fileAccessRoot = access.root
        sessions[name] = session
        sessionUse[name] = nextSessionUse()
        return session
    }

    private func nextSessionUse() -> Int {
        sessionClock += 1
        return sessionClock
    }

    /// Runs a cell in a named session: the values of its statements (with SVG for plots and
    /// HTML for tables when `rich` is set), what it printed, and its errors rendered as the
    /// command line shows them.
    func sessionEvaluate(_ p: SessionEvaluateParams, id: RequestID?) throws(ResponseError) -> SessionEvaluateResult {
        guard p.session.utf8.count <= 200 else { throw ResponseError(.invalidParams, "'session' is longer than 200 bytes") }
        let session = persistentSession(p.session)
        let printed = SessionOutput()
        session.evaluator.output = { printed.append($0) }
        session.evaluator.limits = options.limits
        session.evaluator.allowsFileWrites = true
        session.evaluator.takeInterrupt = { [inbox] in inbox.interrupted.load(ordering: .relaxed) }
        let access = fileAccess(for: nil)
        cellCount += 1
        let name = p.name ?? "<cell \(cellCount)>"
        var entries: [SessionEvaluateResult.Entry] = []
        var json = ValueJSON()
        let work = { () -> Session.Outcome in
            session.run(p.text, name: name, directory: access.directory) { statement, value in
                var entry = SessionEvaluateResult.Entry(output: printed.take())
                switch statement.kind {
                case .binding(let n, _, _): (entry.kind, entry.name) = ("binding", n)
                case .function(let n, _, _, _): (entry.kind, entry.name) = ("function", n)
                case .expression: entry.kind = value.isNothing ? "print" : "expression"
                case .use: entry.kind = "use"
                }
                if entry.kind == "expression" || entry.kind == "binding" {
                    if case .string(let string) = value { entry.text = string } else { entry.text = ValueText.brief(value, limit: 100_000) }
                    entry.value = json.convert(value)
                    if p.rich == true {
                        entry.svg = RichDisplay.svg(value)
                        entry.html = RichDisplay.html(value)
                        entry.plot = Plots.text(value, width: 80, height: 24)
                    }
                }
                entries.append(entry)
            }
        }
        let (outcome, interrupted) = id.map { inbox.perform(.request($0), work) } ?? (work(), false)
        session.evaluator.output = { _ in }
        if interrupted && outcome.diagnostics.contains(where: { $0.id == Message.interrupted().id }) == false {
            throw ResponseError(.requestCancelled, "the request was cancelled")
        }
        if let value = outcome.lastExpressionValue, !value.isNothing { session.setAnswer(value) }
        let rest = printed.take()
        if !rest.isEmpty { entries.append(.init(kind: "print", output: rest)) }
        let errors = outcome.diagnostics.map {
            SessionEvaluateResult.Error(code: $0.id, message: $0.message, rendered: session.render($0),
                                        interrupted: interrupted || $0.id == Message.interrupted().id)
        }
        return SessionEvaluateResult(entries: entries, errors: errors, truncated: json.truncated ? true : nil)
    }

    /// Completions at `cursor` (a count of Unicode scalars into `text`, as Jupyter counts):
    /// names (built-in, prelude, the session's, units, keywords), element symbols inside
    /// formulas and composition records, fields after `name.`.
    func sessionComplete(_ p: SessionCompleteParams) throws(ResponseError) -> SessionCompleteResult {
        let session = persistentSession(p.session)
        let scalars = Array(p.text.unicodeScalars)
        guard p.cursor >= 0, p.cursor <= scalars.count else {
            throw ResponseError(.invalidParams, "'cursor' is outside the text")
        }
        let before = String(String.UnicodeScalarView(scalars[..<p.cursor]))
        let text = TextDocument(p.text)
        let offset = before.utf8.count
        // The word being completed: what the matches replace (in a formula, the element
        // symbol being typed: `Co` in `"AlCo`).
        let place = CursorContext(text, offset: offset).place
        var start = p.cursor
        switch place {
        case .string, .recordKey:
            while start > 0, scalars[start - 1].properties.isLowercase { start -= 1 }
            if start > 0, scalars[start - 1].properties.isUppercase { start -= 1 }
        default:
            while start > 0, Self.isNameScalar(scalars[start - 1]) { start -= 1 }
        }
        let word = String(String.UnicodeScalarView(scalars[start..<p.cursor]))
        let labels: [String]
        switch place {
        case .comment:
            labels = []
        case .string, .recordKey:
            labels = elementItems(text, offset: offset).map(\.label).filter { $0.hasPrefix(word) }
        case .field(let base):
            labels = session.evaluator.globals.lookup(base).map { fieldItems($0).map(\.label) }?.filter { $0.hasPrefix(word) } ?? []
        case .code:
            labels = nameItems(session.evaluator, matching: word).items.map(\.label).filter { $0.hasPrefix(word) }
        }
        return SessionCompleteResult(matches: labels, start: start, end: p.cursor)
    }

    private static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }

    /// The documentation of a name (built-in, prelude, the session's own, unit), as `:help`.
    func sessionHelp(_ p: SessionHelpParams) -> SessionHelpResult {
        let session = persistentSession(p.session)
        return SessionHelpResult(found: session.help(p.name) != nil, text: session.help(p.name) ?? "")
    }

    /// Forgets a named session.
    func sessionClose(_ p: SessionNameParams) -> JSONValue {
        sessions[p.session] = nil
        sessionUse[p.session] = nil
        return .null
    }
}

/// What a cell printed, taken statement by statement.
private final class SessionOutput {
    private var text = ""
    /// Printing is capped, so that a cell printing in a loop cannot fill memory.
    private var total = 0
    static let limit = 1 << 20

    func append(_ s: String) {
        guard total < SessionOutput.limit else { return }
        let piece = s.utf8.count + total > SessionOutput.limit ? String(s.prefix(SessionOutput.limit - total)) : s
        total += piece.utf8.count
        text += piece
    }

    func take() -> String {
        defer { text = "" }
        return text
    }
}

struct SessionEvaluateParams: Decodable {
    var session: String
    var text: String
    /// The file name errors show, e.g. `<cell 3>`.
    var name: String?
    /// Whether to add SVG for plots, HTML for tables and the text plot.
    var rich: Bool?
}

struct SessionEvaluateResult: Encodable {
    struct Entry: Encodable {
        /// "binding", "function", "expression", "print" (a statement with no value) or "use".
        var kind = "print"
        var name: String?
        /// What the statement printed before its value.
        var output = ""
        var text: String?
        var value: JSONValue?
        var svg: String?
        var html: String?
        /// A plot as a braille text plot.
        var plot: String?

        init(kind: String = "print", output: String) {
            self.kind = kind
            self.output = output
        }
    }
    struct Error: Encodable {
        var code: String
        var message: String
        /// As the command line shows it: `error[E301]: …`, the place, the caret.
        var rendered: String
        var interrupted: Bool
    }
    var entries: [Entry]
    var errors: [Error]
    var truncated: Bool?
}

struct SessionCompleteParams: Decodable {
    var session: String
    var text: String
    var cursor: Int
}

struct SessionCompleteResult: Encodable {
    var matches: [String]
    var start: Int
    var end: Int
}

struct SessionHelpParams: Decodable {
    var session: String
    var name: String
}

struct SessionHelpResult: Encodable {
    var found: Bool
    var text: String
}

struct SessionNameParams: Decodable {
    var session: String
}
