import Testing
@testable import SolvusCore

struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] {
        var lexer = Lexer(file: SourceFile(id: 0, name: "t", text: text))
        return lexer.tokenize().map(\.kind)
    }

    @Test func numbersUnitsAndOperators() {
        #expect(kinds("17.5 kJ/mol") == [.number(17.5), .identifier("kJ"), .symbol(.slash), .identifier("mol"), .eof])
        #expect(kinds("1e-3 -> at%") == [.number(1e-3), .symbol(.arrow), .identifier("at%"), .eof])
        #expect(kinds("0..1 step 0.25") == [.number(0), .symbol(.dotdot), .number(1), .keyword(.step), .number(0.25), .eof])
        #expect(kinds("2 ** 3 ^ 1") == [.number(2), .symbol(.caret), .number(3), .symbol(.caret), .number(1), .eof])
        #expect(kinds("a <= b != c") == [.identifier("a"), .symbol(.le), .identifier("b"), .symbol(.ne), .identifier("c"), .eof])
        #expect(kinds("1_000.5") == [.number(1000.5), .eof])
    }

    /// Every symbol lexes to itself, alone and between operands (symbols are looked up by
    /// their bytes, not by string matching).
    @Test(arguments: Symbol.allCases)
    func everySymbolLexesToItself(_ s: Symbol) {
        #expect(kinds(s.rawValue) == [.symbol(s), .eof])
        #expect(kinds("a" + s.rawValue + "b") == [.identifier("a"), .symbol(s), .identifier("b"), .eof])
    }

    @Test func unicodeIdentifiersAndOperators() {
        #expect(kinds("Ω = 1 Å") == [.identifier("Ω"), .symbol(.assign), .number(1), .identifier("Å"), .eof])
        #expect(kinds("2 × 3 − 1") == [.number(2), .symbol(.star), .number(3), .symbol(.minus), .number(1), .eof])
    }

    /// `°` may start a name but not continue one: the lexer once appended empty tokens forever.
    @Test func degreeSignIsOneToken() {
        #expect(kinds("°") == [.identifier("°"), .eof])
        #expect(kinds("25 °C") == [.number(25), .identifier("°C"), .eof])
        #expect(kinds("°°") == [.identifier("°"), .identifier("°"), .eof])
    }

    /// Every pass of the lexer consumes input: any scalar, alone or between others, ends in `.eof`
    /// after at most one token per byte.
    @Test(arguments: ["°", "µ", "℃", "\u{00B5}", "\u{0301}", "\u{200B}", "\u{FEFF}", "½", "²", "∞", "𝛀", "\\", "@", "$", "`"])
    func noScalarStallsTheLexer(_ scalar: String) {
        for text in [scalar, "x" + scalar, scalar + "x", "1 " + scalar + " 2", scalar + scalar + scalar] {
            let tokens = kinds(text)
            #expect(tokens.last == .eof)
            #expect(tokens.count <= text.utf8.count + 1, "\(text): \(tokens)")
        }
    }

    @Test func newlinesEndStatementsOutsideParentheses() {
        #expect(kinds("a\n\n b") == [.identifier("a"), .newline, .identifier("b"), .eof])
        #expect(kinds("f(a,\n b)") == [.identifier("f"), .symbol(.lparen), .identifier("a"), .symbol(.comma),
                                       .identifier("b"), .symbol(.rparen), .eof])
        #expect(kinds("{a\nb}") == [.symbol(.lbrace), .identifier("a"), .newline, .identifier("b"), .symbol(.rbrace), .eof])
        #expect(kinds("x # comment ( [\ny") == [.identifier("x"), .newline, .identifier("y"), .eof])
    }

    @Test func stringsWithEscapes() {
        #expect(kinds(#""a\"b\n""#) == [.string("a\"b\n"), .eof])
    }

    @Test func errorsAreCollectedNotFatal() {
        var lexer = Lexer(file: SourceFile(id: 0, name: "t", text: "1 $ 2 \"open"))
        let tokens = lexer.tokenize().map(\.kind)
        #expect(tokens == [.number(1), .number(2), .string("open"), .eof])
        #expect(lexer.diagnostics.map(\.id) == ["E106", "E105"])
    }

    @Test func aMillionBadCharactersMakeFewMessages() {
        var lexer = Lexer(file: SourceFile(id: 0, name: "t", text: String(repeating: "$", count: 1_000_000)))
        _ = lexer.tokenize()
        #expect(lexer.diagnostics.count == Lexer.maxDiagnostics)
    }
}
