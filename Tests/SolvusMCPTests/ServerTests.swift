import Foundation
import SolvusTestSupport
import Testing

/// Runs the built `solvus --mcp` on a list of lines (standard input closed after them) and returns
/// the JSON messages it wrote, in order.
func exchange(_ lines: [String], arguments: [String] = []) throws -> [[String: Any]] {
    guard let exe = BuiltCommand.executable else { throw CancellationError() }
    let process = Process()
    process.executableURL = exe
    process.arguments = ["--mcp"] + arguments
    process.currentDirectoryURL = BuiltCommand.root
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Write on another thread: a large message must not block while the answers pile up.
    let data = Data((lines.joined(separator: "\n") + "\n").utf8)
    let writer = Thread {
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: out, as: UTF8.self).split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
}

func request(_ id: Int, _ method: String, _ params: [String: Any]) -> String {
    let data = try? JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": id, "method": method, "params": params])
    return String(decoding: data ?? Data(), as: UTF8.self)
}

let initialize = request(0, "initialize", ["protocolVersion": "2025-06-18", "capabilities": [String: Any](),
                                           "clientInfo": ["name": "test", "version": "1"]])

func answer(_ messages: [[String: Any]], id: Int) -> [String: Any]? {
    messages.first { ($0["id"] as? Int) == id }
}

func structured(_ m: [String: Any]?) -> [String: Any] {
    ((m?["result"] as? [String: Any])?["structuredContent"] as? [String: Any]) ?? [:]
}

func quantity(_ v: Any?) -> (value: Double, unit: String)? {
    guard let q = v as? [String: Any], let value = q["value"] as? Double, let unit = q["unit"] as? String else { return nil }
    return (value, unit)
}

/// Seed 002's Cantor alloy through the `omega` tool: Ω 5.794, δ 3.164 %; a units error through
/// `evaluate` is a tool error with E301.
@Test func omegaAndAUnitsError() throws {
    let messages = try exchange([
        initialize,
        request(1, "tools/call", ["name": "omega", "arguments": ["comp": "CoCrFeMnNi"]]),
        request(2, "tools/call", ["name": "evaluate", "arguments": ["text": "1 K + 1 kJ/mol"]]),
    ])
    let value = structured(answer(messages, id: 1))["value"] as? [String: Any]
    let omega = try #require(quantity(value?["omega"]))
    let delta = try #require(quantity(value?["delta"]))
    #expect(abs(omega.value - 5.794) < 5e-4)
    #expect(abs(delta.value - 3.164) < 5e-4 && delta.unit == "%")
    let error = try #require(answer(messages, id: 2)?["result"] as? [String: Any])
    #expect(error["isError"] as? Bool == true)
    let text = ((error["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
    #expect(text.hasPrefix("error[E301]: cannot add a temperature (K) and a molar energy (kJ/mol)"))
}

/// Malformed lines get JSON-RPC errors, and the server answers what follows.
@Test func malformedInputKeepsTheServerServing() throws {
    let huge = String(repeating: "1 + ", count: 2_500_000) + "1"
    let messages = try exchange([
        initialize,
        "this is not json",
        request(1, "no/such/method", [:]),
        request(2, "tools/call", ["arguments": [String: Any]()]),
        request(3, "tools/call", ["name": "no_such_tool"]),
        request(4, "tools/call", ["name": "evaluate", "arguments": ["text": huge]]),
        request(5, "ping", [:]),
    ])
    func code(_ m: [String: Any]?) -> Int? { (m?["error"] as? [String: Any])?["code"] as? Int }
    #expect(code(messages.first { $0["id"] is NSNull }) == -32700)
    #expect(code(answer(messages, id: 1)) == -32601)
    #expect(code(answer(messages, id: 2)) == -32602)
    #expect(code(answer(messages, id: 3)) == -32602)
    #expect(code(answer(messages, id: 4)) == -32602)
    #expect(answer(messages, id: 5)?["result"] is [String: Any])
}
