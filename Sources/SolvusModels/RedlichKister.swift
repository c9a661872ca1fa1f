#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An interaction parameter L(T) = a + b T + c T ln T + d T² (J/mol; b and c in J/(mol K), d in
/// J/(mol K²), which some CALPHAD assessments use). G uses L(T); H = G + T S uses a - c T - d T²;
/// S = -∂G/∂T uses -(b + c (1 + ln T) + 2 d T).
public struct RKParameter: Sendable, Equatable {
    public var a: Double
    public var b: Double
    public var c: Double
    public var d: Double

    public init(_ a: Double, b: Double = 0, c: Double = 0, d: Double = 0) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    public func value(_ p: ExcessProperty, T: Double) -> Double {
        switch p {
        case .G: return a + b * T + (c == 0 ? 0 : c * T * log(T)) + (d == 0 ? 0 : d * T * T)
        case .H: return a - c * T - (d == 0 ? 0 : d * T * T)
        case .S: return -(b + (c == 0 ? 0 : c * (1 + log(T))) + (d == 0 ? 0 : 2 * d * T))
        }
    }
}

public enum ExcessProperty: Sendable, CaseIterable {
    case G, H, S
}

/// How a multicomponent excess quantity is built from its binaries.
public enum Extrapolation: Sendable, Equatable {
    /// Σ x_i x_j Σ_v L_v (x_i - x_j)^v: the binaries at the compositions closest to the alloy's
    /// (Muggianu, Calphad 1975); the Redlich-Kister-Muggianu polynomial.
    case muggianu
    /// Σ (x_i + x_j)² G_ij(x_i/(x_i+x_j), x_j/(x_i+x_j)): the binaries at constant ratio x_i/x_j.
    case kohler
    /// Toop: the binaries with the asymmetric component k at constant x_k, weighted x_j/(1 - x_k);
    /// the other binary as Kohler. Ternary only.
    case toop(asymmetric: Int)
    /// Hillert: as Toop, but the binary without k as Muggianu. Ternary only.
    case hillert(asymmetric: Int)
    /// Chou's general solution model (Chou, Calphad 19 (1995) 315): each binary i-j evaluated at
    /// X_i = x_i + ξ_ij x_k, with similarity coefficients ξ_ij = η_i / (η_i + η_j) computed from the
    /// binaries, η_i = ∫₀¹ (G_ij - G_ik)² dX_i. Ternary only.
    case chou
}

/// A Redlich-Kister description of the excess Gibbs energy of a solution: binary terms
/// x_i x_j Σ_v L_v (x_i - x_j)^v, with i and j in the order written, and ternary terms
/// x_i x_j x_k (L_0 x_i + L_1 x_j + L_2 x_k) (or x_i x_j x_k L with a single parameter).
public struct RedlichKisterSystem: Sendable, Equatable {
    public struct Binary: Sendable, Equatable {
        public var i: Int
        public var j: Int
        public var terms: [RKParameter]
        public init(i: Int, j: Int, terms: [RKParameter]) { self.i = i; self.j = j; self.terms = terms }
    }

    public struct Ternary: Sendable, Equatable {
        public var i: Int
        public var j: Int
        public var k: Int
        public var terms: [RKParameter]
        public init(i: Int, j: Int, k: Int, terms: [RKParameter]) { self.i = i; self.j = j; self.k = k; self.terms = terms }
    }

    public var components: [String]
    public var binaries: [Binary]
    public var ternaries: [Ternary]

    public init(components: [String], binaries: [Binary], ternaries: [Ternary]) {
        self.components = components
        self.binaries = binaries
        self.ternaries = ternaries
    }

    /// The coefficients of one property at one temperature.
    struct Coefficients {
        var binary: [[Double]]
        var ternary: [[Double]]
    }

    func coefficients(_ p: ExcessProperty, T: Double) -> Coefficients {
        Coefficients(binary: binaries.map { $0.terms.map { $0.value(p, T: T) } },
                     ternary: ternaries.map { $0.terms.map { $0.value(p, T: T) } })
    }

    /// G of the binary term b at binary fractions (yi, yj) with coefficients L.
    @inline(__always)
    static func binaryValue<N: RKNumber>(_ L: [Double], _ yi: N, _ yj: N) -> N {
        yi * yj * series(L, yi - yj)
    }

    /// Σ_v L_v d^v by Horner's rule.
    @inline(__always)
    static func series<N: RKNumber, C: RandomAccessCollection>(_ L: C, _ d: N) -> N where C.Element == Double, C.Index == Int {
        var s = N(0)
        var v = L.endIndex - 1
        while v >= L.startIndex {
            s = s * d + N(L[v])
            v -= 1
        }
        return s
    }

