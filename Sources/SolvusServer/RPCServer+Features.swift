import SolvusCore
import SolvusLibrary

/// The language features: hover, completion, signature help, document symbols, inlay hints.
extension RPCServer {
    /// A built-in's signature and documentation, a variable's current value with its unit, a
    /// function's signature, a unit's definition.
    func hover(_ p: TextDocumentPositionParams) throws(ResponseError) -> Hover? {
        let doc = try document(p.textDocument.uri)
        guard let word = CursorContext.word(in: doc.text, at: doc.text.offset(of: p.position, encoding)),
              let analysis = liveAnalysis(of: doc) else { return nil }
        let name = String(decoding: doc.text.bytes[word], as: UTF8.self)
        let evaluator = analysis.session.evaluator
        var text: String
        // As names are looked up: the user's own binding shadows a built-in of that name.
        let own = evaluator.globals.names[name] != nil
        if own || evaluator.builtins[name] == nil, let v = evaluator.globals.lookup(name), !v.isFunction {
            text = "```solvus\n\(name) = \(ValueText.brief(v, limit: 2000))\n```\n\(v.typeDescription)"
            if let doc = evaluator.globals.doc(for: name) { text += "\n\n" + doc }
        } else if let help = analysis.session.help(name) {
            // The first line is the signature, the rest documentation.
            let lines = help.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            text = "```solvus\n\(lines[0])\n```" + (lines.count > 1 ? "\n" + lines[1] : "")
        } else {
            return nil
        }
        return Hover(contents: MarkupContent(value: text), range: doc.text.range(word, encoding))
    }

    /// Names, with their signatures and values; element symbols in strings and record keys;
    /// field names after `name.`. Names are filtered by the word typed so far (its letters in
    /// order, the first one first, as editors match) and at most `maxCompletions` are sent,
    /// marked incomplete so that the editor asks again as the word grows.
    func completion(_ p: TextDocumentPositionParams) throws(ResponseError) -> CompletionList {
        let doc = try document(p.textDocument.uri)
        let offset = doc.text.offset(of: p.position, encoding)
        let context = CursorContext(doc.text, offset: offset)
        switch context.place {
        case .comment:
            return CompletionList(items: [])
        case .string, .recordKey:
            return CompletionList(items: elementItems(doc.text, offset: offset))
        case .field(let base):
            guard let v = liveAnalysis(of: doc)?.session.evaluator.globals.lookup(base) else { return CompletionList(items: []) }
            return CompletionList(items: fieldItems(v))
        case .code:
            guard let analysis = liveAnalysis(of: doc) else { return CompletionList(isIncomplete: true, items: []) }
            var start = offset
            while start > 0, offset - start < CursorContext.maxWord, doc.text.bytes[start - 1].isNameByte { start -= 1 }
            start = doc.text.scalarStart(start)
            let word = String(decoding: doc.text.bytes[start..<offset], as: UTF8.self)
            return nameItems(analysis.session.evaluator, matching: word)
        }
    }

    /// At most this many names are sent at once.
    static let maxCompletions = 100

    func nameItems(_ evaluator: Evaluator, matching word: String) -> CompletionList {
        if builtinItems == nil {
            builtinItems = evaluator.builtins.values.compactMap { f in
                guard case .builtin(let b) = f.kind else { return nil }
                return CompletionItem(label: b.name, kind: .function, detail: b.signature,
                                      documentation: MarkupContent(value: b.doc), sortText: "1" + b.name)
            } + UnitTable.commonNames.map {
                CompletionItem(label: $0, kind: .unit, detail: UnitTable.doc($0).map { "unit: " + $0 }, sortText: "2" + $0)
            } + Keyword.allCases.map { CompletionItem(label: $0.rawValue, kind: .keyword, sortText: "3" + $0.rawValue) }
        }
        let pattern = Array(word.lowercased().unicodeScalars)
        func matches(_ label: String) -> Bool {
            var i = 0
            for (k, s) in label.lowercased().unicodeScalars.enumerated() where i < pattern.count {
                if s == pattern[i] { i += 1 } else if k == 0 { return false }
            }
            return i == pattern.count
        }
        let globals = evaluator.globals
        // The prelude's names and the user's, which may shadow them.
        let bound = evaluator.prelude.names.merging(globals.names) { $1 }
        let names = bound.keys.filter(matches).sorted()
        let others = (builtinItems ?? []).filter { bound[$0.label] == nil && matches($0.label) }
        // Only the names sent are described: a value's text costs time.
        let user = names.prefix(RPCServer.maxCompletions).map { name in
            let doc = globals.doc(for: name).map { MarkupContent(value: $0) }
            if case .function(let f)? = bound[name] {
                return CompletionItem(label: name, kind: .function, detail: f.signature, documentation: doc, sortText: "0" + name)
            }
            return CompletionItem(label: name, kind: .variable, detail: bound[name].map { ValueText.brief($0, limit: 60) },
                                  documentation: doc, sortText: "0" + name)
        }
        let items = Array((user + others.sorted { ($0.sortText ?? "") < ($1.sortText ?? "") }).prefix(RPCServer.maxCompletions))
        return CompletionList(isIncomplete: !word.isEmpty || names.count + others.count > items.count, items: items)
    }

