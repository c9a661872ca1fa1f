import Foundation
import Testing

/// `solvus/session/*`: named, persistent sessions, as the Jupyter kernel uses them.
@Suite("Named sessions")
struct NamedSessionTests {
    @Test func bindingsPersistAndErrorsLoseNothing() throws {
        let c = try RPCClient()
        try c.initialize()
        let first = try c.request("solvus/session/evaluate", ["session": "a", "text": "m = regular(17.5 kJ/mol)\nT = 900 K"])
        #expect((first[path: "result", "errors"] as? [Any])?.isEmpty == true)
        let second = try c.request("solvus/session/evaluate", ["session": "a", "text": "print(\"Tc:\", critical(m).T)\nmix(m, x: 0.3, T: T).G"])
        let entries = try #require(second[path: "result", "entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[0]["kind"] as? String == "print" && entries[0]["output"] as? String == "Tc: 1052.38 K\n")
        #expect(entries[1]["kind"] as? String == "expression" && entries[1]["text"] as? String == "-0.896108 kJ/mol")
        #expect(entries[1][path: "value", "unit"] as? String == "kJ/mol")

        // Another session does not see them.
        let other = try c.request("solvus/session/evaluate", ["session": "b", "text": "critical(m)"])
        #expect(other[path: "result", "errors", 0, "code"] as? String == "E503")

        // An error: rendered as on the command line, and nothing is lost.
        let bad = try c.request("solvus/session/evaluate", ["session": "a", "text": "1 K + 1 kJ/mol", "name": "<cell 3>"])
        let rendered = try #require(bad[path: "result", "errors", 0, "rendered"] as? String)
        #expect(rendered.hasPrefix("error[E301]: cannot add a temperature (K) and a molar energy (kJ/mol)\n --> <cell 3>:1:5"))
        #expect(rendered.contains("^"))
        let again = try c.request("solvus/session/evaluate", ["session": "a", "text": "T"])
        #expect(again[path: "result", "entries", 0, "text"] as? String == "900 K")
    }

    @Test func richValuesCompletionAndHelp() throws {
        let c = try RPCClient()
        try c.initialize()
        let r = try c.request("solvus/session/evaluate", ["session": "s", "rich": true, "text": """
            m = regular(17.5 kJ/mol)
            x = 0.1..0.9 step 0.1
            plot(line(x, mix(m, x: x, T: 900 K).G))
            table(gap(m, T: 600 K..1000 K step 200 K))
            """])
        let entries = try #require(r[path: "result", "entries"] as? [[String: Any]])
        let plot = try #require(entries.first { ($0["svg"] as? String) != nil })
        #expect((plot["svg"] as? String)?.contains("<svg") == true)
        #expect((plot["plot"] as? String)?.isEmpty == false)
        let table = try #require(entries.first { ($0["html"] as? String) != nil })
        #expect((table["html"] as? String)?.contains("<th>T [K]</th>") == true)

        let complete = try c.request("solvus/session/complete", ["session": "s", "text": "y = mi", "cursor": 6])
        let matches = try #require(complete[path: "result", "matches"] as? [String])
        #expect(matches.contains("mix") && matches.contains("miedema"))
        #expect(complete[path: "result", "start"] as? Int == 4)
        let elements = try c.request("solvus/session/complete", ["session": "s", "text": "omega(\"AlCo", "cursor": 11])
        #expect(elements[path: "result", "start"] as? Int == 9)
        #expect((elements[path: "result", "matches"] as? [String])?.contains("Co") == true)
        let help = try c.request("solvus/session/help", ["session": "s", "name": "mix"])
        #expect(help[path: "result", "found"] as? Bool == true)
        #expect((help[path: "result", "text"] as? String)?.hasPrefix("mix(") == true)
        let bad = try c.request("solvus/session/complete", ["session": "s", "text": "x", "cursor": 5])
        #expect(bad[path: "error", "code"] as? Int == -32602)
    }

    @Test func cancellingALongCellKeepsTheSession() throws {
        let c = try RPCClient()
        try c.initialize(options: ["timeLimit": 0])
        _ = try c.request("solvus/session/evaluate", ["session": "n", "text": "a = 41\nh(n) = if n <= 0 then 0 else h(n - 1) + 1"])
        let id = c.send("solvus/session/evaluate", ["session": "n", "text": "big = sum(map(h, 1..20000))"])
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        c.notify("$/cancelRequest", ["id": id])
        let answer = try c.response(to: id)
        #expect(Date().timeIntervalSince(started) < 5)
        let stopped = (answer[path: "error", "code"] as? Int == -32800)
            || (answer[path: "result", "errors", 0, "code"] as? String == "E600")
        #expect(stopped, "\(answer)")
        let after = try c.request("solvus/session/evaluate", ["session": "n", "text": "a + 1"])
        #expect(after[path: "result", "entries", 0, "text"] as? String == "42")
    }
}
