// The Solvus grammar. A newline or ';' ends a statement; inside (...) and [...] newlines are
// ignored, inside {...} they separate statements of a block or are skipped between fields.
//
//   program        := statement* EOF
//   statement      := 'use' STRING
//                   | IDENT '(' params ')' '=' expr           -- function definition
//                   | IDENT '=' expr                          -- binding
//                   | expr
//   params         := (IDENT ('=' expr)?) (',' IDENT ('=' expr)?)*
//   expr           := range ('->' unit)*
//   range          := or ('..' or ('step' or)?)?
//   or             := and (('or' | '||') and)*
//   and            := not (('and' | '&&') not)*
//   not            := ('not' | '!') not | comparison
//   comparison     := additive (('==' | '!=' | '<' | '<=' | '>' | '>=') additive)*
//   additive       := multiplicative (('+' | '-') multiplicative)*
//   multiplicative := unary (('*' | '/') unary)*
//   unary          := ('-' | '+') unary | power
//   power          := postfix ('^' unary)?
//   postfix        := primary ('(' args ')' | '.' IDENT | '[' expr ']')*
//   primary        := NUMBER unit? | STRING | 'true' | 'false' | IDENT | '(' expr ')'
//                   | '[' (expr (',' expr)*)? ']' unit? | '{' record-or-block '}'
//                   | 'if' expr 'then' expr 'else' expr
//   record         := (key ':' expr) (',' key ':' expr)*      key := IDENT | STRING
//   block          := statement*
//   unit           := unitProduct ('/' (unitProduct | '(' unitProduct ')'))*
//   unitProduct    := unitAtom+
//   unitAtom       := (UNIT_NAME | '%') ('^' '-'? NUMBER)?
//
// A unit after a number binds tightest: `17.5 kJ/mol` is one quantity, and in that position a
// unit name wins over a variable of the same name.

/// Parses tokens into statements, recovering after an error so one run reports several.
public struct Parser {
    private let file: SourceFile
    /// The tokens, lexed as the parser reaches them; `index` is a position in its window.
    private let stream: TokenStream
    private var index = 0
    private var depth = 0
    private var parserDiagnostics: [Diagnostic] = []
    /// The lexical errors, then the syntax errors, at most `maxDiagnostics`.
    public var diagnostics: [Diagnostic] {
        Array((stream.lexerDiagnostics + parserDiagnostics).prefix(Parser.maxDiagnostics))
    }

    /// Deepest nesting of brackets and operators accepted.
    public static let maxDepth = 256
    public static let maxDiagnostics = 20

    public init(file: SourceFile) {
        self.file = file
        stream = TokenStream(Lexer(file: file))
    }

