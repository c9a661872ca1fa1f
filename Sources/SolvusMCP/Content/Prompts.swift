import SolvusServer

/// Prompt templates for common questions; each names the tools to use.
enum Prompts {
    struct Prompt {
        var name: String
        var title: String
        var description: String
        /// (name, description, required)
        var arguments: [(String, String, Bool)]
        var text: ([String: String]) -> String
    }

    static let all: [Prompt] = [
        Prompt(name: "screen_hea_family", title: "Screen a high-entropy-alloy family",
               description: "Rank the compositions of an alloy family by the Yang-Zhang, Guo-Liu and Zhang 2008 criteria.",
               arguments: [("elements", "the elements, e.g. Co, Cr, Fe, Ni, Mn", true),
                           ("step", "the composition step, e.g. 0.05 (default 0.1)", false)]) { a in
            """
            Screen the high-entropy-alloy family of \(a["elements"] ?? "") with Solvus. Use the `evaluate` \
            tool with `omega(grid([...], step: \(a["step"] ?? "0.1")))` (a record of lists: omega, delta, vec, \
            dH, phase, rules) and report the compositions that all three criteria (yang_zhang, guo_liu, \
            zhang_2008) call a solid solution, with Ω, δ (%) and VEC, and the equiatomic alloy for \
            comparison (the `omega` tool). Give every number with its unit, and say which tables were used.
            """
        },
        Prompt(name: "compare_extrapolations", title: "Compare extrapolation methods for a ternary",
               description: "Compare Muggianu, Kohler, Toop, Hillert and Chou for a ternary Redlich-Kister system.",
               arguments: [("system", "the binary (and ternary) parameters, e.g. {\"Bi-Sb\": [2230], ...} in J/mol", true),
                           ("composition", "a composition, e.g. Sn1Bi1Sb1", true),
                           ("T", "the temperature, e.g. 973 K", true)]) { a in
            """
            For the Redlich-Kister system \(a["system"] ?? "") at \(a["composition"] ?? "") and \(a["T"] ?? ""), call \
            the `rkm` tool once per method (muggianu, kohler, toop and hillert with each component as the \
            asymmetric one, chou) and tabulate G, H and S with their units. Say how far apart the methods \
            are and which asymmetric choice matters most.
            """
        },
        Prompt(name: "critical_point", title: "Find the critical point of a binary",
               description: "The critical point, and the gap below it, of a binary solution model.",
               arguments: [("model", "a Solvus model, e.g. subregular(15 kJ/mol, 4 kJ/mol)", true)]) { a in
            """
            Find the critical point of the binary model \(a["model"] ?? "") with the `critical` tool, then \
            the binodal at 0.9 T_c and 0.7 T_c with the `binodal` tool, and the gap from 0.5 T_c to T_c with \
            the `gap` tool. Report T_c in K and x_c, and the coexisting compositions, with units.
            """
        },
    ]

    static func list() -> JSONValue {
        .object([("prompts", .array(all.map { p in
            .object([("name", .string(p.name)), ("title", .string(p.title)), ("description", .string(p.description)),
                     ("arguments", .array(p.arguments.map { a in
                         .object([("name", .string(a.0)), ("description", .string(a.1)), ("required", .bool(a.2))])
                     }))])
        }))])
    }

    static func get(_ name: String, arguments: JSONValue?) throws -> JSONValue {
        guard let p = all.first(where: { $0.name == name }) else {
            throw ProtocolError(.invalidParams, "unknown prompt '\(name)'; the prompts are \(all.map(\.name).joined(separator: ", "))")
        }
        var values: [String: String] = [:]
        if case .object(let fields)? = arguments {
            for (k, v) in fields {
                guard case .string(let s) = v else { throw ProtocolError(.invalidParams, "prompt argument '\(k)' must be a string") }
                values[k] = s
            }
        }
        for (argument, _, required) in p.arguments where required && values[argument] == nil {
            throw ProtocolError(.invalidParams, "prompt '\(name)' needs the argument '\(argument)'")
        }
        return .object([("description", .string(p.description)), ("messages", .array([.object([
            ("role", .string("user")), ("content", .object([("type", .string("text")), ("text", .string(p.text(values)))])),
        ])]))])
    }
}
