import Foundation
import SolvusCore
import SolvusLibrary

/// The interactive read-eval-print loop on a terminal: line editing, persistent history, Tab
/// completion, multi-line input, `:` commands and Ctrl-C that stops an evaluation.
public struct REPL {
    let session: Session

    /// A REPL that runs its input in `session`, keeping the session's names between inputs.
    public init(session: Session) { self.session = session }

    /// Runs until `:quit` or Ctrl-D; returns the exit status (0). Errors in the input are shown
    /// and never end the loop. Assumes standard input is a terminal.
    public func run() -> Int32 {
        var history = HistoryFile(path: HistoryFile.path(environment: ProcessInfo.processInfo.environment))
        let editor = LineEditor(names: { [session] in session.completionNames }, history: history.load())
        // The names the prelude defined, so that `:vars` shows only the user's.
        let preludeNames = Set(session.evaluator.globals.names.keys)
        let continuation = editor.isUTF8 ? "… " : ". "

        Signals.install()
        defer { Signals.restore() }

        Console.output("Solvus \(SolvusVersion.string) — :help for help, Ctrl-D to quit\n")
        var input = InputBuffer()
        while true {
            switch editor.readLine(prompt: input.isEmpty ? "> " : continuation) {
            case .endOfInput:
                Console.output("\n")
                return 0
            case .interrupted:
                // Discard any pending lines of a multi-line input too.
                input.reset()
            case .line(let line):
                if history.record(line) { editor.addToHistory(line) }
                if input.isEmpty, let command = Command.parse(line) {
                    if perform(command, preludeNames: preludeNames) { return 0 }
                    continue
                }
                if let text = input.add(line) { evaluate(text) }
            }
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
