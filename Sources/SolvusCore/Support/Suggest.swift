/// "Did you mean ...?" suggestions by edit distance.
public enum Suggest {
    /// The candidate closest to `name`, if it is close enough to be a plausible typo.
    public static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        let target = Array(name.lowercased())
        guard !target.isEmpty, target.count <= 64 else { return nil }
        var best: (String, Int)?
        for c in candidates where c != name {
            let d = distance(target, Array(c.lowercased()))
            let limit = max(1, min(3, target.count / 3 + (target.count > 2 ? 1 : 0)))
            guard d <= limit else { continue }
            if let (name, distance) = best, distance < d || (distance == d && name <= c) { continue }
            best = (c, d)
        }
        return best?.0
    }

    /// Levenshtein distance, with a transposition counted as one edit.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if abs(a.count - b.count) > 3 { return 4 }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
