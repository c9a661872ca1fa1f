#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension TDBPhaseModel {
    /// Rows per chunk of `fastProperties` (about 0.1 ms of work for a five-component liquid).
    public static let chunkRows = 4096

    /// G, H, S of mixing (relative to the pure components in this phase) and G, H, S, Cp in total,
    /// per mole of atoms, for many compositions at one T. Without derivatives only the G columns
    /// are filled (the others are empty).
    public struct FastResult: Sendable {
        public var mixing: Properties
        public var total: Properties
    }

    /// The fast path for a phase without a magnetic term: G is linear in the parameters, so each
    /// term's composition factor is computed once and weighted by the parameter's value and its
    /// T-derivatives. `fractions` is row-major with `width` columns; component c of the model is in
    /// column `columns[c]` (nil: absent), so a grid in any element order is read in place.
    /// Nil when the phase has a magnetic term.
    ///
    /// Rows are computed in chunks of `chunkRows`; `parallel(count, body)` runs body(0..<count),
    /// one call per chunk, and may run them on several threads at once (the chunks write disjoint
    /// rows). By default they run in order on the caller's thread. Within a chunk, blocks of rows
    /// are copied column by column and summed term by term four rows at a time; each lane does the
    /// scalar operations in the scalar order, so the results do not depend on the blocking.
    public func fastProperties(fractions: [Double], width: Int, columns: [Int?], T: Double,
                               derivatives: Bool = true,
                               parallel: (Int, (Int) -> Void) -> Void = { n, body in for i in 0..<n { body(i) } })
        throws -> FastResult? {
        let n = width == 0 ? 0 : fractions.count / width
        return try fractions.withUnsafeBufferPointer { fb in
            try fast(rows: n, width: width, columns: columns, T: T, derivatives: derivatives, parallel: parallel) { rows, body in
                if let f = fb.baseAddress { body(f + rows.lowerBound * width) }
            }
        }
    }

    /// The same for `n` rows that `fill(rows, into)` writes (row-major, `width` columns) when they
    /// are needed, a chunk at a time: a lattice of compositions is never stored whole. `fill` may
    /// be called on several threads at once (for disjoint rows).
    public func fastProperties(rows n: Int, width: Int, columns: [Int?], T: Double, derivatives: Bool = true,
                               fill: (Range<Int>, UnsafeMutablePointer<Double>) -> Void,
                               parallel: (Int, (Int) -> Void) -> Void = { n, body in for i in 0..<n { body(i) } })
        throws -> FastResult? {
        try fast(rows: n, width: width, columns: columns, T: T, derivatives: derivatives, parallel: parallel) { rows, body in
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: max(1, rows.count * width))
            defer { buffer.deallocate() }
            fill(rows, buffer)
            body(buffer)
        }
    }

    /// `rowsOf(rows, body)` calls body with the fractions of `rows`, row-major.
    func fast(rows n: Int, width: Int, columns: [Int?], T: Double, derivatives: Bool,
              parallel: (Int, (Int) -> Void) -> Void,
              rowsOf: (Range<Int>, (UnsafePointer<Double>) -> Void) -> Void) throws -> FastResult? {
        guard magnetic == nil else { return nil }
        let plan = try FastPlan(self, columns: columns, T: T)
        let outputs = derivatives ? 7 : 2
        // The columns are filled by the chunks (each writes its own rows, every row once).
        var out = (0..<outputs).map { _ in [Double](unsafeUninitializedCapacity: n) { _, count in count = n } }
        let chunk = TDBPhaseModel.chunkRows, chunks = (n + chunk - 1) / chunk
        var bases: [UnsafeMutablePointer<Double>] = []
        for i in out.indices {
            out[i].withUnsafeMutableBufferPointer { b in if let p = b.baseAddress { bases.append(p) } }
        }
        guard bases.count == outputs else {
            let empty = Properties(G: [], H: [], S: [], Cp: [])
            return FastResult(mixing: empty, total: empty)
        }
        withoutActuallyEscaping(rowsOf) { rowsOf in
            parallel(chunks) { c in
                let rows = (c * chunk)..<min(n, (c + 1) * chunk)
                rowsOf(rows) { f in
                    plan.run(f, width: width, rows: rows, T: T, derivatives: derivatives, into: bases)
                }
            }
        }
        withExtendedLifetime(out) {}
        if derivatives {
            return FastResult(mixing: Properties(G: out[0], H: out[1], S: out[2], Cp: []),
                              total: Properties(G: out[3], H: out[4], S: out[5], Cp: out[6]))
        }
        return FastResult(mixing: Properties(G: out[0], H: [], S: [], Cp: []), total: Properties(G: out[1], H: [], S: [], Cp: []))
    }
}