    /// Element symbols, replacing the symbol being typed (`Co` in `"Al0.5Co`).
    func elementItems(_ text: TextDocument, offset: Int) -> [CompletionItem] {
        var start = offset
        while start > 0, offset - start < CursorContext.maxWord, text.bytes[start - 1].isASCIILetter { start -= 1 }
        if let upper = text.bytes[start..<offset].lastIndex(where: { $0 >= 65 && $0 <= 90 }) { start = upper }
        let range = text.range(start..<offset, encoding)
        return ElementData.shared.symbols.map { symbol in
            CompletionItem(label: symbol, kind: .value, detail: "element",
                           textEdit: .init(range: range, newText: symbol))
        }
    }

    func fieldItems(_ v: Value) -> [CompletionItem] {
        switch v {
        case .record(let r):
            return r.fields.map { CompletionItem(label: $0, kind: .field, detail: ValueText.brief($1, limit: 60)) }
        case .native(let n):
            return n.fieldNames.map { CompletionItem(label: $0, kind: .field) }
        case .list(let items):
            return items.first.map(fieldItems) ?? []
        default:
            return []
        }
    }

    /// The signature of the innermost call around the cursor and its active parameter.
    func signatureHelp(_ p: TextDocumentPositionParams) throws(ResponseError) -> SignatureHelp? {
        let doc = try document(p.textDocument.uri)
        guard let call = CursorContext(doc.text, offset: doc.text.offset(of: p.position, encoding)).call,
              let evaluator = liveAnalysis(of: doc)?.session.evaluator,
              case .function(let f)? = evaluator.builtins[call.name].map({ .function($0) }) ?? evaluator.globals.lookup(call.name)
        else { return nil }
        let names = f.parameterNames
        var (label, spans) = (f.signature, RPCServer.spans(of: names, in: f.signature))
        if spans == nil {
            label = "\(f.name)(\(names.joined(separator: ", ")))"
            spans = RPCServer.spans(of: names, in: label)
        }
        let parameters = (spans ?? []).map { span in
            SignatureHelp.Signature.Parameter(label: [units(label.utf8.prefix(span.lowerBound)), units(label.utf8.prefix(span.upperBound))])
        }
        return SignatureHelp(signatures: [.init(label: label, documentation: f.doc.map { MarkupContent(value: $0) },
                                                parameters: parameters)],
                             activeParameter: RPCServer.activeParameter(call.labels, names))
    }

    /// The parameter that the last argument fills: by its label, or the next one not named.
    static func activeParameter(_ labels: [String?], _ names: [String]) -> Int {
        if let label = labels.last ?? nil { return names.firstIndex(of: label) ?? names.count }
        let named = Set(labels.compactMap { $0 })
        var position = -1
        for _ in labels.filter({ $0 == nil }) {
            position += 1
            while position < names.count, named.contains(names[position]) { position += 1 }
        }
        return max(0, position)
    }

