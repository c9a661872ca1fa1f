/// Reads the Thermo-Calc database format (TDB) into a `TDBDatabase`: a pure function of the text.
///
/// The text is read as pycalphad's `io/tdb.py` reads it: case-insensitive, `$` starts a comment
/// that runs to the end of the line, `!` ends a command (the rest of that line is ignored), and
/// keywords may be abbreviated part by part (`TYPE_DEF`, `PARA`, `CONST`). Commands:
///
///     ELEMENT name reference-phase mass H298 S298
///     SPECIES name formula
///     FUNCTION name low expr; high Y expr; ... high N [reference]
///     TYPE_DEFINITION code SEQ * | GES A_P_D phase MAGNETIC afm p | ...
///     PHASE name[:suffix] codes sublattices site-ratio...
///     CONSTITUENT name :a,b,...: ... :
///     PARAMETER type(phase,constituents;order) low expr; high Y|N ... [reference]
///     LIST_OF_REFERENCES / ADD_REFERENCES / REFERENCE  id 'text' ...
///     expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)*
///     unary := ('+'|'-') unary | power ; power := primary ('**' unary)?
///     primary := number | T | P | name['#'] | (LN|LOG|EXP) '(' expr ')' | '(' expr ')'
///
/// DEFINE_SYSTEM_DEFAULT and DEFAULT_COMMAND are read and ignored; any other keyword is skipped
/// with one warning per keyword. Errors carry the byte offset of the culprit.
public enum TDBReader {
    /// Parses a whole TDB text. Throws `TDBError` at the first syntax error.
    public static func parse(text: String) throws -> TDBDatabase {
        var reader = Reader(text)
        return try reader.read()
    }

    static let keywords = ["ELEMENT", "SPECIES", "FUNCTION", "TYPE_DEFINITION", "PHASE", "PARAMETER", "CONSTITUENT",
                           "DEFINE_SYSTEM_DEFAULT", "DEFAULT_COMMAND", "LIST_OF_REFERENCES", "ADD_REFERENCES", "REFERENCE",
                           "TEMPERATURE_LIMITS", "DATABASE_INFORMATION", "VERSION_DATE", "ASSESSED_SYSTEMS",
                           "REFERENCE_FILE", "CASE", "ENDCASE", "VERSION_DATA"]

    /// The keyword `word` abbreviates (each `_`-separated part a prefix of the keyword's part).
    static func keyword(_ word: String) -> String? {
        if keywords.contains(word) { return word }
        let parts = word.split(separator: "_", omittingEmptySubsequences: false)
        for k in keywords {
            let kp = k.split(separator: "_")
            guard parts.count <= kp.count, parts.allSatisfy({ !$0.isEmpty }) else { continue }
            if zip(parts, kp).allSatisfy({ $1.hasPrefix($0) }) { return k }
        }
        return nil
    }
}

private let space = UInt8(ascii: " ")

private struct Reader {
    /// The text upper-cased, with comments and the rest of a line after '!' blanked out; byte
    /// offsets are those of the original.
    var b: [UInt8]
    let original: [UInt8]
    var db = TDBDatabase()
    var warned: Set<String> = []

    init(_ text: String) {
        original = Array(text.utf8)
        var c = original
        var i = 0
        var inComment = false, afterBang = false
        while i < c.count {
            let ch = c[i]
            if ch == UInt8(ascii: "\n") {
                inComment = false
                afterBang = false
                c[i] = space
            } else if inComment || afterBang {
                c[i] = space
            } else if ch == UInt8(ascii: "$") {
                inComment = true
                c[i] = space
            } else if ch == UInt8(ascii: "!") {
                afterBang = true
            } else if ch == UInt8(ascii: "\t") || ch == UInt8(ascii: "\r") {
                c[i] = space
            } else if ch >= UInt8(ascii: "a") && ch <= UInt8(ascii: "z") {
                c[i] = ch - 32
            }
            i += 1
        }
        b = c
    }

    mutating func read() throws -> TDBDatabase {
        var start = 0
        var i = 0
        while i <= b.count {
            if i == b.count || b[i] == UInt8(ascii: "!") {
                try command(start, i)
                start = i + 1
            }
            i += 1
        }
        // Phases named in CONSTITUENT must exist; parameters may name any phase (unused ones are harmless).
        return db
    }

