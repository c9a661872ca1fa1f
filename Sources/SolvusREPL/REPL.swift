import SolvusFoundation
import SolvusCore
import SolvusLibrary

/// The interactive read-eval-print loop on a terminal: line editing, persistent history, Tab
/// completion, multi-line input, `:` commands and Ctrl-C that stops an evaluation.
public struct REPL {
    let session: Session

    /// A REPL that runs its input in `session`, keeping the session's names between inputs.
    public init(session: Session) { self.session = session }

    /// Runs until `:quit` or Ctrl-D; returns the exit status (0, or 2 when the line editor
    /// that `SOLVUS_LINE_EDITOR` forces cannot be loaded). Errors in the input are shown and
    /// never end the loop. Assumes standard input is a terminal.
    public func run() -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let library: EditLineLibrary?
        switch REPL.loadLineEditor(environment: environment) {
        case .success(let loaded):
            library = loaded
        case .failure(let message):
            Console.error("solvus: \(message)\n")
            return 2
        }
        var history = HistoryFile(path: HistoryFile.path(environment: environment))
        let editor = LineEditor(library: library, names: { [session] in session.completionNames },
                                history: history.load())
        // The names the prelude defined, so that `:vars` shows only the user's.
        let preludeNames = Set(session.evaluator.globals.names.keys)
        let continuation = editor.isUTF8 ? "… " : ". "

        Signals.install()
        defer { Signals.restore() }

