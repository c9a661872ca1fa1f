import Foundation
import SolvusCore
import Testing
@testable import SolvusServer

/// The server's parts in process: positions, framing, message checks, cursor context.
struct UnitTests {
    /// In "Å𝛀 + 1", `+` is at byte 7, UTF-16 unit 4 (𝛀 takes two) and scalar 3.
    @Test(arguments: [(PositionEncoding.utf8, 7), (.utf16, 4), (.utf32, 3)])
    func positionsCountTheNegotiatedUnits(encoding: PositionEncoding, column: Int) {
        let doc = TextDocument("x\r\nÅ𝛀 + 1\n")
        let plus = Array(doc.bytes).firstIndex(of: UInt8(ascii: "+"))!
        let p = doc.position(of: plus, encoding)
        #expect(p == Position(line: 1, character: column))
        #expect(doc.offset(of: p, encoding) == plus)
        // Past the end of a line is its end (before `\r\n`), past the last line the end.
        #expect(doc.offset(of: Position(line: 0, character: 99), encoding) == 1)
        #expect(doc.offset(of: Position(line: 9, character: 0), encoding) == doc.bytes.count)
    }

    @Test func incrementalEdits() {
        var doc = TextDocument("T = 900 K\nΩ = 1\n")
        doc.replace(doc.byteRange(TextRange(start: Position(line: 1, character: 4), end: Position(line: 1, character: 5)), .utf16),
                    with: "17.5 kJ/mol\nx = 2")
        #expect(doc.text == "T = 900 K\nΩ = 17.5 kJ/mol\nx = 2\n")
        #expect(doc.lineStarts == [0, 10, 27, 33])
    }

    /// Frames from bytes written to a pipe.
    private func frames(_ input: String) -> [FrameReader.Frame] {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try? pipe.fileHandleForWriting.close()
        let reader = FrameReader(fd: pipe.fileHandleForReading.fileDescriptor)
        var out: [FrameReader.Frame] = []
        while let f = reader.next() { out.append(f) }
        return out
    }

    @Test func framing() {
        #expect(frames("Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]") == [.body(Array("{}".utf8)), .body(Array("[1]".utf8))])
        #expect(frames("junk\r\nContent-Length: 2\r\n\r\n{}") == [.body(Array("{}".utf8))])
        #expect(frames("X: 1\r\n\r\n{}") == [.malformed("missing Content-Length header")])
        #expect(frames("Content-Length: -3\r\n\r\n") == [.malformed("invalid Content-Length header")])
        #expect(frames("Content-Length: 50\r\n\r\n{}Content-Length: 2\r\n\r\n[]") == [.body(Array("{}".utf8)), .body(Array("[]".utf8))])
        #expect(frames("Content-Length: 9\r\n\r\n{}") == [])
    }

    @Test(arguments: [
        ("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"m\"}", Envelope.Kind.request(.number(3))),
        ("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"m\"}", .request(.string("a"))),
        ("{\"jsonrpc\":\"2.0\",\"method\":\"m\"}", .notification),
        ("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}", .response),
        ("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"m\"}", .invalid("\"id\" must be a number or a string")),
    ])
    func envelopes(body: String, kind: Envelope.Kind) throws {
        let e = try Envelope.decode(Array(body.utf8), with: JSONDecoder()).get()
        #expect(e.kind == kind)
    }

