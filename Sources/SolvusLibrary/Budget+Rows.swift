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
    /// of one chunk runs here.
    static func inRounds(_ chunks: Int, perRound: Int = chunksPerRound, check: () throws -> Void,
                         _ run: (Int) -> Void) throws {
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
            start = end
        }
    }

    /// Runs `kernel` on a row-major table of `width` columns, `rowsPerSlice` rows at a time,
    /// checking the budget between slices, and joins the slices' results with `join`: a kernel
    /// from SolvusModels (which knows nothing of budgets) becomes stoppable within milliseconds.
    func rows<R>(_ table: [Double], width: Int, at range: SourceRange, kernel: ([Double]) -> R,
                 join: (inout R, R) -> Void) throws -> R {
        let n = width == 0 ? 0 : table.count / width
        try check(at: range)
        guard n > Budget.rowsPerSlice else { return kernel(table) }
        var whole: R?
        var start = 0
        while start < n {
            try check(at: range)
            let end = min(n, start + Budget.rowsPerSlice)
            let part = kernel(Array(table[(start * width)..<(end * width)]))
            if var w = whole {
                whole = nil  // one owner while appending
                join(&w, part)
                whole = w
            } else {
                whole = part
            }
            start = end
        }
        return whole ?? kernel([])
    }
}
