/// The compositions of a simplex lattice: every composition of `parts` elements whose fractions
/// are multiples of 1/`divisions`, in `grid`'s order (the first element slowest, from 1 down to
/// 0; then the second; and so on). Any row can be reached directly, so the lattice is read in
/// independent chunks (screening on several threads) without ever being stored whole.
public struct SimplexLattice: Sendable, Equatable {
    public let parts: Int
    public let divisions: Int
    /// C(divisions + parts - 1, parts - 1); `nil` where that is not an `Int`.
    public let count: Int?

    public init(parts: Int, divisions: Int) {
        self.parts = parts
        self.divisions = divisions
        count = parts >= 1 && divisions >= 0 ? SimplexLattice.compositions(of: divisions, into: parts) : nil
    }

    /// The number of ways to write `m` as an ordered sum of `p` non-negative counts,
    /// C(m + p - 1, p - 1), or nil when it overflows.
    static func compositions(of m: Int, into p: Int) -> Int? {
        guard p >= 1, m >= 0 else { return p >= 1 ? 0 : nil }
        var c = 1
        // C(m + i, i) for i = 1 ... p - 1: each step exact (the product of i consecutive
        // integers is divisible by i!).
        for i in 1..<p {
            let (product, overflow) = c.multipliedReportingOverflow(by: m + i)
            guard !overflow else { return nil }
            c = product / i
        }
        return c
    }

