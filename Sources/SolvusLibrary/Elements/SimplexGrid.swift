/// The compositions of a simplex lattice, written straight into one preallocated row-major
/// matrix: what `grid` returns, and what screening walks chunk by chunk.
enum SimplexGrid {
    /// The `rows` compositions of `parts` elements in steps of 1/`divisions`, in `grid`'s
    /// order (the first element slowest, from 1 down to 0), as fractions row-major.
    /// `check` is called every 4,096 rows with the row reached (budget and interrupt).
    static func fractions(parts k: Int, divisions n: Int, rows: Int,
                          check: (Int) throws -> Void) throws -> [Double] {
        guard k > 0, rows > 0 else { return [] }
        // c/n for every count, so that each fraction is the same division as always.
        let table = (0...n).map { Double($0) / Double(n) }
        var counts = [Int](repeating: 0, count: k)
        counts[0] = n
        return try [Double](unsafeUninitializedCapacity: rows * k) { buffer, initialized in
            var written = 0
            defer { initialized = written }
            for row in 0..<rows {
                if row & 4095 == 0 { try check(row) }
                let base = row * k
                for i in 0..<k { buffer[base + i] = table[counts[i]] }
                written = base + k
                // The next composition: take one from the last of the first k - 1 elements that
                // has any, and give it, with everything after, to the element that follows.
                var j = k - 2
                while j >= 0 && counts[j] == 0 { j -= 1 }
                if j < 0 { break }
                counts[j] -= 1
                var rest = counts[k - 1] + 1
                for i in (j + 1)..<(k - 1) { rest += counts[i]; counts[i] = 0 }
                counts[j + 1] = rest
                if j + 1 != k - 1 { counts[k - 1] = 0 }
            }
        }
    }
}
