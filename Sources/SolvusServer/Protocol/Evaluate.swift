// The custom request `solvus/evaluate`.

/// `{text}` runs that text; `{uri, range}` runs the open document up to the end of the range
/// and returns the values of the statements the range touches (the whole document without a
/// range).
struct EvaluateParams: Decodable {
    var text: String?
    var uri: String?
    var range: TextRange?
}

struct EvaluateResult: Encodable {
    /// One top-level statement and its value.
    struct Entry: Encodable {
        /// "binding", "function", "expression" or "use".
        var kind: String
        var name: String?
        var range: TextRange
        /// The value as the command line prints it.
        var text: String
        /// The value as JSON: a quantity is `{value, unit, dimension}`.
        var value: JSONValue
    }
    var values: [Entry]
    /// What the statements printed.
    var output: String
    var diagnostics: [LSPDiagnostic]
    /// Set when a list or the output was cut to keep the answer small.
    var truncated: Bool?
}
