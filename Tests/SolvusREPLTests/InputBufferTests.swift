import Testing
import SolvusREPL

@Suite("Input buffer: when a REPL input is complete")
struct InputBufferTests {
    @Test("balanced and empty input is complete", arguments: [
        "", "x = 1", "f(x) = x * 2", "[1, 2, 3]", "{T: 900 K, x: 0.5}", "mix(regular(17.5 kJ/mol), 0.5, 900 K)",
        "((([[{}]])))",
    ])
    func complete(_ text: String) {
        #expect(InputBuffer.status(of: text) == .complete)
        #expect(!InputBuffer.needsMoreInput(text))
    }

    @Test("open brackets ask for more, outermost first")
    func openBrackets() {
        #expect(InputBuffer.status(of: "x = [1,") == .openBrackets("["))
        #expect(InputBuffer.status(of: "f(a, [1, {") == .openBrackets("([{"))
        #expect(InputBuffer.status(of: "x = [1,\n2") == .openBrackets("["))
        #expect(InputBuffer.status(of: "x = [1,\n2]") == .complete)
        #expect(InputBuffer.needsMoreInput("g(x) = {"))
    }

    @Test("a trailing binary operator asks for more", arguments: [
        "1 +", "a = 2 *", "x -", "y /  ", "a ==", "a !=", "a <", "a <=", "a >", "a >=", "p and", "p or",
        "p &&", "p ||", "p and ", "p or  \n", "1 + # a comment\n", "f(x) = x +",
    ])
    func trailingOperator(_ text: String) {
        #expect(InputBuffer.status(of: text) == .trailingOperator)
    }

    @Test("operators that are not at the end, or cannot continue, are complete", arguments: [
        "1 + 2", "x -> kJ/mol", "5 %", "band", "color", "x = \"a +\"", "x = 1 # a +", "a =", "1 +\n2",
        "17.5 kJ/mol", "-1",
    ])
    func noTrailingOperator(_ text: String) {
        #expect(InputBuffer.status(of: text) == .complete)
    }

    @Test("brackets inside strings do not count")
    func bracketsInStrings() {
        #expect(InputBuffer.status(of: #"s = "(["#) == .complete)
        #expect(InputBuffer.status(of: #"print("a)b")"#) == .complete)
        #expect(InputBuffer.status(of: #"print("a)b""#) == .openBrackets("("))
        #expect(InputBuffer.status(of: #"s = "say \"(\" "+ ("#) == .openBrackets("("))
    }

    @Test("brackets after # comments do not count")
    func bracketsInComments() {
        #expect(InputBuffer.status(of: "x = 1 # (not open") == .complete)
        #expect(InputBuffer.status(of: "x = [1, # ]\n") == .openBrackets("["))
        #expect(InputBuffer.status(of: "x = [1, # ]\n2]") == .complete)
        #expect(InputBuffer.status(of: ##"s = "# not a comment (""##) == .complete)
        #expect(InputBuffer.status(of: ##"s = "# (" # )"##) == .complete)
    }

    @Test("a string continued with a backslash asks for more; one left open is the lexer's error")
    func strings() {
        #expect(InputBuffer.status(of: #"s = "abc\"#) == .openString)
        #expect(InputBuffer.status(of: "s = \"abc\\\ndef\"") == .complete)
        #expect(InputBuffer.status(of: #"s = "abc"#) == .complete)
        #expect(InputBuffer.status(of: #"f("abc"#) == .complete)
        #expect(InputBuffer.status(of: "f(\"abc\n2)") == .complete)
        #expect(InputBuffer.status(of: #"s = "a\\"#) == .complete)
    }

    @Test("a trailing backslash continues the line")
    func lineContinuation() {
        #expect(InputBuffer.status(of: #"x = 1 + \"#) == .continuedLine)
        #expect(InputBuffer.status(of: "x = 1 + \\\n2") == .complete)
        #expect(InputBuffer.status(of: #"x = 1 # \"#) == .complete)
    }

    @Test("closers that match nothing run at once, for the parser to report")
    func strayClosers() {
        #expect(InputBuffer.status(of: "x = 1)") == .complete)
        #expect(InputBuffer.status(of: "f(1]") == .complete)
        #expect(InputBuffer.status(of: "[(]") == .complete)
    }

    @Test("non-ASCII text is skipped over")
    func unicode() {
        #expect(InputBuffer.status(of: "Ω = 17.5 kJ/mol; T = 25 °C") == .complete)
        #expect(InputBuffer.status(of: "x = [µ,") == .openBrackets("["))
    }

    @Test("lines accumulate until the input is complete")
    func accumulation() {
        var buffer = InputBuffer()
        #expect(buffer.add("x = [1,") == nil)
        #expect(!buffer.isEmpty)
        #expect(buffer.add("") == nil)
        #expect(buffer.add("2]") == "x = [1,\n\n2]")
        #expect(buffer.isEmpty)
        #expect(buffer.add("y = 2") == "y = 2")
    }

    @Test("a blank line starts nothing; reset drops pending lines")
    func blankAndReset() {
        var buffer = InputBuffer()
        #expect(buffer.add("   ") == nil)
        #expect(buffer.isEmpty)
        _ = buffer.add("f(")
        buffer.reset()
        #expect(buffer.isEmpty)
        #expect(buffer.add("1") == "1")
    }
}