    /// Chou's similarity coefficients ξ for each binary (ternary systems), from the G
    /// coefficients, by 20-point Gauss-Legendre quadrature (exact for these polynomials).
    func similarityCoefficients(_ c: Coefficients) -> [Double] {
        guard components.count == 3 else { return binaries.map { _ in 0.5 } }
        // G of the binary between components p and q as a function of the fraction X of p.
        func g(_ p: Int, _ q: Int, _ X: Double) -> Double {
            for (b, L) in zip(binaries, c.binary) {
                if b.i == p && b.j == q { return RedlichKisterSystem.binaryValue(L, X, 1 - X) }
                if b.i == q && b.j == p { return RedlichKisterSystem.binaryValue(L, 1 - X, X) }
            }
            return 0
        }
        func eta(_ p: Int, _ q: Int, _ r: Int) -> Double {
            GaussLegendre.integrate01 { X in
                let d = g(p, q, X) - g(p, r, X)
                return d * d
            }
        }
        return binaries.map { b in
            let k = 3 - b.i - b.j
            let ei = eta(b.i, b.j, k), ej = eta(b.j, b.i, k)
            return ei + ej > 0 ? ei / (ei + ej) : 0.5
        }
    }

    /// The excess G, H and S (J/mol, J/(mol K)) of n compositions (row-major n × k fractions in
    /// the order of `components`) at temperatures T (one, or one per composition): each run of
    /// compositions at one temperature by the kernels of that temperature (`kernel`), so the
    /// values are those of the kernels over compositions at one T, to the bit. Any other count of
    /// temperatures gives no values.
    public func excess(fractions: [Double], T: [Double], method: Extrapolation = .muggianu,
                       properties: Set<ExcessProperty> = Set(ExcessProperty.allCases)) -> [ExcessProperty: [Double]] {
        let k = components.count
        let n = k == 0 ? 0 : fractions.count / k
        guard T.count == 1 || T.count == n else { return [:] }
        let wanted = ExcessProperty.allCases.filter { properties.contains($0) }
        var out = wanted.map { _ in [Double](repeating: 0, count: n) }
        let columns = (0..<k).map { Optional($0) }
        fractions.withUnsafeBufferPointer { f in
            guard let f = f.baseAddress else { return }
            var start = 0
            while start < n {
                let t = T.count == 1 ? T[0] : T[start]
                var end = start + 1
                while end < n, T.count == 1 || T[end] == t { end += 1 }
                let kernels = kernels(width: k, columns: columns, properties: wanted, T: t, method: method)
                for (w, kernel) in kernels.enumerated() where w < out.count {
                    out[w].withUnsafeMutableBufferPointer { o in
                        if let o = o.baseAddress { kernel.evaluate(f + start * k, rows: end - start, into: o + start) }
                    }
                }
                start = end
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(wanted, out))
    }

    /// One property at one temperature by `method`, prepared for many compositions (laid out as
    /// `columns` says, as `MuggianuKernel` reads them): the Muggianu kernel (terms in a canonical
    /// order, a ternary's in one fused pass) for that method, the general kernel otherwise.
    public enum ExcessKernel: Sendable {
        case muggianu(MuggianuKernel)
        case general(ExtrapolationKernel)

        /// Whether the property is 0 everywhere (all its parameters are).
        public var isZero: Bool {
            switch self {
            case .muggianu(let k): return k.isZero
            case .general(let k): return k.isZero
            }
        }

        /// The property of `rows` compositions starting at `f`, written to `o`.
        public func evaluate(_ f: UnsafePointer<Double>, rows n: Int, into o: UnsafeMutablePointer<Double>) {
            switch self {
            case .muggianu(let k): k.evaluate(f, rows: n, into: o)
            case .general(let k): k.evaluate(f, rows: n, into: o)
            }
        }
    }

    /// The kernel of property `p` at temperature `T` by `method`.
    public func kernel(width: Int, columns: [Int?], property p: ExcessProperty, T: Double,
                       method: Extrapolation) -> ExcessKernel {
        method == .muggianu
            ? .muggianu(muggianuKernel(width: width, columns: columns, property: p, T: T))
            : .general(extrapolationKernel(width: width, columns: columns, property: p, T: T, method: method))
    }

    /// The kernels of `properties` at temperature `T` by `method` (Chou's similarity coefficients
    /// made once for all).
    public func kernels(width: Int, columns: [Int?], properties: [ExcessProperty], T: Double,
                        method: Extrapolation) -> [ExcessKernel] {
        method == .muggianu
            ? properties.map { .muggianu(muggianuKernel(width: width, columns: columns, property: $0, T: T)) }
            : extrapolationKernels(width: width, columns: columns, properties: properties, T: T, method: method).map { .general($0) }
    }

    /// The Redlich-Kister-Muggianu polynomial of one property at one temperature, prepared for
    /// compositions read in place: row-major with `width` columns, component c of the system in
    /// column `columns[c]` (nil: absent, fraction 0), so a grid in any element order is read as
    /// it is.
    public struct MuggianuKernel: Sendable {
        /// Binary terms: columns i, j and L0...Ln (L in the canonical orientation).
        let pairs: [(Int, Int, [Double])]
        /// Ternary terms: columns, the weights of x_i, x_j, x_k, and a constant.
        let triples: [(Int, Int, Int, Double, Double, Double, Double)]
        public let width: Int
        /// Per binary term, its coefficients (L0...L3, zeros beyond the series) or nil for a
        /// longer series: made once, not in every call.
        let short: [(Double, Double, Double, Double)?]

        /// The same terms as one fused pass per row when they are those of a ternary (below).
        let ternary: TernaryKernel?

        init(pairs: [(Int, Int, [Double])], triples: [(Int, Int, Int, Double, Double, Double, Double)], width: Int) {
            self.pairs = pairs
            self.triples = triples
            self.width = width
            short = pairs.map { _, _, L in
                L.count <= 4 ? (L.count > 0 ? L[0] : 0, L.count > 1 ? L[1] : 0, L.count > 2 ? L[2] : 0,
                                L.count > 3 ? L[3] : 0) : nil
            }
            ternary = TernaryKernel(pairs: pairs, short: short, triples: triples, width: width)
        }

        /// The property of `rows` compositions starting at `f`, written to `o`: one pass over
        /// the fractions, fused for a ternary's terms, otherwise in blocks (`evaluateInBlocks`);
        /// the two give the same bits.
        public func evaluate(_ f: UnsafePointer<Double>, rows n: Int, into o: UnsafeMutablePointer<Double>) {
            if let ternary {
                ternary.evaluate(f, rows: n, into: o)
            } else {
                evaluateInBlocks(f, rows: n, into: o)
            }
        }

        /// Whether `evaluate` takes the ternary's fused pass.
        var isFusedTernary: Bool { ternary != nil }

        /// The general kernel, for any terms. Each block of rows is copied column by column into
        /// a small buffer that stays in the first-level cache, and summed there term by term, four
        /// rows at a time (SIMD; each lane does the scalar operations in the scalar order, so the
        /// sums are the same to the last bit).
        func evaluateInBlocks(_ f: UnsafePointer<Double>, rows n: Int, into o: UnsafeMutablePointer<Double>) {
            typealias V = SIMD4<Double>
            let width = self.width
            let lanes = 64  // a block of 256 rows, as 64 groups of four
            let block = lanes * 4
            let columns = UnsafeMutablePointer<V>.allocate(capacity: lanes * max(width, 1))
            defer { columns.deallocate() }
            let sums = UnsafeMutablePointer<V>.allocate(capacity: lanes)
            defer { sums.deallocate() }
            var start = 0
            while start < n {
                let m = min(n - start, block)
                let groups = (m + 3) / 4
                let rows = f + start * width
                // Columns, four rows to a vector; the rows past m of the last group are zeros.
                columns.withMemoryRebound(to: Double.self, capacity: lanes * 4 * max(width, 1)) { scalar in
                    for c in 0..<width {
                        let column = scalar + c &* block
                        for r in 0..<m { column[r] = rows[r &* width &+ c] }
                        for r in m..<(groups * 4) { column[r] = 0 }
                    }
                }
                for q in 0..<groups { sums[q] = V(repeating: 0) }
                for (t, (i, j, L)) in pairs.enumerated() {
                    let a = columns + i &* lanes, b = columns + j &* lanes
                    // Series of one to four terms by Horner's rule written out (the missing
                    // terms would add only zeros), longer ones by the loop.
                    if let (l0, l1, l2, l3) = short[t] {
                        switch L.count {
                        case 0:
                            break
                        case 1:
                            for q in 0..<groups { sums[q] += a[q] * b[q] * l0 }
                        case 2:
                            for q in 0..<groups {
                                let xi = a[q], xj = b[q]
                                sums[q] += xi * xj * (l0 + (xi - xj) * l1)
                            }
                        case 3:
                            for q in 0..<groups {
                                let xi = a[q], xj = b[q]
                                let d = xi - xj
                                sums[q] += xi * xj * (l0 + d * (l1 + d * l2))
                            }
                        default:
                            for q in 0..<groups {
                                let xi = a[q], xj = b[q]
                                let d = xi - xj
                                sums[q] += xi * xj * (l0 + d * (l1 + d * (l2 + d * l3)))
                            }
                        }
                    } else {
                        for q in 0..<groups {
                            let xi = a[q], xj = b[q]
                            let d = xi - xj
                            var s = V(repeating: 0)
                            for v in stride(from: L.count - 1, through: 0, by: -1) { s = s * d + L[v] }
                            sums[q] += xi * xj * s
                        }
                    }
                }
                for (i, j, k, l0, l1, l2, l) in triples {
                    let a = columns + i &* lanes, b = columns + j &* lanes, c = columns + k &* lanes
                    for q in 0..<groups {
                        let xa = a[q], xb = b[q], xc = c[q]
                        sums[q] += xa * xb * xc * (l0 * xa + l1 * xb + l2 * xc + l)
                    }
                }
                sums.withMemoryRebound(to: Double.self, capacity: lanes * 4) { s in
                    (o + start).update(from: s, count: m)
                }
                start += m
            }
        }

        /// Whether the property is zero everywhere (no terms, or all of them zero).
        public var isZero: Bool {
            pairs.allSatisfy { $0.2.allSatisfy { $0 == 0 } }
                && triples.allSatisfy { $0.3 == 0 && $0.4 == 0 && $0.5 == 0 && $0.6 == 0 }
        }
    }

    /// A ternary's terms, A-B, A-C and B-C (components A < B < C by name, each series of one to four
    /// terms) and perhaps A-B-C, evaluated in one pass: each row's three fractions are read once and
    /// its sum kept in a register, in the block kernel's order of operations (so the same bits), the
    /// loop specialised for the three series' lengths and for the ternary term (4 × 4 × 4 × 2
    /// loops, chosen once per call). On the million-point Sn-Bi-Sb grid this is about twice as fast
    /// as summing a block term by term, which loads and stores each row's sum once per term.
    struct TernaryKernel: Sendable {
        typealias Four = (Double, Double, Double, Double)
        /// The columns of A, B and C.
        let a: Int, b: Int, c: Int
        let width: Int
        let ab: Four, ac: Four, bc: Four
        let lengths: (Int, Int, Int)
        /// The ternary term's weights of x_A, x_B, x_C and its constant, if there is one.
        let abc: Four?

        /// The ternary form of a kernel's terms, or nil if they are not those of a ternary.
        init?(pairs: [(Int, Int, [Double])], short: [Four?], triples: [(Int, Int, Int, Double, Double, Double, Double)], width: Int) {
            guard pairs.count == 3, triples.count <= 1 else { return nil }
            // Pairs in the canonical order are A-B, A-C, B-C.
            let (a, b, c) = (pairs[0].0, pairs[0].1, pairs[1].1)
            guard pairs[1].0 == a, pairs[2].0 == b, pairs[2].1 == c, a != b, a != c, b != c,
                  let ab = short[0], let ac = short[1], let bc = short[2],
                  pairs.allSatisfy({ (1...4).contains($0.2.count) }) else { return nil }
            if let t = triples.first {
                guard t.0 == a, t.1 == b, t.2 == c else { return nil }
                abc = (t.3, t.4, t.5, t.6)
            } else {
                abc = nil
            }
            (self.a, self.b, self.c, self.width) = (a, b, c, width)
            (self.ab, self.ac, self.bc) = (ab, ac, bc)
            lengths = (pairs[0].2.count, pairs[1].2.count, pairs[2].2.count)
        }

        func evaluate(_ f: UnsafePointer<Double>, rows n: Int, into o: UnsafeMutablePointer<Double>) {
            switch lengths.0 {
            case 1: second(Series1.self, f, n, o)
            case 2: second(Series2.self, f, n, o)
            case 3: second(Series3.self, f, n, o)
            default: second(Series4.self, f, n, o)
            }
        }

        private func second<P: Series>(_ p: P.Type, _ f: UnsafePointer<Double>, _ n: Int, _ o: UnsafeMutablePointer<Double>) {
            switch lengths.1 {
            case 1: third(p, Series1.self, f, n, o)
            case 2: third(p, Series2.self, f, n, o)
            case 3: third(p, Series3.self, f, n, o)
            default: third(p, Series4.self, f, n, o)
            }
        }

        private func third<P: Series, Q: Series>(_ p: P.Type, _ q: Q.Type, _ f: UnsafePointer<Double>, _ n: Int,
                                                 _ o: UnsafeMutablePointer<Double>) {
            switch lengths.2 {
            case 1: fourth(p, q, Series1.self, f, n, o)
            case 2: fourth(p, q, Series2.self, f, n, o)
            case 3: fourth(p, q, Series3.self, f, n, o)
            default: fourth(p, q, Series4.self, f, n, o)
            }
        }

        private func fourth<P: Series, Q: Series, R: Series>(_ p: P.Type, _ q: Q.Type, _ r: R.Type, _ f: UnsafePointer<Double>,
                                                             _ n: Int, _ o: UnsafeMutablePointer<Double>) {
            if abc != nil {
                rows(p, q, r, WithTriple.self, f, n, o)
            } else {
                rows(p, q, r, NoTriple.self, f, n, o)
            }
        }

        private func rows<P: Series, Q: Series, R: Series, T: TripleTerm>(
            _ p: P.Type, _ q: Q.Type, _ r: R.Type, _ t: T.Type, _ f: UnsafePointer<Double>, _ n: Int,
            _ o: UnsafeMutablePointer<Double>
        ) {
            let (a, b, c, w, ab, ac, bc, abc) = (a, b, c, width, ab, ac, bc, abc ?? (0, 0, 0, 0))
            for row in 0..<n {
                let x = f + row &* w
                let xa = x[a], xb = x[b], xc = x[c]
                var s = 0.0
                s += P.term(xa, xb, ab)
                s += Q.term(xa, xc, ac)
                s += R.term(xb, xc, bc)
                o[row] = T.adding(s, xa, xb, xc, abc)
            }
        }
    }

    /// The ternary term x_A x_B x_C (L0 x_A + L1 x_B + L2 x_C + L) added to a row's sum, or not.
    protocol TripleTerm {
        static func adding(_ s: Double, _ xa: Double, _ xb: Double, _ xc: Double, _ l: TernaryKernel.Four) -> Double
    }

    enum NoTriple: TripleTerm {
        @inline(__always) static func adding(_ s: Double, _ xa: Double, _ xb: Double, _ xc: Double,
                                             _ l: TernaryKernel.Four) -> Double { s }
    }

    enum WithTriple: TripleTerm {
        @inline(__always) static func adding(_ s: Double, _ xa: Double, _ xb: Double, _ xc: Double,
                                             _ l: TernaryKernel.Four) -> Double {
            s + xa * xb * xc * (l.0 * xa + l.1 * xb + l.2 * xc + l.3)
        }
    }

    /// x_i x_j Σ_v L_v (x_i - x_j)^v for a series of a fixed length, by Horner's rule written out
    /// as the block kernel writes it.
    protocol Series {
        static func term(_ xi: Double, _ xj: Double, _ l: TernaryKernel.Four) -> Double
    }

    enum Series1: Series {
        @inline(__always) static func term(_ xi: Double, _ xj: Double, _ l: TernaryKernel.Four) -> Double {
            xi * xj * l.0
        }
    }

    enum Series2: Series {
        @inline(__always) static func term(_ xi: Double, _ xj: Double, _ l: TernaryKernel.Four) -> Double {
            xi * xj * (l.0 + (xi - xj) * l.1)
        }
    }

    enum Series3: Series {
        @inline(__always) static func term(_ xi: Double, _ xj: Double, _ l: TernaryKernel.Four) -> Double {
            let d = xi - xj
            return xi * xj * (l.0 + d * (l.1 + d * l.2))
        }
    }

    enum Series4: Series {
        @inline(__always) static func term(_ xi: Double, _ xj: Double, _ l: TernaryKernel.Four) -> Double {
            let d = xi - xj
            return xi * xj * (l.0 + d * (l.1 + d * (l.2 + d * l.3)))
        }
    }

    /// The kernel of property `p` at temperature `T` for compositions with `width` columns laid
    /// out as `columns` says.
    public func muggianuKernel(width: Int, columns: [Int?], property p: ExcessProperty, T: Double) -> MuggianuKernel {
        let c = coefficients(p, T: T)
        // Terms in a canonical order, each pair and triple with its components sorted by name (odd
        // binary terms change sign with the order): the same system written in another order or
        // orientation (as a TDB file sorts it) gives the same values to the last bit.
        let name = components
        let pairs: [(Int, Int, [Double])] = zip(binaries, c.binary).compactMap { b, L -> (Int, Int, [Double], String, String)? in
            guard let i = columns[b.i], let j = columns[b.j] else { return nil }
            if name[b.j] < name[b.i] {
                return (j, i, L.enumerated().map { $0.offset % 2 == 1 ? -$0.element : $0.element }, name[b.j], name[b.i])
            }
            return (i, j, L, name[b.i], name[b.j])
        }.sorted { ($0.3, $0.4) < ($1.3, $1.4) }.map { ($0.0, $0.1, $0.2) }
        // (columns, weights of x_i, x_j, x_k, constant): L0 x_i + L1 x_j + L2 x_k, or a single L.
        let triples: [(Int, Int, Int, Double, Double, Double, Double)] = zip(ternaries, c.ternary).compactMap { t, L -> ([(Int, Double, String)], Double)? in
            guard let i = columns[t.i], let j = columns[t.j], let k = columns[t.k] else { return nil }
            let w = L.count == 3 ? L : [0, 0, 0]
            let sorted = [(i, w[0], name[t.i]), (j, w[1], name[t.j]), (k, w[2], name[t.k])].sorted { $0.2 < $1.2 }
            return (sorted, L.count == 3 ? 0 : L.first ?? 0)
        }.sorted { ($0.0[0].2, $0.0[1].2, $0.0[2].2) < ($1.0[0].2, $1.0[1].2, $1.0[2].2) }.map { s, l in
            (s[0].0, s[1].0, s[2].0, s[0].1, s[1].1, s[2].1, l)
        }
        return MuggianuKernel(pairs: pairs, triples: triples, width: width)
    }

    /// One property at one temperature by any method, prepared for many compositions laid out as
    /// a `MuggianuKernel` reads them (rows of `width` columns, component c in column `columns[c]`,
    /// nil: fraction 0). The coefficients, each binary's part in the method and Chou's similarity
    /// coefficients are made once; a row then allocates nothing. It evaluates one composition in
    /// any number type too (`value(at:)`, `partial`), so every method has one sum.
    public struct ExtrapolationKernel: Sendable {
        /// How a binary enters the sum.
        enum Part: Sendable {
            /// x_i x_j Σ L_v (x_i - x_j)^v.
            case muggianu
            /// (x_i + x_j)² G_ij at x_i/(x_i + x_j).
            case kohler
            /// The binary with the asymmetric component k (its column in the system, and the
            /// other's): G_ij at (x_k, 1 - x_k) weighted x_other / (1 - x_k); `kFirst` when k is i.
            case asymmetric(k: Int, other: Int, kFirst: Bool)
            /// Chou: x_i x_j Σ L_v (X_i - X_j)^v with X_i = x_i + ξ x_k, X_j = x_j + (1 - ξ) x_k.
            case chou(k: Int, xi: Double)
        }

        struct Pair: Sendable {
            let i: Int, j: Int
            /// Its coefficients' place in `coefficients`.
            let start: Int, count: Int
            let part: Part
        }

        struct Triple: Sendable {
            let i: Int, j: Int, k: Int
            /// L0 x_i + L1 x_j + L2 x_k (`weighted`), or the single L0.
            let l0: Double, l1: Double, l2: Double
            let weighted: Bool
        }

        let pairs: [Pair]
        let triples: [Triple]
        let coefficients: [Double]
        /// Column of each of the system's components in a row, or nil.
        let columns: [Int?]
        public let width: Int

        /// Whether every coefficient is 0: the property is 0 everywhere.
        public var isZero: Bool {
            coefficients.allSatisfy { $0 == 0 } && triples.allSatisfy { $0.l0 == 0 && $0.l1 == 0 && $0.l2 == 0 }
        }

        /// The property of `rows` compositions starting at `f`, written to `o`.
        public func evaluate(_ f: UnsafePointer<Double>, rows n: Int, into o: UnsafeMutablePointer<Double>) {
            let k = columns.count
            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(k, 1)) { x in
                guard let x = x.baseAddress else { return }
                withTerms { pairs, triples, c in
                    for row in 0..<n {
                        let r = f + row &* width
                        for m in 0..<k { x[m] = columns[m].map { r[$0] } ?? 0 }
                        o[row] = ExtrapolationKernel.value(UnsafePointer(x), pairs, triples, c)
                    }
                }
            }
        }

        /// The property at one composition, x in the order of the system's components, in any
        /// number type (`Dual` for derivatives).
        public func value<N: RKNumber>(at x: [N]) -> N {
            x.withUnsafeBufferPointer { x in
                guard let x = x.baseAddress else { return N(0) }
                return withTerms { ExtrapolationKernel.value(x, $0, $1, $2) }
            }
        }

        /// The partial molar quantity of component m at one composition (x in the system's
        /// order): Ḡ_m = G + ∂G/∂x_m - Σ_j x_j ∂G/∂x_j, the derivatives by forward automatic
        /// differentiation (G extended to all x_j as independent variables).
        public func partial(_ m: Int, at x: [Double]) -> Double {
            let k = x.count
            let g = value(at: (0..<k).map { Dual(x[$0], seed: $0, count: k) })
            // A sum of no terms is a constant, without a gradient.
            let gradient = g.gradient.count == k ? g.gradient : [Double](repeating: 0, count: k)
            var s = g.value + (m < k ? gradient[m] : 0)
            for j in 0..<k { s -= x[j] * gradient[j] }
            return s
        }

        /// The terms as buffers; without binary coefficients (a system of ternary terms alone)
        /// a zero stands in, which no pair reads.
        private func withTerms<R>(_ body: (UnsafeBufferPointer<Pair>, UnsafeBufferPointer<Triple>, UnsafePointer<Double>) -> R) -> R {
            pairs.withUnsafeBufferPointer { pairs in
                triples.withUnsafeBufferPointer { triples in
                    coefficients.withUnsafeBufferPointer { c in
                        if let c = c.baseAddress { return body(pairs, triples, c) }
                        return withUnsafePointer(to: 0.0) { body(pairs, triples, $0) }
                    }
                }
            }
        }

        /// The sum at one composition x (the system's order): each binary as the method takes
        /// it, then the ternary terms.
        @inline(__always)
        static func value<N: RKNumber>(_ x: UnsafePointer<N>, _ pairs: UnsafeBufferPointer<Pair>,
                                       _ triples: UnsafeBufferPointer<Triple>, _ c: UnsafePointer<Double>) -> N {
            var total = N(0)
            for b in pairs {
                let L = UnsafeBufferPointer(start: c + b.start, count: b.count)
                let xi = x[b.i], xj = x[b.j]
                switch b.part {
                case .muggianu:
                    total = total + xi * xj * series(L, xi - xj)
                case .kohler:
                    let s = xi + xj
                    if s.value <= 0 { total = total + N(0); continue }
                    let yi = xi / s, yj = xj / s
                    total = total + s * s * (yi * yj * series(L, yi - yj))
                case .asymmetric(let k, let other, let kFirst):
                    let xk = x[k]
                    let rest = N(1) - xk
                    if rest.value <= 0 { continue }
                    let g = kFirst ? xk * rest * series(L, xk - rest) : rest * xk * series(L, rest - xk)
                    total = total + x[other] / rest * g
                case .chou(let k, let s):
                    // x_i x_j / (X_i X_j) × G_ij(X_i, X_j) = x_i x_j Σ L_v (X_i - X_j)^v
                    let Xi = xi + N(s) * x[k]
                    let Xj = xj + N(1 - s) * x[k]
                    total = total + xi * xj * series(L, Xi - Xj)
                }
            }
            for t in triples {
                let p = x[t.i] * x[t.j] * x[t.k]
                total = total + (t.weighted ? p * (N(t.l0) * x[t.i] + N(t.l1) * x[t.j] + N(t.l2) * x[t.k]) : p * N(t.l0))
            }
            return total
        }
    }

