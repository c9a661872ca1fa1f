/// Iso-value lines of a function on the Gibbs triangle by marching triangles.
enum Contours {
    /// The nodes of the triangular lattice with n divisions, as (a, b) fractions of the first two
    /// components, in the order i = 0...n, j = 0...n-i (a = i/n, b = j/n).
    static func lattice(_ n: Int) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        out.reserveCapacity((n + 1) * (n + 2) / 2)
        for i in 0...n {
            for j in 0...(n - i) { out.append((Double(i) / Double(n), Double(j) / Double(n))) }
        }
        return out
    }

    /// Contour polylines of `values` (one per lattice node) at each level.
    static func lines(values: [Double], n: Int, levels: [Double]) -> [ContourLine] {
        // Index of node (i, j): rows of decreasing length.
        var rowStart = [Int](repeating: 0, count: n + 2)
        for i in 0...n { rowStart[i + 1] = rowStart[i] + (n - i + 1) }
        func index(_ i: Int, _ j: Int) -> Int { rowStart[i] + j }
        func coord(_ k: Int) -> (Double, Double) {
            var i = 0
            while rowStart[i + 1] <= k { i += 1 }
            return (Double(i) / Double(n), Double(k - rowStart[i]) / Double(n))
        }
        var triangles: [(Int, Int, Int)] = []
        for i in 0..<n {
            for j in 0..<(n - i) {
                triangles.append((index(i, j), index(i + 1, j), index(i, j + 1)))
                if i + j <= n - 2 { triangles.append((index(i + 1, j), index(i + 1, j + 1), index(i, j + 1))) }
            }
        }
        var out: [ContourLine] = []
        for level in levels {
            // Crossing points keyed by their edge; segments join at shared edges.
            struct Edge: Hashable { let a: Int, b: Int }
            func edge(_ p: Int, _ q: Int) -> Edge { p < q ? Edge(a: p, b: q) : Edge(a: q, b: p) }
            var point: [Edge: (Double, Double)] = [:]
            var neighbours: [Edge: [Edge]] = [:]
            for (p, q, r) in triangles {
                let vp = values[p], vq = values[q], vr = values[r]
                guard vp.isFinite, vq.isFinite, vr.isFinite else { continue }
                var crossing: [Edge] = []
                for (u, w, vu, vw) in [(p, q, vp, vq), (q, r, vq, vr), (r, p, vr, vp)] where (vu >= level) != (vw >= level) {
                    let e = edge(u, w)
                    if point[e] == nil {
                        let t = (level - vu) / (vw - vu)
                        let cu = coord(u), cw = coord(w)
                        point[e] = (cu.0 + t * (cw.0 - cu.0), cu.1 + t * (cw.1 - cu.1))
                    }
                    crossing.append(e)
                }
                if crossing.count == 2 {
                    neighbours[crossing[0], default: []].append(crossing[1])
                    neighbours[crossing[1], default: []].append(crossing[0])
                }
            }
            // Walk chains from their ends (one neighbour), then close the remaining loops.
            var visited = Set<Edge>()
            func walk(from start: Edge) -> [(Double, Double)] {
                var chain: [Edge] = [start]
                visited.insert(start)
                var current = start
                while let next = neighbours[current]?.first(where: { !visited.contains($0) }) {
                    visited.insert(next)
                    chain.append(next)
                    current = next
                }
                return chain.compactMap { point[$0] }
            }
            let keys = neighbours.keys.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
            for e in keys where neighbours[e]?.count == 1 && !visited.contains(e) {
                out.append(ContourLine(level: level, points: walk(from: e)))
            }
            for e in keys where !visited.contains(e) {
                var loop = walk(from: e)
                if let first = loop.first { loop.append(first) }
                out.append(ContourLine(level: level, points: loop))
            }
        }
        return out
    }
}
