#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers a phase's Gibbs energy is evaluated on: `TJet` (derivatives in T, for H, S, Cp),
/// `Jet` (derivatives in x to the fourth and in T, for the phase-diagram solvers) and Double.
public protocol PhaseNumber {
    init(_ v: Double)
    var value: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    var naturalLog: Self { get }
    func raised(_ p: Double) -> Self
}

extension TJet: PhaseNumber {
    public var value: Double { v }
    public var naturalLog: TJet { ln }
    public func raised(_ p: Double) -> TJet { power(TJet(p)) }
}

extension Jet: PhaseNumber {
    public init(_ v: Double) { self.init(constant: v) }
    public var naturalLog: Jet { logarithm }
    public func raised(_ p: Double) -> Jet { power(p) }
}

extension Double: PhaseNumber {
    public var naturalLog: Double { log(self) }
    public func raised(_ p: Double) -> Double { pow(self, p) }
}

/// Why a phase of a database cannot be modelled, or a value cannot be computed.
public struct TDBModelError: Error, Sendable, Equatable {
    public var message: String
    public var notes: [String]
    public init(_ message: String, notes: [String] = []) {
        self.message = message
        self.notes = notes
    }
}

/// One phase of a TDB database for chosen components, with constituents on one sublattice (and
/// sublattices holding only VA): G per mole of atoms,
///
///     G = [Σ y_i °G_i + a R T Σ y_i ln y_i + G_ex + G_mag] / a
///
/// with a the site ratio of the mixing sublattice; G_ex the Redlich-Kister-Muggianu sum
/// Σ y_i y_j Σ_v L_v (y_i - y_j)^v + Σ y_i y_j y_k Σ_m v_m L_m, v_m = y_m + (1 - y_i - y_j - y_k)/3
/// (constituents sorted alphabetically, as TDB tools read them; a ternary with only ;0 is
/// symmetric); G_mag the Inden-Hillert-Jarl term R T ln(β + 1) g(T/T_C) with the phase's p and
/// antiferromagnetic factor (Hillert and Jarl, Calphad 2 (1978) 227; as pycalphad 0.11 writes it).
/// Parameters keep their temperature dependence as written, piecewise ranges included.
public struct TDBPhaseModel: Sendable {
    /// A parameter term: constituents (indices into `components`), its order, its function.
    public struct Term: Sendable, Equatable {
        public var indices: [Int]
        public var order: Int
        public var function: TDBPiecewise
        /// How the file names it: G(LIQUID,AL,ZN;0).
        public var label: String
    }

    public let phase: String
    /// Upper-case element names, in the order the model was asked for.
    public let components: [String]
    /// The site ratio of the mixing sublattice (moles of atoms per formula unit).
    public let sites: Double
    /// All sublattices' site ratios and which one mixes (the rest hold VA).
    public let allSites: [Double]
    public let mixingSublattice: Int
    public let endmembers: [Term]
    public let excess: [Term]
    public let curie: [Term]
    public let moment: [Term]
    public let magnetic: (afm: Double, p: Double)?
    /// The functions the terms refer to, directly or not.
    public let functions: [String: TDBPiecewise]
    /// The gas constant of the database tools, 8.3145 J/(mol K) as pycalphad has it (Thermo-Calc:
    /// 8.31451), not CODATA's 8.314462618: assessments were fitted with it, and the values then
    /// agree with those tools'.
    public var gasConstant = 8.3145

    /// Coefficients of every term at one temperature (value and T-derivatives).
    public struct Coefficients: Sendable {
        public var T: Double
        public var endmembers: [TJet]
        public var excess: [TJet]
        public var curie: [TJet]
        public var moment: [TJet]
    }

    /// Evaluates every term at T. Throws when T lies outside a parameter's or function's ranges.
    public func coefficients(T: Double) throws -> Coefficients {
        var cache: [String: TJet] = [:]
        func terms(_ ts: [Term]) throws -> [TJet] { try ts.map { try evaluate($0.function, T: T, name: $0.label, cache: &cache) } }
        return Coefficients(T: T, endmembers: try terms(endmembers), excess: try terms(excess),
                            curie: try terms(curie), moment: try terms(moment))
    }