    /// The kernel of property `p` at temperature `T` by `method`, for compositions with `width`
    /// columns laid out as `columns` says (one per component; nil: absent).
    public func extrapolationKernel(width: Int, columns: [Int?], property p: ExcessProperty, T: Double,
                                    method: Extrapolation) -> ExtrapolationKernel {
        extrapolationKernel(width: width, columns: columns, property: p, T: T, method: method,
                            similarity: similarity(T: T, method: method))
    }

    /// The kernels of `properties` at temperature `T` by `method`, Chou's similarity coefficients
    /// made once for all.
    public func extrapolationKernels(width: Int, columns: [Int?], properties: [ExcessProperty], T: Double,
                                     method: Extrapolation) -> [ExtrapolationKernel] {
        let xi = similarity(T: T, method: method)
        return properties.map { extrapolationKernel(width: width, columns: columns, property: $0, T: T, method: method, similarity: xi) }
    }

    /// Chou's similarity coefficients at T for that method; none for the others.
    private func similarity(T: Double, method: Extrapolation) -> [Double] {
        method == .chou ? similarityCoefficients(coefficients(.G, T: T)) : []
    }

    private func extrapolationKernel(width: Int, columns: [Int?], property p: ExcessProperty, T: Double,
                                     method: Extrapolation, similarity xi: [Double]) -> ExtrapolationKernel {
        let c = coefficients(p, T: T)
        var flat: [Double] = []
        var pairs: [ExtrapolationKernel.Pair] = []
        for (index, (b, L)) in zip(binaries, c.binary).enumerated() {
            let part: ExtrapolationKernel.Part
            switch method {
            case .muggianu:
                part = .muggianu
            case .kohler:
                part = .kohler
            case .toop(let k), .hillert(let k):
                if b.i == k || b.j == k {
                    part = .asymmetric(k: k, other: b.i == k ? b.j : b.i, kFirst: b.i == k)
                } else if case .toop = method {
                    part = .kohler
                } else {
                    part = .muggianu
                }
            case .chou:
                let k = (0..<components.count).first { $0 != b.i && $0 != b.j } ?? b.i
                part = .chou(k: k, xi: index < xi.count ? xi[index] : 0.5)
            }
            pairs.append(.init(i: b.i, j: b.j, start: flat.count, count: L.count, part: part))
            flat += L
        }
        let triples: [ExtrapolationKernel.Triple] = zip(ternaries, c.ternary).compactMap { t, L in
            if L.count == 3 { return .init(i: t.i, j: t.j, k: t.k, l0: L[0], l1: L[1], l2: L[2], weighted: true) }
            guard let l0 = L.first else { return nil }
            return .init(i: t.i, j: t.j, k: t.k, l0: l0, l1: 0, l2: 0, weighted: false)
        }
        return ExtrapolationKernel(pairs: pairs, triples: triples, coefficients: flat, columns: columns, width: width)
    }

