import Testing
@testable import SolvusREPL

/// `:digits N`, the REPL's precision control.
struct DigitsCommandTests {
    @Test(arguments: [
        (":digits 12", Command.digits(12)),
        (":digits", Command.digits(nil)),
        (":digits 17", Command.digits(17)),
        (":digits 0", Command.invalid("':digits' takes a whole number from 1 to 17, such as ':digits 12'")),
        (":digits many", Command.invalid("':digits' takes a whole number from 1 to 17, such as ':digits 12'")),
    ])
    func parses(_ line: String, _ command: Command) {
        #expect(Command.parse(line) == command)
    }
}
