import Dispatch
import SolvusCore

extension Budget {
    /// Rows a native kernel runs between two budget checks: about a millisecond of the dearest.
    static let rowsPerSlice = 4096

    /// Chunks (of `rowsPerSlice` rows) run on every core between two checks of the budget: 32,
    /// a few ms of a five-component database liquid on two cores (with fewer, waiting for the
    /// slowest chunk of each round cost more than the checks).
    static let chunksPerRound = 32

    /// Runs `run(c)` for every chunk c in 0..<chunks on every core, `perRound` at a time, calling
    /// `check` on this thread before each round; its error stops the rest and is thrown. A round
    /// of one chunk runs here. `afterRound` is called here with each round's chunks once they
    /// have all run.
    static func inRounds(_ chunks: Int, perRound: Int = chunksPerRound, check: () throws -> Void,
                         afterRound: (Range<Int>) -> Void = { _ in }, _ run: (Int) -> Void) throws {
        let perRound = max(1, perRound)
        var start = 0
        while start < chunks {
            try check()
            let end = min(chunks, start + perRound)
            if end - start == 1 {
                run(start)
            } else {
                DispatchQueue.concurrentPerform(iterations: end - start) { run(start + $0) }
            }
            afterRound(start..<end)
            start = end
        }
    }

    /// Runs `run(slice, rows)` for every slice of `rowsPerSlice` rows of 0..<n, on every core as
    /// `inRounds` runs chunks (the slice's number and its rows).
    static func inSlices(of n: Int, perRound: Int = chunksPerRound, check: () throws -> Void,
                         afterRound: (Range<Int>) -> Void = { _ in }, _ run: (Int, Range<Int>) -> Void) throws {
        let size = rowsPerSlice
        try inRounds((n + size - 1) / size, perRound: perRound, check: check, afterRound: afterRound) { c in
            run(c, (c * size)..<min(n, (c + 1) * size))
        }
    }

    /// Runs `kernel` on a row-major table of `width` columns, `rowsPerSlice` rows at a time,
    /// slices on every core (`inRounds`), checking the budget between rounds, and joins the
    /// slices' results in order with `join`: a kernel from SolvusModels (which knows nothing of
    /// budgets) becomes stoppable within milliseconds. Each slice is computed alone, so the result
    /// is the same on any number of cores.
    func rows<R>(_ table: [Double], width: Int, at range: SourceRange, kernel: ([Double]) -> R,
                 join: (inout R, R) -> Void) throws -> R {
        let n = width == 0 ? 0 : table.count / width
        try check(at: range)
        guard n > Budget.rowsPerSlice else { return kernel(table) }
        var whole: R?
        // One round's results, by slice; joined in order once the round has run.
        var parts = [R?](repeating: nil, count: Budget.chunksPerRound)
        try parts.withUnsafeMutableBufferPointer { round in
            var first = 0
            try Budget.inSlices(of: n, check: { try check(at: range) }, afterRound: { done in
                for i in 0..<done.count {
                    guard let part = round[i] else { continue }
                    round[i] = nil
                    if var w = whole {
                        whole = nil  // one owner while appending
                        join(&w, part)
                        whole = w
                    } else {
                        whole = part
                    }
                }
                first = done.upperBound
            }) { slice, rows in
                round[slice - first] = kernel(Array(table[(rows.lowerBound * width)..<(rows.upperBound * width)]))
            }
        }
        return whole ?? kernel([])
    }
}