    func evaluate(_ f: TDBPiecewise, T: Double, name: String, cache: inout [String: TJet], depth: Int = 0) throws -> TJet {
        guard depth < 64 else { throw TDBModelError("the functions refer to each other in a loop through \(name)") }
        guard let e = f.piece(at: T) else {
            throw TDBModelError("T = \(format(T)) K is outside the temperature range of \(name), \(format(f.low)) K to \(format(f.high)) K")
        }
        return try evaluate(e, T: T, cache: &cache, depth: depth)
    }

    func evaluate(_ e: TDBExpression, T: Double, cache: inout [String: TJet], depth: Int) throws -> TJet {
        switch e {
        case .number(let v): return TJet(v)
        case .temperature: return TJet(T, 1, 0)
        case .pressure: return TJet(101325)
        case .function(let n):
            if let c = cache[n] { return c }
            guard let f = functions[n] else { throw TDBModelError("the function \(n) is used but not defined") }
            let v = try evaluate(f, T: T, name: n, cache: &cache, depth: depth + 1)
            cache[n] = v
            return v
        case .negate(let a): return -(try evaluate(a, T: T, cache: &cache, depth: depth))
        case .add(let a, let b): return try evaluate(a, T: T, cache: &cache, depth: depth) + evaluate(b, T: T, cache: &cache, depth: depth)
        case .subtract(let a, let b): return try evaluate(a, T: T, cache: &cache, depth: depth) - evaluate(b, T: T, cache: &cache, depth: depth)
        case .multiply(let a, let b): return try evaluate(a, T: T, cache: &cache, depth: depth) * evaluate(b, T: T, cache: &cache, depth: depth)
        case .divide(let a, let b): return try evaluate(a, T: T, cache: &cache, depth: depth) / evaluate(b, T: T, cache: &cache, depth: depth)
        case .power(let a, let b): return try evaluate(a, T: T, cache: &cache, depth: depth).power(evaluate(b, T: T, cache: &cache, depth: depth))
        case .ln(let a): return try evaluate(a, T: T, cache: &cache, depth: depth).ln
        case .exp(let a): return try evaluate(a, T: T, cache: &cache, depth: depth).exp
        }
    }

    /// G per mole of atoms at site fractions y (in the order of `components`) on any number type;
    /// `c(term)` gives a coefficient as that type.
    @inline(__always)
    public func gibbs<N: PhaseNumber>(_ y: [N], T: N, _ c: Coefficients, reference: Bool = true, lift: (TJet) -> N) -> N {
        var g = N(0)
        if reference {
            for (t, v) in zip(endmembers, c.endmembers) { g = g + y[t.indices[0]] * lift(v) }
        }
        var s = N(0)
        for yi in y where yi.value > 0 { s = s + yi * yi.naturalLog }
        g = g + N(sites * gasConstant) * T * s
        g = g + excessSum(y, excess, c.excess, lift)
        if let m = magnetic {
            g = g + magneticTerm(y, T: T, c, m.afm, m.p, lift)
        }
        return g / N(sites)
    }

    @inline(__always)
    func excessSum<N: PhaseNumber>(_ y: [N], _ ts: [Term], _ cs: [TJet], _ lift: (TJet) -> N) -> N {
        var g = N(0)
        for (t, v) in zip(ts, cs) {
            let L = lift(v)
            switch t.indices.count {
            case 1:
                g = g + y[t.indices[0]] * L
            case 2:
                let a = y[t.indices[0]], b = y[t.indices[1]]
                var term = a * b * L
                if t.order > 0 {
                    let d = a - b
                    var p = d
                    for _ in 1..<t.order { p = p * d }
                    term = term * p
                }
                g = g + term
            case 3:
                let a = y[t.indices[0]], b = y[t.indices[1]], cc = y[t.indices[2]]
                // order < 0: a symmetric ternary (only ;0 given).
                if t.order < 0 {
                    g = g + a * b * cc * L
                } else {
                    let rest = (N(1) - a - b - cc) / N(3)
                    let vm = y[t.indices[min(t.order, 2)]] + rest
                    g = g + a * b * cc * vm * L
                }
            default:
                var p = L
                for i in t.indices { p = p * y[i] }
                g = g + p
            }
        }
        return g
    }

