import CLineEdit
import SolvusCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal line editor: libedit or GNU readline (whichever `CLineEdit` links), through
/// the readline-compatible API both share.
///
/// Lines are read with readline's callback interface and `poll()`, not with `readline()`:
/// waiting in our own loop is the one way that Ctrl-C behaves alike with both libraries
/// (`readline()` retries an interrupted read in GNU readline and gives up in libedit), and it
/// does not depend on which thread the signal is delivered to. The libraries' own signal
/// handling is off (`rl_catch_signals = 0`); `Signals` sets flags that the loop checks.
///
/// The C callbacks cannot capture context, so the state they need is static: there is one
/// terminal, and so one line editor.
final class LineEditor {
    /// What one read produced.
    enum Input: Equatable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C: the line was abandoned (and `^C` and a newline shown).
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case endOfInput
    }

    /// Whether the terminal encoding is UTF-8, so that the prompt may use `…`.
    let isUTF8: Bool

    /// Names offered by Tab; asked again at each completion, since users define new names.
    nonisolated(unsafe) private static var names: () -> [String] = { [] }
    /// The completions of the current word, served one by one to `rl_completion_matches`.
    nonisolated(unsafe) private static var matches: [String] = []
    /// Set by the line handler: the line read, or nil for end of input.
    nonisolated(unsafe) private static var received: String?? = .none

    /// Sets up the library: locale, completion, signal handling and the in-memory history.
    init(names: @escaping () -> [String], history: [String]) {
        isUTF8 = LineEditor.setUpLocale()
        LineEditor.names = names
        rl_readline_name = UnsafePointer(strdup("solvus"))
        // Before rl_initialize: libedit reads it there (EL_SIGNAL).
        rl_catch_signals = 0
        rl_initialize()
        using_history()
        stifle_history(Int32(HistoryFile.limit))
        solvus_set_word_break_characters(UnsafePointer(strdup(Completion.wordBreakCharacters)))
        rl_attempted_completion_function = LineEditor.complete
        for entry in history { add_history(entry) }
    }

    /// Adds `line` to the history that Up and Down browse.
    func addToHistory(_ line: String) { add_history(line) }

    /// Shows `prompt` and reads one line, with editing, history and completion.
    func readLine(prompt: String) -> Input {
        LineEditor.received = .none
        // A Ctrl-C that arrived after the last line was read (say, just as an evaluation
        // ended) must not abandon this one.
        Interrupt.reset()
        _ = Signals.takeResumed()
        rl_callback_handler_install(prompt, LineEditor.lineHandler)
        while true {
            if Signals.takeResumed() {
                solvus_resume_line()
            }
            if Interrupt.isRequested {
                Interrupt.reset()
                // Echo `^C` as a shell does, before the clean-up: GNU readline's ends with a
                // carriage return, and the mark would overwrite the prompt.
                Console.output("^C")
                solvus_abandon_line()
                Console.output("\n")
                return .interrupted
            }
            var fds = pollfd(fd: fileno(stdin), events: Int16(POLLIN), revents: 0)
            // The timeout is a backstop: a signal delivered to another thread does not
            // interrupt poll() here, so look at the flags a few times a second.
            let ready = poll(&fds, 1, 100)
            if ready < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                solvus_abandon_line()
                return .endOfInput
            }
            if ready == 0 { continue }
            if fds.revents & Int16(POLLIN) == 0 {
                // Hang-up or error without data: libedit would never call the line handler.
                solvus_abandon_line()
                return .endOfInput
            }
            rl_callback_read_char()
            if case .some(let line) = LineEditor.received {
                return line.map(Input.line) ?? .endOfInput
            }
        }
    }

    // MARK: - C callbacks

    /// Receives a finished line (nil at end of input), which the application must free.
    private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { raw in
        LineEditor.received = .some(raw.map { String(cString: $0) })
        free(raw)
        // Removing the handler here stops GNU readline from showing the prompt again at once.
        rl_callback_handler_remove()
    }

    /// The attempted-completion function: the matches for the word between `start` and
    /// `end`, never file names.
    private static let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
        rl_attempted_completion_over = 1
        // No space after a completed name: the next character is often `(` or `.`.
        rl_completion_append_character = 0
        guard let text else { return nil }
        let word = String(cString: text)
        let line = rl_line_buffer.map { String(cString: $0) } ?? ""
        // `start` counts bytes in GNU readline and characters in libedit; they differ only
        // after non-ASCII text, and the text before the word matters only for `:` commands.
        let bytes = Array(line.utf8)
        let before = String(decoding: bytes.prefix(max(0, min(Int(start), bytes.count))), as: UTF8.self)
        matches = Completion.candidates(for: word, before: before, names: names())
        if matches.isEmpty { return nil }
        return rl_completion_matches(text, LineEditor.nextMatch)
    }

    /// The generator `rl_completion_matches` calls with state 0, 1, 2, ... until nil.
    private static let nextMatch: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        let i = Int(state)
        guard i >= 0, i < matches.count else { return nil }
        return strdup(matches[i])
    }

    // MARK: - Locale

    /// Selects the user's character encoding (Swift programs start in the "C" locale), or
    /// UTF-8 if that is not UTF-8: Solvus text is UTF-8, and in the "C" locale libedit drops
    /// the bytes of `°`, `µ` or `Ω` as they are typed. Returns whether the encoding is UTF-8.
    private static func setUpLocale() -> Bool {
        setlocale(LC_CTYPE, "")
        if isUTF8Codeset() { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if isUTF8Codeset() { return true }
        }
        return false
    }

    private static func isUTF8Codeset() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }
}