    mutating func command(_ start: Int, _ end: Int) throws {
        var c = Cursor(b: b, pos: start, end: end)
        c.skipSpace()
        guard !c.atEnd else { return }
        let (word, at) = c.word()
        guard let k = TDBReader.keyword(word) else {
            warn(word, "unknown keyword '\(word)' skipped", at, word.utf8.count)
            return
        }
        switch k {
        case "ELEMENT": try element(&c)
        case "SPECIES": try species(&c)
        case "FUNCTION": try function(&c)
        case "TYPE_DEFINITION": try typeDefinition(&c)
        case "PHASE": try phase(&c, at)
        case "CONSTITUENT": try constituent(&c)
        case "PARAMETER": try parameter(&c, at)
        case "LIST_OF_REFERENCES", "ADD_REFERENCES", "REFERENCE": references(&c)
        case "DEFINE_SYSTEM_DEFAULT", "DEFAULT_COMMAND": return
        default:
            warn(k, "'\(word)' (\(k)) does not affect the supported models; skipped", at, word.utf8.count)
        }
    }

    mutating func warn(_ key: String, _ message: String, _ at: Int, _ length: Int) {
        guard warned.insert(key).inserted else { return }
        db.warnings.append(.init(message: message, offset: at, length: max(1, length)))
    }

    mutating func element(_ c: inout Cursor) throws {
        let (name, at) = try c.requireWord("an element name after ELEMENT")
        var e = TDBDatabase.Element(name: name, referencePhase: "", mass: 0, h298: 0, s298: 0)
        if !c.atEndAfterSpace { e.referencePhase = c.word().0 }
        var numbers: [Double] = []
        while !c.atEndAfterSpace && numbers.count < 3 {
            let (w, wat) = c.word()
            guard let v = parseNumber(w) else { throw TDBError("expected a number in ELEMENT \(name), found '\(w)'", offset: wat, length: w.utf8.count) }
            numbers.append(v)
        }
        if numbers.count > 0 { e.mass = numbers[0] }
        if numbers.count > 1 { e.h298 = numbers[1] }
        if numbers.count > 2 { e.s298 = numbers[2] }
        if db.elements.contains(where: { $0.name == name }) {
            throw TDBError("the element \(name) is defined twice", offset: at, length: name.utf8.count)
        }
        db.elements.append(e)
    }

    mutating func species(_ c: inout Cursor) throws {
        let (name, _) = try c.requireWord("a species name after SPECIES")
        let formula = c.atEndAfterSpace ? name : c.word().0
        db.species.append(.init(name: name, formula: formula))
    }

    mutating func function(_ c: inout Cursor) throws {
        let (name, at) = try c.requireWord("a function name after FUNCTION")
        guard name.utf8.allSatisfy(isNameByte) else {
            throw TDBError("'\(name)' is not a function name (letters, digits and _)", offset: at, length: name.utf8.count)
        }
        let f = try piecewise(&c, what: "FUNCTION \(name)")
        if db.functions[name] == nil { db.functionOrder.append(name) }
        db.functions[name] = f
    }

    /// low expr; high Y expr; ... high N [reference]
    mutating func piecewise(_ c: inout Cursor, what: String) throws -> TDBPiecewise {
        c.skipSpace()
        guard !c.atEnd else { throw TDBError("\(what) has no lower temperature limit", offset: c.pos) }
        let low = try c.number("the lower temperature limit of \(what)")
        var pieces: [(expression: TDBExpression, high: Double)] = []
        var reference: String?
        while true {
            var p = ExpressionParser(b: b, pos: c.pos, end: c.end)
            let e = try p.expression(0)
            p.skipSpace()
            guard p.pos < p.end, b[p.pos] == UInt8(ascii: ";") else {
                throw TDBError(p.pos < p.end ? "expected ';' after the expression of \(what), found '\(p.peekText)'"
                                             : "expected ';' and an upper temperature limit after the expression of \(what)",
                               offset: min(p.pos, max(0, b.count - 1)))
            }
            c.pos = p.pos + 1
            c.skipSpace()
            let high = try c.number("the upper temperature limit of \(what)")
            pieces.append((e, high))
            c.skipSpace()
            if c.atEnd { break }
            let (yn, ynAt) = c.word()
            if yn == "Y" { continue }
            if yn == "N" {
                c.skipSpace()
                if !c.atEnd {
                    var words: [String] = []
                    while !c.atEndAfterSpace { words.append(c.word().0) }
                    reference = words.joined(separator: " ")
                }
                break
            }
            throw TDBError("expected Y (another range follows) or N (the last range) after the limit \(format(high)) of \(what), found '\(yn)'",
                           offset: ynAt, length: yn.utf8.count)
        }
        return TDBPiecewise(low: low, pieces: pieces, reference: reference)
    }

