import SolvusCore
import SolvusExamples
import SolvusLibrary
import SolvusServer
import SolvusStdlib

/// The resources: the language reference, each built-in's documentation, the element data
/// tables with their sources, the prelude and the example scripts. All are built into the
/// binary, so the server needs no files.
struct Library {
    struct Resource {
        var uri: String
        var name: String
        var title: String
        var description: String
        var mimeType: String
        var text: () -> String
    }

    let resources: [Resource]

    init() {
        let session = Session(output: { _ in })
        let names = session.evaluator.builtins.keys.sorted()
        var list: [Resource] = [
            Resource(uri: "solvus://reference", name: "reference", title: "The Solvus language",
                     description: "Syntax, quantities and units, functions, records and lists, errors: how to write Solvus.",
                     mimeType: "text/markdown", text: { String(decoding: PackageResources.reference_md, as: UTF8.self) }),
            Resource(uri: "solvus://builtins", name: "builtins", title: "Built-in functions",
                     description: "Every built-in's signature, one a line; each has its own resource solvus://builtins/NAME.",
                     mimeType: "text/markdown", text: {
                         names.compactMap { n in
                             guard let f = session.evaluator.builtins[n], case .builtin(let b) = f.kind else { return nil }
                             return "- `\(b.signature)`: solvus://builtins/\(n)"
                         }.joined(separator: "\n") + "\n"
                     }),
        ]
        for n in names {
            let doc = session.help(n) ?? ""
            let summary = doc.split(separator: "\n").dropFirst().first { !$0.isEmpty }.map(String.init) ?? ""
            list.append(Resource(uri: "solvus://builtins/\(n)", name: n, title: "\(n): built-in documentation",
                                 description: summary, mimeType: "text/plain", text: { doc + "\n" }))
        }
        list += [
            Resource(uri: "solvus://data/elements.csv", name: "elements.csv", title: "Element data",
                     description: "73 elements: radii (three tables), melting points (four), VEC (two), moduli, molar volumes, "
                        + "structures, Miedema parameters. Sources: solvus://data/SOURCES.md.",
                     mimeType: "text/csv", text: { Stdlib.elementsCSV }),
            Resource(uri: "solvus://data/pairs_takeuchi_inoue.csv", name: "pairs_takeuchi_inoue.csv",
                     title: "Takeuchi-Inoue pair enthalpies",
                     description: "The 2,628 equiatomic pair enthalpies of Takeuchi & Inoue, Mater. Trans. 46 (2005) 2817, kJ/mol.",
                     mimeType: "text/csv", text: { Stdlib.pairsCSV }),
            Resource(uri: "solvus://data/lattice_stability.csv", name: "lattice_stability.csv", title: "Lattice stabilities",
                     description: "Lattice stabilities against valence for the Miedema structural term, kJ/mol.",
                     mimeType: "text/csv", text: { Stdlib.latticeStabilityCSV }),
            Resource(uri: "solvus://data/SOURCES.md", name: "SOURCES.md", title: "Sources of the data",
                     description: "Where every column of the data tables comes from.",
                     mimeType: "text/markdown", text: { Stdlib.sourcesMarkdown }),
        ]
        for file in Stdlib.files {
            list.append(Resource(uri: "solvus://prelude.solvus", name: "prelude.solvus", title: "The prelude",
                                 description: "Constants (R, kB, NA, ...) and helpers, written in Solvus, loaded in every session.",
                                 mimeType: "text/x-solvus", text: { file.text }))
        }
        for file in Examples.files {
            let first = file.text.split(separator: "\n").first { $0.hasPrefix("#") }
                .map { $0.drop { $0 == "#" || $0 == " " } }.map(String.init) ?? ""
            list.append(Resource(uri: "solvus://examples/\(file.name)", name: file.name, title: "Example: \(file.name)",
                                 description: first, mimeType: "text/x-solvus", text: { file.text }))
        }
        resources = list
    }

    func list() -> JSONValue {
        .object([("resources", .array(resources.map { r in
            .object([("uri", .string(r.uri)), ("name", .string(r.name)), ("title", .string(r.title)),
                     ("description", .string(r.description)), ("mimeType", .string(r.mimeType))])
        }))])
    }

    func templates() -> JSONValue {
        .object([("resourceTemplates", .array([.object([
            ("uriTemplate", .string("solvus://builtins/{name}")), ("name", .string("builtin")),
            ("title", .string("A built-in's documentation")),
            ("description", .string("The signature, units, conventions and sources of the built-in NAME (as :help NAME).")),
            ("mimeType", .string("text/plain")),
        ])]))])
    }

    func read(_ uri: String) throws -> JSONValue {
        guard let r = resources.first(where: { $0.uri == uri }) else {
            throw ProtocolError(.resourceNotFound, "resource not found: '\(uri)'; resources/list names them",
                                data: .object([("uri", .string(uri))]))
        }
        return .object([("contents", .array([.object([
            ("uri", .string(r.uri)), ("mimeType", .string(r.mimeType)), ("text", .string(r.text())),
        ])]))])
    }
}
