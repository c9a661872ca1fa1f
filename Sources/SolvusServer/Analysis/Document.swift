import SolvusFoundation
import SolvusCore

/// An open document: its text and version, and what was computed from this text (the
/// evaluation, the parsed statements), made when first needed and dropped when it changes.
final class Document {
    let uri: String
    /// The file's path, for `file:` URIs.
    let path: String?
    var version: Int
    var text: TextDocument {
        didSet {
            analysis = nil
            live = nil
            parsed = nil
        }
    }
    /// The evaluation of the text: its diagnostics are the document's.
    var analysis: Analysis?
    /// The evaluation that values are read from: `analysis`, or while a syntax error stops
    /// it, that of the statements above the error.
    var live: Analysis?
    private var parsed: [Stmt]?
    /// Whether invalid text in it (not UTF-8, lone surrogates) was replaced when it was read.
    var repaired = false

    init(uri: String, version: Int, text: String) {
        self.uri = uri
        self.path = Document.path(fromURI: uri)
        self.version = version
        self.text = TextDocument(text)
    }

    /// The top-level statements that parse, even when others do not.
    var statements: [Stmt] {
        if let parsed { return parsed }
        var parser = Parser(file: SourceFile(id: 0, name: uri, text: text.text))
        let statements = parser.parseProgram()
        parsed = statements
        return statements
    }

    /// Takes the statements an evaluation of the whole current text parsed, so that the text
    /// is not parsed twice.
    func adopt(_ statements: [Stmt]) {
        if parsed == nil { parsed = statements }
    }

    /// `/home/a/x.solvus` for `file:///home/a/x.solvus`; nil for other schemes.
    static func path(fromURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return Paths.standardized(url.path)
    }
}