    mutating func typeDefinition(_ c: inout Cursor) throws {
        let (code, at) = try c.requireWord("a type code after TYPE_DEFINITION")
        guard let ch = code.first, code.count == 1 else {
            throw TDBError("a type code is one character, not '\(code)'", offset: at, length: code.utf8.count)
        }
        var words: [String] = []
        while !c.atEndAfterSpace {
            let w = c.word().0.replacingAll(",", with: "")
            if !w.isEmpty { words.append(w) }
        }
        if words.first == "SEQ" {
            db.typeDefinitions[ch] = .sequence
        } else if words.count >= 6, words[0] == "GES", "MAGNETIC".hasPrefix(words[3]), words[3].count >= 3,
                  let afm = parseNumber(words[4]), let p = parseNumber(words[5]) {
            db.typeDefinitions[ch] = .magnetic(phase: words[2], afm: afm, p: p)
        } else {
            db.typeDefinitions[ch] = .other(words.joined(separator: " "))
        }
    }

    mutating func phase(_ c: inout Cursor, _ at: Int) throws {
        let (raw, nameAt) = try c.requireWord("a phase name after PHASE")
        let name = String(raw.split(separator: ":", omittingEmptySubsequences: false).first ?? "")
        guard !name.isEmpty else { throw TDBError("a phase needs a name", offset: nameAt) }
        c.skipSpace()
        var codes = ""
        let save = c.pos
        let (w, _) = c.word()
        if parseNumber(w) == nil { codes = w } else { c.pos = save }
        c.skipSpace()
        let nAt = c.pos
        let nValue = try c.number("the number of sublattices of phase \(name)")
        guard nValue >= 1, nValue <= 100, nValue == nValue.rounded() else {
            throw TDBError("the number of sublattices of phase \(name) must be a whole number from 1 to 100", offset: nAt)
        }
        var sites: [Double] = []
        for s in 0..<Int(nValue) {
            c.skipSpace()
            let v = try c.number("the site ratio of sublattice \(s + 1) of phase \(name)")
            guard v > 0, v.isFinite else { throw TDBError("a site ratio must be positive", offset: c.pos) }
            sites.append(v)
        }
        if let i = db.phases.firstIndex(where: { $0.name == name }) {
            db.phases[i] = .init(name: name, typeCodes: codes, sites: sites, constituents: [], offset: at)
        } else {
            db.phases.append(.init(name: name, typeCodes: codes, sites: sites, constituents: [], offset: at))
        }
    }

