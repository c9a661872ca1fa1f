import Foundation
import Testing

/// `use`, `load` and `save` stay inside the workspace folder, whatever links lie in it.
struct ConfinementTests {
    /// `base/ws` is the workspace, `base/outside` a folder beside it holding a script and a table;
    /// `ws/sub/link` leads out (`../../outside`), `ws/sub/inner` stays in (`../data`).
    static func workspace() throws -> (base: URL, ws: URL) {
        let base = try SessionTests.workspace()
        let fm = FileManager.default
        let ws = base.appendingPathComponent("ws"), outside = base.appendingPathComponent("outside")
        for dir in [ws.appendingPathComponent("sub"), ws.appendingPathComponent("data"), outside] {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        try "secret = 42\n".write(to: outside.appendingPathComponent("lib.solvus"), atomically: true, encoding: .utf8)
        try "T [K]\n300\n".write(to: outside.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        try "T [K]\n500\n".write(to: ws.appendingPathComponent("data/t.csv"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: ws.appendingPathComponent("sub/link").path, withDestinationPath: "../../outside")
        try fm.createSymbolicLink(atPath: ws.appendingPathComponent("sub/inner").path, withDestinationPath: "../data")
        return (base, ws)
    }

    private func evaluate(_ c: RPCClient, _ text: String, uri: String) throws -> [String: Any] {
        try c.request("solvus/evaluate", ["text": text, "uri": uri])
    }

    @Test(arguments: ["use \"sub/link/lib.solvus\"\nsecret\n", "load(\"sub/link/t.csv\")\n",
                      "load(\"sub/link/../link/t.csv\")\n", "load(\"sub/link/missing.csv\")\n"])
    func aLinkLeadingOutCannotBeRead(text: String) throws {
        let (_, ws) = try ConfinementTests.workspace()
        let c = try RPCClient()
        try c.initialize(root: ws)
        let r = try evaluate(c, text, uri: ws.appendingPathComponent("a.solvus").absoluteString)
        #expect(r[path: "result", "diagnostics", 0, "code"] as? String == "E514")
        #expect((r[path: "result", "values"] as? [Any])?.isEmpty == true)
    }

    @Test func aLinkLeadingOutCannotBeWritten() throws {
        let (base, ws) = try ConfinementTests.workspace()
        let c = try RPCClient()
        try c.initialize(root: ws)
        let uri = ws.appendingPathComponent("a.solvus").absoluteString
        for path in ["sub/link/out.csv", "../outside/out.csv"] {
            let r = try evaluate(c, "save({T: [1, 2]}, \"\(path)\")\n", uri: uri)
            #expect(r[path: "result", "diagnostics", 0, "code"] as? String == "E514", "\(path)")
        }
        // `..` after a link is taken as the kernel takes it: from where the link leads (where
        // there is no `link`), not lexically.
        let dotdot = try evaluate(c, "save({T: [1, 2]}, \"sub/link/../link/out.csv\")\n", uri: uri)
        #expect(dotdot[path: "result", "diagnostics", 0, "code"] as? String == "E515")
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("outside/out.csv").path))
        // A link in the file's own place is replaced, not followed.
        try FileManager.default.createSymbolicLink(atPath: ws.appendingPathComponent("escape.csv").path,
                                                   withDestinationPath: "../outside/t.csv")
        let r = try evaluate(c, "save({T: [1, 2]}, \"escape.csv\")\n", uri: uri)
        #expect((r[path: "result", "diagnostics"] as? [Any])?.isEmpty == true)
        #expect(try String(contentsOf: base.appendingPathComponent("outside/t.csv"), encoding: .utf8) == "T [K]\n300\n")
    }

    @Test func aLinkThatStaysInsideWorks() throws {
        let (_, ws) = try ConfinementTests.workspace()
        let c = try RPCClient()
        try c.initialize(root: ws)
        let uri = ws.appendingPathComponent("sub/a.solvus").absoluteString
        let r = try evaluate(c, "load(\"inner/t.csv\").T\nsave({T: [1, 2]}, \"inner/out.csv\")\n", uri: uri)
        #expect(r[path: "result", "values", 0, "text"] as? String == "[500] K")
        #expect((r[path: "result", "diagnostics"] as? [Any])?.isEmpty == true)
        #expect(FileManager.default.fileExists(atPath: ws.appendingPathComponent("data/out.csv").path))
    }

    /// A workspace folder of `/ws` does not let `/ws2` in.
    @Test func aFolderBesideTheRootIsOutside() throws {
        let (base, ws) = try ConfinementTests.workspace()
        try FileManager.default.createDirectory(at: base.appendingPathComponent("ws2"), withIntermediateDirectories: true)
        try "T [K]\n1\n".write(to: base.appendingPathComponent("ws2/t.csv"), atomically: true, encoding: .utf8)
        let c = try RPCClient()
        try c.initialize(root: ws)
        let r = try evaluate(c, "load(\"../ws2/t.csv\")\n", uri: ws.appendingPathComponent("a.solvus").absoluteString)
        #expect(r[path: "result", "diagnostics", 0, "code"] as? String == "E514")
    }

    /// An empty root allows nothing; it does not make every absolute path inside.
    @Test(arguments: [["rootPath": ""], ["workspaceFolders": [["uri": "file://", "name": "empty"]]],
                      ["rootUri": "file://"], ["rootPath": "relative/dir"]] as [[String: Any]])
    func anEmptyOrRelativeRootAllowsNoFiles(params: [String: Any]) throws {
        let (base, _) = try ConfinementTests.workspace()
        let c = try RPCClient()
        var p: [String: Any] = ["processId": NSNull(), "capabilities": [:] as [String: Any]]
        p.merge(params) { $1 }
        _ = try c.request("initialize", p)
        c.notify("initialized", [:] as [String: Any])
        let outside = base.appendingPathComponent("outside")
        for text in ["load(\"\(outside.path)/t.csv\")\n", "use \"\(outside.path)/lib.solvus\"\n",
                     "save({T: [1]}, \"\(outside.path)/new.csv\")\n"] {
            let r = try evaluate(c, text, uri: outside.appendingPathComponent("a.solvus").absoluteString)
            #expect(r[path: "result", "diagnostics", 0, "code"] as? String == "E514", "\(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("new.csv").path))
    }
}
