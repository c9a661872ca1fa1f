import SolvusCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal line editor: libedit or GNU readline (`EditLineLibrary`, loaded at run time),
/// through the readline API both share; or, when neither can be loaded, plain lines read from
/// the terminal (no editing or completion, but history is still kept in the file, and Ctrl-C
/// and Ctrl-D work as usual).
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
    /// The library in use; nil for plain lines.
    let library: EditLineLibrary?

    nonisolated(unsafe) private static var active: EditLineLibrary?
    /// Names offered by Tab; asked again at each completion, since users define new names.
    nonisolated(unsafe) private static var names: () -> [String] = { [] }
    /// The completions of the current word, served one by one to `rl_completion_matches`.
    nonisolated(unsafe) private static var matches: [String] = []
    /// Set by the line handler: the line read, or nil for end of input.
    nonisolated(unsafe) private static var received: String?? = .none
    /// Bytes read in plain mode that are not yet a whole line.
    private var pending: [UInt8] = []

    /// Sets up the library (locale, completion, signal handling, the in-memory history), or
    /// plain lines when `library` is nil.
    init(library: EditLineLibrary?, names: @escaping () -> [String], history: [String]) {
        isUTF8 = LineEditor.setUpLocale()
        self.library = library
        LineEditor.active = library
        LineEditor.names = names
        guard let library else { return }
        library.readlineName.pointee = UnsafePointer(strdup("solvus"))
        // Before rl_initialize: libedit reads it there (EL_SIGNAL).
        library.catchSignals.pointee = 0
        _ = library.initialize()
        library.usingHistory()
        library.stifleHistory(Int32(HistoryFile.limit))
        if let breaks = strdup(Completion.wordBreakCharacters) {
            library.setWordBreakCharacters(breaks)
        }
        library.attemptedCompletionFunction.pointee = LineEditor.complete
        for entry in history { library.addHistory(entry) }
    }

    /// Adds `entry` to the history that Up and Down browse.
    func addToHistory(_ entry: String) { library?.addHistory(entry) }

    /// Shows `prompt` and reads one line, with editing, history and completion.
    func readLine(prompt: String) -> Input {
        guard let library else { return readPlainLine(prompt: prompt) }
        LineEditor.received = .none
        // A Ctrl-C that arrived after the last line was read (say, just as an evaluation
        // ended) must not abandon this one.
        Interrupt.reset()
        _ = Signals.takeResumed()
        library.callbackHandlerInstall(prompt, LineEditor.lineHandler)
        while true {
            if Signals.takeResumed() {
                library.resumeLine()
            }
            if Interrupt.isRequested {
                Interrupt.reset()
                // Echo `^C` as a shell does, before the clean-up: GNU readline's ends with a
                // carriage return, and the mark would overwrite the prompt.
                Console.output("^C")
                library.abandonLine()
                Console.output("\n")
                return .interrupted
            }
            switch waitForInput() {
            case .ready:
                library.callbackReadChar()
                if case .some(let line) = LineEditor.received {
                    return line.map(Input.line) ?? .endOfInput
                }
            case .notYet:
                continue
            case .closed:
                library.abandonLine()
                return .endOfInput
            }
        }
    }

    private enum Wait { case ready, notYet, closed }

    /// Waits up to 100 ms for a byte on standard input.
    private func waitForInput() -> Wait {
        var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        // The timeout is a backstop: a signal delivered to another thread does not interrupt
        // poll() here, so look at the flags a few times a second.
        let ready = poll(&fds, 1, 100)
        if ready < 0 { return errno == EINTR || errno == EAGAIN ? .notYet : .closed }
        if ready == 0 { return .notYet }
        // Hang-up or error without data: libedit would never call the line handler.
        return fds.revents & Int16(POLLIN) == 0 ? .closed : .ready
    }

    /// Plain mode: the terminal's own line discipline edits the line; we wait with `poll` so
    /// that Ctrl-C is seen at once.
    private func readPlainLine(prompt: String) -> Input {
        Interrupt.reset()
        Console.output(prompt)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return .line(line)
            }
            if Interrupt.isRequested {
                Interrupt.reset()
                pending.removeAll()
                Console.output("\n")
                return .interrupted
            }
            switch waitForInput() {
            case .notYet:
                continue
            case .closed:
                return .endOfInput
            case .ready:
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return .endOfInput
                }
                if n == 0 {
                    // Ctrl-D: on an empty line it ends the input; after text it hands over
                    // the text without a newline (the terminal's rule), so take it as a line.
                    if pending.isEmpty { return .endOfInput }
                    let line = String(decoding: pending, as: UTF8.self)
                    pending.removeAll()
                    Console.output("\n")
                    return .line(line)
                }
                pending.append(contentsOf: buffer[..<n])
            }
        }
    }

    // MARK: - C callbacks

    /// Receives a finished line (nil at end of input), which the application must free.
    private static let lineHandler: EditLineLibrary.LineHandler = { raw in
        LineEditor.received = .some(raw.map { String(cString: $0) })
        free(raw)
        // Removing the handler here stops GNU readline from showing the prompt again at once.
        LineEditor.active?.callbackHandlerRemove()
    }

    /// The attempted-completion function: the matches for the word between `start` and
    /// `end`, never file names.
    private static let complete: EditLineLibrary.AttemptedCompletion = { text, start, _ in
        guard let library = LineEditor.active else { return nil }
        library.attemptedCompletionOver.pointee = 1
        // No space after a completed name: the next character is often `(` or `.`.
        library.completionAppendCharacter.pointee = 0
        guard let text else { return nil }
        let word = String(cString: text)
        let line = library.lineBuffer.pointee.map { String(cString: $0) } ?? ""
        // `start` counts bytes in GNU readline and characters in libedit; they differ only
        // after non-ASCII text, and the text before the word matters only for `:` commands.
        let bytes = Array(line.utf8)
        let before = String(decoding: bytes.prefix(max(0, min(Int(start), bytes.count))), as: UTF8.self)
        matches = Completion.candidates(for: word, before: before, names: names())
        if matches.isEmpty { return nil }
        return library.completionMatches(text, LineEditor.nextMatch)
    }

    /// The generator `rl_completion_matches` calls with state 0, 1, 2, ... until nil.
    private static let nextMatch: EditLineLibrary.CompletionEntry = { _, state in
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