/// The terms of a phase at one temperature, flattened for `fastProperties`: constituents are
/// slots of a block (the present columns, in column order), coefficients contiguous.
struct FastPlan {
    /// The grid columns read, in order; slot k of a block holds column present[k].
    let present: [Int]
    /// Binary series, 5 integers each: slots a and b, the first coefficient in `pairCoefficients`,
    /// the number of orders, and which series are not all zero (1: the value's, 2: and ∂/∂T's,
    /// 3: and ∂²/∂T²'s).
    let pairs: [Int]
    /// Per binary series and order: value, ∂/∂T, ∂²/∂T² (three rows of the series' orders).
    let pairCoefficients: [Double]
    /// Ternary terms grouped by their constituents, 5 integers each: slots a, b, c, the first
    /// term in `ternaryTerms` and their number.
    let ternaries: [Int]
    /// Per ternary term, 4 numbers: the slot of v_m (-1: symmetric), value, ∂/∂T, ∂²/∂T².
    let ternaryTerms: [Double]
    /// Any other term: its slots, value and T-derivatives.
    let others: [(slots: [Int], v: Double, d1: Double, d2: Double)]
    /// Pure components, 4 numbers each: slot, °G, ∂/∂T, ∂²/∂T².
    let ends: [Double]
    let rs: Double, inv: Double

    init(_ model: TDBPhaseModel, columns: [Int?], T: Double) throws {
        let c = try model.coefficients(T: T)
        let present = Array(Set(columns.compactMap { $0 })).sorted()
        self.present = present
        var slotOf: [Int: Int] = [:]
        for (k, col) in present.enumerated() { slotOf[col] = k }
        func slot(_ i: Int) -> Int? { columns[i].flatMap { slotOf[$0] } }
        var ends: [Double] = []
        for (t, v) in zip(model.endmembers, c.endmembers) {
            guard let s = slot(t.indices[0]) else { continue }
            ends += [Double(s), v.v, v.d1, v.d2]
        }
        var pairIndex: [[Int]: Int] = [:]
        var series: [(Int, Int, [Double], [Double], [Double])] = []
        var tripleIndex: [[Int]: Int] = [:]
        var triples: [(slots: [Int], terms: [Double])] = []
        var others: [(slots: [Int], v: Double, d1: Double, d2: Double)] = []
        for (t, v) in zip(model.excess, c.excess) {
            let slots = t.indices.compactMap(slot)
            // An absent component makes the term vanish.
            guard slots.count == t.indices.count else { continue }
            switch slots.count {
            case 2:
                if pairIndex[slots] == nil { pairIndex[slots] = series.count; series.append((slots[0], slots[1], [], [], [])) }
                guard let p = pairIndex[slots] else { continue }
                while series[p].2.count <= t.order { series[p].2.append(0); series[p].3.append(0); series[p].4.append(0) }
                series[p].2[t.order] += v.v
                series[p].3[t.order] += v.d1
                series[p].4[t.order] += v.d2
            case 3:
                if tripleIndex[slots] == nil { tripleIndex[slots] = triples.count; triples.append((slots, [])) }
                guard let q = tripleIndex[slots] else { continue }
                triples[q].terms += [t.order < 0 ? -1 : Double(slots[min(t.order, 2)]), v.v, v.d1, v.d2]
            default:
                others.append((slots, v.v, v.d1, v.d2))
            }
        }
        var pairs: [Int] = [], coefficients: [Double] = []
        for p in series {
            let kind = p.4.contains { $0 != 0 } ? 3 : p.3.contains { $0 != 0 } ? 2 : 1
            pairs += [p.0, p.1, coefficients.count, p.2.count, kind]
            coefficients += p.2 + p.3 + p.4
        }
        var ternaries: [Int] = [], terms: [Double] = []
        for t in triples {
            ternaries += t.slots + [terms.count / 4, t.terms.count / 4]
            terms += t.terms
        }
        (self.pairs, self.pairCoefficients, self.ternaries, self.ternaryTerms) = (pairs, coefficients, ternaries, terms)
        self.others = others
        self.ends = ends
        rs = model.sites * model.gasConstant
        inv = 1 / model.sites
    }

