import Foundation
import Testing

/// Runaway scripts, budgets, file access, cancellation, volume: the server keeps serving.
struct SafetyTests {
    /// A loop of about 16 million calls, each shallow: only the time limit stops it.
    static let longLoop = """
        g(n) = if n == 0 then 0 else g(n - 1) + 1
        h(k) = if k == 0 then 0 else h(k - 1) + g(4000)
        h(4000)
        """

    // The recursion gets a time limit it cannot reach first (10,000 calls take well under a
    // second, but a debug build on a loaded machine may need several): it must end in E602.
    @Test(arguments: [
        ("f(n) = f(n + 1) + 1\nf(0)\n", "E602", 15.0),
        (SafetyTests.longLoop, "E604", 0.5),
        ("xs = 0..1e9\n", "E603", 0.5),
        ("c = grid([\"Co\", \"Cr\", \"Fe\", \"Ni\"], step: 0.0001).Co\n", "E603", 0.5),
    ])
    func runawayScriptsEndInADiagnostic(text: String, code: String, timeLimit: Double) throws {
        let c = try RPCClient()
        try c.initialize(options: ["timeLimit": timeLimit, "maxElements": 1_000_000])
        let uri = "untitled:runaway"
        let start = Date()
        c.open(uri, "T = 900 K\n" + text)
        let d = try c.diagnostics(uri)
        #expect(d.first?["code"] as? String == code)
        #expect(Date().timeIntervalSince(start) < 20)  // unstopped, the loop takes minutes
        // Still serving, with the values from before the runaway statement.
        let hover = try c.request("textDocument/hover", RPCClient.at(uri, 0, 0))
        #expect((hover[path: "result", "contents", "value"] as? String)?.contains("T = 900 K") == true)
    }

    @Test func fileAccessStaysInTheWorkspace() throws {
        let root = try SessionTests.workspace()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "k = 3 K\n".write(to: root.appendingPathComponent("lib.solvus"), atomically: true, encoding: .utf8)
        try "T [K]\n300\n400\n".write(to: root.appendingPathComponent("sub/t.csv"), atomically: true, encoding: .utf8)
        let c = try RPCClient()
        try c.initialize(root: root)
        let uri = root.appendingPathComponent("sub/a.solvus").absoluteString
        c.open(uri, "use \"../lib.solvus\"\ny = k * 2\nz = load(\"t.csv\").T\n")
        #expect(try c.diagnostics(uri).isEmpty)
        let y = try c.request("solvus/evaluate", ["uri": uri])
        #expect(y[path: "result", "values", 0, "text"] as? String == "6 K")
        #expect(y[path: "result", "values", 1, "text"] as? String == "[300, 400] K")

        c.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2],
                                            "contentChanges": [["text": "use \"/etc/hostname\"\n"]]])
        let d = try c.diagnostics(uri)
        #expect(d.first?["code"] as? String == "E514")
        #expect((d.first?["message"] as? String)?.contains("outside the workspace folder") == true)
        let load = try c.request("solvus/evaluate", ["text": "load(\"../../etc/passwd\")", "uri": uri])
        #expect(load[path: "result", "diagnostics", 0, "code"] as? String == "E514")
    }

    @Test func errorsInAUsedFileAreShownOnTheUseStatement() throws {
        let root = try SessionTests.workspace()
        try "x = 1 K + 1 kJ/mol\n".write(to: root.appendingPathComponent("broken.solvus"), atomically: true, encoding: .utf8)
        let c = try RPCClient()
        try c.initialize(root: root)
        let uri = root.appendingPathComponent("main.solvus").absoluteString
        c.open(uri, "a = 1\nuse \"broken.solvus\"\n")
        let d = try c.diagnostics(uri)
        #expect(d.first?[path: "range", "start", "line"] as? Int == 1)
        #expect((d.first?["message"] as? String)?.hasSuffix("--> broken.solvus:1:9") == true)
    }

    @Test func cancelStopsARunningEvaluationAndDropsAQueuedRequest() throws {
        let c = try RPCClient()
        try c.initialize(options: ["timeLimit": 0])
        let running = c.send("solvus/evaluate", ["text": SafetyTests.longLoop])
        let queued = c.send("solvus/evaluate", ["text": "1 + 1"])
        Thread.sleep(forTimeInterval: 0.2)
        let start = Date()
        c.notify("$/cancelRequest", ["id": queued])
        c.notify("$/cancelRequest", ["id": running])
        #expect(try c.response(to: queued)[path: "error", "code"] as? Int == -32800)
        #expect(try c.response(to: running)[path: "error", "code"] as? Int == -32800)
        #expect(Date().timeIntervalSince(start) < 15)  // unstopped, the loop takes minutes
        #expect(try c.request("solvus/evaluate", ["text": "2 + 2"])[path: "result", "values", 0, "text"] as? String == "4")
    }

    @Test func twoHundredRequestsBackToBack() throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:many"
        c.open(uri, "T = 900 K\nm = mix(regular(17.5 kJ/mol), x: 0.3, T: T)\n")
        var ids: [Int] = []
        for i in 0..<200 {
            let method = ["textDocument/hover", "textDocument/completion", "textDocument/signatureHelp", "textDocument/inlayHint"][i % 4]
            let params: [String: Any] = method == "textDocument/inlayHint"
                ? ["textDocument": ["uri": uri], "range": RPCClient.range(0, 0, 2, 0)] : RPCClient.at(uri, 1, 6)
            ids.append(c.send(method, params, id: 5000 + i))
        }
        for id in ids {
            let r = try c.response(to: id)
            #expect(r["result"] != nil)
        }
        #expect(c.pending.filter { $0["id"] != nil }.isEmpty)
    }

    @Test func aOneMegabyteDocument() throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:large"
        var text = ""
        var lines = 0
        while text.utf8.count < 1 << 20 {
            text += "x\(lines) = \(lines) K + 1 K  # Å Ω\n"
            lines += 1
        }
        c.open(uri, text)
        #expect(try c.diagnostics(uri, timeout: 60).isEmpty)
        let hover = try c.request("textDocument/hover", RPCClient.at(uri, lines - 1, 0))
        #expect((hover[path: "result", "contents", "value"] as? String)?.contains("x\(lines - 1) = \(lines) K") == true)
        c.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2],
                                            "contentChanges": [["range": RPCClient.range(lines, 0, lines, 0), "text": "bad = 1 K + 1\n"]]])
        let d = try c.diagnostics(uri, timeout: 60)
        #expect(d.first?[path: "range", "start", "line"] as? Int == lines)
    }

    /// Edits sent faster than they are evaluated are coalesced: the last text is always diagnosed.
    @Test func rapidEditsEndWithTheLastText() throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:typing"
        c.open(uri, "")
        _ = try c.diagnostics(uri)
        let typed = "x = 1 K + 1\n"
        for (i, ch) in typed.enumerated() {
            c.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": i + 2],
                                                "contentChanges": [["range": RPCClient.range(0, i, 0, i), "text": String(ch)]]])
        }
        var last: [String: Any] = [:]
        repeat {
            last = try c.take { $0["method"] as? String == "textDocument/publishDiagnostics" }
        } while last[path: "params", "version"] as? Int != typed.count + 1
        #expect(last[path: "params", "diagnostics", 0, "code"] as? String == "E301")
    }
}
