import SolvusFoundation
import SolvusCore

/// Documents: open, change, close; their evaluation and published diagnostics.
extension RPCServer {
    /// Opens a document and publishes its diagnostics.
    /// `repaired`: invalid text in it was replaced (it then gets an E101 diagnostic).
    func didOpen(_ p: DidOpenParams, repaired: Bool = false) {
        let doc = Document(uri: p.textDocument.uri, version: p.textDocument.version, text: p.textDocument.text)
        doc.repaired = repaired
        documents[doc.uri] = doc
        publish(doc)
    }

    /// Applies the changes in order (ranges count in the negotiated encoding, each on the text
    /// the previous one left) and publishes the diagnostics.
    func didChange(_ p: DidChangeParams, repaired: Bool = false) throws(ResponseError) {
        let doc = try document(p.textDocument.uri)
        for change in p.contentChanges {
            if let range = change.range {
                doc.text.replace(doc.text.byteRange(range, encoding), with: change.text)
            } else {
                doc.text = TextDocument(change.text)
                doc.repaired = false
            }
        }
        if repaired { doc.repaired = true }
        if let version = p.textDocument.version { doc.version = version }
        publish(doc)
    }

    /// Forgets a document and clears its diagnostics.
    func didClose(_ p: DidCloseParams) {
        guard documents.removeValue(forKey: p.textDocument.uri) != nil else { return }
        writer.notify("textDocument/publishDiagnostics",
                      PublishDiagnosticsParams(uri: p.textDocument.uri, version: nil, diagnostics: []))
    }

    /// The open document `uri`; a request about another one is an `invalidParams` error.
    func document(_ uri: String) throws(ResponseError) -> Document {
        guard let doc = documents[uri] else { throw ResponseError(.invalidParams, "the document is not open: \(uri)") }
        return doc
    }

    /// Publishes the document's diagnostics, unless a later edit is already waiting (typing
    /// fast evaluates only the text that stands when it pauses).
    private func publish(_ doc: Document) {
        guard !inbox.hasQueuedChange(to: doc.uri), let analysis = analysis(of: doc) else { return }
        writer.notify("textDocument/publishDiagnostics",
                      PublishDiagnosticsParams(uri: doc.uri, version: doc.version,
                                               diagnostics: invalidText(doc) + diagnostics(analysis, doc.text, uri: doc.uri, doc: doc)))
    }

    /// E101 at the first replacement character of a document whose text held invalid
    /// sequences (which were replaced when it was read).
    private func invalidText(_ doc: Document) -> [LSPDiagnostic] {
        guard doc.repaired else { return [] }
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        let bytes = doc.text.bytes
        var i = 0
        while i + 3 <= bytes.count, bytes[i] != 0xEF || Array(bytes[i..<i + 3]) != replacement { i += 1 }
        guard i + 3 <= bytes.count else { return [] }
        let line = doc.text.line(of: i)
        let column = String(decoding: bytes[doc.text.lineStarts[line]..<i], as: UTF8.self).unicodeScalars.count + 1
        let m = Message.invalidUTF8(line: line + 1, column: column)
        return [LSPDiagnostic(range: doc.text.range(i..<i + 3, encoding), severity: 1, code: m.id,
                              message: m.text + "\nnote: each invalid sequence was replaced with U+FFFD (�)"
                                  + (m.hint.map { "\n" + $0 } ?? ""))]
    }

    /// The evaluation of the document's current text; nil if a newer edit interrupted it.
    func analysis(of doc: Document) -> Analysis? {
        if let a = doc.analysis { return a }
        doc.analysis = evaluate(doc.text.text, of: doc)
        if let a = doc.analysis { doc.adopt(a.outcome.statements) }
        return doc.analysis
    }

    /// The evaluation hover, completion, signature help and inlay hints read values from. While
    /// a syntax error stops the document (as it does while one types), the statements above
    /// the first error are run, so that their values stay live.
    func liveAnalysis(of doc: Document) -> Analysis? {
        if let a = doc.live { return a }
        guard let full = analysis(of: doc) else { return nil }
        doc.live = full
        let syntaxErrors = full.outcome.diagnostics.filter { $0.id.hasPrefix("E1") && $0.range?.file == full.file?.id }
        if full.outcome.values.isEmpty, let first = syntaxErrors.compactMap({ $0.range?.start }).min(),
           let cut = doc.statements.map(\.range.end).filter({ $0 <= first }).max() {
            doc.live = evaluate(String(decoding: doc.text.bytes[..<cut], as: UTF8.self), of: doc) ?? full
        }
        return doc.live
    }