    /// The whole program; any syntax errors are in `diagnostics`.
    public mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while !atEOF {
            do {
                statements.append(try parseStatement())
                try expectStatementEnd()
            } catch let d as Diagnostic {
                if parserDiagnostics.count < Parser.maxDiagnostics { parserDiagnostics.append(d) }
                synchronize()
            } catch {
                synchronize()
            }
            skipSeparators()
        }
        // The tree holds what it needs; the tokens can go now.
        index -= stream.drop(before: index)
        return statements
    }

    // MARK: - Token helpers

    private var current: Token { stream.at(index) }
    private var atEOF: Bool { if case .eof = current.kind { return true } else { return false } }

    private func peekKind(_ ahead: Int = 0) -> Token.Kind {
        stream.at(index + ahead).kind
    }

    private mutating func advance() -> Token {
        let t = stream.at(index)
        if case .eof = t.kind { return t }
        index += 1
        // Tokens behind the parser are dropped now and then: a 10 MB line is not held as
        // five million tokens (one back is kept; nothing looks further back).
        if index > 1 << 16, index > stream.count / 2 { index -= stream.drop(before: index - 1) }
        return t
    }

    private func check(_ s: Symbol) -> Bool { current.kind == .symbol(s) }
    private func check(_ k: Keyword) -> Bool { current.kind == .keyword(k) }

    private mutating func match(_ s: Symbol) -> Token? { check(s) ? advance() : nil }
    private mutating func match(_ k: Keyword) -> Token? { check(k) ? advance() : nil }

    private mutating func expect(_ s: Symbol, _ what: String? = nil) throws -> Token {
        if let t = match(s) { return t }
        throw Diagnostic(.expected(what ?? "'\(s.rawValue)'", found: current.display), at: current.range)
    }

    /// Expects the closing bracket of `open`, naming where it opened if it is missing.
    private mutating func expectClose(_ close: Symbol, opening open: Token) throws -> Token {
        if let t = match(close) { return t }
        let (line, column) = file.location(of: open.range.start)
        let openText = open.kind == .keyword(.if) ? "if" : (open.display.trimmingQuotes)
        throw Diagnostic(
            .unclosed(openText, line: line, column: column, expected: close.rawValue),
            at: current.range, labels: [.init(open.range, "opened here")])
    }

    private mutating func skipNewlines() {
        while case .newline = current.kind { _ = advance() }
    }

    private mutating func skipSeparators() {
        while current.kind == .newline || check(.semicolon) { _ = advance() }
    }

    private mutating func expectStatementEnd() throws {
        switch current.kind {
        case .newline, .eof, .symbol(.semicolon), .symbol(.rbrace): return
        default:
            throw Diagnostic(.expected("the end of the statement", found: current.display), at: current.range,
                             notes: statementEndHint())
        }
    }

    private func statementEndHint() -> [String] {
        if case .identifier(let name) = current.kind, index > 0, case .number = stream.at(index - 1).kind {
            let s = Suggest.closest(to: name, in: UnitTable.commonNames)
            return ["help: '\(name)' is not a unit" + (s.map { "; did you mean '\($0)'?" } ?? "")]
        }
        return []
    }

    /// Skips to the start of the next statement after an error.
    private mutating func synchronize() {
        var depth = 0
        while !atEOF {
            switch current.kind {
            case .symbol(.lbrace): depth += 1
            case .symbol(.rbrace): depth -= 1
            case .newline, .symbol(.semicolon):
                if depth <= 0 { return }
            default: break
            }
            _ = advance()
        }
    }

    private mutating func nest() throws {
        depth += 1
        if depth > Parser.maxDepth {
            throw Diagnostic(.nestingTooDeep(Parser.maxDepth), at: current.range)
        }
    }

    // MARK: - Statements

    /// statement := 'use' STRING | IDENT '(' params ')' '=' expr | IDENT '=' expr | expr
    private mutating func parseStatement() throws -> Stmt {
        let start = current.range
        let doc = docComment(above: start.start)
        if match(.use) != nil {
            let t = advance()
            guard case .string(let path) = t.kind else {
                throw Diagnostic(.expected("a file name in quotes after 'use'", found: t.display), at: t.range)
            }
            return Stmt(kind: .use(path: path, pathRange: t.range), range: start.union(t.range), doc: doc)
        }
        if case .identifier(let name) = current.kind {
            if peekKind(1) == .symbol(.assign) {
                let nameToken = advance()
                _ = advance()
                let value = try parseExpr()
                return Stmt(kind: .binding(name: name, nameRange: nameToken.range, value: value),
                            range: start.union(value.range), doc: doc)
            }
            if peekKind(1) == .symbol(.lparen), isFunctionDefinition() {
                let nameToken = advance()
                let params = try parseParameters()
                _ = try expect(.assign)
                skipNewlines()
                let body = try parseExpr()
                return Stmt(kind: .function(name: name, nameRange: nameToken.range, params: params, body: body),
                            range: start.union(body.range), doc: doc)
            }
        }
        let e = try parseExpr()
        return Stmt(kind: .expression(e), range: e.range, doc: doc)
    }

    /// Looks past `name(...)` for a `=`, which makes it a definition rather than a call.
    private func isFunctionDefinition() -> Bool {
        var i = index + 1
        var depth = 0
        while true {
            switch stream.at(i).kind {
            case .symbol(.lparen), .symbol(.lbracket), .symbol(.lbrace): depth += 1
            case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace):
                depth -= 1
                if depth == 0 { return stream.at(i + 1).kind == .symbol(.assign) }
            case .newline, .eof: return false
            default: break
            }
            i += 1
        }
    }

    /// params := (IDENT ('=' expr)?) (',' IDENT ('=' expr)?)*
    private mutating func parseParameters() throws -> [Parameter] {
        let open = try expect(.lparen)
        var params: [Parameter] = []
        while !check(.rparen) {
            let t = advance()
            guard case .identifier(let name) = t.kind else {
                throw Diagnostic(.expected("a parameter name", found: t.display), at: t.range)
            }
            if params.contains(where: { $0.name == name }) {
                throw Diagnostic(.custom("E107", "parameter '\(name)' appears twice"), at: t.range)
            }
            var def: Expr?
            if match(.assign) != nil { def = try parseExpr() }
            params.append(Parameter(name: name, range: t.range, defaultValue: def))
            if match(.comma) == nil { break }
        }
        _ = try expectClose(.rparen, opening: open)
        return params
    }

    /// The `#` lines directly above the statement starting at `offset`.
    private func docComment(above offset: Int) -> String? {
        var line = file.lineIndex(of: offset) - 1
        var lines: [String] = []
        while line >= 0 {
            let text = String(decoding: file.lineBytes(line), as: UTF8.self)
            let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("#") else { break }
            lines.append(String(trimmed.dropFirst().drop(while: { $0 == " " })))
            line -= 1
        }
        return lines.isEmpty ? nil : lines.reversed().joined(separator: "\n")
    }

    // MARK: - Expressions

    /// expr := range ('->' unit)*
    public mutating func parseExpr() throws -> Expr {
        if let literal = plainNumber(endingAdditive: false) { return literal }
        try nest()
        defer { depth -= 1 }
        var e = try parseRange()
        while match(.arrow) != nil {
            let (unit, range) = try parseUnit(required: true)
            e = Expr(.convert(e, unit, unitRange: range), e.range.union(range))
        }
        return e
    }

    /// range := or ('..' or ('step' or)?)?
    private mutating func parseRange() throws -> Expr {
        let from = try parseOr()
        guard match(.dotdot) != nil else { return from }
        let to = try parseOr()
        var step: Expr?
        if match(.step) != nil { step = try parseOr() }
        return Expr(.range(from: from, to: to, step: step), from.range.union(step?.range ?? to.range))
    }

    /// A number literal that the next token ends: a separator (`,` `]` `)` `}` `;`, a line
    /// break, the end) or, inside a sum, `+` or `-`. It is what long lists and sums are made of,
    /// and it is taken here without descending through every level of precedence; anything
    /// that could continue it (a unit, `^`, `*`, a call, `..`) takes the full path.
    private mutating func plainNumber(endingAdditive: Bool) -> Expr? {
        let t = current
        guard case .number(let v) = t.kind else { return nil }
        switch peekKind(1) {
        case .newline, .eof, .symbol(.comma), .symbol(.rbracket), .symbol(.rparen), .symbol(.rbrace), .symbol(.semicolon):
            break
        case .symbol(.plus) where endingAdditive, .symbol(.minus) where endingAdditive:
            break
        default:
            return nil
        }
        _ = advance()
        return Expr(.number(v), t.range)
    }

    /// One level of left-associative operators; `ops` names the operator a token stands for at
    /// this level (a switch, not a dictionary: this runs once per operand of every expression).
    private mutating func parseChain(_ ops: (Token.Kind) -> BinaryOp?, next: (inout Parser) throws -> Expr) throws -> Expr {
        let first = try next(&self)
        var links: [ChainLink] = []
        while let op = ops(current.kind) {
            let opToken = advance()
            skipNewlinesInBlockAfterOperator()
            let rhs = try next(&self)
            links.append(ChainLink(op: op, opRange: opToken.range, rhs: rhs))
        }
        if links.isEmpty { return first }
        return Expr(.chain(first, links), first.range.union(links[links.count - 1].rhs.range))
    }

    /// A statement may continue on the next line after a binary operator.
    private mutating func skipNewlinesInBlockAfterOperator() { skipNewlines() }

    /// or := and (('or' | '||') and)*
    private mutating func parseOr() throws -> Expr {
        try parseChain({ k in k == .keyword(.or) || k == .symbol(.pipepipe) ? .or : nil }) { try $0.parseAnd() }
    }

    /// and := not (('and' | '&&') not)*
    private mutating func parseAnd() throws -> Expr {
        try parseChain({ k in k == .keyword(.and) || k == .symbol(.ampamp) ? .and : nil }) { try $0.parseNot() }
    }

    /// not := ('not' | '!') not | comparison
    private mutating func parseNot() throws -> Expr {
        if let t = match(.not) ?? match(.bang) {
            try nest()
            defer { depth -= 1 }
            let operand = try parseNot()
            return Expr(.unary(.not, operand), t.range.union(operand.range))
        }
        return try parseComparison()
    }

    /// comparison := additive (compOp additive)*
    private mutating func parseComparison() throws -> Expr {
        try parseChain({ k in
            guard case .symbol(let s) = k else { return nil }
            switch s {
            case .eq: return .eq
            case .ne: return .ne
            case .lt: return .lt
            case .le: return .le
            case .gt: return .gt
            case .ge: return .ge
            default: return nil
            }
        }) { try $0.parseAdditive() }
    }

    /// additive := multiplicative (('+' | '-') multiplicative)*
    private mutating func parseAdditive() throws -> Expr {
        try parseChain({ k in k == .symbol(.plus) ? .add : k == .symbol(.minus) ? .sub : nil }) { try $0.parseMultiplicative() }
    }

    /// multiplicative := unary (('*' | '/') unary)*
    private mutating func parseMultiplicative() throws -> Expr {
        if let literal = plainNumber(endingAdditive: true) { return literal }
        return try parseChain({ k in k == .symbol(.star) ? .mul : k == .symbol(.slash) ? .div : nil }) { try $0.parseUnary() }
    }

    /// unary := ('-' | '+') unary | power
    private mutating func parseUnary() throws -> Expr {
        if let t = match(.minus) ?? match(.plus) {
            try nest()
            defer { depth -= 1 }
            let operand = try parseUnary()
            // Fold a negative literal, so `-1 K` is one quantity.
            if t.kind == .symbol(.minus) {
                switch operand.kind {
                case .number(let v): return Expr(.number(-v), t.range.union(operand.range))
                case .quantity(let v, let u): return Expr(.quantity(-v, u), t.range.union(operand.range))
                default: break
                }
            }
            return Expr(.unary(t.kind == .symbol(.minus) ? .negate : .plus, operand), t.range.union(operand.range))
        }
        return try parsePower()
    }

    /// power := postfix ('^' unary)?
    private mutating func parsePower() throws -> Expr {
        let base = try parsePostfix()
        if let op = match(.caret) {
            try nest()
            defer { depth -= 1 }
            let exponent = try parseUnary()
            return Expr(.power(base, exponent, opRange: op.range), base.range.union(exponent.range))
        }
        return base
    }

    /// postfix := primary ('(' args ')' | '.' IDENT | '[' expr ']')*
    private mutating func parsePostfix() throws -> Expr {
        var e = try parsePrimary()
        while true {
            if let open = match(.lparen) {
                let args = try parseArguments(open: open)
                e = Expr(.call(e, args), e.range.union(stream.at(index - 1).range))
            } else if match(.dot) != nil {
                let t = advance()
                guard case .identifier(let name) = t.kind else {
                    throw Diagnostic(.expected("a field name after '.'", found: t.display), at: t.range)
                }
                e = Expr(.field(e, name, nameRange: t.range), e.range.union(t.range))
            } else if let open = match(.lbracket) {
                let i = try parseExpr()
                let close = try expectClose(.rbracket, opening: open)
                e = Expr(.index(e, i), e.range.union(close.range))
            } else {
                return e
            }
        }
    }

    /// args := (arg (',' arg)*)?   arg := (IDENT ':')? expr
    private mutating func parseArguments(open: Token) throws -> [Argument] {
        var args: [Argument] = []
        while !check(.rparen) && !atEOF {
            var label: String?
            var labelRange: SourceRange?
            // A label is a name, or a keyword used as one (`step: 0.01`), before ':'.
            if peekKind(1) == .symbol(.colon), let name = labelName(current.kind) {
                label = name
                labelRange = advance().range
                _ = advance()
            }
            args.append(Argument(label: label, labelRange: labelRange, value: try parseExpr()))
            if match(.comma) == nil { break }
        }
        _ = try expectClose(.rparen, opening: open)
        return args
    }

    /// primary := NUMBER unit? | STRING | 'true' | 'false' | IDENT | '(' expr ')' | list | record | block | if
    private mutating func parsePrimary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number(let v):
            _ = advance()
            if startsUnit() {
                let (written, range) = try parseUnit(required: false)
                // Units of one dimension cancel as they do in products: `1 kJ/J` is 1000.
                let unit = Unit.none.simplifiedProduct(written)
                return Expr(.quantity(v * written.scale, unit), t.range.union(range))
            }
            if case .identifier(let name) = current.kind, sameLine(t, current),
               UnitTable.isRelativeTemperature(name) {
                throw Diagnostic(.relativeTemperature(name), at: current.range,
                                 notes: ["help: write celsius(\(NumberFormat.format(v))) for \(NumberFormat.format(v)) °C "
                                         + "(\(NumberFormat.format(v + 273.15)) K)"])
            }
            if case .identifier(let name) = current.kind, sameLine(t, current),
               peekKind(1) != .symbol(.colon), peekKind(1) != .symbol(.assign) {
                if let suggestion = Suggest.closest(to: name, in: UnitTable.commonNames) {
                    throw Diagnostic(.unknownUnit(name, suggestion: suggestion), at: current.range)
                }
                throw Diagnostic(.notAUnit(name, number: file.slice(t.range)), at: current.range)
            }
            return Expr(.number(v), t.range)
        case .string(let s):
            _ = advance()
            return Expr(.string(s), t.range)
        case .keyword(.true):
            _ = advance()
            return Expr(.bool(true), t.range)
        case .keyword(.false):
            _ = advance()
            return Expr(.bool(false), t.range)
        case .identifier(let name):
            _ = advance()
            return Expr(.identifier(name), t.range)
        case .symbol(.lparen):
            _ = advance()
            let inner = try parseExpr()
            let close = try expectClose(.rparen, opening: t)
            return Expr(inner.kind, t.range.union(close.range))
        case .symbol(.lbracket):
            _ = advance()
            var items: [Expr] = []
            while !check(.rbracket) && !atEOF {
                items.append(try parseExpr())
                if match(.comma) == nil { break }
            }
            let close = try expectClose(.rbracket, opening: t)
            let list = Expr(.list(items), t.range.union(close.range))
            // `[300, 400] K`, as lists of quantities print: the list times one of the unit.
            if startsUnit() {
                let (written, range) = try parseUnit(required: false)
                let one = Expr(.quantity(written.scale, Unit.none.simplifiedProduct(written)), range)
                return Expr(.chain(list, [ChainLink(op: .mul, opRange: range, rhs: one)]), list.range.union(range))
            }
            return list
        case .symbol(.lbrace):
            return try parseBraces()
        case .keyword(.if):
            _ = advance()
            try nest()
            defer { depth -= 1 }
            let cond = try parseExpr()
            skipNewlines()
            guard match(.then) != nil else {
                throw Diagnostic(.expected("'then' after the condition of 'if'", found: current.display),
                                 at: current.range, labels: [.init(t.range, "this 'if'")])
            }
            skipNewlines()
            let a = try parseExpr()
            let save = index
            skipNewlines()
            guard match(.else) != nil else {
                index = save
                throw Diagnostic(.expected("'else' (an 'if' needs both branches)", found: current.display),
                                 at: current.range, labels: [.init(t.range, "this 'if'")])
            }
            skipNewlines()
            let b = try parseExpr()
            return Expr(.ifThenElse(cond, a, b), t.range.union(b.range))
        default:
            throw Diagnostic(.expected("an expression", found: t.display), at: t.range)
        }
    }

    /// record := '{' (key ':' expr),* '}'   block := '{' statement* '}'
    private mutating func parseBraces() throws -> Expr {
        let open = advance()
        try nest()
        defer { depth -= 1 }
        skipNewlines()
        if let close = match(.rbrace) {
            return Expr(.record([]), open.range.union(close.range))
        }
        let isRecord = peekKind(1) == .symbol(.colon)
            && (labelName(current.kind) != nil || { if case .string = current.kind { return true } else { return false } }())
        if isRecord {
            var fields: [FieldInit] = []
            while !check(.rbrace) && !atEOF {
                let k = advance()
                let key: String
                if case .string(let s) = k.kind {
                    key = s
                } else if let n = labelName(k.kind) {
                    key = n
                } else {
                    throw Diagnostic(.expected("a field name", found: k.display), at: k.range)
                }
                if fields.contains(where: { $0.key == key }) {
                    throw Diagnostic(.duplicateField(key), at: k.range)
                }
                _ = try expect(.colon, "':' after the field name")
                skipNewlines()
                fields.append(FieldInit(key: key, keyRange: k.range, value: try parseExpr()))
                skipNewlines()
                if match(.comma) == nil { break }
                skipNewlines()
            }
            skipNewlines()
            let close = try expectClose(.rbrace, opening: open)
            return Expr(.record(fields), open.range.union(close.range))
        }
        var statements: [Stmt] = []
        while !check(.rbrace) && !atEOF {
            statements.append(try parseStatement())
            try expectStatementEnd()
            skipSeparators()
        }
        let close = try expectClose(.rbrace, opening: open)
        return Expr(.block(statements), open.range.union(close.range))
    }

    /// The name of a label or field: an identifier, or a keyword written where a name is expected.
    private func labelName(_ kind: Token.Kind) -> String? {
        switch kind {
        case .identifier(let n): return n
        case .keyword(let k): return k.rawValue
        default: return nil
        }
    }

    // MARK: - Units

    private func sameLine(_ a: Token, _ b: Token) -> Bool {
        file.lineIndex(of: a.range.start) == file.lineIndex(of: b.range.start)
    }

    private func isUnitToken(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .identifier(let n): return UnitTable.isUnit(n)
        case .symbol(.percent): return true
        default: return false
        }
    }

    private func startsUnit() -> Bool {
        guard isUnitToken(current.kind), index > 0, sameLine(stream.at(index - 1), current) else { return false }
        // `f(x: 1, K: 2)` and `{K: 1}`: a name followed by ':' or '=' is a label, not a unit.
        if peekKind(1) == .symbol(.colon) || peekKind(1) == .symbol(.assign) { return false }
        return true
    }

    /// unit := unitProduct ('/' (unitProduct | '(' unitProduct ')'))*
    /// Juxtaposition binds tighter than '/': `J/mol K` is `J/(mol K)`.
    private mutating func parseUnit(required: Bool) throws -> (Unit, SourceRange) {
        let start = current.range
        var unit = try parseUnitProduct()
        var end = stream.at(index - 1).range
        while check(.slash) {
            let next = peekKind(1)
            if isUnitToken(next) {
                _ = advance()
                unit = unit / (try parseUnitProduct())
            } else if next == .symbol(.lparen), isUnitToken(peekKind(2)) {
                _ = advance()
                let open = advance()
                let inner = try parseUnitProduct()
                _ = try expectClose(.rparen, opening: open)
                unit = unit / inner
            } else {
                break
            }
            end = stream.at(index - 1).range
        }
        guard unit.exponentsFit else { throw Diagnostic(.unitPowerTooLarge(), at: start.union(end)) }
        return (unit, start.union(end))
    }

    /// unitProduct := unitAtom+
    private mutating func parseUnitProduct() throws -> Unit {
        var unit = try parseUnitAtom()
        while isUnitToken(current.kind), sameLine(stream.at(index - 1), current),
              peekKind(1) != .symbol(.colon), peekKind(1) != .symbol(.assign) {
            unit = unit * (try parseUnitAtom())
        }
        return unit
    }

    /// unitAtom := (UNIT_NAME | '%') ('^' '-'? NUMBER)?
    private mutating func parseUnitAtom() throws -> Unit {
        let t = advance()
        var factor: UnitFactor
        switch t.kind {
        case .symbol(.percent):
            factor = UnitTable.lookup("%") ?? UnitFactor(name: "%", scale: 0.01, dimension: .none)
        case .identifier(let name):
            if UnitTable.isRelativeTemperature(name) {
                throw Diagnostic(.relativeTemperature(name), at: t.range,
                                 notes: ["help: write in_celsius(T) for the number of degrees Celsius of T"])
            }
            guard let f = UnitTable.lookup(name) else {
                throw Diagnostic(.unknownUnit(name, suggestion: Suggest.closest(to: name, in: UnitTable.commonNames)),
                                 at: t.range)
            }
            factor = f
        default:
            throw Diagnostic(.expected("a unit", found: t.display), at: t.range)
        }
        if match(.caret) != nil {
            let negative = match(.minus) != nil
            let p = advance()
            guard case .number(let v) = p.kind, v == v.rounded(), abs(v) <= 12 else {
                throw Diagnostic(.expected("a whole-number power of the unit", found: p.display), at: p.range)
            }
            factor.power = Int(v) * (negative ? -1 : 1)  // |v| <= 12, checked above
        }
        return Unit([factor])
    }
}

