import Foundation
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
    /// Directory of the file being run, for `use` and later `load`.
    private var directories: [String] = []

    /// A session with the built-in functions and the prelude loaded; `output` receives `print`.
    public init(output: @escaping (String) -> Void = { Swift.print($0, terminator: "") }) {
        evaluator.output = output
        evaluator.sources = sources
        Builtins.registerAll(in: evaluator)
        evaluator.useHandler = { [unowned self] path, range in try self.use(path, range) }
        evaluator.currentDirectory = { [unowned self] in
            self.directories.last ?? FileManager.default.currentDirectoryPath
        }
        for file in Stdlib.files {
            let outcome = run(file.text, name: file.name)
            // The prelude is part of the program: a failure here is a bug that tests catch.
            for d in outcome.diagnostics {
                FileHandle.standardError.write(Data(render(d).utf8))
            }
        }
    }

    /// Parses and runs `text`. Syntax errors stop the run before anything is evaluated.
    public func run(_ text: String, name: String = "<input>", directory: String? = nil,
                    onValue: (Stmt, Value) -> Void = { _, _ in }) -> Outcome {
        let file = sources.add(name: name, text: text)
        var outcome = Outcome()
        var parser = Parser(file: file)
        let statements = parser.parseProgram()
        outcome.statements = statements
        if !parser.diagnostics.isEmpty {
            outcome.diagnostics = parser.diagnostics
            return outcome
        }
        directories.append(directory ?? FileManager.default.currentDirectoryPath)
        defer { directories.removeLast() }
        do {
            try evaluator.run(statements) { s, v in
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
        return outcome
    }

    /// Runs raw bytes from a file or pipe, first checking that they are UTF-8.
    public func run(bytes: [UInt8], name: String, directory: String? = nil,
                    onValue: (Stmt, Value) -> Void = { _, _ in }) -> Outcome {
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

    private func use(_ path: String, _ range: SourceRange) throws {
        let canonical = try evaluator.checkFileAccess(path, at: range)
        if used.contains(canonical) { return }
        guard let data = FileManager.default.contents(atPath: canonical) else {
            throw Diagnostic(.custom("E512", "cannot read '\(path)'"), at: range,
                             notes: ["note: looked for \(canonical)"])
        }
        used.insert(canonical)
        let outcome = run(bytes: Array(data), name: path, directory: (canonical as NSString).deletingLastPathComponent)
        if !outcome.diagnostics.isEmpty {
            throw DiagnosticList(outcome.diagnostics)
        }
    }

    // MARK: - Help and completion

    /// Every name a user could complete: bindings, built-ins, units.
    public var completionNames: [String] { evaluator.visibleNames() }

    /// The documentation of a built-in, prelude or user name, or of a unit.
    public func help(_ name: String) -> String? {
        if let f = evaluator.builtins[name], case .builtin(let b) = f.kind {
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