    /// The Redlich-Kister-Muggianu polynomial of one property over n compositions in one pass
    /// (`muggianuKernel` over the whole table).
    public func muggianu(fractions: [Double], width: Int, columns: [Int?], property p: ExcessProperty,
                         T: Double) -> [Double] {
        let n = width == 0 ? 0 : fractions.count / width
        let kernel = muggianuKernel(width: width, columns: columns, property: p, T: T)
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            fractions.withUnsafeBufferPointer { fb in
                if let f = fb.baseAddress, let o = out.baseAddress { kernel.evaluate(f, rows: n, into: o) }
            }
            initialized = n
        }
    }
}

/// Numbers the Redlich-Kister evaluation runs on: Double, and Dual for derivatives.
public protocol RKNumber {
    init(_ v: Double)
    var value: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
}

extension Double: RKNumber {
    public var value: Double { self }
}

/// A dual number for forward-mode automatic differentiation with respect to several variables.
public struct Dual: RKNumber {
    public var value: Double
    public var gradient: [Double]

    public init(_ v: Double) {
        value = v
        gradient = []
    }

    public init(_ v: Double, seed: Int, count: Int) {
        value = v
        gradient = [Double](repeating: 0, count: count)
        gradient[seed] = 1
    }

    init(value: Double, gradient: [Double]) {
        self.value = value
        self.gradient = gradient
    }

