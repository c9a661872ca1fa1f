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
                guard let touched = RPCServer.touched(d.statements, by: text.byteRange(r, encoding)) else {
                    return EvaluateResult(values: [], output: "", diagnostics: [])
                }
                selection = touched
                // The evaluation made after the last edit ran these statements on this text:
                // answer from it, at a cost in proportion to the range.
                if let cached = d.analysis, let last = cached.statements.last, last.statement.range.end >= touched.upperBound {
                    return answer(cached, text: text, selection: touched, doc: d, uri: uri, diagnostics: false)
                }
            }
        }
        let end = selection?.upperBound ?? text.bytes.count
        let source = String(decoding: text.bytes[..<end], as: UTF8.self)
        guard let analysis = run(source, name: doc?.path ?? p.uri ?? "<evaluate>", uri: p.uri, as: id.map { .request($0) }, writes: true) else {
            throw ResponseError(.requestCancelled, "the request was cancelled")
        }
        return answer(analysis, text: text, selection: selection, doc: doc, uri: p.uri ?? "", diagnostics: true)
    }

    /// The values of the statements of `analysis` that meet `selection` (all if nil) as JSON,
    /// with what they printed; with the diagnostics if `diagnostics`.
    private func answer(_ analysis: Analysis, text: TextDocument, selection: Range<Int>?, doc: Document?,
                        uri: String, diagnostics withDiagnostics: Bool) -> EvaluateResult {
        var json = ValueJSON()
        var output = ""
        var values: [EvaluateResult.Entry] = []
        var i = selection.map { analysis.firstStatement(endingAfter: $0.lowerBound) } ?? 0
        if let selection, i > 0, touches(analysis.statements[i - 1].statement.range.start..<analysis.statements[i - 1].statement.range.end, selection) {
            i -= 1  // a statement ending right at an empty selection (the cursor at its end)
        }
        while i < analysis.statements.count {
            let entry = analysis.statements[i]
            let s = entry.statement
            i += 1
            if let selection {
                if s.range.start > selection.upperBound { break }
                if !touches(s.range.start..<s.range.end, selection) { continue }
            }
            output += analysis.output(of: entry)
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
                              diagnostics: withDiagnostics ? diagnostics(analysis, text, uri: uri, doc: doc) : [],
                              truncated: truncated ? true : nil)
    }

    /// The bytes from the first to the last statement that `selection` touches; nil if none.
    static func touched(_ statements: [Stmt], by selection: Range<Int>) -> Range<Int>? {
        // Statements are in order and do not overlap: find the first that may touch.
        var lo = 0, hi = statements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if statements[mid].range.end >= selection.lowerBound { hi = mid } else { lo = mid + 1 }
        }
        var first: Int?, last: Int?
        var i = lo
        while i < statements.count, statements[i].range.start <= selection.upperBound {
            if RPCServer.touches(statements[i].range.start..<statements[i].range.end, selection) {
                first = first ?? i
                last = i
            }
            i += 1
        }
        guard let first, let last else { return nil }
        return statements[first].range.start..<statements[last].range.end
    }

    /// Whether a statement's range meets a selection (an empty selection: the cursor).
    private func touches(_ statement: Range<Int>, _ selection: Range<Int>) -> Bool {
        RPCServer.touches(statement, selection)
    }

    static func touches(_ statement: Range<Int>, _ selection: Range<Int>) -> Bool {
        selection.isEmpty ? statement.lowerBound <= selection.lowerBound && selection.lowerBound <= statement.upperBound
            : statement.lowerBound < selection.upperBound && selection.lowerBound < statement.upperBound
    }
}