    mutating func constituent(_ c: inout Cursor) throws {
        c.skipSpace()
        let nameAt = c.pos
        // The name runs to a space or ':'; a one-letter suffix after ':' (LIQUID:L) belongs to it.
        var p = c.pos
        while p < c.end, b[p] != space, b[p] != UInt8(ascii: ":") { p += 1 }
        let name = String(decoding: b[c.pos..<p], as: UTF8.self)
        if p + 2 <= c.end, b[p] == UInt8(ascii: ":"), isLetter(b[p + 1]), p + 2 == c.end || b[p + 2] == space {
            p += 2
        }
        c.pos = p
        guard let index = db.phases.firstIndex(where: { $0.name == name }) else {
            throw TDBError("CONSTITUENT names the phase \(name), which no PHASE command defined before it", offset: nameAt,
                           length: max(1, name.utf8.count))
        }
        let n = db.phases[index].sites.count
        var lists: [[String]] = []
        var current: [String] = []
        var word: [UInt8] = []
        var started = false
        var q = c.pos
        func flush() { if !word.isEmpty { current.append(String(decoding: word, as: UTF8.self)); word = [] } }
        while q < c.end {
            let ch = b[q]
            if ch == UInt8(ascii: ":") {
                if started { flush(); lists.append(current); current = [] }
                started = true
            } else if ch == UInt8(ascii: ",") {
                flush()
            } else if ch != space {
                guard started else { throw TDBError("expected ':' before the constituents of \(name)", offset: q) }
                if ch != UInt8(ascii: "%") { word.append(ch) }
            }
            q += 1
        }
        flush()
        if !current.isEmpty { lists.append(current) }
        guard lists.count == n else {
            throw TDBError("phase \(name) has \(n) sublattice\(n == 1 ? "" : "s"), but its CONSTITUENT lists \(lists.count)",
                           offset: nameAt, length: max(1, name.utf8.count))
        }
        if let empty = lists.firstIndex(where: { $0.isEmpty }) {
            throw TDBError("sublattice \(empty + 1) of phase \(name) has no constituents", offset: nameAt, length: max(1, name.utf8.count))
        }
        db.phases[index].constituents = lists
    }

    mutating func parameter(_ c: inout Cursor, _ at: Int) throws {
        c.skipSpace()
        let headAt = c.pos
        var p = c.pos
        while p < c.end, b[p] != UInt8(ascii: "(") { p += 1 }
        guard p < c.end else { throw TDBError("expected 'type(phase,constituents;order)' after PARAMETER", offset: headAt) }
        var type = String(decoding: b[c.pos..<p], as: UTF8.self).replacingAll(" ", with: "")
        if type == "BM" { type = "BMAGN" }
        guard !type.isEmpty else { throw TDBError("a parameter needs a type such as G or L before '('", offset: p) }
        var close = p
        while close < c.end, b[close] != UInt8(ascii: ")") { close += 1 }
        guard close < c.end else { throw TDBError("expected ')' to close '(' of the parameter", offset: p) }
        let inside = String(decoding: b[(p + 1)..<close], as: UTF8.self).replacingAll(" ", with: "")
        guard let comma = inside.firstIndex(of: ",") else {
            throw TDBError("expected 'phase,constituents' inside the parameter's parentheses", offset: p + 1)
        }
        let phase = String(inside[..<comma])
        var rest = String(inside[inside.index(after: comma)...])
        var order = 0
        if let semi = rest.firstIndex(of: ";") {
            let o = String(rest[rest.index(after: semi)...])
            guard let v = Int(o), v >= 0, v < 1000 else {
                throw TDBError("the order of a parameter is a whole number (;0, ;1, ...), not '\(o)'", offset: close)
            }
            order = v
            rest = String(rest[..<semi])
        }
        let subl = rest.split(separator: ":", omittingEmptySubsequences: false).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).replacingAll("%", with: "") }
        }
        guard !phase.isEmpty, subl.allSatisfy({ $0.allSatisfy { !$0.isEmpty } }) else {
            throw TDBError("a constituent of the parameter is empty", offset: p + 1, length: close - p)
        }
        c.pos = close + 1
        let what = "\(type)(\(phase),\(rest);\(order))"
        let f = try piecewise(&c, what: "PARAMETER \(what)")
        db.parameters.append(.init(type: type, phase: phase, constituents: subl, order: order, function: f, offset: at))
    }

    /// id 'text' pairs; anything else is ignored.
    mutating func references(_ c: inout Cursor) {
        var q = c.pos
        var lastWord = ""
        while q < c.end {
            if b[q] == UInt8(ascii: "'") {
                var e = q + 1
                while e < c.end, b[e] != UInt8(ascii: "'") { e += 1 }
                let text = String(decoding: original[(q + 1)..<e], as: UTF8.self)
                    .split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\t" }).joined(separator: " ")
                if !lastWord.isEmpty { db.references.append((lastWord, text)) }
                lastWord = ""
                q = e + 1
            } else if b[q] == space {
                q += 1
            } else {
                var e = q
                while e < c.end, b[e] != space, b[e] != UInt8(ascii: "'") { e += 1 }
                lastWord = String(decoding: b[q..<e], as: UTF8.self)
                q = e
            }
        }
    }
}