    @inline(__always)
    func magneticTerm<N: PhaseNumber>(_ y: [N], T: N, _ c: Coefficients, _ afm: Double, _ p: Double,
                                      _ lift: (TJet) -> N) -> N {
        var tc = excessSum(y, curie, c.curie, lift)
        var beta = excessSum(y, moment, c.moment, lift)
        if beta.value <= 0 { beta = beta / N(afm) }
        let tcv = tc.value
        if tcv <= 0 { tc = tc / N(afm) }
        // At τ = 1 both branches agree (the function is continuous with its first derivative).
        guard tcv != 0 else { return N(0) }
        let tau = T / tc
        let A = 518.0 / 1125 + (11692.0 / 15975) * (1 / p - 1)
        let g: N
        if tau.value < 1 {
            g = N(1) - (N(79.0 / (140 * p)) / tau + N((474.0 / 497) * (1 / p - 1))
                * (tau.raised(3) / N(6) + tau.raised(9) / N(135) + tau.raised(15) / N(600))) / N(A)
        } else {
            g = N(0) - (tau.raised(-5) / N(10) + tau.raised(-15) / N(315) + tau.raised(-25) / N(1500)) / N(A)
        }
        return N(gasConstant) * T * (beta + N(1)).naturalLog * g
    }

    /// The Curie (or Néel) temperature at site fractions y, the antiferromagnetic factor applied
    /// (K); nil without a magnetic term.
    func curieTemperature(_ y: [Double], _ c: Coefficients) -> Double? {
        guard let m = magnetic else { return nil }
        let tc = excessSum(y, curie, c.curie) { $0.v }
        return tc <= 0 ? tc / m.afm : tc
    }

    /// G (J/mol of atoms) and its T-derivatives at one composition.
    public func gibbs(y: [Double], _ c: Coefficients) -> TJet {
        gibbs(y.map { TJet($0) }, T: TJet(c.T, 1, 0), c) { $0 }
    }

    /// The molar Gibbs energy, enthalpy, entropy and heat capacity (J/mol, J/(mol K)).
    public struct Properties: Sendable, Equatable {
        public var G: [Double]
        public var H: [Double]
        public var S: [Double]
        public var Cp: [Double]

        public init(G: [Double], H: [Double], S: [Double], Cp: [Double]) {
            self.G = G
            self.H = H
            self.S = S
            self.Cp = Cp
        }

        /// n rows of each column, not yet written.
        init(uninitialized n: Int) {
            func column() -> [Double] { [Double](unsafeUninitializedCapacity: n) { _, count in count = n } }
            self.init(G: column(), H: column(), S: column(), Cp: column())
        }

        /// The four columns' storage (G, H, S, Cp), or nothing when they are empty.
        mutating func withColumns(_ body: ([UnsafeMutablePointer<Double>]) -> Void) {
            G.withUnsafeMutableBufferPointer { g in
                H.withUnsafeMutableBufferPointer { h in
                    S.withUnsafeMutableBufferPointer { s in
                        Cp.withUnsafeMutableBufferPointer { cp in
                            guard let a = g.baseAddress, let b = h.baseAddress, let c = s.baseAddress,
                                  let d = cp.baseAddress else { return }
                            body([a, b, c, d])
                        }
                    }
                }
            }
        }
    }

    /// G, H, S, Cp at n compositions (row-major n × k site fractions in the order of
    /// `components`) and temperatures T (one, or one per composition). With `mixing`, each minus
    /// Σ y_i of the pure components' values in this phase (ΔG, ΔH, ΔS, ΔCp of mixing).
    public func properties(fractions: [Double], T: [Double], mixing: Bool = false) throws -> Properties {
        let k = components.count
        let n = k == 0 ? 0 : fractions.count / k
        var out = Properties(G: .init(repeating: 0, count: n), H: .init(repeating: 0, count: n),
                             S: .init(repeating: 0, count: n), Cp: .init(repeating: 0, count: n))
        var cache: (T: Double, c: Coefficients, pure: [TJet])?
        var y = [TJet](repeating: TJet(0), count: k)
        for row in 0..<n {
            let t = T.count == 1 ? T[0] : T[row]
            if cache?.T != t {
                let c = try coefficients(T: t)
                var pure: [TJet] = []
                if mixing {
                    for i in 0..<k {
                        var e = [Double](repeating: 0, count: k)
                        e[i] = 1
                        pure.append(gibbs(y: e, c))
                    }
                }
                cache = (t, c, pure)
            }
            guard let cc = cache else { continue }
            for j in 0..<k { y[j] = TJet(fractions[row * k + j]) }
            var g = gibbs(y, T: TJet(t, 1, 0), cc.c) { $0 }
            if mixing {
                for j in 0..<k { g = g - y[j].v * cc.pure[j] }
            }
            out.G[row] = g.v
            out.S[row] = -g.d1
            out.H[row] = g.v - t * g.d1
            out.Cp[row] = -t * g.d2
        }
        return out
    }

