import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The REPL on a real pseudo-terminal, once with each line editor this machine offers:
/// libedit, GNU readline (both loaded at run time) and the plain line reader.
@Suite("REPL on a terminal", .serialized)
struct REPLTerminalTests {
    /// The line editors to try: plain always, the libraries where they can be loaded.
    static let editors: [String] = {
        var list = ["plain"]
        if dlopen("libedit.so.2", RTLD_NOW) != nil || dlopen("libedit.so.0", RTLD_NOW) != nil { list.append("libedit") }
        if dlopen("libreadline.so.8", RTLD_NOW) != nil || dlopen("libreadline.so.7", RTLD_NOW) != nil { list.append("readline") }
        return list
    }()

    static func start(_ editor: String) throws -> (TerminalSession, String) {
        let history = FileManager.default.temporaryDirectory
            .appendingPathComponent("solvus-history-\(editor)-\(getpid())-\(UUID().uuidString)").path
        let terminal = try TerminalSession(environment: ["SOLVUS_LINE_EDITOR": editor, "SOLVUS_HISTORY": history])
        #expect(terminal.waitFor("Ctrl-D to quit"))
        return (terminal, history)
    }

    @Test("multi-line input: open brackets and a trailing operator", arguments: editors)
    func multiLine(editor: String) throws {
        let (terminal, history) = try Self.start(editor)
        defer { unlink(history) }
        terminal.type("g(x) = {\r")
        terminal.type("x + 1\r")
        terminal.type("}\r")
        var mark = terminal.mark
        terminal.type("g(1) * 10\r")
        #expect(terminal.waitFor("20", after: mark))
        mark = terminal.mark
        terminal.type("1 +\r")
        terminal.type("2\r")
        #expect(terminal.waitFor("3\r\n", after: mark))
        terminal.endInput(after: "3\r\n", from: mark)
        #expect(terminal.waitForExit() == 0)
        // Each multi-line input is one entry of the history file.
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved == "g(x) = {\u{1E}x + 1\u{1E}}\ng(1) * 10\n1 +\u{1E}2\n")
    }

    @Test("Ctrl-C stops a long evaluation and keeps the session", arguments: editors)
    func interrupt(editor: String) throws {
        let (terminal, history) = try Self.start(editor)
        defer { unlink(history) }
        terminal.type("a = 41\r")
        terminal.type("h(n) = if n <= 0 then 0 else h(n - 1) + 1\r")
        var mark = terminal.mark
        terminal.type("total = sum(map(h, 1..5000))\r")
        #expect(terminal.waitFor("map(h", after: mark))
        usleep(300_000)
        let started = Date()
        terminal.type("\u{3}")
        #expect(terminal.waitFor("E600", after: mark, timeout: 10))
        #expect(Date().timeIntervalSince(started) < 2)
        mark = terminal.mark
        terminal.type("a + 1\r")
        #expect(terminal.waitFor("42", after: mark))
        // The interrupted statement bound nothing.
        mark = terminal.mark
        terminal.type("total\r")
        #expect(terminal.waitFor("E2", after: mark))
        #expect(terminal.screen.dropFirst(mark).contains("'total'"))
        // Ctrl-C at the prompt abandons the line being typed.
        terminal.type("1 + 1")
        usleep(200_000)
        terminal.type("\u{3}")
        usleep(200_000)
        mark = terminal.mark
        terminal.type("a\r")
        #expect(terminal.waitFor("41", after: mark))
        #expect(!terminal.screen.dropFirst(mark).contains("2\r\n"))
        terminal.type(":quit\r")
        #expect(terminal.waitForExit() == 0)
    }

    @Test("history: Up recalls earlier input, also from an earlier session",
          arguments: editors.filter { $0 != "plain" })
    func history(editor: String) throws {
        let (first, history) = try Self.start(editor)
        defer { unlink(history) }
        first.type("b = 6\r")
        first.type("b * 7\r")
        #expect(first.waitFor("42"))
        first.endInput(after: "42")
        #expect(first.waitForExit() == 0)

        let terminal = try TerminalSession(environment: ["SOLVUS_LINE_EDITOR": editor, "SOLVUS_HISTORY": history])
        #expect(terminal.waitFor("Ctrl-D to quit"))
        // Up twice: `b = 6`; Enter binds it; Up twice again: `b * 7`.
        terminal.type("\u{1b}[A")
        usleep(100_000)
        terminal.type("\u{1b}[A")
        usleep(100_000)
        terminal.type("\r")
        usleep(200_000)
        let mark = terminal.mark
        terminal.type("\u{1b}[A")
        usleep(100_000)
        terminal.type("\u{1b}[A")
        usleep(100_000)
        terminal.type("\r")
        #expect(terminal.waitFor("42", after: mark))
        terminal.endInput(after: "42", from: mark)
        #expect(terminal.waitForExit() == 0)
    }

    @Test("Tab completes names", arguments: editors.filter { $0 != "plain" })
    func completion(editor: String) throws {
        let (terminal, history) = try Self.start(editor)
        defer { unlink(history) }
        var mark = terminal.mark
        // One match: completed in place.
        terminal.type("critic\t")
        #expect(terminal.waitFor("al", after: mark))
        terminal.type("(regular(17.5 kJ/mol)).T\r")
        #expect(terminal.waitFor("1052.38 K", after: mark))
        // Several: the second Tab lists them.
        mark = terminal.mark
        terminal.type("mi\t\t")
        #expect(terminal.waitFor("miedema", after: mark))
        #expect(terminal.waitFor("mix", after: mark))
        usleep(200_000)
        mark = terminal.mark
        terminal.type("\u{3}")
        terminal.endInput(after: "", from: mark)
        #expect(terminal.waitForExit() == 0)
    }

    @Test("a line editor forced by SOLVUS_LINE_EDITOR that cannot be had is a start-up error")
    func forcedChoiceFails() throws {
        let terminal = try TerminalSession(environment: ["SOLVUS_LINE_EDITOR": "teletype"])
        #expect(terminal.waitFor("SOLVUS_LINE_EDITOR is 'teletype'; use libedit, readline or plain"))
        #expect(terminal.waitForExit() == 2)
    }
}
