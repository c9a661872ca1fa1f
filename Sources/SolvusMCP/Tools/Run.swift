import SolvusCore
import SolvusLibrary
import SolvusServer

/// Runs text in a session and gathers what the tools report.
enum Run {
    struct Result {
        var outcome: Session.Outcome
        /// The statements of the text itself (not of files it used), with their values.
        var values: [(statement: Stmt, value: Value)]
        var output: String
        var truncated: Bool
        var rendered: String
    }

    static func text(_ text: String, name: String, in entry: SessionStore.Entry, _ context: ToolContext) -> Result {
        let session = entry.session
        session.evaluator.takeInterrupt = context.interrupt
        _ = entry.output.take()
        var id = 0
        while session.sources.file(id) != nil { id += 1 }
        let outcome = session.run(text, name: name, directory: FileAccess.directory(root: context.options.root))
        let printed = entry.output.take()
        let rendered = outcome.diagnostics.map { session.render($0) }.joined()
        return Result(outcome: outcome, values: outcome.values.filter { $0.statement.range.file == id },
                      output: printed.text, truncated: printed.truncated, rendered: rendered)
    }

    /// The diagnostics as JSON: each with its ID, message and rendered text.
    static func diagnostics(_ r: Result, _ session: Session) -> JSONValue {
        .array(r.outcome.diagnostics.map { d in
            .object([("code", .string(d.id)), ("message", .string(d.message)), ("text", .string(session.render(d)))])
        })
    }
}
