import SolvusFoundation
import SolvusCore
import Synchronization

/// The messages read but not yet handled, between the reading thread and the thread that
/// evaluates; and what lets the reader stop an evaluation that no longer matters.
final class Inbox: @unchecked Sendable {
    /// What the handling thread is busy with, so that the reader can interrupt it.
    enum Work: Equatable {
        case request(RequestID)
        case document(String)
    }

    private let condition = Condition()
    private var queue: [Envelope] = []
    private var head = 0
    private var ended = false
    private var current: Work?
    /// Set shortly after `shutdown` or `exit` arrives: every evaluation from then on is interrupted.
    private var closing = false
    /// Whether a `shutdown` request was read (for the status of a forced exit).
    private(set) var shutdownRead = false
    /// Read by the evaluator between steps (`takeInterrupt`).
    let interrupted = Atomic<Bool>(false)

    /// Queues a message. A `$/cancelRequest` is acted on here: a queued request is removed
    /// (and returned, to be answered as cancelled); a running one is interrupted. A change to
    /// a document whose evaluation is running interrupts that evaluation.
    func push(_ message: Envelope) -> RequestID? {
        condition.lock()
        defer { condition.unlock() }
        if message.method == "$/cancelRequest", let id = message.cancelID {
            if let i = queue[head...].firstIndex(where: { $0.kind == .request(id) }) {
                queue.remove(at: i)
                return id
            }
            if current == .request(id) { interrupted.store(true, ordering: .relaxed) }
            return nil
        }
        if message.changesText, let uri = message.uri, current == .document(uri) {
            interrupted.store(true, ordering: .relaxed)
        }
        // The editor is leaving: after a short grace, stop what runs (even without a time
        // limit) and what waits.
        if message.method == "exit" || (message.method == "shutdown" && message.kind != .notification), !leaving {
            leaving = true
            if message.method == "shutdown" { shutdownRead = true }
            Threads.detach { [self] in
                Threads.sleep(Inbox.leavingGrace)
                close()
            }
        }
        queue.append(message)
        condition.signal()
        return nil
    }

    /// No more messages will come.
    func finish() {
        condition.lock()
        ended = true
        condition.signal()
        condition.unlock()
    }

    /// The next message, waiting for one; nil when the input has ended and all were handled.
    func pop() -> Envelope? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !ended { condition.wait() }
        guard head < queue.count else { return nil }
        let message = queue[head]
        head += 1
        // Messages handled are let go soon: each holds its body (a whole document, for some).
        if head == queue.count {
            queue.removeAll(keepingCapacity: queue.count <= 1024)
            head = 0
        } else if head > 64, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return message
    }

    /// How long an evaluation running when `shutdown` or `exit` arrives may go on before it is
    /// stopped (so that a client sending requests and `shutdown` together gets its answers).
    static let leavingGrace = 0.5
    /// Whether `shutdown` or `exit` was read.
    private var leaving = false
    /// Set when the server has stopped serving (its `run` returned).
    let served = Atomic<Bool>(false)

    /// Interrupts the running evaluation and all later ones, after `shutdown` or `exit`.
    private func close() {
        condition.lock()
        defer { condition.unlock() }
        guard leaving else { return }
        closing = true
        if current != nil { interrupted.store(true, ordering: .relaxed) }
    }

    /// `shutdown` was refused (it came before `initialize`): evaluations run again.
    func reopen() {
        condition.lock()
        closing = false
        leaving = false
        shutdownRead = false
        condition.unlock()
    }

    /// Whether a later change or close of `uri` is waiting (so this one need not be evaluated).
    func hasQueuedChange(to uri: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return queue[head...].contains { $0.uri == uri && $0.changesText }
    }

    /// Runs `body` as `work`, interruptible by the reader; returns its result and whether it
    /// was interrupted.
    func perform<T>(_ work: Work, _ body: () -> T) -> (T, interrupted: Bool) {
        condition.lock()
        current = work
        interrupted.store(closing, ordering: .relaxed)
        condition.unlock()
        let result = body()
        condition.lock()
        current = nil
        let stopped = interrupted.exchange(false, ordering: .relaxed)
        condition.unlock()
        return (result, stopped)
    }
}