    private static func combine(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        if a.isEmpty { return b.map { f(0, $0) } }
        if b.isEmpty { return a.map { f($0, 0) } }
        var out = a
        for i in 0..<a.count { out[i] = f(a[i], b[i]) }
        return out
    }

    public static func + (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value + b.value, gradient: combine(a.gradient, b.gradient, +))
    }
    public static func - (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value - b.value, gradient: combine(a.gradient, b.gradient, -))
    }
    public static func * (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value * b.value, gradient: combine(a.gradient, b.gradient) { da, db in da * b.value + a.value * db })
    }
    public static func / (a: Dual, b: Dual) -> Dual {
        let v = a.value / b.value
        return Dual(value: v, gradient: combine(a.gradient, b.gradient) { da, db in (da - v * db) / b.value })
    }
}

/// 20-point Gauss-Legendre quadrature on [0, 1].
enum GaussLegendre {
    static let nodes: [(x: Double, w: Double)] = {
        // Nodes and weights on [-1, 1] by Newton's method on P_20.
        let n = 20
        var out: [(Double, Double)] = []
        for i in 1...n {
            var z = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var dp = 0.0
            for _ in 0..<100 {
                var p1 = 1.0, p2 = 0.0
                for j in 1...n {
                    let p3 = p2
                    p2 = p1
                    p1 = ((2 * Double(j) - 1) * z * p2 - (Double(j) - 1) * p3) / Double(j)
                }
                dp = Double(n) * (z * p1 - p2) / (z * z - 1)
                let z1 = z
                z = z1 - p1 / dp
                if Swift.abs(z - z1) < 1e-15 { break }
            }
            out.append(((1 + z) / 2, 1 / ((1 - z * z) * dp * dp)))
        }
        return out
    }()

    static func integrate01(_ f: (Double) -> Double) -> Double {
        var s = 0.0
        for (x, w) in nodes { s += w * f(x) }
        return s
    }
}
