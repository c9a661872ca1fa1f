// Messages about documents: positions, ranges, open/change/close, and published diagnostics.

struct Position: Codable, Equatable {
    var line: Int
    var character: Int
}

/// A protocol range (named so as not to hide `Swift.Range`).
struct TextRange: Codable, Equatable {
    var start: Position
    var end: Position
}

struct Location: Codable, Equatable {
    var uri: String
    var range: TextRange
}

struct TextDocumentIdentifier: Codable {
    var uri: String
}

struct TextDocumentItem: Decodable {
    var uri: String
    var version: Int
    var text: String
}

struct DidOpenParams: Decodable {
    var textDocument: TextDocumentItem
}

struct DidChangeParams: Decodable {
    struct Document: Decodable {
        var uri: String
        var version: Int?
    }
    /// A replacement of `range`, or of the whole text when `range` is absent.
    struct Change: Decodable {
        var range: TextRange?
        var text: String
    }
    var textDocument: Document
    var contentChanges: [Change]
}

struct DidCloseParams: Decodable {
    var textDocument: TextDocumentIdentifier
}

struct PublishDiagnosticsParams: Encodable {
    var uri: String
    var version: Int?
    var diagnostics: [LSPDiagnostic]
}

/// A diagnostic as the protocol carries it; `code` is Solvus's stable ID (`E301`).
struct LSPDiagnostic: Codable, Equatable {
    struct Related: Codable, Equatable {
        var location: Location
        var message: String
    }
    var range: TextRange
    /// 1 error, 2 warning.
    var severity: Int
    var code: String
    var source = "solvus"
    var message: String
    var relatedInformation: [Related]?
}
