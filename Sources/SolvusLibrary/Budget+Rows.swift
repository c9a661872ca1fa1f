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

    /// Runs `run(slice, rows)` for every slice of `rowsPerSlice` rows of 0..<n, on every core as
    /// `inRounds` runs chunks (the slice's number and its rows).
    static func inSlices(of n: Int, perRound: Int = chunksPerRound, check: () throws -> Void,
                         _ run: (Int, Range<Int>) -> Void) throws {
        let size = rowsPerSlice
        try inRounds((n + size - 1) / size, perRound: perRound, check: check) { c in
            run(c, (c * size)..<min(n, (c + 1) * size))
        }
    }
}