    /// Byte ranges of each parameter name in a signature, in order, as whole words; nil if one
    /// is missing.
    static func spans(of names: [String], in label: String) -> [Range<Int>]? {
        let bytes = Array(label.utf8)
        var from = (bytes.firstIndex(of: UInt8(ascii: "(")) ?? -1) + 1
        var spans: [Range<Int>] = []
        for name in names {
            let n = Array(name.utf8)
            var found: Int?
            var i = from
            while i + n.count <= bytes.count, found == nil {
                let before = i > 0 ? bytes[i - 1] : 32, after = i + n.count < bytes.count ? bytes[i + n.count] : 32
                if Array(bytes[i..<i + n.count]) == n, !before.isNameByte, !after.isNameByte { found = i }
                i += 1
            }
            guard let start = found else { return nil }
            spans.append(start..<start + n.count)
            from = start + n.count
        }
        return spans
    }

    /// Code units of a UTF-8 prefix in the negotiated encoding.
    private func units(_ prefix: Substring.UTF8View.SubSequence) -> Int {
        String(decoding: prefix, as: UTF8.self).unicodeScalars.reduce(0) { $0 + encoding.units(utf8Length: String($1).utf8.count) }
    }

    /// At most this many symbols are sent: a client shows no more usefully, and a document of
    /// 100,000 bindings must not cost a 24 MB answer.
    static let maxSymbols = 5_000

    /// Bindings and functions, with their values and signatures; the first `maxSymbols`.
    func documentSymbols(_ p: DocumentParams) throws(ResponseError) -> [DocumentSymbol] {
        let doc = try document(p.textDocument.uri)
        let analysis = liveAnalysis(of: doc)
        var symbols: [DocumentSymbol] = []
        var k = 0  // the next value of `analysis`, in order, to match with the statements
        for s in doc.statements {
            if symbols.count == RPCServer.maxSymbols { break }
            let range = doc.text.range(s.range.start..<s.range.end, encoding)
            switch s.kind {
            case .binding(let name, let nameRange, _):
                var detail: String?
                if let analysis {
                    while k < analysis.statements.count, analysis.statements[k].statement.range.start < s.range.start { k += 1 }
                    if k < analysis.statements.count, analysis.statements[k].statement.range.start == s.range.start {
                        detail = analysis.brief(k, limit: 60)
                    }
                }
                symbols.append(DocumentSymbol(name: name, detail: detail, kind: .variable, range: range,
                                              selectionRange: doc.text.range(nameRange.start..<nameRange.end, encoding)))
            case .function(let name, let nameRange, let params, _):
                let signature = "\(name)(" + params.map { $0.defaultValue == nil ? $0.name : "\($0.name) = …" }
                    .joined(separator: ", ") + ")"
                symbols.append(DocumentSymbol(name: name, detail: signature, kind: .function, range: range,
                                              selectionRange: doc.text.range(nameRange.start..<nameRange.end, encoding)))
            default:
                break
            }
        }
        return symbols
    }

    /// The value of each binding and top-level expression, at the end of its last line:
    /// `T = 900 K` shows `  = 900 K`. Only the statements that end in the range are looked at.
    func inlayHints(_ p: InlayHintParams) throws(ResponseError) -> [InlayHint] {
        let doc = try document(p.textDocument.uri)
        guard let analysis = liveAnalysis(of: doc) else { return [] }
        let text = doc.text
        let first = max(0, min(p.range.start.line, text.lineStarts.count - 1))
        let last = max(first, min(p.range.end.line, text.lineStarts.count - 1))
        var hints: [InlayHint] = []
        var i = analysis.firstStatement(endingAfter: text.lineStarts[first])
        while i < analysis.statements.count {
            let entry = analysis.statements[i]
            let line = text.line(of: max(entry.statement.range.start, entry.statement.range.end - 1))
            if line > last { break }
            defer { i += 1 }
            switch entry.statement.kind {
            case .binding: break
            case .expression:
                if entry.value.isNothing { continue }
            default: continue
            }
            guard line >= first else { continue }
            hints.append(InlayHint(position: text.position(of: text.lineEnd(line), encoding),
                                   label: "  = " + analysis.brief(i, limit: options.inlayHintLength)))
        }
        return hints
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (self | 0x20) >= 97 && (self | 0x20) <= 122 }
    /// A byte that can be part of a name: ASCII letters, digits, `_`, and any non-ASCII byte.
    var isNameByte: Bool { isASCIILetter || (self >= 48 && self <= 57) || self == 95 || self >= 0x80 }
}

extension Value {
    fileprivate var isFunction: Bool {
        if case .function = self { return true }
        return false
    }
}
