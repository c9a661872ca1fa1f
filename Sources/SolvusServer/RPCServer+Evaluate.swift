import SolvusCore

/// The custom request `solvus/evaluate`.
extension RPCServer {
    /// Runs `text` in a fresh session, or the open document `uri` up to the end of `range`,
    /// and returns the values as JSON with what was printed. Cancelling the request stops the
    /// evaluation.
    func evaluate(_ p: EvaluateParams, id: RequestID?) throws(ResponseError) -> EvaluateResult {
        var text = TextDocument(p.text ?? "")
        var doc: Document?
        var selection: Range<Int>?  // the statements to answer for; nil for all
        if p.text == nil {
            guard let uri = p.uri else {
                throw ResponseError(.invalidParams, "solvus/evaluate needs 'text', or 'uri' and optionally 'range'")
            }
            let d = try document(uri)
            (doc, text) = (d, d.text)
            if let r = p.range {
                let s = text.byteRange(r, encoding)
                let touched = d.statements.filter { touches($0.range.start..<$0.range.end, s) }
                guard let first = touched.first, let last = touched.last else {
                    return EvaluateResult(values: [], output: "", diagnostics: [])
                }
                selection = first.range.start..<last.range.end
            }
        }
        let end = selection?.upperBound ?? text.bytes.count
        let source = String(decoding: text.bytes[..<end], as: UTF8.self)
        guard let analysis = run(source, name: doc?.path ?? p.uri ?? "<evaluate>", uri: p.uri, as: id.map { .request($0) }, writes: true) else {
            throw ResponseError(.requestCancelled, "the request was cancelled")
        }

        var json = ValueJSON()
        var output = ""
        var values: [EvaluateResult.Entry] = []
        for entry in analysis.statements {
            let s = entry.statement
            if let selection, !touches(s.range.start..<s.range.end, selection) { continue }
            output += entry.output
            let (kind, name): (String, String?)
            switch s.kind {
            case .binding(let n, _, _): (kind, name) = ("binding", n)
            case .function(let n, _, _, _): (kind, name) = ("function", n)
            case .expression:
                if entry.value.isNothing { continue }
                (kind, name) = ("expression", nil)
            case .use: continue
            }
            let printed: String
            if case .string(let string) = entry.value { printed = string } else { printed = ValueText.brief(entry.value, limit: 10_000) }
            values.append(.init(kind: kind, name: name, range: text.range(s.range.start..<s.range.end, encoding),
                                text: printed, value: json.convert(entry.value)))
        }
        let truncated = json.truncated || analysis.outputTruncated
        return EvaluateResult(values: values, output: selection == nil ? analysis.output : output,
                              diagnostics: diagnostics(analysis, text, uri: p.uri ?? "", doc: doc),
                              truncated: truncated ? true : nil)
    }

    /// Whether a statement's range meets a selection (an empty selection: the cursor).
    private func touches(_ statement: Range<Int>, _ selection: Range<Int>) -> Bool {
        selection.isEmpty ? statement.lowerBound <= selection.lowerBound && selection.lowerBound <= statement.upperBound
            : statement.lowerBound < selection.upperBound && selection.lowerBound < statement.upperBound
    }
}