    /// Rows of a block: a multiple of 4, small enough for the block to stay in the first-level cache.
    static let block = 256
    /// Entries of the table of logarithms (a power of two).
    static let logSlots = 1024

    /// Computes `rows` into the output columns: of mixing G, H, S, then in total G, H, S, Cp (G of
    /// mixing and in total alone without derivatives). `f` holds the fractions of those rows.
    func run(_ f: UnsafePointer<Double>, width: Int, rows: Range<Int>, T: Double, derivatives: Bool,
             into out: [UnsafeMutablePointer<Double>]) {
        let B = FastPlan.block, slots = present.count
        // (Buffers, not base addresses: an empty list of terms may have none.)
        pairs.withUnsafeBufferPointer { pairs in pairCoefficients.withUnsafeBufferPointer { pc in
        ternaries.withUnsafeBufferPointer { ternaries in ternaryTerms.withUnsafeBufferPointer { tt in
        ends.withUnsafeBufferPointer { ends in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: B * max(1, slots) + B) { scratch in
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: FastPlan.logSlots) { keys in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: FastPlan.logSlots) { logs in
            // Allocations of a positive capacity always have an address.
            guard let y = scratch.baseAddress, let keys = keys.baseAddress, let logs = logs.baseAddress else { return }
            let terms = Terms(pairs: pairs, pc: pc, ternaries: ternaries, tt: tt, ends: ends)
            let entropy = y + B * max(1, slots)
            // A NaN's bits: never the key of a fraction (only fractions > 0 are looked up).
            keys.initialize(repeating: UInt64.max, count: FastPlan.logSlots)
            var start = rows.lowerBound
            while start < rows.upperBound {
                let count = min(B, rows.upperBound - start)
                // The block, column by column (rows past the end repeat the last one).
                for k in 0..<slots {
                    let dst = y + k * B
                    var src = f + (start - rows.lowerBound) * width + present[k]
                    for r in 0..<count {
                        dst[r] = src.pointee
                        src += width
                    }
                    for r in count..<B { dst[r] = dst[count - 1] }
                }
                // Σ y ln y per row, a column at a time (each row's sum in column order). The
                // fractions of a grid repeat, so their logarithms are looked up: the last one of
                // the column, then a table by their bits (the same bits as log's).
                for r in 0..<B { entropy[r] = 0 }
                for k in 0..<slots {
                    let column = y + k * B
                    var last = -1.0, lastLog = 0.0
                    for r in 0..<B {
                        let v = column[r]
                        guard v > 0 else { continue }
                        if v != last {
                            let bits = v.bitPattern
                            let h = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 54)
                            if keys[h] == bits {
                                lastLog = logs[h]
                            } else {
                                lastLog = log(v)
                                keys[h] = bits
                                logs[h] = lastLog
                            }
                            last = v
                        }
                        entropy[r] += v * lastLog
                    }
                }
                var r = 0
                while r < count {
                    rowsOfFour(y, entropy, r, terms, T: T, derivatives: derivatives, into: out, at: start + r, count: min(4, count - r))
                    r += 4
                }
                start += count
            }
        } } } } } } } }
    }

    /// The plan's arrays, as buffers for the inner loop.
    struct Terms {
        let pairs: UnsafeBufferPointer<Int>, pc: UnsafeBufferPointer<Double>
        let ternaries: UnsafeBufferPointer<Int>, tt: UnsafeBufferPointer<Double>
        let ends: UnsafeBufferPointer<Double>
    }

    /// Σ c[v] d^v for v < orders, by Horner's rule; the usual orders unrolled.
    @inline(__always)
    static func horner(_ c: UnsafeBufferPointer<Double>, from first: Int, _ orders: Int, _ d: SIMD4<Double>) -> SIMD4<Double> {
        typealias V = SIMD4<Double>
        @inline(__always) func k(_ i: Int) -> V { V(repeating: c[first + i]) }
        switch orders {
        case 1: return k(0)
        case 2: return k(1) * d + k(0)
        case 3: return (k(2) * d + k(1)) * d + k(0)
        case 4: return ((k(3) * d + k(2)) * d + k(1)) * d + k(0)
        case 5: return (((k(4) * d + k(3)) * d + k(2)) * d + k(1)) * d + k(0)
        default:
            var h = k(orders - 1)
            var v = orders - 2
            while v >= 0 {
                h = h * d + k(v)
                v -= 1
            }
            return h
        }
    }

    @inline(__always)
    func rowsOfFour(_ y: UnsafeMutablePointer<Double>, _ entropy: UnsafeMutablePointer<Double>, _ r: Int, _ terms: Terms,
                    T: Double, derivatives: Bool, into out: [UnsafeMutablePointer<Double>], at row: Int, count: Int) {
        typealias V = SIMD4<Double>
        let B = FastPlan.block
        @inline(__always) func load(_ p: UnsafePointer<Double>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        @inline(__always) func at(_ k: Int) -> V { load(y + k * B + r) }
        let s = load(entropy + r)
        var g = V(repeating: rs) * V(repeating: T) * s, d1 = V(repeating: rs) * s, d2 = V(repeating: 0)
        let pairs = terms.pairs, pc = terms.pc
        for e in stride(from: 0, to: pairs.count, by: 5) {
            let ya = at(pairs[e]), yb = at(pairs[e + 1]), d = ya - yb
            let c = pairs[e + 2], orders = pairs[e + 3], kind = derivatives ? pairs[e + 4] : 1
            let p = ya * yb
            // Horner in d, highest order first, one series per derivative that is not all zero.
            g += p * FastPlan.horner(pc, from: c, orders, d)
            if kind >= 2 {
                d1 += p * FastPlan.horner(pc, from: c + orders, orders, d)
                if kind == 3 { d2 += p * FastPlan.horner(pc, from: c + 2 * orders, orders, d) }
            }
        }
        let ternaries = terms.ternaries, tt = terms.tt
        for e in stride(from: 0, to: ternaries.count, by: 5) {
            let ya = at(ternaries[e]), yb = at(ternaries[e + 1]), yc = at(ternaries[e + 2])
            let abc = ya * yb * yc
            let rest = (V(repeating: 1) - ya - yb - yc) * V(repeating: 1.0 / 3)
            var t = 4 * ternaries[e + 3]
            for _ in 0..<ternaries[e + 4] {
                let m = Int(tt[t])
                let p = m >= 0 ? abc * (at(m) + rest) : abc
                g += p * V(repeating: tt[t + 1])
                if derivatives {
                    d1 += p * V(repeating: tt[t + 2])
                    d2 += p * V(repeating: tt[t + 3])
                }
                t += 4
            }
        }
        for o in others {
            var p = V(repeating: 1)
            for k in o.slots { p *= at(k) }
            g += p * V(repeating: o.v)
            d1 += p * V(repeating: o.d1)
            d2 += p * V(repeating: o.d2)
        }
        let inv = V(repeating: inv), t = V(repeating: T)
        let mg = g * inv, m1 = d1 * inv, m2 = d2 * inv
        var e = V(repeating: 0), e1 = V(repeating: 0), e2 = V(repeating: 0)
        let ends = terms.ends
        for c in stride(from: 0, to: ends.count, by: 4) {
            let v = at(Int(ends[c]))
            e += v * V(repeating: ends[c + 1])
            e1 += v * V(repeating: ends[c + 2])
            e2 += v * V(repeating: ends[c + 3])
        }
        let rg = e * inv, r1 = e1 * inv, r2 = e2 * inv
        // G, H = G - T ∂G/∂T, S = -∂G/∂T, Cp = -T ∂²G/∂T², of mixing and in total.
        @inline(__always) func store(_ i: Int, _ v: V) {
            let p = out[i] + row
            if count == 4 {
                UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
            } else {
                for l in 0..<count { p[l] = v[l] }
            }
        }
        if derivatives {
            let h = mg - t * m1, sm = -m1, cp = -t * m2
            store(0, mg); store(1, h); store(2, sm)
            store(3, mg + rg); store(4, h + (rg - t * r1)); store(5, sm - r1); store(6, cp - t * r2)
        } else {
            store(0, mg); store(1, mg + rg)
        }
    }
}
