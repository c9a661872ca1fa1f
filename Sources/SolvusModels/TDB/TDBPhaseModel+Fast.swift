#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension TDBPhaseModel {
    /// G and its first two T-derivatives, per mole of atoms, for many compositions at one T, both
    /// of mixing (relative to the pure components in this phase) and in total.
    /// Rows per chunk of `fastProperties` (about 0.1 ms of work for a five-component liquid).
    public static let chunkRows = 4096

    public struct FastResult: Sendable {
        /// Of mixing: G, ∂G/∂T, ∂²G/∂T².
        public var mixing: (g: [Double], d1: [Double], d2: [Double])
        /// Σ y_i °G_i and its T-derivatives (add to the mixing part for the total).
        public var reference: (g: [Double], d1: [Double], d2: [Double])
    }

    /// The fast path for a phase without a magnetic term: G is linear in the parameters, so each
    /// term's composition factor is computed once and weighted by the parameter's value and its
    /// T-derivatives. `fractions` is row-major with `width` columns; component c of the model is in
    /// column `columns[c]` (nil: absent), so a grid in any element order is read in place.
    /// Nil when the phase has a magnetic term.
    ///
    /// Rows are computed in chunks of `chunkRows`; `parallel(count, body)` runs body(0..<count),
    /// one call per chunk, and may run them on several threads at once (the chunks write disjoint
    /// rows). By default they run in order on the caller's thread.
    public func fastProperties(fractions: [Double], width: Int, columns: [Int?], T: Double,
                               derivatives: Bool = true,
                               parallel: (Int, (Int) -> Void) -> Void = { n, body in for i in 0..<n { body(i) } })
        throws -> FastResult? {
        guard magnetic == nil else { return nil }
        let c = try coefficients(T: T)
        let n = width == 0 ? 0 : fractions.count / width
        // Flattened terms; absent components make a term vanish.
        var ends: [(Int, TJet)] = []
        for (t, v) in zip(endmembers, c.endmembers) { if let col = columns[t.indices[0]] { ends.append((col, v)) } }
        // Binary series per pair: (col a, col b, coefficients by order for v, d1, d2).
        var pairIndex: [[Int]: Int] = [:]
        var pairs: [(Int, Int, [Double], [Double], [Double])] = []
        var triples: [(Int, Int, Int, Int, TJet)] = []
        var others: [([Int], TJet)] = []
        for (t, v) in zip(excess, c.excess) {
            let cols = t.indices.compactMap { columns[$0] }
            guard cols.count == t.indices.count else { continue }
            switch cols.count {
            case 2:
                let key = cols
                if pairIndex[key] == nil { pairIndex[key] = pairs.count; pairs.append((cols[0], cols[1], [], [], [])) }
                guard let p = pairIndex[key] else { continue }
                while pairs[p].2.count <= t.order { pairs[p].2.append(0); pairs[p].3.append(0); pairs[p].4.append(0) }
                pairs[p].2[t.order] += v.v
                pairs[p].3[t.order] += v.d1
                pairs[p].4[t.order] += v.d2
            case 3:
                triples.append((cols[0], cols[1], cols[2], t.order < 0 ? -1 : cols[min(t.order, 2)], v))
            default:
                others.append((cols, v))
            }
        }
        let rs = sites * gasConstant
        let inv = 1 / sites
        var mg = [Double](repeating: 0, count: n), m1 = mg, m2 = mg
        var rg = mg, r1 = mg, r2 = mg
        let present = Array(Set(columns.compactMap { $0 })).sorted()
        // Flat, contiguous copies of the terms for the inner loop (no arrays inside tuples).
        let pa = pairs.map(\.0), pb = pairs.map(\.1)
        var pStart: [Int] = [], pCount: [Int] = [], pv: [Double] = [], p1: [Double] = [], p2: [Double] = []
        for p in pairs {
            pStart.append(pv.count)
            pCount.append(p.2.count)
            pv += p.2
            p1 += p.3
            p2 += p.4
        }
        let ta = triples.map(\.0), tb = triples.map(\.1), tc = triples.map(\.2), tm = triples.map(\.3)
        let tv = triples.map(\.4.v), t1 = triples.map(\.4.d1), t2 = triples.map(\.4.d2)
        let ec = ends.map(\.0), ev = ends.map(\.1.v), e1v = ends.map(\.1.d1), e2v = ends.map(\.1.d2)
        let np = pairs.count, nt = triples.count, ne = ends.count
        let chunk = TDBPhaseModel.chunkRows, chunks = (n + chunk - 1) / chunk
        mg.withUnsafeMutableBufferPointer { mgb in m1.withUnsafeMutableBufferPointer { m1b in m2.withUnsafeMutableBufferPointer { m2b in
        rg.withUnsafeMutableBufferPointer { rgb in r1.withUnsafeMutableBufferPointer { r1b in r2.withUnsafeMutableBufferPointer { r2b in
        fractions.withUnsafeBufferPointer { fb in
            guard let f = fb.baseAddress, let mg = mgb.baseAddress, let m1 = m1b.baseAddress, let m2 = m2b.baseAddress,
                  let rg = rgb.baseAddress, let r1 = r1b.baseAddress, let r2 = r2b.baseAddress else { return }
            pa.withUnsafeBufferPointer { pa in pb.withUnsafeBufferPointer { pb in
            pStart.withUnsafeBufferPointer { ps in pCount.withUnsafeBufferPointer { pc in
            pv.withUnsafeBufferPointer { pv in p1.withUnsafeBufferPointer { p1 in p2.withUnsafeBufferPointer { p2 in
            parallel(chunks) { c in
            for row in (c * chunk)..<min(n, (c + 1) * chunk) {
                let y = f + row * width
                var s = 0.0
                for col in present {
                    let v = y[col]
                    if v > 0 { s += v * log(v) }
                }
                var g = rs * T * s, d1 = rs * s, d2 = 0.0
                for q in 0..<np {
                    let ya = y[pa[q]], yb = y[pb[q]], d = ya - yb
                    let base = ps[q]
                    var v = pc[q] - 1
                    var h = 0.0, h1 = 0.0, h2 = 0.0
                    if derivatives {
                        while v >= 0 {
                            h = h * d + pv[base + v]
                            h1 = h1 * d + p1[base + v]
                            h2 = h2 * d + p2[base + v]
                            v -= 1
                        }
                    } else {
                        while v >= 0 {
                            h = h * d + pv[base + v]
                            v -= 1
                        }
                    }
                    let p = ya * yb
                    g += p * h
                    d1 += p * h1
                    d2 += p * h2
                }
                for q in 0..<nt {
                    let ya = y[ta[q]], yb = y[tb[q]], yc = y[tc[q]]
                    var p = ya * yb * yc
                    if tm[q] >= 0 { p *= y[tm[q]] + (1 - ya - yb - yc) / 3 }
                    g += p * tv[q]
                    d1 += p * t1[q]
                    d2 += p * t2[q]
                }
                for (cols, L) in others {
                    var p = 1.0
                    for col in cols { p *= y[col] }
                    g += p * L.v
                    d1 += p * L.d1
                    d2 += p * L.d2
                }
                mg[row] = g * inv
                m1[row] = d1 * inv
                m2[row] = d2 * inv
                var e = 0.0, e1 = 0.0, e2 = 0.0
                for q in 0..<ne {
                    let v = y[ec[q]]
                    e += v * ev[q]
                    e1 += v * e1v[q]
                    e2 += v * e2v[q]
                }
                rg[row] = e * inv
                r1[row] = e1 * inv
                r2[row] = e2 * inv
            }
            }
            } } } } } } }
        }
        } } } } } }
        return FastResult(mixing: (mg, m1, m2), reference: (rg, r1, r2))
    }
}
