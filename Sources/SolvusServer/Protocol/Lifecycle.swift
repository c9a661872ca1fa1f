// Messages of the server's lifecycle: `initialize` and what it negotiates.

/// `initialize` params: the parts Solvus reads.
struct InitializeParams: Decodable {
    var rootUri: String?
    var rootPath: String?
    var workspaceFolders: [WorkspaceFolder]?
    var capabilities: ClientCapabilities?
    var initializationOptions: JSONValue?
}

struct WorkspaceFolder: Codable {
    var uri: String
    var name: String?
}

struct ClientCapabilities: Decodable {
    struct General: Decodable {
        var positionEncodings: [String]?
    }
    var general: General?
}

/// `initialize` result.
struct InitializeResult: Encodable {
    struct ServerInfo: Encodable {
        var name: String
        var version: String
    }
    var capabilities: ServerCapabilities
    var serverInfo: ServerInfo
}

/// What the server implements, and nothing more.
struct ServerCapabilities: Encodable {
    struct TextDocumentSync: Encodable {
        var openClose = true
        /// 2: incremental; full replacements are accepted too.
        var change = 2
    }
    struct CompletionOptions: Encodable {
        var triggerCharacters = [".", "\"", "{"]
    }
    struct SignatureHelpOptions: Encodable {
        var triggerCharacters = ["(", ","]
        var retriggerCharacters = [":"]
    }
    struct Experimental: Encodable {
        /// The custom request `solvus/evaluate` is served.
        var evaluate = "solvus/evaluate"
    }
    var positionEncoding: String
    var textDocumentSync = TextDocumentSync()
    var hoverProvider = true
    var completionProvider = CompletionOptions()
    var signatureHelpProvider = SignatureHelpOptions()
    var documentSymbolProvider = true
    var inlayHintProvider = true
    var experimental = Experimental()
}

/// How positions count characters in a line, as negotiated at `initialize`.
enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32"

    /// The client's first preference that Solvus supports; UTF-16 when it states none, as the
    /// protocol requires.
    static func negotiate(_ offered: [String]?) -> PositionEncoding {
        offered?.lazy.compactMap(PositionEncoding.init(rawValue:)).first ?? .utf16
    }

    /// Code units of one Unicode scalar that takes `utf8Length` bytes.
    func units(utf8Length n: Int) -> Int {
        switch self {
        case .utf8: return n
        case .utf16: return n == 4 ? 2 : 1
        case .utf32: return 1
        }
    }
}

/// `$/cancelRequest` params.
struct CancelParams: Decodable {
    var id: RequestID
}