    @Test func cancelAndChangeParamsAreReadEarly() throws {
        let cancel = try Envelope.decode(Array("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":4}}".utf8),
                                         with: JSONDecoder()).get()
        #expect(cancel.cancelID == .number(4))
        let change = try Envelope.decode(Array("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"u\"}}}".utf8),
                                         with: JSONDecoder()).get()
        #expect(change.uri == "u")
    }

    /// `|` marks the cursor.
    private func context(_ marked: String) -> CursorContext {
        let i = marked.utf8.firstIndex(of: UInt8(ascii: "|"))!
        let offset = marked.utf8.distance(from: marked.utf8.startIndex, to: i)
        return CursorContext(TextDocument(marked.replacingOccurrences(of: "|", with: "")), offset: offset)
    }

    @Test func cursorContexts() {
        #expect(context("x = mi|").place == .code)
        #expect(context("x = omega(\"Al0.5Co|").place == .string)
        #expect(context("x = omega(\"CoCr\") + m|").place == .code)
        #expect(context("x = omega({Cu: 0.5, N|").place == .recordKey)
        #expect(context("x = omega({Cu: 0.5, Ni: 0.|").place == .code)
        #expect(context("g(x) = {\n  y|").place == .code)
        #expect(context("m.|").place == .field(of: "m"))
        #expect(context("m.G|").place == .field(of: "m"))
        #expect(context("x = 1 # mi|").place == .comment)
        #expect(context("x = \"#\" + mi|").place == .code)
        let call = context("mix(m, T: 900 K, |").call
        #expect(call?.name == "mix")
        #expect(call?.labels == [nil, "T", nil])
        #expect(context("mix(regular(1 kJ/mol), x: [0.1, 0.|").call?.labels == [nil, "x"])
        #expect(context("f(x) + 1|").call == nil)
    }

    @Test func activeParameters() {
        let names = ["model", "x", "T"]
        #expect(RPCServer.activeParameter([nil], names) == 0)
        #expect(RPCServer.activeParameter([nil, nil], names) == 1)
        #expect(RPCServer.activeParameter([nil, "T", nil], names) == 1)
        #expect(RPCServer.activeParameter(["x", nil], names) == 0)
        #expect(RPCServer.activeParameter([nil, "T"], names) == 2)
        #expect(RPCServer.spans(of: names, in: "mix(model, x:, T:) -> {G, H, S}") == [4..<9, 11..<12, 15..<16])
        #expect(RPCServer.spans(of: ["q"], in: "f(x)") == nil)
    }

    @Test func briefValues() {
        let big = Value.array(QuantityArray(Array(repeating: 1, count: 1_000_000), .none))
        let text = ValueText.brief(big, limit: 20)
        #expect(text.count == 20)
        #expect(text.hasSuffix("…"))
        #expect(ValueText.brief(.record(Record([("G", .number(1)), ("Bi-Sb", .string("a"))])), limit: 60) == "{G: 1, \"Bi-Sb\": \"a\"}")
    }

    @Test func valuesAsJSONAreCut() {
        var json = ValueJSON()
        let big = Value.array(QuantityArray(Array(repeating: 1, count: ValueJSON.maxItems + 5), .none))
        guard case .array(let items) = json.convert(big) else { Issue.record("not an array"); return }
        #expect(items.count < ValueJSON.maxItems)
        #expect(json.truncated)
    }

    @Test func options() throws {
        let o = try ServerOptions(.object([("timeLimit", .number(0.25)), ("maxElements", .number(1000))]))
        #expect(o.limits.timeLimit == .milliseconds(250))
        #expect(o.limits.maxElements == 1000)
        #expect(try ServerOptions(.array([])) == ServerOptions())
        #expect(throws: ResponseError.self) { try ServerOptions(.object([("maxCallDepth", .number(1e6))])) }
    }

    /// The server driven in process, through pipes.
    @Test func inProcessRoundTrip() throws {
        let toServer = Pipe(), fromServer = Pipe()
        let server = RPCServer(input: toServer.fileHandleForReading.fileDescriptor, output: fromServer.fileHandleForWriting.fileDescriptor)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status: Int32 = -1
        Thread.detachNewThread {
            LargeStack.run { status = server.run() }
            done.signal()
        }
        func send(_ body: String) { toServer.fileHandleForWriting.write(Data("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)) }
        send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        send(#"{"jsonrpc":"2.0","id":2,"method":"solvus/evaluate","params":{"text":"critical(regular(17.5 kJ/mol)).T"}}"#)
        send(#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#)
        send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(status == 0)
        try fromServer.fileHandleForWriting.close()
        let out = String(decoding: fromServer.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(out.contains(#""text":"1052.38 K""#))
        #expect(out.hasSuffix("Content-Length: 38\r\n\r\n" + #"{"id":3,"jsonrpc":"2.0","result":null}"#))
        // The reading thread still reads after `exit`; it holds the input's handle, so the
        // descriptor cannot be closed, and reused by another test's stream, under it. The end of
        // the input ends it.
        try toServer.fileHandleForWriting.close()
    }
}
