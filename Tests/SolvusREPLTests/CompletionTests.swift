import Testing
import SolvusREPL

@Suite("Tab completion")
struct CompletionTests {
    let names = ["critical", "crit_T", "ideal", "kJ", "mix", "mol", "regular", "x0"]

    @Test("a name completes from its prefix")
    func prefixes() {
        #expect(Completion.candidates(for: "cri", before: "", names: names) == ["crit_T", "critical"])
        #expect(Completion.candidates(for: "criti", before: "", names: names) == ["critical"])
        #expect(Completion.candidates(for: "mi", before: "f(", names: names) == ["mix"])
        #expect(Completion.candidates(for: "zz", before: "", names: names).isEmpty)
    }

    @Test("keywords complete in expressions")
    func keywords() {
        #expect(Completion.candidates(for: "th", before: "if x > 0 ", names: names) == ["then"])
        #expect(Completion.candidates(for: "i", before: "", names: names) == ["ideal", "if"])
    }

    @Test("after a colon at the start, command names")
    func commands() {
        #expect(Completion.candidates(for: "he", before: ":", names: names) == ["help"])
        #expect(Completion.candidates(for: "", before: ":", names: names) == Command.names.sorted())
        #expect(Completion.candidates(for: "q", before: "  :", names: names) == ["quit"])
    }

    @Test("after :help, names but not keywords; other commands take nothing")
    func helpArgument() {
        #expect(Completion.candidates(for: "cri", before: ":help ", names: names) == ["crit_T", "critical"])
        #expect(Completion.candidates(for: "i", before: ":help ", names: names) == ["ideal"])
        #expect(Completion.candidates(for: "m", before: ":h ", names: names) == ["mix", "mol"])
        #expect(Completion.candidates(for: "m", before: ":vars ", names: names).isEmpty)
    }

    @Test("word breaks: brackets, operators, commas, blanks and colons end a word; names do not")
    func wordBreaks() {
        for c in "([{,+-*/^ :=<>" {
            #expect(Completion.wordBreakCharacters.contains(c))
        }
        for c in "_aZ0°µΩ" {
            #expect(!Completion.wordBreakCharacters.contains(c))
        }
    }
}