private struct Cursor {
    let b: [UInt8]
    var pos: Int
    let end: Int

    var atEnd: Bool { pos >= end }
    var atEndAfterSpace: Bool {
        mutating get { skipSpace(); return atEnd }
    }

    mutating func skipSpace() { while pos < end, b[pos] == space { pos += 1 } }

    mutating func word() -> (String, Int) {
        skipSpace()
        let s = pos
        while pos < end, b[pos] != space { pos += 1 }
        return (String(decoding: b[s..<pos], as: UTF8.self), s)
    }

    mutating func requireWord(_ what: String) throws -> (String, Int) {
        skipSpace()
        guard !atEnd else { throw TDBError("expected \(what)", offset: min(pos, max(0, b.count - 1))) }
        return word()
    }

    /// A number ending at a space or ';'.
    mutating func number(_ what: String) throws -> Double {
        skipSpace()
        let s = pos
        while pos < end, b[pos] != space, b[pos] != UInt8(ascii: ";") { pos += 1 }
        let w = String(decoding: b[s..<pos], as: UTF8.self)
        guard !w.isEmpty else { throw TDBError("expected \(what)", offset: min(s, max(0, b.count - 1))) }
        guard let v = parseNumber(w) else { throw TDBError("expected \(what), found '\(w)'", offset: s, length: w.utf8.count) }
        return v
    }
}

private struct ExpressionParser {
    let b: [UInt8]
    var pos: Int
    let end: Int
    static let maxDepth = 200

    mutating func skipSpace() { while pos < end, b[pos] == space { pos += 1 } }

    var peekText: String {
        var e = pos
        while e < end, e - pos < 12, b[e] != space { e += 1 }
        return String(decoding: b[pos..<e], as: UTF8.self)
    }

    @inline(__always) func peek(_ ch: UInt8) -> Bool { pos < end && b[pos] == ch }

    func tooDeep(_ depth: Int) throws {
        if depth > ExpressionParser.maxDepth { throw TDBError("the expression is nested too deeply", offset: pos) }
    }

    // expr := term (('+'|'-') term)*
    mutating func expression(_ depth: Int) throws -> TDBExpression {
        try tooDeep(depth)
        var e = try term(depth + 1)
        while true {
            skipSpace()
            if peek(UInt8(ascii: "+")) { pos += 1; e = .add(e, try term(depth + 1)) }
            else if peek(UInt8(ascii: "-")) { pos += 1; e = .subtract(e, try term(depth + 1)) }
            else { return e }
        }
    }

    // term := unary (('*'|'/') unary)*
    mutating func term(_ depth: Int) throws -> TDBExpression {
        try tooDeep(depth)
        var e = try unary(depth + 1)
        while true {
            skipSpace()
            if peek(UInt8(ascii: "*")), !(pos + 1 < end && b[pos + 1] == UInt8(ascii: "*")) { pos += 1; e = .multiply(e, try unary(depth + 1)) }
            else if peek(UInt8(ascii: "/")) { pos += 1; e = .divide(e, try unary(depth + 1)) }
            else { return e }
        }
    }

    // unary := ('+'|'-') unary | power
    mutating func unary(_ depth: Int) throws -> TDBExpression {
        try tooDeep(depth)
        skipSpace()
        if peek(UInt8(ascii: "+")) { pos += 1; return try unary(depth + 1) }
        if peek(UInt8(ascii: "-")) {
            pos += 1
            let u = try unary(depth + 1)
            if case .number(let v) = u { return .number(-v) }
            return .negate(u)
        }
        return try power(depth + 1)
    }

    // power := primary ('**' unary)?
    mutating func power(_ depth: Int) throws -> TDBExpression {
        let base = try primary(depth + 1)
        skipSpace()
        if pos + 1 < end, b[pos] == UInt8(ascii: "*"), b[pos + 1] == UInt8(ascii: "*") {
            pos += 2
            return .power(base, try unary(depth + 1))
        }
        return base
    }

