// Messages of the language features: hover, completion, signature help, symbols, inlay hints.

struct TextDocumentPositionParams: Decodable {
    var textDocument: TextDocumentIdentifier
    var position: Position
}

struct DocumentParams: Decodable {
    var textDocument: TextDocumentIdentifier
}

struct InlayHintParams: Decodable {
    var textDocument: TextDocumentIdentifier
    var range: TextRange
}

struct MarkupContent: Codable, Equatable {
    var kind = "markdown"
    var value: String
}

struct Hover: Encodable {
    var contents: MarkupContent
    var range: TextRange?
}

struct CompletionItem: Encodable {
    /// The protocol's `CompletionItemKind` values used here.
    enum Kind: Int, Encodable {
        case field = 5, variable = 6, unit = 11, value = 12, keyword = 14, function = 3, constant = 21
    }
    struct TextEdit: Encodable {
        var range: TextRange
        var newText: String
    }
    var label: String
    var kind: Kind
    var detail: String?
    var documentation: MarkupContent?
    var sortText: String?
    var textEdit: TextEdit?
}

struct CompletionList: Encodable {
    var isIncomplete = false
    var items: [CompletionItem]
}

struct SignatureHelp: Encodable {
    struct Signature: Encodable {
        struct Parameter: Encodable {
            /// Start and end offsets in the signature's label.
            var label: [Int]
        }
        var label: String
        var documentation: MarkupContent?
        var parameters: [Parameter]
    }
    var signatures: [Signature]
    var activeSignature = 0
    var activeParameter: Int
}

struct DocumentSymbol: Encodable {
    /// The protocol's `SymbolKind` values used here.
    enum Kind: Int, Encodable {
        case function = 12, variable = 13
    }
    var name: String
    var detail: String?
    var kind: Kind
    var range: TextRange
    var selectionRange: TextRange
}

struct InlayHint: Encodable {
    var position: Position
    var label: String
}
