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

    /// One top-level statement of the text with its value, and where its output lies in
    /// `output`.
    struct Entry {
        var statement: Stmt
        var value: Value
        fileprivate var printed: Range<Int>
    }

    /// The values of the top-level statements of the text, in order: a view made without
    /// copying, so that a request about a few of them costs as much as those few.
    var statements: Statements { Statements(analysis: self) }

    struct Statements: RandomAccessCollection {
        fileprivate let analysis: Analysis
        var startIndex: Int { 0 }
        var endIndex: Int { analysis.outcome.values.count }
        subscript(i: Int) -> Entry {
            let marks = analysis.outputMarks
            let (statement, value) = analysis.outcome.values[i]
            return Entry(statement: statement, value: value, printed: (i == 0 ? 0 : marks[i - 1])..<marks[i])
        }
    }

    /// What the statement of `entry` printed.
    func output(of entry: Entry) -> String {
        String(decoding: printed.bytes[entry.printed], as: UTF8.self)
    }

    /// The index of the first statement that ends after byte `offset` (binary search).
    func firstStatement(endingAfter offset: Int) -> Int {
        var lo = 0, hi = statements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if statements[mid].statement.range.end > offset { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The value of statement `index` as text of at most `limit` characters, formatted once
    /// per evaluation (hover, inlay hints and symbols ask again and again).
    func brief(_ index: Int, limit: Int) -> String {
        let key = BriefKey(index: index, limit: limit)
        if let text = briefs[key] { return text }
        let text = ValueText.brief(statements[index].value, limit: limit)
        briefs[key] = text
        return text
    }

    private struct BriefKey: Hashable {
        var index: Int
        var limit: Int
    }
    private var briefs: [BriefKey: String] = [:]
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
