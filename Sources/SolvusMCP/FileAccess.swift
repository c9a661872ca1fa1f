import SolvusCore
import SolvusLibrary

/// The one place that decides which files a tool call may touch. With no root, `use`, `load`
/// and `save` are errors; with `--root DIR`, they work inside DIR only (relative paths start
/// there), through the session's own confinement (`Session.fileAccessRoot`).
enum FileAccess {
    static func confine(_ session: Session, root: String?) {
        guard root == nil else {
            session.fileAccessRoot = root
            return
        }
        // Every path is refused by the session's own confinement (an empty root allows no file),
        // whatever built-in asks; the built-ins that take paths also say why, with E518.
        session.fileAccessRoot = ""
        let message = Message.custom("E518", "file access is off in this MCP server",
                                     hint: "start it with 'solvus --mcp --root DIR' to read and write files in DIR")
        session.evaluator.useHandler = { _, range in throw Diagnostic(message, at: range) }
        for name in ["load", "save", "tdb"] {
            guard let f = session.evaluator.builtins[name], case .builtin(let b) = f.kind else { continue }
            session.evaluator.register(Builtin(b.name, params: b.params, variadic: b.variadic, signature: b.signature,
                                               doc: b.doc) { args in throw args.error(message) })
        }
    }

    /// The directory relative paths start from.
    static func directory(root: String?) -> String? { root }
}