    /// Rows per chunk of `totalAndMixing` (about a millisecond of work for a magnetic phase).
    public static let generalChunkRows = 512

    /// What `properties` gives with `mixing` false and true, to the bit, in one pass: each
    /// composition's G is evaluated once, and the mixing values are the total minus Σ y_i of the
    /// pure components' in this phase. Rows are computed in chunks of `generalChunkRows`;
    /// `parallel(count, body)` runs body(0..<count), one call per chunk, and may run them side by
    /// side (the chunks write disjoint rows). If the coefficients cannot be made at some
    /// temperature, the error of the earliest chunk that met one is thrown.
    public func totalAndMixing(fractions: [Double], T: [Double],
                               parallel: (Int, (Int) -> Void) -> Void = { n, body in for i in 0..<n { body(i) } })
        throws -> (total: Properties, mixing: Properties)
    {
        let k = components.count
        let n = k == 0 ? 0 : fractions.count / k
        guard n > 0, !T.isEmpty, T.count == 1 || T.count >= n else {
            let none = Properties(G: [], H: [], S: [], Cp: [])
            return (none, none)
        }
        // The coefficients and pure components at one temperature, made once when there is one.
        func prepared(_ t: Double) throws -> (c: Coefficients, pure: [TJet]) {
            let c = try coefficients(T: t)
            var pure: [TJet] = []
            for i in 0..<k {
                var e = [Double](repeating: 0, count: k)
                e[i] = 1
                pure.append(gibbs(y: e, c))
            }
            return (c, pure)
        }
        // At one temperature, made once (an error is thrown at once) and shared by the chunks.
        let one = T.count == 1 ? try prepared(T[0]) : nil
        var total = Properties(uninitialized: n), mixing = Properties(uninitialized: n)
        let chunks = (n + Self.generalChunkRows - 1) / Self.generalChunkRows
        var errors = [TDBModelError?](repeating: nil, count: chunks)
        fractions.withUnsafeBufferPointer { f in
            errors.withUnsafeMutableBufferPointer { errs in
                total.withColumns { o in
                    mixing.withColumns { m in
                        parallel(chunks) { chunk in
                            let start = chunk * Self.generalChunkRows, end = min(n, start + Self.generalChunkRows)
                            var cache: (T: Double, c: Coefficients, pure: [TJet])? = one.map { (T[0], $0.c, $0.pure) }
                            var y = [TJet](repeating: TJet(0), count: k)
                            for row in start..<end {
                                let t = T.count == 1 ? T[0] : T[row]
                                if cache?.T != t {
                                    do {
                                        let p = try prepared(t)
                                        cache = (t, p.c, p.pure)
                                    } catch {
                                        errs[chunk] = (error as? TDBModelError) ?? TDBModelError("\(error)")
                                        return
                                    }
                                }
                                guard let cc = cache else { return }
                                for j in 0..<k { y[j] = TJet(f[row * k + j]) }
                                var g = gibbs(y, T: TJet(t, 1, 0), cc.c) { $0 }
                                o[0][row] = g.v
                                o[2][row] = -g.d1
                                o[1][row] = g.v - t * g.d1
                                o[3][row] = -t * g.d2
                                for j in 0..<k { g = g - y[j].v * cc.pure[j] }
                                m[0][row] = g.v
                                m[2][row] = -g.d1
                                m[1][row] = g.v - t * g.d1
                                m[3][row] = -t * g.d2
                            }
                        }
                    }
                }
            }
        }
        if let first = errors.first(where: { $0 != nil }), let e = first { throw e }
        return (total, mixing)
    }

    /// G alone over n compositions at one temperature, on Doubles: the fast path.
    public func gibbsEnergies(fractions: [Double], T: Double, mixing: Bool = false) throws -> [Double] {
        let k = components.count
        let n = k == 0 ? 0 : fractions.count / k
        let c = try coefficients(T: T)
        var out = [Double](repeating: 0, count: n)
        var pure = [Double](repeating: 0, count: k)
        if mixing {
            for i in 0..<k {
                var e = [Double](repeating: 0, count: k)
                e[i] = 1
                pure[i] = gibbs(e, T: T, c) { $0.v }
            }
        }
        var y = [Double](repeating: 0, count: k)
        for row in 0..<n {
            for j in 0..<k { y[j] = fractions[row * k + j] }
            var g = gibbs(y, T: T, c) { $0.v }
            if mixing { for j in 0..<k { g -= y[j] * pure[j] } }
            out[row] = g
        }
        return out
    }
}

