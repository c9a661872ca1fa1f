import Foundation
import Testing

/// Attacks on the server from a hostile or broken client: each is answered, in bounded time,
/// and the server keeps serving. One at a time: each loads the server hard (63 MB frames,
/// 200,000-line documents, endless loops), and side by side on two cores they starve one another.
@Suite(.serialized) struct HardeningTests {
    // MARK: - Leaving and cancelling (no time limit)

    @Test func shutdownInterruptsARunningEvaluation() throws {
        let c = try RPCClient()
        try c.initialize(options: ["timeLimit": 0])
        let running = c.send("solvus/evaluate", ["text": SafetyTests.longLoop])
        Thread.sleep(forTimeInterval: 0.3)
        let start = Date()
        let shutdown = c.send("shutdown")
        #expect(try c.response(to: running, timeout: 10)[path: "error", "code"] as? Int == -32800)
        #expect(try c.response(to: shutdown, timeout: 10)["result"] is NSNull)
        #expect(Date().timeIntervalSince(start) < 2)  // unstopped, the loop takes minutes
        c.notify("exit", [:] as [String: Any])
        #expect(c.exitStatus(timeout: 10) == 0)
    }

    @Test func exitEndsTheServerWhileADocumentIsEvaluated() throws {
        let c = try RPCClient()
        try c.initialize(options: ["timeLimit": 0])
        c.open("untitled:loop", SafetyTests.longLoop)
        Thread.sleep(forTimeInterval: 0.3)
        let start = Date()
        c.notify("exit", [:] as [String: Any])
        #expect(c.exitStatus(timeout: 10) == 1)  // no shutdown before it
        #expect(Date().timeIntervalSince(start) < 2)
    }

    /// From the client sending `$/cancelRequest` to its receiving the answer -32800.
    @Test func cancelActsWithinFiftyMilliseconds() throws {
        let c = try RPCClient()
        try c.initialize(options: ["timeLimit": 0])
        var times: [TimeInterval] = []
        for _ in 0..<3 {
            let running = c.send("solvus/evaluate", ["text": SafetyTests.longLoop])
            Thread.sleep(forTimeInterval: 0.3)
            let start = Date()
            c.notify("$/cancelRequest", ["id": running])
            #expect(try c.response(to: running)[path: "error", "code"] as? Int == -32800)
            times.append(Date().timeIntervalSince(start))
        }
        // The best of three, as the machine may be busy with other work.
        #expect(try #require(times.min()) < 0.05, "\(times)")
    }

    // MARK: - Encoding

    /// A value nested 600 deep is answered, cut at a marker, and the server goes on.
    @Test func aDeeplyNestedValueIsAnswered() throws {
        let c = try RPCClient()
        try c.initialize()
        let r = try c.request("solvus/evaluate", ["text": "f(n) = if n == 0 then 0 else [f(n - 1)]\nf(600)\n"])
        #expect(r[path: "result", "truncated"] as? Bool == true)
        var value: Any? = r[path: "result", "values", 1, "value"]
        var depth = 0
        while let list = value as? [Any] {
            depth += 1
            value = list.first
        }
        #expect(depth > 50 && depth < 600)
        #expect((value as? [String: Any])?["truncated"] as? String != nil)
        #expect(try c.request("solvus/evaluate", ["text": "2 + 2"])[path: "result", "values", 0, "text"] as? String == "4")
    }

    // MARK: - Framing

    /// 63 MB without a line break, then a blank line and a request: the junk is reported and
    /// the request answered, the bytes being looked at once.
    @Test func aHugeUnterminatedHeaderIsHandledQuickly() throws {
        let c = try RPCClient()
        try c.initialize()
        let junk = Data(repeating: UInt8(ascii: "x"), count: 63 << 20)
        let start = Date()
        c.write(junk)
        c.write(Data("\r\n\r\n".utf8))
        let hover = c.send("textDocument/hover", RPCClient.at("untitled:none", 0, 0))
        #expect(try c.take { $0["error"] != nil && $0["id"] is NSNull }[path: "error", "code"] as? Int == -32700)
        #expect(try c.response(to: hover)[path: "error", "code"] as? Int == -32602)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 1, "\(elapsed) s")
    }

    /// A length over the limit: the body is skipped by its length, unread, even if it holds
    /// what looks like a message.
    @Test func anOversizedBodyIsSkippedByItsLength() throws {
        let c = try RPCClient()
        try c.initialize()
        let hidden = "{\"jsonrpc\": \"2.0\", \"id\": 77, \"method\": \"no/such\"}"
        var body = Data("Content-Length: \(hidden.utf8.count)\r\n\r\n\(hidden)".utf8)
        body.append(Data(repeating: UInt8(ascii: " "), count: (64 << 20) + 1 - body.count))
        c.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        #expect(try c.take { $0["error"] != nil && $0["id"] is NSNull }[path: "error", "code"] as? Int == -32700)
        #expect(try c.request("solvus/evaluate", ["text": "2 + 2"])[path: "result", "values", 0, "text"] as? String == "4")
        #expect(!c.pending.contains { $0["id"] as? Int == 77 })
    }

    // MARK: - Invalid text

