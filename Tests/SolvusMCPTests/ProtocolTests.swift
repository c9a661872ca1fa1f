import Foundation
@testable import SolvusMCP
import SolvusServer
import Testing

/// How each kind of line is classified.
@Test(arguments: [
    ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}", "request 1 ping"),
    ("{\"jsonrpc\": \"2.0\", \"id\": \"a\", \"method\": \"ping\", \"params\": {}}", "request a ping"),
    ("{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}", "notification"),
    ("{\"jsonrpc\": \"2.0\", \"id\": 3, \"result\": {}}", "response"),
    ("not json", "invalid -32700"),
    ("[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}]", "invalid -32600"),
    ("42", "invalid -32600"),
    ("{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"ping\"}", "invalid -32600 1"),
    ("{\"jsonrpc\": \"2.0\", \"id\": 1.5, \"method\": \"ping\"}", "invalid -32600"),
    ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 7}", "invalid -32600 1"),
    ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\", \"params\": 5}", "invalid -32600 1"),
    ("{\"jsonrpc\": \"2.0\", \"id\": 1}", "invalid -32600 1"),
])
func classify(line: String, expected: String) {
    let got: String
    switch Incoming.parse(Array(line.utf8)) {
    case .request(let id, let method, _):
        switch id {
        case .number(let n): got = "request \(n) \(method)"
        case .string(let s): got = "request \(s) \(method)"
        }
    case .notification: got = "notification"
    case .response: got = "response"
    case .invalid(let id, let error):
        got = "invalid \(error.code.rawValue)" + (id.map { if case .number(let n) = $0 { " \(n)" } else { "" } } ?? "")
    }
    #expect(got == expected)
}

/// Numbers keep ids integral, non-finite values become strings, and strings are escaped.
@Test func jsonText() {
    #expect(JSONText.write(.object([("id", .number(1)), ("x", .number(0.5)), ("o", .number(.infinity)),
                                    ("s", .string("a\"b\n\u{1}Ω"))]))
            == #"{"id":1,"x":0.5,"o":"inf","s":"a\"b\n\u0001Ω"}"#)
}

/// A line longer than the limit is skipped to its newline and reported by its length.
@Test func overlongLineIsSkipped() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let text = String(repeating: "x", count: 100) + "\n{\"a\": 1}\n"
    _ = text.withCString { write(fds[1], $0, strlen($0)) }
    close(fds[1])
    let reader = LineReader(fd: fds[0], limit: 50)
    guard case .tooLong(let n)? = reader.next() else { Issue.record("expected an over-long line"); return }
    #expect(n == 100)
    guard case .message(let m)? = reader.next() else { Issue.record("expected a message"); return }
    #expect(String(decoding: m, as: UTF8.self) == "{\"a\": 1}")
    #expect(reader.next() == nil)
    close(fds[0])
}
