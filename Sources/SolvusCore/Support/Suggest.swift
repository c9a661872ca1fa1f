/// "Did you mean ...?" suggestions by edit distance.
public enum Suggest {
    /// The candidate closest to `name`, if it is close enough to be a plausible typo.
    public static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        let target = Array(name)
        guard !target.isEmpty, target.count <= 64 else { return nil }
        let lowered = name.lowercased()
        // Edits allowed grow with the typed name: none for one letter (only a change of case,
        // x -> X), one up to five letters, two up to eight, three beyond; case counts as an
        // edit unless the names differ only in case, so `foo` does not suggest F, `nan` NA,
        // nor `X` B.
        let limit = target.count <= 1 ? 0 : target.count <= 5 ? 1 : target.count <= 8 ? 2 : 3
        var best: (String, Int)?
        for c in candidates where c != name {
            let d = c.lowercased() == lowered ? 0 : distance(target, Array(c))
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
