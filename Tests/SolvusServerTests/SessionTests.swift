import Foundation
import Testing

/// A whole editing session against the real `solvus --rpc`, as an editor drives it.
struct SessionTests {
    /// A fresh workspace folder.
    static func workspace() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("solvus-rpc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What `solvus FILE` prints on standard error for `text`: the command line's message.
    static func commandLineError(_ text: String) throws -> String {
        let file = try workspace().appendingPathComponent("cli.solvus")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = RPCClient.executable
        process.arguments = [file.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func initializeToExit() throws {
        let root = try SessionTests.workspace()
        let c = try RPCClient()
        let r = try c.initialize(root: root)
        #expect(r[path: "result", "capabilities", "positionEncoding"] as? String == "utf-16")
        #expect(r[path: "result", "capabilities", "hoverProvider"] as? Bool == true)
        #expect(r[path: "result", "capabilities", "textDocumentSync", "change"] as? Int == 2)
        #expect(r[path: "result", "serverInfo", "name"] as? String == "solvus")

        // An error: diagnosed with its exact range, and the command line's message.
        let uri = root.appendingPathComponent("what-if.solvus").absoluteString
        let text = "T = 900 K\nΩ = 17.5 kJ/mol\nbad = 1 K + Ω\nm = mix(regular(Ω), x: 0.3, T: T)\n"
        c.open(uri, text)
        let d = try c.diagnostics(uri)
        try #require(d.count == 1)
        #expect(d[0]["code"] as? String == "E301")
        #expect(d[0][path: "range", "start", "line"] as? Int == 2)
        #expect(d[0][path: "range", "start", "character"] as? Int == 10)
        #expect(d[0][path: "range", "end", "character"] as? Int == 11)
        let cli = try SessionTests.commandLineError(text)
        let message = try #require(d[0]["message"] as? String)
        #expect(cli.hasPrefix("error[E301]: \(message)\n"))
        #expect(message == "cannot add a temperature (K) and a molar energy (kJ/mol)")
        #expect((d[0]["relatedInformation"] as? [Any])?.count == 2)

        // An incremental change fixes it.
        c.notify("textDocument/didChange", [
            "textDocument": ["uri": uri, "version": 2],
            "contentChanges": [["range": RPCClient.range(2, 6, 2, 13), "text": "2 * Ω"]],
        ])
        #expect(try c.diagnostics(uri).isEmpty)

        let mix = try c.request("textDocument/hover", RPCClient.at(uri, 3, 5))
        let mixDoc = try #require(mix[path: "result", "contents", "value"] as? String)
        #expect(mixDoc.contains("mix(model, x:, T:)"))
        #expect(mixDoc.contains("Gibbs energy"))
        let omega = try c.request("textDocument/hover", RPCClient.at(uri, 1, 0))
        #expect((omega[path: "result", "contents", "value"] as? String)?.contains("Ω = 17.5 kJ/mol") == true)
        let bad = try c.request("textDocument/hover", RPCClient.at(uri, 2, 1))
        #expect((bad[path: "result", "contents", "value"] as? String)?.contains("bad = 35 kJ/mol") == true)

        // Completion: names matching the word typed, with signatures, values and units.
        func labels(_ line: Int, _ character: Int) throws -> [String: [String: Any]] {
            let r = try c.request("textDocument/completion", RPCClient.at(uri, line, character))
            let items = r[path: "result", "items"] as? [[String: Any]] ?? []
            return Dictionary(items.map { ($0["label"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        }
        let m = try labels(3, 5)
        #expect((m["mix"]?["detail"] as? String)?.hasPrefix("mix(model, x:, T:)") == true)
        #expect(m["bad"] == nil)
        #expect(try labels(3, 4)["bad"]?["detail"] as? String == "35 kJ/mol")
        #expect(try labels(1, 10)["kJ"] != nil)

        let hints = try c.request("textDocument/inlayHint", ["textDocument": ["uri": uri], "range": RPCClient.range(0, 0, 10, 0)])
        let labels = (hints["result"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
        #expect(labels.count == 4)
        #expect(labels.first == "  = 900 K")
        #expect(labels.last?.hasPrefix("  = {G: -0.896108 kJ/mol") == true)
        #expect(hints[path: "result", 0, "position", "character"] as? Int == 9)

        let help = try c.request("textDocument/signatureHelp", RPCClient.at(uri, 3, 23))
        #expect(help[path: "result", "activeParameter"] as? Int == 1)
        #expect(help[path: "result", "signatures", 0, "label"] as? String == "mix(model, x:, T:) -> {G, H, S}")

        let symbols = try c.request("textDocument/documentSymbol", ["textDocument": ["uri": uri]])
        #expect((symbols["result"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["T", "Ω", "bad", "m"])

        let evaluated = try c.request("solvus/evaluate", ["uri": uri, "range": RPCClient.range(3, 0, 3, 0)])
        #expect(evaluated[path: "result", "values", 0, "name"] as? String == "m")
        #expect(evaluated[path: "result", "values", 0, "value", "G", "unit"] as? String == "kJ/mol")
        #expect(evaluated[path: "result", "values", 0, "value", "G", "dimension"] as? String == "molar energy")
        let g = try #require(evaluated[path: "result", "values", 0, "value", "G", "value"] as? Double)
        #expect(abs(g + 0.896108) < 1e-6)

        let shutdown = try c.request("shutdown")
        #expect(shutdown.keys.contains("result") && shutdown["result"] is NSNull)
        c.notify("exit", NSNull())
        #expect(c.exitStatus() == 0)
    }

    @Test func evaluateTextReturnsValuesAsJSONAndOutput() throws {
        let c = try RPCClient()
        try c.initialize()
        let r = try c.request("solvus/evaluate", ["text": """
            x = 2 K
            print("hello", x)
            r = {a: [1, 2] * 1 K, b: "s", c: true, d: [1, "two"]}
            omega("CoCrFeMnNi").omega
            """])
        let values = try #require(r[path: "result", "values"] as? [[String: Any]])
        #expect(values.count == 3)  // print's empty value is left out
        #expect(values[0][path: "value", "value"] as? Double == 2)
        #expect(values[0][path: "value", "unit"] as? String == "K")
        #expect(values[0][path: "value", "dimension"] as? String == "temperature")
        #expect(values[1][path: "value", "a", 1, "value"] as? Double == 2)
        #expect(values[1][path: "value", "b"] as? String == "s")
        #expect(values[1][path: "value", "c"] as? Bool == true)
        #expect(values[1][path: "value", "d", 1] as? String == "two")
        #expect(values[1]["text"] as? String == "{a: [1, 2] K, b: \"s\", c: true, d: [1, \"two\"]}")
        #expect(values[2][path: "value", "unit"] as? String == "")
        #expect(r[path: "result", "output"] as? String == "hello 2 K\n")
        #expect((r[path: "result", "diagnostics"] as? [Any])?.isEmpty == true)

        let bad = try c.request("solvus/evaluate", ["text": "1 K + 1 kJ/mol"])
        #expect(bad[path: "result", "diagnostics", 0, "message"] as? String == "cannot add a temperature (K) and a molar energy (kJ/mol)")
        let none = try c.request("solvus/evaluate", ["range": RPCClient.range(0, 0, 0, 0)])
        #expect(none[path: "error", "code"] as? Int == -32602)
    }

    @Test func evaluateARangeOfTheDocument() throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:range"
        c.open(uri, "a = 2 K\nprint(\"one\")\nb = a * 3\nprint(\"two\", b)\nc = b + 1 K\nbroken = (\n")
        _ = try c.diagnostics(uri)
        // Lines 2 to 3: `b` and the second print; `a` above runs, unreported; the syntax error
        // below is not reached.
        let r = try c.request("solvus/evaluate", ["uri": uri, "range": RPCClient.range(2, 3, 3, 2)])
        #expect((r[path: "result", "values"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["6 K"])
        #expect(r[path: "result", "output"] as? String == "two 6 K\n")
        #expect((r[path: "result", "diagnostics"] as? [Any])?.isEmpty == true)
        let cursor = try c.request("solvus/evaluate", ["uri": uri, "range": RPCClient.range(4, 0, 4, 0)])
        #expect(cursor[path: "result", "values", 0, "name"] as? String == "c")
        let whole = try c.request("solvus/evaluate", ["uri": uri])
        #expect(whole[path: "result", "diagnostics", 0, "code"] as? String != nil)
    }

    /// Positions count UTF-16 code units unless the client offers another encoding.
    @Test(arguments: [(nil, "utf-16", 11, 8), (["utf-8", "utf-16"], "utf-8", 14, 9), (["utf-32"], "utf-32", 10, 8)]
          as [([String]?, String, Int, Int)])
    func positionEncodings(offered: [String]?, chosen: String, column: Int, omega: Int) throws {
        let c = try RPCClient()
        let r = try c.initialize(encodings: offered)
        #expect(r[path: "result", "capabilities", "positionEncoding"] as? String == chosen)
        let uri = "untitled:enc"
        c.open(uri, "Å = 1\n𝛀 = 2\ny = Å + 𝛀 + 1 K\n")
        let d = try c.diagnostics(uri)
        #expect(d.first?[path: "range", "start", "line"] as? Int == 2)
        #expect(d.first?[path: "range", "start", "character"] as? Int == column)
        // An incremental edit after the astral character: "1 K" becomes "1".
        c.notify("textDocument/didChange", [
            "textDocument": ["uri": uri, "version": 2],
            "contentChanges": [["range": RPCClient.range(2, column + 2, 2, column + 5), "text": "1"]],
        ])
        #expect(try c.diagnostics(uri).isEmpty)
        let hover = try c.request("textDocument/hover", RPCClient.at(uri, 2, omega))
        #expect((hover[path: "result", "contents", "value"] as? String)?.contains("𝛀 = 2") == true)
    }

    @Test func completionOffersElementsInStringsAndRecords() throws {
        let c = try RPCClient()
        try c.initialize()
        let uri = "untitled:elements"
        c.open(uri, "m = mix(regular(1 kJ/mol), x: 0.5, T: 900 K)\nm.\na = omega(\"CoCr\nb = omega({Cu: 0.5, N\n# mi\n")
        _ = try c.diagnostics(uri)
        let inString = try c.request("textDocument/completion", RPCClient.at(uri, 2, 15))
        let items = try #require(inString[path: "result", "items"] as? [[String: Any]])
        #expect(items.contains { $0["label"] as? String == "Cr" })
        #expect(!items.contains { $0["label"] as? String == "mix" })
        #expect(items.first?[path: "textEdit", "range", "start", "character"] as? Int == 13)
        let inRecord = try c.request("textDocument/completion", RPCClient.at(uri, 3, 20))
        #expect((inRecord[path: "result", "items"] as? [[String: Any]])?.contains { $0["label"] as? String == "Ni" } == true)
        let fields = try c.request("textDocument/completion", RPCClient.at(uri, 1, 2))
        #expect((fields[path: "result", "items"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["G", "H", "S"])
        let comment = try c.request("textDocument/completion", RPCClient.at(uri, 4, 4))
        #expect((comment[path: "result", "items"] as? [Any])?.isEmpty == true)
    }
}
