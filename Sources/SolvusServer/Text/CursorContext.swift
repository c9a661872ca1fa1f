import SolvusCore

/// What surrounds a cursor, read from the tokens of the lines just before it: whether it is
/// in a comment, a string or a record key, or after `name.`; and the innermost call with the
/// labels of its arguments so far. For completion and signature help.
struct CursorContext {
    enum Place: Equatable {
        case code, comment, string, recordKey
        case field(of: String)
    }

    /// A call whose argument list the cursor is in.
    struct Call {
        var name: String
        /// One entry per argument so far, the last being the one at the cursor; a label for
        /// named arguments (`T:`), nil for positional ones.
        var labels: [String?]
    }

    /// An open bracket before the cursor.
    private struct Frame {
        var symbol: Symbol
        var callee: String?
        var labels: [String?] = [nil]
        var tokensInItem = 0
        var expectsKey = true
        var isBlock = false
    }

    /// How far back a call or record may begin: lines, and bytes (so that the work per
    /// request is bounded however long the lines are).
    static let lookBehindLines = 40
    static let lookBehindBytes = 16 << 10

    var place = Place.code
    var call: Call?

    init(_ doc: TextDocument, offset: Int) {
        let line = doc.line(of: offset)
        let limit = doc.scalarStart(max(0, offset - CursorContext.lookBehindBytes))
        if CursorContext.inComment(doc.bytes[max(doc.lineStarts[line], limit)..<offset]) {
            place = .comment
            return
        }
        let from = max(doc.lineStarts[max(0, line - CursorContext.lookBehindLines)], limit)
        let file = SourceFile(id: 0, name: "", text: String(decoding: doc.bytes[from..<offset], as: UTF8.self))
        var lexer = Lexer(file: file)
        var tokens = lexer.tokenize()
        tokens.removeLast()  // eof
        var stack: [Frame] = []
        for (i, t) in tokens.enumerated() {
            let previous = i > 0 ? tokens[i - 1].kind : nil
            switch t.kind {
            case .symbol(.lparen):
                var callee: String?
                if case .identifier(let name)? = previous, i < 2 || tokens[i - 2].kind != .symbol(.dot) { callee = name }
                stack.append(Frame(symbol: .lparen, callee: callee))
                continue
            case .symbol(.lbracket), .symbol(.lbrace):
                if case .symbol(let s) = t.kind { stack.append(Frame(symbol: s)) }
                continue
            case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace):
                _ = stack.popLast()
            case .symbol(.comma) where !stack.isEmpty:
                stack[stack.count - 1].labels.append(nil)
                stack[stack.count - 1].tokensInItem = 0
                stack[stack.count - 1].expectsKey = true
                continue
            case .symbol(.colon) where !stack.isEmpty:
                if stack[stack.count - 1].symbol == .lparen, stack[stack.count - 1].tokensInItem == 1,
                   case .identifier(let label)? = previous {
                    stack[stack.count - 1].labels[stack[stack.count - 1].labels.count - 1] = label
                }
                stack[stack.count - 1].expectsKey = false
            case .newline where !stack.isEmpty:
                // `{` then a line break opens a block, not a record.
                if stack[stack.count - 1].symbol == .lbrace, previous == .symbol(.lbrace) { stack[stack.count - 1].isBlock = true }
            default:
                break
            }
            if !stack.isEmpty { stack[stack.count - 1].tokensInItem += 1 }
        }
        if let f = stack.last(where: { $0.callee != nil }), let name = f.callee {
            call = Call(name: name, labels: f.labels)
        }
        let end = file.bytes.count
        if let last = tokens.last, case .string = last.kind, last.range.end == end,
           lexer.diagnostics.contains(where: { $0.id == "E105" && $0.range == last.range }) {
            place = .string
            return
        }
        // The word being typed does not count; what stands before it does.
        var k = tokens.count - 1
        if k >= 0, case .identifier = tokens[k].kind, tokens[k].range.end == end { k -= 1 }
        if k >= 1, tokens[k].kind == .symbol(.dot), case .identifier(let base) = tokens[k - 1].kind {
            place = .field(of: base)
        } else if let top = stack.last, top.symbol == .lbrace, !top.isBlock, top.expectsKey {
            place = .recordKey
        }
    }

    /// Whether a `#` outside a string starts a comment before the end of `line`.
    static func inComment(_ line: ArraySlice<UInt8>) -> Bool {
        var inString = false
        var escaped = false
        for b in line {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "#") {
                return true
            }
        }
        return false
    }

    /// The longest name looked for, in bytes, on each side of the cursor.
    static let maxWord = 1024

    /// The byte range of the name at or just before `offset` (`Ω`, `µm`, `mix`), if any.
    static func word(in doc: TextDocument, at offset: Int) -> Range<Int>? {
        let line = doc.line(of: offset)
        // Only the bytes around the cursor: a line may be 50 MB long.
        let lineStart = max(doc.lineStarts[line], doc.scalarStart(max(0, offset - maxWord)))
        let lineEnd = min(doc.lineEnd(line), doc.scalarStart(min(doc.bytes.count, offset + maxWord)))
        var scalars: [(Unicode.Scalar, Int)] = []  // each scalar of the line and its byte offset
        var i = lineStart
        let text = String(decoding: doc.bytes[lineStart..<lineEnd], as: UTF8.self)
        for s in text.unicodeScalars {
            scalars.append((s, i))
            i += String(s).utf8.count
        }
        func isName(_ k: Int) -> Bool {
            guard k >= 0, k < scalars.count else { return false }
            let s = scalars[k].0
            return s == "_" || s == "µ" || s == "°" || s.properties.isAlphabetic || ("0"..."9").contains(s)
        }
        var k = scalars.firstIndex { $0.1 >= offset } ?? scalars.count
        if !isName(k) { k -= 1 }
        guard isName(k) else { return nil }
        var lo = k, hi = k
        while isName(lo - 1) { lo -= 1 }
        while isName(hi + 1) { hi += 1 }
        while lo <= hi, ("0"..."9").contains(scalars[lo].0) { lo += 1 }  // a number, not a name
        guard lo <= hi else { return nil }
        let end = hi + 1 < scalars.count ? scalars[hi + 1].1 : lineEnd
        return scalars[lo].1..<end
    }
}
