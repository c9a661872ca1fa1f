import SolvusFoundation
import SolvusCore
import SolvusServer
import Synchronization

/// The requests read but not yet handled, between the reading thread and the handling one; and
/// the flag that lets a cancellation stop the evaluation running.
final class MessageQueue: @unchecked Sendable {
    private let condition = Condition()
    private var items: [(MessageID?, String, JSONValue?)] = []
    private var head = 0
    private var ended = false
    private var current: MessageID?
    private var cancelled = false
    /// Read by the evaluator between steps.
    let interrupted = Atomic<Bool>(false)

    func push(_ id: MessageID?, _ method: String, _ params: JSONValue?) {
        condition.lock()
        items.append((id, method, params))
        condition.signal()
        condition.unlock()
    }

    /// A cancellation: a waiting request is dropped, the running one interrupted.
    func cancel(_ id: MessageID) {
        condition.lock()
        defer { condition.unlock() }
        if let i = items[head...].firstIndex(where: { $0.0 == id }) {
            items.remove(at: i)
        } else if current == id {
            cancelled = true
            interrupted.store(true, ordering: .relaxed)
        }
    }

    func finish() {
        condition.lock()
        ended = true
        condition.signal()
        condition.unlock()
    }

    /// The next message, waiting for one; nil when the input has ended and all were handled.
    func pop() -> (MessageID?, String, JSONValue?)? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !ended { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        current = item.0
        cancelled = false
        interrupted.store(false, ordering: .relaxed)
        return item
    }

    /// Ends the current request; true if it was cancelled while it ran.
    func finishRequest() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        current = nil
        let was = cancelled
        cancelled = false
        return was
    }

    /// What the evaluator polls: whether the running request was cancelled.
    var interrupt: () -> Bool {
        { [self] in self.interrupted.exchange(false, ordering: .relaxed) }
    }
}
