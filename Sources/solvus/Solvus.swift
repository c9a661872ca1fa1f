import ArgumentParser
import SolvusFoundation
import SolvusCore
import SolvusLibrary
import SolvusMCP
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

    // `.unconditional`: the next argument is the expression even when it starts with a minus
    // (`-e '-0.14 eV/atom -> kJ/mol'`).
    @Option(name: [.customShort("e"), .customLong("eval")], parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Evaluate an expression (or statements) and print each value.", valueName: "expression"))
    var expressions: [String] = []

    @Flag(name: .long, help: "In scripts, print the value of every top-level expression.")
    var echo = false

    @Option(name: .long, help: ArgumentHelp(
        "Print numbers with N significant digits (1 to 17; default 6).", valueName: "N"))
    var digits: Int?

    @Flag(name: .long, help: "Serve editors: JSON-RPC 2.0 with Language Server Protocol framing on stdin/stdout.")
    var rpc = false

    @Flag(name: .long, help: "Install the Solvus kernel for Jupyter (for the user, or under --prefix).")
    var installJupyterKernel = false

    @Flag(name: .long, help: "With --install-jupyter-kernel: install for the current user (the default).")
    var user = false

    @Option(name: .long, help: ArgumentHelp("With --install-jupyter-kernel: install under DIR/share/jupyter/kernels.", valueName: "DIR"))
    var prefix: String?

    @Option(name: .long, help: ArgumentHelp("With --install-jupyter-kernel: the Python (with ipykernel) that runs the kernel.", valueName: "PATH"))
    var python: String?

    @Flag(name: .long, help: "Serve AI assistants: the Model Context Protocol (newline-delimited JSON-RPC 2.0) on stdin/stdout.")
    var mcp = false

    @Option(name: .long, help: ArgumentHelp(
        "With --mcp: the directory that use, load and save may touch (none without it).", valueName: "dir"))
    var root: String?

    @Option(name: .long, help: ArgumentHelp(
        "With --mcp: seconds one tool call may evaluate (0: no limit; default 2).", valueName: "seconds"))
    var timeLimit: Double?

    @ArgumentParser.Argument(help: "Script files to run in order, in one session ('-' reads standard input).")
    var files: [String] = []

    /// Parses the arguments and runs; usage errors exit with status 2, as documented.
    static func main() {
        // A parent may have blocked signals (test runners and some process managers do), and
        // the mask is inherited: then SIGTERM would not end us, nor Ctrl-C interrupt the REPL.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        // Before any thread allocates: one heap for every thread, freed result columns reused.
        Heap.keepFreedMemory()
        StandardStreams.install()
        // `--version` also names the line editor, which is known only once it is loaded.
        let arguments = CommandLine.arguments.dropFirst().prefix(while: { $0 != "--" })
        if arguments.contains("--version") {
            let editor = REPL.lineEditorDescription(environment: ProcessInfo.processInfo.environment)
            StandardStreams.out("solvus \(SolvusVersion.string)\nline editor: \(editor)\n")
            return
        }
        // The common runs, scripts and -e, without the argument parser: its first use looks up
        // types and conformances by reflection, a third of a static binary's start-up.
        if let plain = plainRun(Array(CommandLine.arguments.dropFirst())) {
            terminate(runScripts(files: plain.files, expressions: plain.expressions, echo: false))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                // The message already ends with the usage: print it once.
                StandardStreams.err(fullMessage(for: error) + "\n")
                terminate(2)
            }
            exit(withError: error)
        }
    }

    /// The files and expressions of a command line made only of script paths and `-e EXPR` /
    /// `--eval EXPR` (the expression taken whatever it is, as the parser takes it); nil for
    /// anything else (every flag, `-`, `help`, a missing expression, no argument), which the
    /// argument parser reads.
    static func plainRun(_ arguments: [String]) -> (files: [String], expressions: [String])? {
        var files: [String] = [], expressions: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "-e" || a == "--eval" {
                guard i + 1 < arguments.count else { return nil }
                expressions.append(arguments[i + 1])
                i += 2
            } else if !a.hasPrefix("-"), !a.isEmpty, a != "help" {
                files.append(a)
                i += 1
            } else {
                return nil
            }
        }
        return files.isEmpty && expressions.isEmpty ? nil : (files, expressions)
    }

    func run() throws {
        var status: Int32 = 0
        let echo = self.echo
        let files = self.files
        let expressions = self.expressions
        if installJupyterKernel {
            guard files.isEmpty, expressions.isEmpty, !rpc else {
                throw ValidationError("--install-jupyter-kernel takes no files, -e or --rpc")
            }
            guard !(user && prefix != nil) else { throw ValidationError("give --user or --prefix, not both") }
            do {
                let folder = try JupyterKernelInstaller.install(prefix: prefix, python: python)
                print("installed the Solvus kernel in \(folder)")
                return
            } catch {
                StandardStreams.err("error: \(error)\n")
                throw ExitCode(1)
            }
        }
        if prefix != nil || python != nil || user {
            throw ValidationError("--user, --prefix and --python go with --install-jupyter-kernel")
        }
        if let digits {
            guard NumberFormat.digitRange.contains(digits) else {
                throw ValidationError("--digits takes a whole number from 1 to 17")
            }
            NumberFormat.significantDigits = digits
        }
        if root != nil || timeLimit != nil, !mcp {
            throw ValidationError("--root and --time-limit go with --mcp")
        }
        if mcp {
            guard files.isEmpty, expressions.isEmpty, !rpc else {
                throw ValidationError("--mcp takes no files, no -e and no --rpc: the assistant sends the text")
            }
            var options = MCPServer.Options()
            if let timeLimit {
                guard timeLimit >= 0, timeLimit <= 86_400 else {
                    throw ValidationError("--time-limit must be a number of seconds from 0 to 86400")
                }
                options.timeLimit = timeLimit
            }
            if let root {
                var isDirectory = false
                let full = Paths.expandingTilde(root)
                let absolute = full.hasPrefix("/") ? full : FileManager.default.currentDirectoryPath + "/" + full
                guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory else {
                    throw ValidationError("--root '\(root)' is not a directory")
                }
                options.root = Paths.standardized(absolute)
            }
            LargeStack.run { status = MCPServer(options: options).run() }
            if status != 0 { throw ExitCode(status) }
            return
        }
        if rpc {
            guard files.isEmpty, expressions.isEmpty else {
                throw ValidationError("--rpc takes no files and no -e: the editor sends the documents")
            }
            LargeStack.run { status = RPCServer().run() }
            if status != 0 { throw ExitCode(status) }
            return
        }
        status = Solvus.runScripts(files: files, expressions: expressions, echo: echo)
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs the scripts and expressions (or, with neither, the REPL or standard input) in one
    /// session on a large stack: the exit status.
    static func runScripts(files: [String], expressions: [String], echo: Bool) -> Int32 {
        // A run that computes and ends: fresh large columns on huge pages where the system
        // gives them on request (the REPL and the servers keep small pages).
        if !files.isEmpty || !expressions.isEmpty { Heap.adviseHugePages() }
        var status: Int32 = 0
        LargeStack.run { status = Solvus.main(files: files, expressions: expressions, echo: echo) }
        return status
    }

    static func main(files: [String], expressions: [String], echo: Bool) -> Int32 {
        let session = Session(output: { text in
            StandardStreams.out(text)
        })
        // A long screen shows a progress bar, on a terminal only (a log or a pipe gets nothing).
        if isatty(2) != 0 {
            session.evaluator.progress = { line in StandardStreams.err("\r\u{1B}[K" + (line ?? "")) }
        }
        func report(_ outcome: Session.Outcome) -> Int32 {
            for d in outcome.warnings + outcome.diagnostics {
                StandardStreams.err(session.render(d))
            }
            return outcome.succeeded ? 0 : 1
        }
        func show(_ s: Stmt, _ v: Value) {
            if case .expression = s.kind, !v.isNothing {
                StandardStreams.out(v.description + "\n")
            }
        }
        for path in files {
            let read = path == "-" ? FileReading.bytes(of: 0) : FileReading.bytes(atPath: path)
            let bytes: [UInt8]
            switch read {
            case .success(let b): bytes = b
            case .failure(let failure):
                StandardStreams.err("error: cannot read '\(path)': \(failure.reason)\n")
                return 1
            }
            let directory = path == "-" ? "" : Paths.deletingLastComponent(path)
            let outcome = session.run(bytes: bytes, name: path == "-" ? "<stdin>" : path,
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

/// Ends the process with `status` (the C library's exit: the command's static `exit` is
/// ArgumentParser's).
private func terminate(_ status: Int32) -> Never {
    #if canImport(Glibc)
    Glibc.exit(status)
    #elseif canImport(Musl)
    Musl.exit(status)
    #else
    Darwin.exit(status)
    #endif
}
