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
    public func fastProperties(fractions: [Double], width: Int, columns: [Int?], T: Double,
                               derivatives: Bool = true) throws -> FastResult? {
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
        fractions.withUnsafeBufferPointer { fb in
            guard let f = fb.baseAddress else { return }
            for row in 0..<n {
                let y = f + row * width
                var s = 0.0
                for col in present {
                    let v = y[col]
                    if v > 0 { s += v * log(v) }
                }
                var g = rs * T * s, d1 = rs * s, d2 = 0.0
                for (a, b, L, L1, L2) in pairs {
                    let ya = y[a], yb = y[b], d = ya - yb
                    var h = 0.0, h1 = 0.0, h2 = 0.0
                    var v = L.count - 1
                    if derivatives {
                        while v >= 0 {
                            h = h * d + L[v]
                            h1 = h1 * d + L1[v]
                            h2 = h2 * d + L2[v]
                            v -= 1
                        }
                    } else {
                        while v >= 0 {
                            h = h * d + L[v]
                            v -= 1
                        }
                    }
                    let p = ya * yb
                    g += p * h
                    d1 += p * h1
                    d2 += p * h2
                }
                for (a, b, cc, m, L) in triples {
                    let ya = y[a], yb = y[b], yc = y[cc]
                    var p = ya * yb * yc
                    if m >= 0 { p *= y[m] + (1 - ya - yb - yc) / 3 }
                    g += p * L.v
                    d1 += p * L.d1
                    d2 += p * L.d2
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
                for (col, L) in ends {
                    let v = y[col]
                    e += v * L.v
                    e1 += v * L.d1
                    e2 += v * L.d2
                }
                rg[row] = e * inv
                r1[row] = e1 * inv
                r2[row] = e2 * inv
            }
        }
        return FastResult(mixing: (mg, m1, m2), reference: (rg, r1, r2))
    }
}