        Console.output("Solvus \(SolvusVersion.string) — :help for help, Ctrl-D to quit\n")
        var input = InputBuffer()
        // Comment lines typed on their own, kept for the next input: a `#` comment directly
        // above a definition is its documentation, as in a script.
        var comments: [String] = []
        while true {
            switch editor.readLine(prompt: input.isEmpty ? "> " : continuation) {
            case .endOfInput:
                Console.output("\n")
                return 0
            case .interrupted:
                // Discard any pending lines of a multi-line input too.
                input.reset()
                comments.removeAll()
            case .line(let line):
                if input.isEmpty, let command = Command.parse(line) {
                    if history.record(line) { editor.addToHistory(line) }
                    if perform(command, preludeNames: preludeNames) { return 0 }
                    continue
                }
                if input.isEmpty, REPL.isCommentOnly(line) {
                    if history.record(line) { editor.addToHistory(line) }
                    comments.append(line)
                    continue
                }
                guard let text = input.add(line) else { continue }
                // The whole input is one history entry, so that Up recalls it whole.
                if history.record(text) { editor.addToHistory(text) }
                let documented = (comments + [text]).joined(separator: "\n")
                comments.removeAll()
                evaluate(documented)
            }
        }
    }

    /// A line that holds only a `#` comment.
    static func isCommentOnly(_ line: String) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).first == "#"
    }

    /// The result of choosing the line editor.
    enum LineEditorChoice { case success(EditLineLibrary?), failure(String) }

    /// Loads the line editor `SOLVUS_LINE_EDITOR` asks for (libedit, else GNU readline, by
    /// default); says on stderr when neither is there and lines are read plain.
    static func loadLineEditor(environment: [String: String]) -> LineEditorChoice {
        let value = environment["SOLVUS_LINE_EDITOR"]
        guard let choice = EditLineLibrary.Choice(environment: value) else {
            return .failure("SOLVUS_LINE_EDITOR is '\(value ?? "")'; use libedit, readline or plain")
        }
        do {
            let library = try EditLineLibrary.load(choice)
            if library == nil, choice == .automatic {
                Console.error("solvus: neither libedit nor GNU readline could be loaded; "
                              + "reading plain lines (no editing or completion; history is still saved)\n")
            }
            return .success(library)
        } catch {
            return .failure("SOLVUS_LINE_EDITOR=\(value ?? ""): \(error)")
        }
    }

    /// Which line editor the REPL would use on this machine, for `solvus --version`.
    public static func lineEditorDescription(environment: [String: String]) -> String {
        let value = environment["SOLVUS_LINE_EDITOR"]
        guard let choice = EditLineLibrary.Choice(environment: value) else {
            return "none (SOLVUS_LINE_EDITOR is '\(value ?? "")'; use libedit, readline or plain)"
        }
        let forced = choice == .automatic ? "" : ", forced by SOLVUS_LINE_EDITOR"
        do {
            guard let library = try EditLineLibrary.load(choice) else {
                return choice == .plain ? "plain lines, without editing" + forced
                    : "plain lines (neither libedit nor GNU readline could be loaded)"
            }
            return "\(library.kind.displayName) (\(library.fileName), loaded at run time)" + forced
        } catch {
            return "none: \(error)"
        }
    }

    /// Runs one complete input: shows the value of each expression statement as it is
    /// computed, then any error.
    func evaluate(_ text: String) {
        Interrupt.reset()
        var last: Value?
        let outcome = session.run(text, name: "<repl>") { statement, value in
            guard case .expression = statement.kind, !value.isNothing else { return }
            // A plot draws itself to fit the terminal.
            let size = Console.terminalSize()
            if let text = Plots.text(value, width: size.columns, height: min(size.rows - 2, size.columns / 3)) {
                Console.output(text)
            } else {
                // A long record, one field per line (the last column is left free).
                Console.output(value.folded(width: size.columns - 1) + "\n")
            }
            last = value
        }
        if let last { session.setAnswer(last) }
        for diagnostic in outcome.warnings + outcome.diagnostics {
            var rendered = session.render(diagnostic)
            // The terminal has echoed `^C`: start the message on a line of its own.
            if diagnostic.id == Message.interrupted().id { rendered = "\n" + rendered }
            if !rendered.hasSuffix("\n") { rendered += "\n" }
            Console.error(rendered)
        }
    }

    /// Text folded at spaces to fit `width` columns, line by line.
    public static func wrap(_ text: String, width: Int) -> String {
        let limit = max(20, width)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var out: [String] = []
            var current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if !current.isEmpty, current.count + 1 + word.count > limit {
                    out.append(current)
                    current = String(word)
                } else {
                    current += current.isEmpty ? String(word) : " " + word
                }
            }
            out.append(current)
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Performs a `:` command; returns true to leave the REPL.
    func perform(_ command: Command, preludeNames: Set<String>) -> Bool {
        switch command {
        case .quit:
            return true
        case .help(nil):
            Console.output(Command.generalHelp + "\n")
        case .help(let name?):
            if let doc = session.help(name) {
                let text = REPL.wrap(doc, width: Console.terminalSize().columns - 1)
                Console.output(text + (text.hasSuffix("\n") ? "" : "\n"))
            } else {
                let suggestion = Suggest.closest(to: name, in: session.completionNames)
                Console.error(Command.noDocumentationMessage(for: name, suggestion: suggestion) + "\n")
            }
        case .vars:
            showVariables(excluding: preludeNames)
        case .digits(let n):
            if let n { NumberFormat.significantDigits = n }
            Console.output("numbers print with \(NumberFormat.significantDigits) significant digits\n")
        case .invalid(let message):
            Console.error(message + "\n")
        case .unknown(let name):
            Console.error(Command.unknownMessage(name) + "\n")
        }
        return false
    }

    /// `:vars`: the user's names with their values, functions by signature.
    private func showVariables(excluding preludeNames: Set<String>) {
        let globals = session.evaluator.globals.names
        let mine = globals.keys.filter { !preludeNames.contains($0) }.sorted()
        if mine.isEmpty {
            Console.output("no names defined yet\n")
            return
        }
        for name in mine {
            guard let value = globals[name] else { continue }
            if case .function(let f) = value {
                Console.output(f.signature + "\n")
            } else {
                Console.output("\(name) = \(value.nested)\n")
            }
        }
    }
}
