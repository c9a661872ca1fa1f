import Foundation
import Testing

/// Bad input of every kind gets the right JSON-RPC error, and the server keeps serving.
struct MalformedInputTests {
    /// Sends raw bytes and returns the error the server answers with (id null).
    private func error(after bytes: String, _ c: RPCClient) throws -> [String: Any] {
        c.write(Data(bytes.utf8))
        return try c.take { $0["error"] != nil }
    }

    /// A request still gets its answer: the server survived.
    private func stillServing(_ c: RPCClient) throws {
        let r = try c.request("textDocument/hover", RPCClient.at("untitled:none", 0, 0))
        #expect(r[path: "error", "code"] as? Int == -32602)
    }

    private func frame(_ body: String) -> String { "Content-Length: \(body.utf8.count)\r\n\r\n\(body)" }

    @Test(arguments: [
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", -32700),
        ("not json at all", -32700),
        ("[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"shutdown\"}]", -32600),
        ("42", -32600),
        ("null", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1}", -32600),
        ("{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"shutdown\"}", -32600),
        ("{\"id\": 1, \"method\": \"shutdown\"}", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": {\"a\": 1}, \"method\": \"shutdown\"}", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1.5, \"method\": \"shutdown\"}", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 7}", -32600),
    ])
    func badMessages(body: String, code: Int) throws {
        let c = try RPCClient()
        try c.initialize()
        let e = try error(after: frame(body), c)
        #expect(e[path: "error", "code"] as? Int == code)
        #expect(e[path: "error", "message"] as? String != nil)
        try stillServing(c)
    }

    @Test func unknownMethodAndWrongParams() throws {
        let c = try RPCClient()
        try c.initialize()
        #expect(try c.request("no/such/method")[path: "error", "code"] as? Int == -32601)
        // An unknown notification is ignored, as the protocol asks.
        c.notify("no/such/notification", [:] as [String: Any])
        #expect(try c.request("textDocument/hover")[path: "error", "code"] as? Int == -32602)
        let wrong = try c.request("textDocument/hover", ["textDocument": ["uri": 5], "position": ["line": 0, "character": 0]])
        #expect(wrong[path: "error", "code"] as? Int == -32602)
        #expect((wrong[path: "error", "message"] as? String)?.contains("textDocument.uri") == true)
        let missing = try c.request("textDocument/completion", ["textDocument": ["uri": "untitled:x"]])
        #expect((missing[path: "error", "message"] as? String)?.contains("missing 'position'") == true)
        #expect(try c.request("solvus/evaluate", [1, 2])[path: "error", "code"] as? Int == -32602)
        try stillServing(c)
    }

    @Test func badFraming() throws {
        let c = try RPCClient()
        try c.initialize()
        let body = "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"no/such\"}"
        // No Content-Length: reported; the body that follows is skipped.
        #expect(try error(after: "Content-Type: application/json\r\n\r\n" + body, c)[path: "error", "code"] as? Int == -32700)
        try stillServing(c)
        // A length that is not a number.
        #expect(try error(after: "Content-Length: many\r\n\r\n" + body, c)[path: "error", "code"] as? Int == -32700)
        try stillServing(c)
        // Too short: the cut body is not JSON; the rest is skipped as junk.
        #expect(try error(after: "Content-Length: 10\r\n\r\n" + body, c)[path: "error", "code"] as? Int == -32700)
        try stillServing(c)
        // Too long: the body ends where the next message's header begins, and both are served.
        c.write(Data(("Content-Length: 400\r\n\r\n" + body + frame("{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"no/such\"}")).utf8))
        #expect(try c.response(to: 7)[path: "error", "code"] as? Int == -32601)
        #expect(try c.response(to: 8)[path: "error", "code"] as? Int == -32601)
        // Junk between messages, lower-case header names and a Content-Type header.
        c.write(Data(("garbage\r\n" + "content-length: \(body.utf8.count)\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
                      + body.replacingOccurrences(of: "7", with: "9")).utf8))
        #expect(try c.response(to: 9)[path: "error", "code"] as? Int == -32601)
        try stillServing(c)
    }

    @Test func lifecycleErrors() throws {
        let c = try RPCClient()
        #expect(try c.request("textDocument/hover", RPCClient.at("untitled:x", 0, 0))[path: "error", "code"] as? Int == -32002)
        try c.initialize()
        #expect(try c.request("initialize", ["capabilities": [:] as [String: Any]])[path: "error", "code"] as? Int == -32600)
        _ = try c.request("shutdown")
        #expect(try c.request("textDocument/hover", RPCClient.at("untitled:x", 0, 0))[path: "error", "code"] as? Int == -32600)
        c.notify("exit", NSNull())
        #expect(c.exitStatus() == 0)
    }

    @Test func badInitializationOptions() throws {
        let c = try RPCClient()
        let r = try c.request("initialize", ["capabilities": [:] as [String: Any], "initializationOptions": ["timeLimit": "soon"]])
        #expect(r[path: "error", "code"] as? Int == -32602)
        #expect((r[path: "error", "message"] as? String)?.contains("timeLimit") == true)
    }

    @Test func exitWithoutShutdownIsOne() throws {
        let c = try RPCClient()
        try c.initialize()
        c.notify("exit", NSNull())
        #expect(c.exitStatus() == 1)
    }

    @Test(arguments: [false, true])
    func endOfInputEndsTheServer(afterShutdown: Bool) throws {
        let c = try RPCClient()
        try c.initialize()
        if afterShutdown { _ = try c.request("shutdown") }
        c.closeInput()
        #expect(c.exitStatus() == (afterShutdown ? 0 : 1))
    }

    @Test func endOfInputInTheMiddleOfAMessage() throws {
        let c = try RPCClient()
        try c.initialize()
        c.write(Data("Content-Length: 100\r\n\r\n{\"jsonrpc\"".utf8))
        c.closeInput()
        #expect(c.exitStatus() == 1)
    }
}
