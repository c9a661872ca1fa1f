import ArgumentParser
import Foundation
import SolvusCore
import SolvusLibrary
import SolvusREPL
import SolvusServer

/// The `solvus` command: scripts, `-e`, the REPL, and (later) the RPC server.
@main
struct Solvus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solvus",
        abstract: "A units-aware language for the thermodynamics of mixing.",
        discussion: """
            With no FILE and no -e, solvus starts the interactive REPL on a terminal, or runs the \
            script read from standard input when it is not a terminal.
            Exit status: 0 on success, 1 for an error in the script (syntax, units, evaluation), \
            2 for a usage error.
            """,
        version: SolvusVersion.string)

    @Option(name: [.customShort("e"), .customLong("eval")], help: ArgumentHelp(
        "Evaluate an expression (or statements) and print each value.", valueName: "expression"))
    var expressions: [String] = []

    @Flag(name: .long, help: "In scripts, print the value of every top-level expression.")
    var echo = false

    @Flag(name: .long, help: "Serve editors: JSON-RPC 2.0 with Language Server Protocol framing on stdin/stdout.")
    var rpc = false

    @ArgumentParser.Argument(help: "Script files to run in order, in one session.")
    var files: [String] = []

    /// Parses the arguments and runs; usage errors exit with status 2, as documented.
    static func main() {
        StandardStreams.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardStreams.err(fullMessage(for: error) + "\n")
                StandardStreams.err(usageString() + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    func run() throws {
        var status: Int32 = 0
        let echo = self.echo
        let files = self.files
        let expressions = self.expressions
        if rpc {
            guard files.isEmpty, expressions.isEmpty else {
                throw ValidationError("--rpc takes no files and no -e: the editor sends the documents")
            }
            LargeStack.run { status = RPCServer().run() }
            if status != 0 { throw ExitCode(status) }
            return
        }
        LargeStack.run {
            status = Solvus.main(files: files, expressions: expressions, echo: echo)
        }
        if status != 0 { throw ExitCode(status) }
    }

    static func main(files: [String], expressions: [String], echo: Bool) -> Int32 {
        let session = Session(output: { text in
            StandardStreams.out(text)
        })
        func report(_ outcome: Session.Outcome) -> Int32 {
            for d in outcome.diagnostics {
                StandardStreams.err(session.render(d))
            }
            return outcome.succeeded ? 0 : 1
        }
        func show(_ s: Stmt, _ v: Value) {
            if case .expression = s.kind {
                StandardStreams.out(v.description + "\n")
            }
        }
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                StandardStreams.err("error: cannot read '\(path)'\n")
                return 1
            }
            let directory = (path as NSString).deletingLastPathComponent
            let outcome = session.run(bytes: Array(data), name: path,
                                      directory: directory.isEmpty ? nil : directory,
                                      onValue: echo ? show : { _, _ in })
            if report(outcome) != 0 { return 1 }
        }
        for (i, text) in expressions.enumerated() {
            let name = expressions.count == 1 ? "<expression>" : "<expression \(i + 1)>"
            let outcome = session.run(bytes: Array(text.utf8), name: name, onValue: show)
            if report(outcome) != 0 { return 1 }
        }
        if files.isEmpty && expressions.isEmpty {
            if isatty(0) != 0 {
                return REPL(session: session).run()
            }
            let (bytes, error) = StandardStreams.readInput()
            if let error {
                StandardStreams.err("error: cannot read standard input: \(String(cString: strerror(error)))\n")
                return 1
            }
            return report(session.run(bytes: bytes, name: "<stdin>", onValue: echo ? show : { _, _ in }))
        }
        return 0
    }
}
