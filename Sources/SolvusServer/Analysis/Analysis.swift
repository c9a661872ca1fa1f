import SolvusCore
import SolvusLibrary

/// One evaluation of a text in a fresh session, under the editor's budgets: the values of its
/// top-level statements, its diagnostics and what it printed. A fresh session each time, so a
/// binding deleted from the text is gone, and `use` runs the current version of a file.
final class Analysis {
    let session: Session
    /// The text's file in the session: diagnostics in other files come from `use`.
    let file: SourceFile?
    let outcome: Session.Outcome
    /// What the text printed, at most `OutputBuffer.limit` bytes.
    var output: String { String(decoding: printed.bytes, as: UTF8.self) }
    var outputTruncated: Bool { printed.truncated }
    private let printed: OutputBuffer
    /// The length of the output after each statement of `outcome.values`.
    private let outputMarks: [Int]

    /// Runs `text`; `interrupt` is polled between steps and stops the run when it says so.
    /// `writes`: whether `save` may write files (only for an explicit solvus/evaluate).
    init(text: String, name: String, directory: String?, root: String, options: ServerOptions, writes: Bool = false,
         interrupt: @escaping () -> Bool) {
        let buffer = OutputBuffer()
        session = Session(output: { buffer.append($0) })
        session.evaluator.limits = options.limits
        session.evaluator.allowsFileWrites = writes
        session.evaluator.takeInterrupt = interrupt
        session.fileAccessRoot = root
        // The text becomes the next file of the session's source map.
        var id = 0
        while session.sources.file(id) != nil { id += 1 }
        var marks: [Int] = []
        outcome = session.run(text, name: name, directory: directory) { _, _ in marks.append(buffer.bytes.count) }
        file = session.sources.file(id)
        printed = buffer
        outputMarks = marks
    }

    /// The values of the top-level statements of the text, with what each printed.
    var statements: [(statement: Stmt, value: Value, output: String)] {
        var out: [(Stmt, Value, String)] = []
        var previous = 0
        for (entry, mark) in zip(outcome.values, outputMarks) {
            if entry.statement.range.file == file?.id {
                out.append((entry.statement, entry.value, String(decoding: printed.bytes[previous..<mark], as: UTF8.self)))
            }
            previous = mark
        }
        return out
    }
}

/// Collects printed text up to a limit, so that a script printing in a loop cannot fill memory.
private final class OutputBuffer {
    static let limit = 1 << 20
    var bytes: [UInt8] = []
    var truncated = false

    func append(_ s: String) {
        let room = OutputBuffer.limit - bytes.count
        if s.utf8.count > room { truncated = true }
        bytes.append(contentsOf: s.utf8.prefix(room))
    }
}
