import SolvusCore
import SolvusLibrary
import SolvusServer

/// `evaluate`: any Solvus text, in a fresh session or a named persistent one.
enum EvaluateTool {
    static let tool = Tool(
        name: "evaluate", title: "Evaluate Solvus",
        description: """
            Runs Solvus text (one or more statements: bindings `T = 900 K`, functions `f(x) = ...`, \
            expressions) and returns the value of each statement with its unit and dimension, and what \
            `print` wrote. Numbers carry units (17.5 kJ/mol, 900 K, 140 pm, 50 at%); every operation \
            checks dimensions. Built-ins include mix, critical, spinodal, binodal, gap, regular, \
            subregular, rk, rkm, partial, fit, omega, miedema, element, grid; read \
            solvus://reference for the language and solvus://builtins/NAME for each built-in. \
            A units, syntax or evaluation error is a tool error carrying Solvus's diagnostic (ID such \
            as E301, line:column, the source line with a caret). Each call runs under a time budget.
            """,
        inputSchema: Schema.object([
            ("text", Schema.string("Solvus statements, separated by newlines, e.g. \"m = regular(17.5 kJ/mol)\\ncritical(m)\".")),
            ("session", Schema.session), ("reset", Schema.reset),
        ], required: ["text"]),
        outputSchema: Schema.object([
            ("values", .object([("type", .string("array")), ("items", Schema.object([
                ("kind", Schema.string("binding, function or expression", enum: ["binding", "function", "expression"])),
                ("name", Schema.string("the name bound, for a binding or function")),
                ("text", Schema.string("the value as the command line prints it")),
                ("value", Schema.anyValue),
            ], required: ["kind", "text", "value"]))])),
            ("output", Schema.string("what print wrote")),
            ("diagnostics", .object([("type", .string("array")), ("items", Schema.object([
                ("code", Schema.string("the stable ID, e.g. E301")), ("message", Schema.string("the message")),
                ("text", Schema.string("rendered with the place and a caret")),
            ], required: ["code", "message", "text"]))])),
            ("session", Schema.string("the session's name, for a named session")),
            ("truncated", Schema.typed(["boolean"], "whether values or output were cut")),
        ], required: ["values", "output", "diagnostics"]),
        run: run)

    static func run(_ json: JSONValue, _ context: ToolContext) -> ToolResult {
        do {
            let args = try ToolArguments(json, allowed: ["text", "session", "reset"])
            guard let text = try args.string("text") else { throw ToolFailure("missing argument 'text'") }
            let (entry, name) = try args.session(context)
            let r = Run.text(text, name: name.map { "<session \($0)>" } ?? "<evaluate>", in: entry, context)

            var converter = ValueJSON()
            var values: [JSONValue] = []
            var lines: [String] = []
            for (s, v) in r.values {
                let (kind, bound): (String, String?)
                switch s.kind {
                case .binding(let n, _, _): (kind, bound) = ("binding", n)
                case .function(let n, _, _, _): (kind, bound) = ("function", n)
                case .expression:
                    if case .record(let rec) = v, rec.count == 0 { continue }  // print's empty record
                    (kind, bound) = ("expression", nil)
                case .use: continue
                }
                let printed: String
                if case .string(let string) = v { printed = string } else { printed = ValueText.brief(v, limit: 10_000) }
                var f: [(String, JSONValue)] = [("kind", .string(kind))]
                if let bound { f.append(("name", .string(bound))) }
                f += [("text", .string(printed)), ("value", converter.convert(v))]
                values.append(.object(f))
                if case .function = s.kind { lines.append(printed) } else { lines.append(bound.map { "\($0) = \(printed)" } ?? printed) }
            }
            var fields: [(String, JSONValue)] = [("values", .array(values)), ("output", .string(r.output)),
                                                 ("diagnostics", Run.diagnostics(r, entry.session))]
            if let name { fields.append(("session", .string(name))) }
            if converter.truncated || r.truncated { fields.append(("truncated", .bool(true))) }
            var rendering = r.output
            if !r.outcome.succeeded {
                rendering += r.rendered
            } else {
                rendering += lines.joined(separator: "\n")
            }
            return ToolResult(text: rendering.isEmpty ? "(no value)" : rendering, structured: .object(fields),
                              isError: !r.outcome.succeeded)
        } catch let f as ToolFailure {
            return .failure(f.message)
        } catch {
            return .failure("\(error)")
        }
    }
}
