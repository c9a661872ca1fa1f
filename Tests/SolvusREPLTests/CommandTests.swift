import Testing
import SolvusREPL

@Suite("REPL commands")
struct CommandTests {
    @Test("lines without a leading colon are not commands", arguments: ["x = 1", "", "  ", "help", "{a: 1}"])
    func notCommands(_ line: String) {
        #expect(Command.parse(line) == nil)
    }

    @Test("help, with and without a name")
    func help() {
        #expect(Command.parse(":help") == .help(topic: nil))
        #expect(Command.parse(":help   ") == .help(topic: nil))
        #expect(Command.parse(":help mix") == .help(topic: "mix"))
        #expect(Command.parse("  :help   mix  ") == .help(topic: "mix"))
        #expect(Command.parse(":h critical") == .help(topic: "critical"))
        #expect(Command.parse(":help\tkJ") == .help(topic: "kJ"))
    }

    @Test("quit and vars, and their misuse")
    func quitAndVars() {
        #expect(Command.parse(":quit") == .quit)
        #expect(Command.parse(":q") == .quit)
        #expect(Command.parse(":quit ") == .quit)
        #expect(Command.parse(":vars") == .vars)
        #expect(Command.parse(":quit now") == .invalid("':quit' takes no argument"))
        #expect(Command.parse(":vars x") == .invalid("':vars' takes no argument"))
    }

    @Test("unknown commands, with a suggestion when one is close")
    func unknown() {
        #expect(Command.parse(":hlep") == .unknown("hlep"))
        #expect(Command.parse(":") == .unknown(""))
        #expect(Command.parse(":Help") == .unknown("Help"))
        #expect(Command.unknownMessage("hlep") == "unknown command ':hlep'; did you mean ':help'?")
        #expect(Command.unknownMessage("xyzzy").hasPrefix("unknown command ':xyzzy'; the commands are :help"))
        #expect(Command.unknownMessage("").hasPrefix("missing command after ':'"))
    }

    @Test("the message for a name without documentation")
    func noDocumentation() {
        #expect(Command.noDocumentationMessage(for: "critcal", suggestion: "critical")
                == "no documentation for 'critcal'; did you mean 'critical'?")
        #expect(Command.noDocumentationMessage(for: "zzz", suggestion: nil) == "no documentation for 'zzz'")
    }

    @Test("general help names every command")
    func generalHelp() {
        for name in Command.names {
            #expect(Command.generalHelp.contains(":" + name))
        }
    }
}

@Test("help text is folded at spaces to the terminal's width")
func helpIsWrapped() {
    let text = REPL.wrap("alpha beta gamma delta epsilon\nzeta", width: 20)
    #expect(text == "alpha beta gamma\ndelta epsilon\nzeta")
    for line in REPL.wrap(String(repeating: "word ", count: 50), width: 30).split(separator: "\n") {
        #expect(line.count <= 30)
    }
}