extension TDBPhaseModel {
    /// A binary of this phase as a function of x = x of the second component, for the
    /// phase-diagram solvers: G of mixing (relative to the pure components in this phase),
    /// differentiated exactly in x (to the fourth) and T through `Jet`.
    public struct Binary: GibbsFunction, Sendable {
        public let model: TDBPhaseModel
        final class Cache: @unchecked Sendable {
            var entry: (T: Double, c: TDBPhaseModel.Coefficients, pure: [Jet])?
            /// Earlier entries by T: the solvers come back to the same temperatures (a scan in T
            /// repeated at each composition), and the coefficients cost far more than one G.
            var entries: [Double: (T: Double, c: TDBPhaseModel.Coefficients, pure: [Jet])] = [:]
            var error: TDBModelError?
        }
        let cache = Cache()

        /// A temperature at which G of mixing = E(x) + T F(x) is split, when it is linear in T.
        let splitT: Double?

        public init(_ model: TDBPhaseModel) {
            self.model = model
            // Linear in T: no magnetic term, every excess term one range of a + b T.
            let linear = model.magnetic == nil && model.excess.allSatisfy { t in
                t.function.pieces.count == 1 && (t.function.pieces.first?.expression.linearForm.map { $0.c == 0 && $0.d == 0 } ?? false)
            }
            let low = model.excess.map(\.function.low).max() ?? 298.15
            let high = model.excess.map(\.function.high).min() ?? 6000
            splitT = linear && low <= high ? max(low, min(high, 1000)) : nil
        }

        /// The first error met (a temperature outside the ranges); the solvers then see NaN.
        public var failure: TDBModelError? { cache.error }

        func jet(_ x: Double, _ T: Double) -> Jet? {
            if cache.entry?.T != T, let earlier = cache.entries[T] {
                cache.entry = earlier
            }
            if cache.entry?.T != T {
                do {
                    let c = try model.coefficients(T: T)
                    let t = Jet.t(T)
                    let pure = [[Jet(1), Jet(0)], [Jet(0), Jet(1)]].map { model.gibbs($0, T: t, c, reference: false, lift: Binary.lift) }
                    cache.entry = (T, c, pure)
                    if cache.entries.count >= 512 { cache.entries.removeAll(keepingCapacity: true) }
                    cache.entries[T] = (T, c, pure)
                } catch let e as TDBModelError {
                    if cache.error == nil { cache.error = e }
                    return nil
                } catch {
                    return nil
                }
            }
            guard let e = cache.entry else { return nil }
            let xj = Jet.x(x)
            let y = [Jet(1) - xj, xj]
            let g = model.gibbs(y, T: Jet.t(T), e.c, reference: false, lift: Binary.lift)
            return g - y[0] * e.pure[0] - y[1] * e.pure[1]
        }

        static func lift(_ v: TJet) -> Jet { Jet(a: [v.v, 0, 0, 0, 0], b: [v.d1, 0, 0, 0, 0]) }

        public func g(_ d: Int, _ x: Double, _ T: Double) -> Double { jet(x, T)?.derivative(d) ?? .nan }
        public func gT(_ d: Int, _ x: Double, _ T: Double) -> Double { jet(x, T)?.temperatureDerivative(d) ?? .nan }

        /// Where the Curie (Néel) temperature of the binary equals T.
        public func jumps(T: Double) -> [Double] {
            guard model.magnetic != nil, let c = try? model.coefficients(T: T) else { return [] }
            return PhaseSolver.signChanges { u in
                let x = PhaseSolver.xOf(u)
                return (model.curieTemperature([1 - x, x], c) ?? 0) - T
            }
        }

        public func linearSplit(_ d: Int, _ x: Double) -> (E: Double, F: Double)? {
            guard let t = splitT, let j = jet(x, t) else { return nil }
            let f = j.temperatureDerivative(d)
            return (j.derivative(d) - t * f, f)
        }
    }
}
