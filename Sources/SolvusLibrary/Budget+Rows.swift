import SolvusCore

extension Budget {
    /// Rows a native kernel runs between two budget checks: about a millisecond of the dearest.
    static let rowsPerSlice = 4096

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
