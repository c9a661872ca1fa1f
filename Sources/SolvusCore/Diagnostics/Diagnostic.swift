/// An error (or warning) about Solvus text: what is wrong, and where.
///
/// Diagnostics are data; `DiagnosticRenderer` turns them into terminal text, and the RPC server
/// into protocol diagnostics, each in one place.
public struct Diagnostic: Error, Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }

    /// A secondary range, underlined with `~`, optionally with a short text.
    public struct Label: Sendable, Equatable {
        public var range: SourceRange
        public var text: String?
        public init(_ range: SourceRange, _ text: String? = nil) {
            self.range = range
            self.text = text
        }
    }

    public var severity: Severity
    /// A stable identifier from `Message`, such as `E301`.
    public var id: String
    public var message: String
    /// The primary range, underlined with `^`. Nil for errors that have no place in a text.
    public var range: SourceRange?
    public var labels: [Label]
    /// Lines printed after the source excerpt: hints, suggestions.
    public var notes: [String]

    public init(
        _ message: Message, at range: SourceRange?, labels: [Label] = [], notes: [String] = [],
        severity: Severity = .error
    ) {
        self.severity = severity
        self.id = message.id
        self.message = message.text
        self.range = range
        self.labels = labels
        self.notes = notes + (message.hint.map { [$0] } ?? [])
    }

    /// The same diagnostic, placed at `range` if it had no place yet.
    public func placed(at range: SourceRange) -> Diagnostic {
        var copy = self
        if copy.range == nil { copy.range = range }
        return copy
    }
}

/// A list of diagnostics thrown together, such as every syntax error of one file.
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
