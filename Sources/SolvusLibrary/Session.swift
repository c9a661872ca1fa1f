import SolvusFoundation
import SolvusCore
import SolvusStdlib

/// Runs Solvus text and keeps what it defined: the one pipeline that the command line, the REPL
/// and the RPC server share, so that they behave alike.
public final class Session {
    /// What one run produced.
    public struct Outcome {
        /// Each top-level statement with its value, in order, up to the first runtime error.
        public var values: [(statement: Stmt, value: Value)] = []
        /// Syntax errors (all of them), or the runtime error that stopped the run.
        public var diagnostics: [Diagnostic] = []
        /// Warnings, such as a binding that shadows a built-in or prelude name; they do not
        /// stop the run.
        public var warnings: [Diagnostic] = []
        /// The top-level statements that parsed, even when others did not.
        public var statements: [Stmt] = []
        public var succeeded: Bool { diagnostics.isEmpty }
        /// The value of the last statement if it was an expression.
        public var lastExpressionValue: Value? {
            guard let last = values.last, case .expression = last.statement.kind else { return nil }
            return last.value
        }
    }

    public let sources = SourceMap()
    public let evaluator = Evaluator()
    public var renderer = DiagnosticRenderer()
    /// When set, `use` and `load` may read only files inside this directory (an editor's
    /// workspace folder).
    public var fileAccessRoot: String? {
        didSet { evaluator.fileAccessRoot = fileAccessRoot }
    }
    /// Files already run by `use`, so each runs once.
    private var used: Set<String> = []
    /// Directory of the file being run, for `use` and later `load`; nil for the current
    /// directory, read when it is asked for (not in every run: a `getcwd` each time).
    private var directories: [String?] = []
    /// The files being run, outermost first: a `use` of one of them is a cycle.
    private var running: [String] = []
    /// How many runs are under way (a `use` runs inside a run), and the warnings they gave.
    private var runDepth = 0
    private var pendingWarnings: [Diagnostic] = []

    /// A session with the built-in functions and the prelude loaded; `output` receives `print`.
    public init(output: @escaping (String) -> Void = { Swift.print($0, terminator: "") }) {
        Heap.keepFreedMemory()
        evaluator.output = output
        evaluator.sources = sources
        evaluator.warn = { [unowned self] in self.pendingWarnings.append($0) }
        Builtins.registerAll(in: evaluator)
        evaluator.useHandler = { [unowned self] path, range in try self.use(path, range) }
        evaluator.currentDirectory = { [unowned self] in
            (self.directories.last ?? nil) ?? FileManager.default.currentDirectoryPath
        }
        for file in Stdlib.files {
            let outcome = run(file.text, name: file.name, directory: nil, environment: evaluator.prelude)
            // The prelude is part of the program: a failure here is a bug that tests catch.
            for d in outcome.diagnostics {
                _ = FileWriting.all(render(d), to: 2)
            }
        }
    }

    /// Parses and runs `text`. Syntax errors stop the run before anything is evaluated.
    public func run(_ text: String, name: String = "<input>", directory: String? = nil,
                    onValue: (Stmt, Value) -> Void = { _, _ in }) -> Outcome {
        run(text, name: name, directory: directory, environment: nil, onValue: onValue)
    }

    private func run(_ text: String, name: String, directory: String?, environment: Environment?,
                     onValue: (Stmt, Value) -> Void = { _, _ in }) -> Outcome {
        let file = sources.add(name: name, text: text)
        var outcome = Outcome()
        runDepth += 1
        defer { runDepth -= 1 }
        var parser = Parser(file: file)
        let statements = parser.parseProgram()
        outcome.statements = statements
        if !parser.diagnostics.isEmpty {
            outcome.diagnostics = parser.diagnostics
            return outcome
        }
        directories.append(directory)
        defer { directories.removeLast() }
        do {
            try evaluator.run(statements, in: environment) { s, v in
                outcome.values.append((s, v))
                onValue(s, v)
            }
        } catch let d as Diagnostic {
            outcome.diagnostics = [d]
        } catch let list as DiagnosticList {
            outcome.diagnostics = list.diagnostics
        } catch {
            outcome.diagnostics = [Diagnostic(.custom("E599", "\(error)"), at: nil)]
        }
        if runDepth == 1 {
            // Warnings of files run by `use` belong to the outermost run.
            outcome.warnings = pendingWarnings
            pendingWarnings = []
        }
        return outcome
    }