    /// Runs `text` as the document `doc`; nil if a newer edit interrupted it.
    private func evaluate(_ text: String, of doc: Document) -> Analysis? {
        run(text, name: doc.path ?? doc.uri, uri: doc.uri, as: .document(doc.uri))
    }

    /// Runs `text` in a fresh session under the budgets, with the file access of `uri`, as
    /// `work` that the reading thread may interrupt; nil if it was interrupted.
    func run(_ text: String, name: String, uri: String?, as work: Inbox.Work?, writes: Bool = false) -> Analysis? {
        let access = fileAccess(for: uri)
        let analysis = { [inbox, options] in
            Analysis(text: text, name: name, directory: access.directory, root: access.root, options: options,
                     writes: writes, interrupt: { inbox.interrupted.load(ordering: .relaxed) })
        }
        guard let work else { return analysis() }
        let (result, interrupted) = inbox.perform(work, analysis)
        return interrupted ? nil : result
    }

    /// The folder that `use` and `load` may read in, and the directory relative paths start
    /// from: the workspace folder holding the document (else the first one); without any, the
    /// document's own directory; for an unsaved document outside any folder, nothing.
    func fileAccess(for uri: String?) -> (root: String, directory: String?) {
        let path = uri.flatMap(Document.path(fromURI:))
        let directory = path.map { Paths.deletingLastComponent($0) }
        if let path, let root = roots.filter({ path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") })
            .max(by: { $0.count < $1.count }) {
            return (root, directory)
        }
        if let root = roots.first { return (root, directory ?? root) }
        if let directory { return (directory, directory) }
        return ("(no workspace folder)", nil)
    }

    /// The protocol diagnostics of an analysis of `text`. A diagnostic in a file run by `use`
    /// is placed on the statement that ran it and says where it is.
    func diagnostics(_ analysis: Analysis, _ text: TextDocument, uri: String, doc: Document?) -> [LSPDiagnostic] {
        (analysis.outcome.warnings + analysis.outcome.diagnostics).map { d in
            var message = ([d.message] + d.notes).joined(separator: "\n")
            var range = 0..<0
            var related: [LSPDiagnostic.Related] = []
            if let r = d.range, r.file == analysis.file?.id {
                range = r.start..<max(r.start, r.end)
                for label in d.labels where label.range.file == r.file && !uri.isEmpty {
                    let labelRange = text.range(label.range.start..<max(label.range.start, label.range.end), encoding)
                    let slice = String(decoding: text.bytes[clamped(label.range.start..<label.range.end, text)], as: UTF8.self)
                    related.append(.init(location: Location(uri: uri, range: labelRange), message: label.text ?? "`\(slice)`"))
                }
            } else if let r = d.range, let file = analysis.session.sources.file(r.file) {
                let (line, column) = file.location(of: r.start)
                message += "\n--> \(file.name):\(line):\(column)"
                range = failingStatement(analysis, doc: doc) ?? 0..<0
            }
            return LSPDiagnostic(range: text.range(clamped(range, text), encoding), severity: d.severity == .error ? 1 : 2,
                                 code: d.id, message: message, relatedInformation: related.isEmpty ? nil : related)
        }
    }

    /// `r` inside the text.
    private func clamped(_ r: Range<Int>, _ text: TextDocument) -> Range<Int> {
        let lo = max(0, min(r.lowerBound, text.bytes.count))
        return lo..<max(lo, min(r.upperBound, text.bytes.count))
    }

    /// The range of the top-level statement that stopped the run: the first after the last
    /// that gave a value.
    private func failingStatement(_ analysis: Analysis, doc: Document?) -> Range<Int>? {
        guard let doc else { return nil }
        let done = analysis.statements.last?.statement.range.end ?? 0
        return doc.statements.first { $0.range.start >= done }.map { $0.range.start..<$0.range.end }
    }
}