    // primary := number | T | P | name['#'] | (LN|LOG|EXP) '(' expr ')' | '(' expr ')'
    mutating func primary(_ depth: Int) throws -> TDBExpression {
        try tooDeep(depth)
        skipSpace()
        guard pos < end else { throw TDBError("expected a number, T or a function name, found the end of the command", offset: max(0, min(pos, b.count - 1))) }
        let ch = b[pos]
        if ch == UInt8(ascii: "(") {
            let open = pos
            pos += 1
            let e = try expression(depth + 1)
            skipSpace()
            guard peek(UInt8(ascii: ")")) else { throw TDBError("expected ')' to close '(' at offset \(open)", offset: min(pos, max(0, b.count - 1))) }
            pos += 1
            return e
        }
        if isDigit(ch) || ch == UInt8(ascii: ".") {
            let s = pos
            while pos < end, isDigit(b[pos]) || b[pos] == UInt8(ascii: ".") { pos += 1 }
            if pos < end, b[pos] == UInt8(ascii: "E") || b[pos] == UInt8(ascii: "D") {
                var q = pos + 1
                if q < end, b[q] == UInt8(ascii: "+") || b[q] == UInt8(ascii: "-") { q += 1 }
                if q < end, isDigit(b[q]) {
                    while q < end, isDigit(b[q]) { q += 1 }
                    pos = q
                }
            }
            let text = String(decoding: b[s..<pos], as: UTF8.self)
            guard let v = parseNumber(text) else { throw TDBError("'\(text)' is not a number", offset: s, length: pos - s) }
            return .number(v)
        }
        if isLetter(ch) || ch == UInt8(ascii: "_") {
            let s = pos
            while pos < end, isNameByte(b[pos]) { pos += 1 }
            let name = String(decoding: b[s..<pos], as: UTF8.self)
            var hash = false
            if pos < end, b[pos] == UInt8(ascii: "#") { pos += 1; hash = true }
            skipSpace()
            if !hash, peek(UInt8(ascii: "(")) {
                let open = pos
                pos += 1
                let arg = try expression(depth + 1)
                skipSpace()
                guard peek(UInt8(ascii: ")")) else { throw TDBError("expected ')' to close '(' of \(name)", offset: min(pos, max(0, b.count - 1))) }
                _ = open
                pos += 1
                switch name {
                case "LN", "LOG": return .ln(arg)
                case "EXP": return .exp(arg)
                default: throw TDBError("unknown function '\(name)' (LN, LOG and EXP are known)", offset: s, length: name.utf8.count)
                }
            }
            if !hash && name == "T" { return .temperature }
            if !hash && name == "P" { return .pressure }
            return .function(name)
        }
        throw TDBError("expected a number, T or a function name, found '\(String(decoding: [ch], as: UTF8.self))'", offset: pos)
    }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
@inline(__always) private func isLetter(_ c: UInt8) -> Bool { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") }
@inline(__always) private func isNameByte(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) || c == UInt8(ascii: "_") }

/// A number as TDB files write it: 298.15, .0188702, 1.2307E+25, 805.644E23, 1.0D+03, +5.
func parseNumber(_ s: String) -> Double? {
    var bytes = Array(s.utf8)
    guard !bytes.isEmpty, bytes.count < 64 else { return nil }
    if bytes[0] == UInt8(ascii: "+") { bytes.removeFirst() }
    guard let f = bytes.first, isDigit(f) || f == UInt8(ascii: ".") || f == UInt8(ascii: "-") else { return nil }
    for i in bytes.indices {
        let c = bytes[i]
        if c == UInt8(ascii: "D") { bytes[i] = UInt8(ascii: "E"); continue }
        guard isDigit(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "E") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") else { return nil }
    }
    guard let v = Double(String(decoding: bytes, as: UTF8.self)), v.isFinite else { return nil }
    return v
}

func format(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
}

extension String {
    func replacingAll(_ a: Character, with r: String) -> String {
        guard contains(a) else { return self }
        var out = ""
        for ch in self { if ch == a { out += r } else { out.append(ch) } }
        return out
    }
}