extension String {
    /// `'x'` -> `x`
    var trimmingQuotes: String {
        var s = self
        if s.hasPrefix("'") { s.removeFirst() }
        if s.hasSuffix("'") { s.removeLast() }
        return s
    }
}

/// The tokens of a file, lexed in blocks as the parser asks for them, in a window that the
/// parser trims behind itself.
final class TokenStream {
    @exclusivity(unchecked) private var lexer: Lexer
    @exclusivity(unchecked) private var tokens: [Token] = []
    private var done = false

    init(_ lexer: Lexer) { self.lexer = lexer }

    var lexerDiagnostics: [Diagnostic] { lexer.diagnostics }
    /// Tokens in the window.
    var count: Int { tokens.count }

    /// The token at window position `i`; past the end, the last one (end of file).
    func at(_ i: Int) -> Token {
        while i >= tokens.count && !done { pull() }
        return i < tokens.count ? tokens[i] : tokens[tokens.count - 1]
    }

    /// Lexes the next block of tokens (a run of line breaks is one token).
    private func pull() {
        for _ in 0..<4096 {
            let t = lexer.next()
            if case .newline = t.kind, let last = tokens.last, case .newline = last.kind { continue }
            tokens.append(t)
            if case .eof = t.kind {
                done = true
                return
            }
        }
    }

    /// Forgets the tokens before window position `keep`; returns how many.
    func drop(before keep: Int) -> Int {
        let n = min(max(keep, 0), tokens.count)
        guard n > 0 else { return 0 }
        tokens.removeFirst(n)
        return n
    }
}
