/// Collects printed text up to a limit, so that a script printing in a loop cannot fill memory.
final class OutputCapture {
    static let limit = 1 << 20
    private(set) var bytes: [UInt8] = []
    private(set) var truncated = false

    func append(_ s: String) {
        let room = OutputCapture.limit - bytes.count
        if s.utf8.count > room { truncated = true }
        bytes.append(contentsOf: s.utf8.prefix(max(0, room)))
    }

    /// What was printed since the last call, emptying the buffer.
    func take() -> (text: String, truncated: Bool) {
        defer { bytes = []; truncated = false }
        return (String(decoding: bytes, as: UTF8.self), truncated)
    }
}