    /// A document whose text is not valid (a byte that is not UTF-8, a lone surrogate) opens
    /// with the bad parts replaced and E101 where the first one was.
    @Test(arguments: [Data([0xFF]), Data("\\ud800".utf8), Data("\\udc00\\ud800".utf8)])
    func invalidTextOpensWithE101(bad: Data) throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:bad"
        var body = Data("{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/didOpen\", \"params\": {\"textDocument\": {\"uri\": \"\(uri)\", \"languageId\": \"solvus\", \"version\": 1, \"text\": \"T = 900 K\\ny = 2 # Å ".utf8)
        body.append(bad)
        body.append(Data(" end\\n\"}}}".utf8))
        c.write(body: body)
        let d = try c.diagnostics(uri)
        #expect(d.first?["code"] as? String == "E101")
        #expect(d.first?[path: "range", "start", "line"] as? Int == 1)
        #expect(d.first?[path: "range", "start", "character"] as? Int == 10)
        #expect((d.first?["message"] as? String)?.contains("line 2, column 11") == true)
        // The document is open and its values live.
        let hover = try c.request("textDocument/hover", RPCClient.at(uri, 0, 0))
        #expect((hover[path: "result", "contents", "value"] as? String)?.contains("T = 900 K") == true)
    }

    // MARK: - Work in proportion to the request

    /// `x0 = 0`, `x1 = 1`, … one binding a line.
    private static func bindings(_ n: Int) -> String {
        var text = ""
        text.reserveCapacity(n * 12)
        for i in 0..<n { text += "x\(i) = \(i)\n" }
        return text
    }

    private func timed<T>(_ body: () throws -> T) rethrows -> (T, TimeInterval) {
        let start = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(start))
    }

    @Test func symbolsOfALargeDocumentAreCappedAndQuick() throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:symbols"
        c.open(uri, HardeningTests.bindings(100_000))
        _ = try c.diagnostics(uri, timeout: 120)
        let (r, elapsed) = try timed { try c.request("textDocument/documentSymbol", ["textDocument": ["uri": uri]]) }
        let symbols = try #require(r["result"] as? [[String: Any]])
        #expect(symbols.count == 5_000)
        #expect(symbols.last?["name"] as? String == "x4999")
        // The target, 200 ms, is for the release build and is measured by the editor bench (see
        // README); this bound catches the old behaviour (10 s even in release) with room for
        // tests running side by side: a debug build formats 5,000 symbols some ten times slower.
        #if DEBUG
        let limit = 5.0
        #else
        let limit = 1.0
        #endif
        #expect(elapsed < limit, "\(elapsed) s")
    }

    /// Inlay hints and a ranged evaluate of 100 lines of a 200,000-line document read only
    /// those lines' values.
    @Test func rangedRequestsCostInProportionToTheRange() throws {
        let c = try RPCClient()
        try c.initialize(options: ["timeLimit": 0])
        let uri = "untitled:ranged"
        c.open(uri, HardeningTests.bindings(200_000))
        _ = try c.diagnostics(uri, timeout: 300)
        // Hints: lines 150,000 to 150,099 inclusive; evaluate: the statements the range meets.
        let range = RPCClient.range(150_000, 0, 150_099, 3)
        let (hints, t1) = try timed { try c.request("textDocument/inlayHint", ["textDocument": ["uri": uri], "range": range]) }
        let labels = (hints["result"] as? [[String: Any]])?.compactMap { $0["label"] as? String }
        #expect(labels?.count == 100)
        #expect(labels?.first == "  = 150000")
        let (values, t2) = try timed { try c.request("solvus/evaluate", ["uri": uri, "range": range]) }
        let texts = (values[path: "result", "values"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
        #expect(texts?.count == 100)
        #expect(texts?.last == "150099")
        // Re-running or reformatting 150,000 lines takes seconds.
        #expect(t1 < 0.2 && t2 < 0.2, "inlay hints \(t1) s, evaluate \(t2) s")
    }

    /// One line of 50 MB: hover, completion and signature help look only near the cursor.
    @Test func aFiftyMegabyteLineStaysResponsive() throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:longline"
        let line = "T = 900 K + 1 K # " + String(repeating: "a", count: 50 << 20)
        c.open(uri, line + "\nmix(regular(1 kJ/mol), ")
        _ = try c.diagnostics(uri, timeout: 120)
        let end = line.utf16.count
        let (hover, t1) = try timed { try c.request("textDocument/hover", RPCClient.at(uri, 0, 0)) }
        #expect((hover[path: "result", "contents", "value"] as? String)?.contains("T = 901 K") == true)
        let (_, t2) = try timed { try c.request("textDocument/hover", RPCClient.at(uri, 0, end)) }
        let (_, t3) = try timed { try c.request("textDocument/completion", RPCClient.at(uri, 0, end)) }
        let (help, t4) = try timed { try c.request("textDocument/signatureHelp", RPCClient.at(uri, 1, 23)) }
        #expect((help[path: "result", "signatures", 0, "label"] as? String)?.hasPrefix("mix(") == true)
        #expect(max(t1, t2, t3, t4) < 0.5, "\([t1, t2, t3, t4]) s")
    }

    // MARK: - Memory

    #if os(Linux)
    /// The server's resident memory in kB.
    private func residentKB(_ c: RPCClient) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(c.process.processIdentifier)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    /// Each evaluation makes 3 MB of lists in a fresh session; a discarded session must give
    /// them back (before, 80 evaluations reached 1.2 GB).
    @Test func evaluationsDoNotAccumulateMemory() throws {
        let c = try RPCClient()
        try c.initialize()
        let text = "f(x) = x * 2\na = 0..199999\nb = f(a + 1)\nm = { g(y) = y\n g }\n"
        let uri = "untitled:memory"
        c.open(uri, text)
        _ = try c.diagnostics(uri)
        var after10 = 0
        for version in 2...40 {
            c.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": version],
                                                "contentChanges": [["text": text + "# \(version)\n"]]])
            _ = try c.diagnostics(uri)
            if version == 10 { after10 = try residentKB(c) }
        }
        let after40 = try residentKB(c)
        #expect(Double(after40) < Double(after10) * 1.1, "\(after10) kB after 10 evaluations, \(after40) kB after 40")
    }
    #endif
}