    /// The counts (fractions times `divisions`) of row `row`.
    public func counts(atRow row: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: parts)
        var rest = divisions, r = row
        for i in 0..<(parts - 1) {
            // The rows with element i at c come in blocks, c from `rest` down to 0; the first m
            // blocks (element i above rest - m) hold C(m - 1 + q, q) rows, q the elements after
            // i. Element i is rest - m for the largest m whose blocks end at or before row r.
            let q = parts - 1 - i
            func before(_ m: Int) -> Int {
                m == 0 ? 0 : SimplexLattice.compositions(of: m - 1, into: q + 1) ?? Int.max
            }
            var low = 0, high = rest
            while low < high {
                let mid = low + (high - low + 1) / 2
                if before(mid) <= r { low = mid } else { high = mid - 1 }
            }
            r -= before(low)
            counts[i] = rest - low
            rest = low
        }
        counts[parts - 1] = rest
        return counts
    }

    /// The counts of the row after the one given, in place; false after the last row.
    static func advance(_ counts: inout [Int], parts k: Int) -> Bool {
        counts.withUnsafeMutableBufferPointer { advance($0, parts: k) }
    }

    /// c/n for every count c: each fraction is the same division wherever a row is made.
    public var fractionTable: [Double] { (0...divisions).map { Double($0) / Double(divisions) } }

    /// Writes the fractions of `rows` into `out`, row-major (`parts` per row); `table` is
    /// `fractionTable` (made once by the caller).
    public func fill(_ rows: Range<Int>, into out: UnsafeMutablePointer<Double>, table: [Double]) {
        var counts = counts(atRow: rows.lowerBound)
        fill(rows.count, into: out, table: table, counts: &counts)
    }

    /// Writes `rows` rows from the one whose counts are `counts`, and leaves `counts` at the
    /// row after them: consecutive chunks without finding each start again.
    public func fill(_ rows: Int, into out: UnsafeMutablePointer<Double>, table: [Double], counts: inout [Int]) {
        guard rows > 0, parts > 0, counts.count == parts else { return }
        let k = parts
        table.withUnsafeBufferPointer { t in
            counts.withUnsafeMutableBufferPointer { c in
                var o = out
                var left = rows
                while left > 0 {
                    if k >= 2 {
                        // A run of rows: the first k - 2 counts stay, and one count moves from
                        // element k - 2 to the last at each row, until element k - 2 has none.
                        let run = min(left, c[k - 2] + 1)
                        let a = c[k - 2], b = c[k - 1]
                        if k == 3 {
                            let first = t[c[0]]
                            for s in 0..<run {
                                o[0] = first
                                o[1] = t[a &- s]
                                o[2] = t[b &+ s]
                                o += 3
                            }
                        } else {
                            for s in 0..<run {
                                for i in 0..<(k - 2) { o[i] = t[c[i]] }
                                o[k - 2] = t[a &- s]
                                o[k - 1] = t[b &+ s]
                                o += k
                            }
                        }
                        c[k - 2] = a - (run - 1)
                        c[k - 1] = b + (run - 1)
                        left -= run
                    } else {
                        o[0] = t[c[0]]
                        o += 1
                        left -= 1
                    }
                    // Leave the counts at the row after the last one written.
                    if k >= 2, c[k - 2] > 0 {
                        c[k - 2] -= 1
                        c[k - 1] += 1
                    } else if !SimplexLattice.advance(c, parts: k) {
                        break
                    }
                }
            }
        }
    }

    public func fill(_ rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        fill(rows, into: out, table: fractionTable)
    }

    /// The counts of the row after the one given, in place; false after the last row.
    static func advance(_ counts: UnsafeMutableBufferPointer<Int>, parts k: Int) -> Bool {
        // Take one from the last of the first k - 1 elements that has any, and give it, with
        // everything after it, to the element that follows.
        var j = k - 2
        while j >= 0 && counts[j] == 0 { j -= 1 }
        if j < 0 { return false }
        counts[j] -= 1
        var rest = counts[k - 1] + 1
        for i in (j + 1)..<(k - 1) { rest += counts[i]; counts[i] = 0 }
        counts[j + 1] = rest
        if j + 1 != k - 1 { counts[k - 1] = 0 }
        return true
    }

    /// The fractions of `rows`, row-major. `check` is called every 4,096 rows with the row
    /// reached (budget and interrupt).
    public func fractions(_ rows: Range<Int>, check: (Int) throws -> Void) throws -> [Double] {
        guard parts > 0, !rows.isEmpty else { return [] }
        let k = parts
        let table = fractionTable
        var counts = counts(atRow: rows.lowerBound)
        return try [Double](unsafeUninitializedCapacity: rows.count * k) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var start = rows.lowerBound
            while start < rows.upperBound {
                try check(start)
                let end = min(rows.upperBound, start + 16_384)
                fill(end - start, into: base + (start - rows.lowerBound) * k, table: table, counts: &counts)
                initialized = (end - rows.lowerBound) * k
                start = end
            }
        }
    }

    /// One element's column over `rows`; `check` is called every 4,096 rows with a multiple of
    /// 4,096 (budget and interrupt).
    public func column(_ i: Int, _ rows: Range<Int>, check: (Int) throws -> Void) throws -> [Double] {
        guard i >= 0, i < parts, !rows.isEmpty else { return [] }
        let table = fractionTable
        var counts = counts(atRow: rows.lowerBound)
        let k = parts
        let n = rows.count
        return try counts.withUnsafeMutableBufferPointer { c in
            try [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                var r = 0
                var nextCheck = 0
                while r < n {
                    if r >= nextCheck {
                        // Every 4,096 rows, at the multiple passed (a caller may count on it).
                        try check(nextCheck)
                        nextCheck = (r / 4096 + 1) * 4096
                    }
                    // A run of rows as in `fill`: element i constant before the last two, else
                    // moving one count at a time.
                    let run = k >= 2 ? min(n - r, c[k - 2] + 1) : 1
                    if k >= 2 {
                        let a = c[k - 2], b = c[k - 1]
                        if i < k - 2 {
                            let v = table[c[i]]
                            for s in 0..<run { buffer[r + s] = v }
                        } else if i == k - 2 {
                            for s in 0..<run { buffer[r + s] = table[a - s] }
                        } else {
                            for s in 0..<run { buffer[r + s] = table[b + s] }
                        }
                        c[k - 2] = a - (run - 1)
                        c[k - 1] = b + (run - 1)
                    } else {
                        buffer[r] = table[c[i]]
                    }
                    r += run
                    initialized = r
                    if k >= 2, c[k - 2] > 0 {
                        c[k - 2] -= 1
                        c[k - 1] += 1
                    } else if !SimplexLattice.advance(c, parts: k) {
                        break
                    }
                }
            }
        }
    }
}
