import SolvusFoundation
import SolvusCore

/// Numbered chunks of work done by worker threads a bounded distance ahead of one consumer,
/// which takes the results strictly in order. The chunk boundaries are fixed by the caller and
/// the consumer sees the same sequence of results whatever the number of threads, so anything
/// it computes from them (sums, counts, top-k) is the same to the last bit.
///
/// At most `window` chunks are claimed but not yet taken, so memory stays bounded however far
/// the workers could run ahead. `stop()` makes the workers finish the chunk in hand and waits
/// for them: nothing runs after it returns.
final class ChunkPipeline<Output>: @unchecked Sendable {
    let count: Int
    private let window: Int
    private let work: (Int) -> Output
    // Guarded by `condition`.
    private let condition = Condition()
    private var results: [Int: Output] = [:]
    private var claimed = 0
    private var taken = 0
    private var stopping = false
    private var running = 0

    /// Starts `threads` workers on chunks 0..<count.
    init(count: Int, threads: Int, window: Int, work: @escaping (Int) -> Output) {
        self.count = count
        self.window = max(window, 1)
        self.work = work
        running = threads
        for _ in 0..<threads {
            if !Threads.detach(stackSize: 4 << 20, { [self] in self.workerLoop() }) {
                condition.withLock { running -= 1 }
            }
        }
    }

    private func workerLoop() {
        condition.lock()
        while true {
            while !stopping && claimed < count && claimed >= taken + window { condition.wait() }
            if stopping || claimed >= count { break }
            let i = claimed
            claimed += 1
            condition.unlock()
            let out = work(i)
            condition.lock()
            results[i] = out
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The result of chunk `i`, waiting for it; chunks are taken in order 0, 1, 2, ...
    func take(_ i: Int) -> Output? {
        condition.lock()
        defer { condition.unlock() }
        while results[i] == nil && !stopping && running > 0 { condition.wait() }
        guard let out = results.removeValue(forKey: i) else { return nil }
        taken = i + 1
        condition.broadcast()
        return out
    }

    /// Stops the workers after the chunks in hand and waits until none runs.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        results = [:]
        condition.unlock()
    }
}
