import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SolvusTestSupport

/// A test client: starts the built `solvus --rpc` and talks to it over pipes, as an editor does.
final class RPCClient: @unchecked Sendable {
    static var root: URL { BuiltCommand.root }
    static var executable: URL? { BuiltCommand.executable }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private let condition = NSCondition()
    private var received: [[String: Any]] = []
    private var buffer = Data()
    private var nextID = 1000
    /// How the reading of the server's output ended, if it did (shown when a wait fails).
    private var streamEnd: String?

    init() throws {
        guard let exe = RPCClient.executable else { throw Failure(description: "solvus is not built") }
        process.executableURL = exe
        process.arguments = ["--rpc"]
        process.currentDirectoryURL = RPCClient.root
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Each stream is read by a thread of its own with blocking reads, on a duplicate of its
        // descriptor that the thread closes at the end of the stream. (Dispatch-based reading,
        // `readabilityHandler`, now and then delivered nothing for tens of seconds while many
        // tests ran in the process.)
        RPCClient.read(output.fileHandleForReading.fileDescriptor, deliver: { [weak self] bytes in
            guard let self else { return false }
            self.condition.lock()
            self.buffer.append(contentsOf: bytes)
            self.parseFrames()
            self.condition.broadcast()
            self.condition.unlock()
            return true
        }, end: { [weak self] how in
            guard let self else { return }
            self.condition.lock()
            self.streamEnd = how
            self.condition.broadcast()
            self.condition.unlock()
        })
        // Keep standard error drained; it is for people, never for the protocol.
        RPCClient.read(errors.fileHandleForReading.fileDescriptor, deliver: { _ in true }, end: { _ in })
    }

    /// Reads `fd` (duplicated) on a new thread until the end of the stream or until `deliver`
    /// returns false; `end` is told how reading ended.
    private static func read(_ fd: Int32, deliver: @escaping @Sendable (ArraySlice<UInt8>) -> Bool,
                             end: @escaping @Sendable (String) -> Void) {
        let own = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard own >= 0 else { return end("dup failed: errno \(errno)") }
        let thread = Thread {
            defer { close(own) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(own, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n < 0 { return end("read failed: \(String(cString: strerror(errno)))") }
                if n == 0 { return end("end of the server's output") }
                guard deliver(chunk[0..<n]) else { return }
            }
        }
        thread.start()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    private func parseFrames() {
        while let headerEnd = buffer.range(of: Data("\r\n\r\n".utf8)) {
            let header = String(decoding: buffer[buffer.startIndex..<headerEnd.lowerBound], as: UTF8.self)
            guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                  let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else { return }
            guard buffer.count - (headerEnd.upperBound - buffer.startIndex) >= length else { return }
            let body = buffer[headerEnd.upperBound..<headerEnd.upperBound + length]
            if let message = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
                received.append(message)
            } else {
                received.append(["unparsable": String(decoding: body, as: UTF8.self)])
            }
            buffer = Data(buffer[(headerEnd.upperBound + length)...])
        }
    }

    // MARK: - Sending

    /// Writes raw bytes, framing included or not.
    func write(_ bytes: Data) {
        try? input.fileHandleForWriting.write(contentsOf: bytes)
    }

    /// Writes a body with a correct `Content-Length`.
    func write(body: Data) {
        write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func notify(_ method: String, _ params: Any) {
        write(body: try! JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "method": method, "params": params]))
    }

    /// Sends a request and returns its id.
    @discardableResult
    func send(_ method: String, _ params: Any? = nil, id: Int? = nil) -> Int {
        let id = id ?? { nextID += 1; return nextID }()
        var message: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { message["params"] = params }
        write(body: try! JSONSerialization.data(withJSONObject: message))
        return id
    }

    /// Sends a request and waits for its response.
    func request(_ method: String, _ params: Any? = nil, timeout: TimeInterval = 30) throws -> [String: Any] {
        try response(to: send(method, params), timeout: timeout)
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    // MARK: - Receiving

    /// Waits for the first message received that matches, and takes it.
    func take(timeout: TimeInterval = 30, where match: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let i = received.firstIndex(where: match) { return received.remove(at: i) }
            guard condition.wait(until: deadline) else {
                let ended = streamEnd.map { " (\($0))" } ?? ""
                throw Failure(description: "no matching message in \(timeout) s\(ended); received: \(received)")
            }
        }
    }

    func response(to id: Int, timeout: TimeInterval = 30) throws -> [String: Any] {
        try take(timeout: timeout) { ($0["id"] as? Int) == id }
    }

    /// The next published diagnostics of `uri`.
    func diagnostics(_ uri: String, timeout: TimeInterval = 30) throws -> [[String: Any]] {
        let m = try take(timeout: timeout) {
            $0["method"] as? String == "textDocument/publishDiagnostics"
                && ($0["params"] as? [String: Any])?["uri"] as? String == uri
        }
        return (m["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
    }

    /// The messages received and not taken.
    var pending: [[String: Any]] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    /// Waits for the server to end; nil if it did not within the timeout.
    func exitStatus(timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(2_000)
        }
        return process.terminationStatus
    }

    // MARK: - Conveniences

    /// Starts a session: `initialize` (with options and a workspace folder) and `initialized`.
    @discardableResult
    func initialize(options: [String: Any]? = nil, root: URL? = nil,
                    encodings: [String]? = nil) throws -> [String: Any] {
        var params: [String: Any] = ["processId": NSNull(), "capabilities": [:] as [String: Any]]
        if let root { params["rootUri"] = root.absoluteString }
        if let options { params["initializationOptions"] = options }
        if let encodings { params["capabilities"] = ["general": ["positionEncodings": encodings]] }
        let r = try request("initialize", params)
        notify("initialized", [:] as [String: Any])
        return r
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "solvus", "version": version, "text": text]])
    }

    /// `{"textDocument": {"uri"}, "position": {"line", "character"}}`
    static func at(_ uri: String, _ line: Int, _ character: Int) -> [String: Any] {
        ["textDocument": ["uri": uri], "position": ["line": line, "character": character]]
    }

    static func range(_ l0: Int, _ c0: Int, _ l1: Int, _ c1: Int) -> [String: Any] {
        ["start": ["line": l0, "character": c0], "end": ["line": l1, "character": c1]]
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A value down a path of keys and indices: `m[path: "result", "items", 0, "label"]`.
    subscript(path path: Any...) -> Any? {
        var current: Any? = self
        for step in path {
            if let key = step as? String { current = (current as? [String: Any])?[key] }
            else if let i = step as? Int, let array = current as? [Any], i < array.count { current = array[i] }
            else { return nil }
        }
        return current
    }
}