    /// Runs raw bytes from a file or pipe, first checking that they are UTF-8.
    public func run(bytes: [UInt8], name: String, directory: String? = nil,
                    onValue: (Stmt, Value) -> Void = { _, _ in }) -> Outcome {
        // A UTF-8 byte-order mark, as some editors write, is not part of the text.
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        // A script run from a file is on the chain of files being run, so that a `use` cycle
        // back to it is found.
        let file = runDepth > 0 || name.hasPrefix("<") ? nil
            : Session.canonicalPath(name, base: FileManager.default.currentDirectoryPath)
        let isNew = file.map { FileManager.default.fileExists(atPath: $0) && !running.contains($0) } ?? false
        if isNew, let file { running.append(file) }
        defer { if isNew { running.removeLast() } }
        if let bad = Session.firstInvalidUTF8(bytes) {
            let prefix = Array(bytes[..<bad])
            let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let column = String(decoding: prefix[lineStart...], as: UTF8.self).unicodeScalars.count + 1
            var o = Outcome()
            o.diagnostics = [Diagnostic(.invalidUTF8(line: line, column: column), at: nil,
                                        notes: ["in \(name)"])]
            return o
        }
        return run(String(decoding: bytes, as: UTF8.self), name: name, directory: directory, onValue: onValue)
    }

    /// Offset of the first byte that is not valid UTF-8, or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            if b & 0xE0 == 0xC0 { length = 2; minimum = 0x80 } else if b & 0xF0 == 0xE0 { length = 3; minimum = 0x800 }
            else if b & 0xF8 == 0xF0 { length = 4; minimum = 0x10000 } else { return i }
            guard i + length <= n else { return i }
            var value = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                value = value << 6 | UInt32(c & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return i }
            i += length
        }
        return nil
    }

    /// A diagnostic as terminal text.
    public func render(_ d: Diagnostic) -> String { renderer.render(d, sources: sources) }

    /// Sets `ans`, the REPL's last value.
    public func setAnswer(_ v: Value) { evaluator.globals.define("ans", v) }

    // MARK: - use

    /// `path` made absolute from `base` and standardised.
    static func canonicalPath(_ path: String, base: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absoluteBase = base.hasPrefix("/") ? base : Paths.appending(cwd, base)
        let full = path.hasPrefix("/") ? path : Paths.appending(absoluteBase, path)
        return Paths.standardized(full)
    }

    private func use(_ path: String, _ range: SourceRange) throws {
        let canonical = try evaluator.checkFileAccess(path, at: range)
        if let start = running.firstIndex(of: canonical) {
            let cycle = (running[start...] + [canonical]).map { Paths.lastComponent($0) }
            throw Diagnostic(.custom("E517", "'use' cycle: " + cycle.joined(separator: " uses ")), at: range,
                             notes: ["help: move what both files need into a third file that each uses"])
        }
        if used.contains(canonical) { return }
        let data: [UInt8]
        switch FileReading.bytes(atPath: canonical) {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            throw Diagnostic(.custom("E512", "cannot read '\(path)': \(failure.reason)"), at: range,
                             notes: ["note: looked for \(canonical)"])
        }
        used.insert(canonical)
        running.append(canonical)
        defer { running.removeLast() }
        let outcome = run(bytes: data, name: path, directory: Paths.deletingLastComponent(canonical))
        if !outcome.diagnostics.isEmpty {
            throw DiagnosticList(outcome.diagnostics)
        }
    }

    // MARK: - Help and completion

    /// Every name a user could complete: bindings, built-ins, units.
    public var completionNames: [String] { evaluator.visibleNames() }

    /// The documentation of a built-in, prelude or user name, or of a unit.
    public func help(_ name: String) -> String? {
        // As names are looked up: the user's own binding (which may shadow a built-in), then
        // the built-ins, then the prelude.
        let own = evaluator.globals.names[name] != nil
        if !own, let f = evaluator.builtins[name], case .builtin(let b) = f.kind {
            return "\(b.signature)\n\n\(b.doc)"
        }
        if let v = evaluator.globals.lookup(name) {
            let doc = evaluator.globals.doc(for: name)
            if case .function(let f) = v {
                return f.signature + (doc.map { "\n\n" + $0 } ?? "")
            }
            return "\(name) = \(v.nested)" + (doc.map { "\n\n" + $0 } ?? "")
        }
        if let d = UnitTable.doc(name) {
            return "\(name): unit, \(d)"
        }
        return nil
    }
}
