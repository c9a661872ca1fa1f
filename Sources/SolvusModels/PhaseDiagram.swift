@_exported import SolvusNumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Critical points, spinodals and binodals of a binary model (seeds 000 and 001): the spinodal
/// is ∂²G/∂x² = 0, a critical point adds ∂³G/∂x³ = 0 (with ∂⁴G/∂x⁴ > 0), and the binodal is the
/// common tangent, equal chemical potentials of both components in both phases.
///
/// Every root is found by bracketing and safeguarded Newton steps with analytic derivatives, in
/// the logit variable u = ln(x/(1-x)) so that compositions of 1e-12 or 1 - 1e-12 are resolved
/// with full relative precision.
public protocol GibbsFunction {
    /// ∂^d G / ∂x^d at (x, T), 0 ≤ d ≤ 4 (J/mol).
    func g(_ d: Int, _ x: Double, _ T: Double) -> Double
    /// ∂/∂T of ∂^d G / ∂x^d.
    func gT(_ d: Int, _ x: Double, _ T: Double) -> Double
    /// When G = E(x) + T F(x) exactly: the d-th x-derivatives of E and F at x; nil otherwise.
    /// Critical points then follow from E and F alone, without solving for T at each x.
    func linearSplit(_ d: Int, _ x: Double) -> (E: Double, F: Double)?
    /// The compositions in (0, 1), increasing, where ∂²G/∂x² may jump at T: where a magnetic
    /// term's Curie (or Néel) line crosses T, G has continuous first derivatives and a jump in its
    /// second (Inden-Hillert-Jarl). Empty for smooth models (the default).
    func jumps(T: Double) -> [Double]
}

extension GibbsFunction {
    public func jumps(T: Double) -> [Double] { [] }
}

extension BinaryModel: GibbsFunction {
    public func linearSplit(_ d: Int, _ x: Double) -> (E: Double, F: Double)? {
        C.isZero ? (E.derivative(d, at: x), F.derivative(d, at: x)) : nil
    }
}

/// Root finding on (0, 1) in the logit variable.
public enum PhaseSolver {
    @inline(__always) static func xOf(_ u: Double) -> Double { 1 / (1 + exp(-u)) }
    @inline(__always) static func uOf(_ x: Double) -> Double { log(x / (1 - x)) }

    /// How far from a jump of ∂²G/∂x² (in u) its one-sided values are taken.
    static let side = 1e-9

    /// The grid of u on which sign changes are looked for: fine in the middle, reaching
    /// x ≈ 1e-13 and 1 - 1e-13 at the ends.
    static let scan: [Double] = {
        var u: [Double] = []
        var v = -30.0
        while v <= 30.0001 {
            u.append(v)
            v += abs(v) < 6 ? 0.05 : 0.25
        }
        return u
    }()

    /// The compositions where f (a function of u) changes sign, from the scan grid, each
    /// bisected to 1e-15 in u; f needs no derivative (and may jump).
    static func signChanges(_ f: (Double) -> Double) -> [Double] {
        var out: [Double] = []
        var prevU = scan[0], prev = f(prevU)
        for u in scan.dropFirst() {
            let v = f(u)
            if v == 0 {
                out.append(xOf(u))
            } else if prev != 0, (v < 0) != (prev < 0) {
                var (a, b, fa) = (prevU, u, prev)
                for _ in 0..<100 where b - a > 1e-15 * max(1, abs(a)) {
                    let m = 0.5 * (a + b), fm = f(m)
                    if (fm < 0) == (fa < 0) { (a, fa) = (m, fm) } else { b = m }
                }
                out.append(xOf(0.5 * (a + b)))
            }
            prevU = u
            prev = v
        }
        return out
    }

    /// A root of f in u between a and b where f(a), f(b) have opposite signs; f returns the value
    /// and its derivative with respect to u. Newton steps, falling back to bisection.
    static func root(_ f: (Double) -> (Double, Double), _ a0: Double, _ b0: Double, tolerance: Double = 1e-14) -> Double {
        var a = a0, b = b0
        var fa = f(a).0
        if fa == 0 { return a }
        if f(b).0 == 0 { return b }
        var u = 0.5 * (a + b)
        for _ in 0..<200 {
            let (fu, du) = f(u)
            if fu == 0 { return u }
            if (fu < 0) == (fa < 0) { a = u; fa = fu } else { b = u }
            var next = du != 0 ? u - fu / du : .nan
            if !(next > min(a, b) && next < max(a, b)) { next = 0.5 * (a + b) }
            if abs(next - u) <= tolerance * max(1, abs(u)) { return next }
            u = next
        }
        return u
    }

}

extension GibbsFunction {
    /// Roots in (0, 1) of the d-th derivative at T, from sign changes on the scan grid.
    func roots(of d: Int, T: Double) -> [Double] {
        let grid = PhaseSolver.scan
        var out: [Double] = []
        var prevU = grid[0]
        var prev = g(d, PhaseSolver.xOf(prevU), T)
        for u in grid.dropFirst() {
            let v = g(d, PhaseSolver.xOf(u), T)
            if v == 0 {
                out.append(PhaseSolver.xOf(u))
            } else if (v < 0) != (prev < 0), prev != 0 {
                let r = PhaseSolver.root({ u in
                    let x = PhaseSolver.xOf(u)
                    return (self.g(d, x, T), self.g(d + 1, x, T) * x * (1 - x))
                }, prevU, u)
                out.append(PhaseSolver.xOf(r))
            }
            prevU = u
            prev = v
        }
        return out
    }

    /// The spinodal compositions at T: where ∂²G/∂x² = 0, in increasing order.
    /// Found around the minima of ∂²G/∂x² (roots of ∂³G/∂x³), so that two spinodal points
    /// closer than any grid spacing (just below T_c) are still separated.
    ///
    /// Where ∂²G/∂x² jumps (a Curie line), the jump is a bound too, met from each side: the
    /// unstable region may end there, or be only a sliver beside it that no extremum marks.
    public func spinodal(T: Double) -> [Double] {
        let extrema = roots(of: 3, T: T)
        var out: [Double] = []
        let first = PhaseSolver.scan[0], end = PhaseSolver.scan[PhaseSolver.scan.count - 1]
        var left = first
        let sides = jumps(T: T).map(PhaseSolver.uOf).flatMap { [$0 - PhaseSolver.side, $0 + PhaseSolver.side] }
        let bounds = (extrema.map(PhaseSolver.uOf) + sides).filter { $0 > first && $0 < end }.sorted() + [end]
        // Between consecutive extrema (and the ends) ∂²G/∂x² is monotonic: at most one root each.
        for right in bounds {
            let gl = g(2, PhaseSolver.xOf(left), T), gr = g(2, PhaseSolver.xOf(right), T)
            if (gl < 0) != (gr < 0), gl != 0, gr != 0 {
                let r = PhaseSolver.root({ u in
                    let x = PhaseSolver.xOf(u)
                    return (self.g(2, x, T), self.g(3, x, T) * x * (1 - x))
                }, left, right)
                let x = PhaseSolver.xOf(r)
                // A jump met from both of its sides gives one point.
                if let last = out.last, abs(PhaseSolver.uOf(last) - r) <= 4 * PhaseSolver.side { continue }
                out.append(x)
            }
            left = right
        }
        return out
    }

    /// The unstable intervals (spinodal pairs) at T.
    func unstableIntervals(T: Double) -> [(Double, Double)] {
        let s = spinodal(T: T)
        var out: [(Double, Double)] = []
        var i = 0
        // Pair a falling crossing (g'' turns negative) with the next rising one.
        while i + 1 < s.count {
            let mid = 0.5 * (s[i] + s[i + 1])
            if g(2, mid, T) < 0 {
                out.append((s[i], s[i + 1]))
                i += 2
            } else {
                i += 1
            }
        }
        return out
    }

    /// The coexisting compositions at T by the common tangent, one pair per miscibility gap, in
    /// increasing order; empty above the critical temperature.
    ///
    /// For a tangent slope μ, x₁(μ) solves ∂G/∂x = μ left of the gap and x₂(μ) right of it;
    /// the intercepts G - μx of the two points are equal at the binodal. The difference of
    /// intercepts is monotonic in μ (its derivative is x₂ - x₁), so Newton steps on μ, kept
    /// inside the bracket [∂G/∂x(s₂), ∂G/∂x(s₁)], converge from any start.
    ///
    /// With one unstable interval, G is convex on either side and its common tangent is the
    /// stable one. With several, each pair is checked: its tangent must lie below G everywhere,
    /// and every unstable interval must lie inside a pair. Where two unstable regions share one
    /// wide gap (Cr-Fe's bcc below 199 K: a sliver beside the Néel line and the main region), the
    /// pairs found around each region alone are metastable or missing; the gaps then come from the
    /// lower convex hull of G over x, refined to equal chemical potentials (as `equilibrium` does).
    public func binodal(T: Double) -> [Double] {
        let intervals = unstableIntervals(T: T)
        let local = localBinodal(T: T, intervals)
        if intervals.count <= 1 && local.count == 2 * intervals.count { return local }
        var pairs: [(Double, Double)] = []
        var i = 0
        while i + 1 < local.count { pairs.append((local[i], local[i + 1])); i += 2 }
        let covered = intervals.allSatisfy { u in pairs.contains { $0.0 <= u.0 && u.1 <= $0.1 } }
        if covered && pairs.allSatisfy({ supports($0.0, $0.1, T: T) }) { return local }
        let phase = MixingSolutionPhase(name: "", mixing: self) { _ in (0, 0) }
        guard let section = try? BinaryEquilibrium.section([phase], T: T) else { return local }
        return section.regions.flatMap { r -> [Double] in
            if case .two(_, let xa, _, let xb) = r { return [xa, xb] }
            return []
        }
    }

    /// Whether the common tangent at x1 lies below G at every composition of the scan (within a
    /// relative 1e-9): a stable pair, not a metastable one.
    func supports(_ x1: Double, _ x2: Double, T: Double) -> Bool {
        let g1 = g(0, x1, T), slope = g(1, x1, T)
        let scale = max(1, abs(g1), abs(g(0, x2, T)))
        for u in PhaseSolver.scan {
            let x = PhaseSolver.xOf(u)
            if x > x1 && x < x2 { continue }
            let below = g(0, x, T) - (g1 + slope * (x - x1))
            if below < -1e-9 * scale { return false }
        }
        return true
    }

    /// The common tangents around each unstable interval alone (see `binodal`).
    func localBinodal(T: Double, _ intervals: [(Double, Double)]) -> [Double] {
        var out: [Double] = []
        for (k, (s1, s2)) in intervals.enumerated() {
            // Left of the first gap and right of the last the search may run to the edges.
            let first = k == 0, last = k == intervals.count - 1
            let lower = first ? PhaseSolver.scan[0] : PhaseSolver.uOf(intervals[k - 1].1)
            let upper = last ? -PhaseSolver.scan[0] : PhaseSolver.uOf(intervals[k + 1].0)
            // The point in [uLow, uHigh] where ∂G/∂x = μ (∂G/∂x is increasing there).
            func solve(_ mu: Double, _ uLow: Double, _ uHigh: Double, extendLow: Bool, extendHigh: Bool) -> Double {
                let f: (Double) -> (Double, Double) = { u in
                    let x = PhaseSolver.xOf(u)
                    return (self.g(1, x, T) - mu, self.g(2, x, T) * x * (1 - x))
                }
                // ∂G/∂x runs to -∞ at x → 0 and +∞ at x → 1: widen towards an edge until it brackets.
                var lo = uLow, hi = uHigh
                while extendLow, f(lo).0 > 0, lo > -700 { lo -= 10 }
                while extendHigh, f(hi).0 < 0, hi < 700 { hi += 10 }
                guard f(lo).0 <= 0, f(hi).0 >= 0 else { return .nan }
                return PhaseSolver.xOf(PhaseSolver.root(f, lo, hi, tolerance: 1e-15))
            }
            let u1 = PhaseSolver.uOf(s1), u2 = PhaseSolver.uOf(s2)
            var muLow = g(1, s2, T), muHigh = g(1, s1, T)
            guard muLow < muHigh else { continue }
            var mu = 0.5 * (muLow + muHigh)
            var x1 = 0.0, x2 = 0.0
            for _ in 0..<100 {
                x1 = solve(mu, lower, u1, extendLow: first, extendHigh: false)
                x2 = solve(mu, u2, upper, extendLow: false, extendHigh: last)
                guard x1.isFinite, x2.isFinite else { break }
                let d = (g(0, x1, T) - mu * x1) - (g(0, x2, T) - mu * x2)
                if d > 0 { muHigh = mu } else { muLow = mu }
                if d == 0 { break }
                var next = mu - d / (x2 - x1)
                if !(next > muLow && next < muHigh) { next = 0.5 * (muLow + muHigh) }
                if abs(next - mu) <= 1e-15 * max(1, abs(mu)) {
                    mu = next
                    break
                }
                mu = next
            }
            x1 = solve(mu, lower, u1, extendLow: first, extendHigh: false)
            x2 = solve(mu, u2, upper, extendLow: false, extendHigh: last)
            if x1.isFinite && x2.isFinite { out += [x1, x2] }
        }
        return out
    }

    /// The spinodal temperature at composition x: where ∂²G/∂x²(x, T) = 0; nil if none in
    /// (1e-6 K, 1e7 K).
    func spinodalTemperature(_ x: Double) -> Double? {
        if let (e2, f2) = linearSplit(2, x) {
            guard f2 != 0 else { return nil }
            let t = -e2 / f2
            return t > 0 && t.isFinite ? t : nil
        }
        // Bracket in ln T, then Newton on ln T.
        var lo = log(1e-6)
        var flo = g(2, x, exp(lo))
        var step = lo
        while step < log(1e7) {
            let next = step + 0.5
            let f = g(2, x, exp(next))
            // NaN (a temperature outside a database's ranges) brackets nothing.
            if f.isFinite, flo.isFinite, (f < 0) != (flo < 0) {
                let r = PhaseSolver.root({ v in
                    let t = exp(v)
                    return (self.g(2, x, t), self.gT(2, x, t) * t)
                }, step, next, tolerance: 1e-15)
                return exp(r)
            }
            flo = f
            step = next
            lo = step
        }
        return nil
    }

    /// The points where a gap closes, in increasing x: the critical points, and the cusps where
    /// a gap closes on a line across which ∂²G/∂x² jumps (`cusp` true; see `cusps()`).
    public func closingPoints() -> [(T: Double, x: Double, cusp: Bool)] {
        let smooth = criticalPoints().map { (T: $0.T, x: $0.x, cusp: false) }
        let kinks = cusps().filter { c in !smooth.contains { abs($0.x - c.x) < 1e-6 && abs($0.T - c.T) < 1e-3 } }
        return (smooth + kinks.map { (T: $0.T, x: $0.x, cusp: true) }).sorted { $0.x < $1.x }
    }

    /// Where a gap closes on a line across which ∂²G/∂x² jumps, in increasing T. A magnetic term
    /// can make G locally concave on one side of its Curie line: the unstable region is then a
    /// sliver beside the line, and it vanishes where the one-sided ∂²G/∂x² at the line reaches 0
    /// while growing away from the line. There the gap's top (or bottom) is a cusp on the Curie
    /// line, not a critical point (∂³G/∂x³ is not 0): found by scanning T along the line and
    /// bisecting in T to 1e-12 relative.
    public func cusps() -> [(T: Double, x: Double)] {
        // The value of ∂²G/∂x² on the lower side of the jump at x, and which side that is.
        func lowSide(_ x: Double, _ T: Double) -> (value: Double, left: Bool) {
            let u = PhaseSolver.uOf(x)
            let l = g(2, PhaseSolver.xOf(u - PhaseSolver.side), T), r = g(2, PhaseSolver.xOf(u + PhaseSolver.side), T)
            return l <= r ? (l, true) : (r, false)
        }
        func nearest(_ xs: [Double], _ x: Double) -> Double? { xs.min { abs($0 - x) < abs($1 - x) } }
        var out: [(T: Double, x: Double)] = []
        var previous: (T: Double, points: [(x: Double, value: Double)])?
        var T = 1.0
        while T <= 1e4 {
            let points = jumps(T: T).map { x in (x: x, value: lowSide(x, T).value) }
            if let prev = previous {
                for p in points where p.value.isFinite {
                    // The same line one step before: the nearest jump, close enough.
                    guard let q = prev.points.min(by: { abs($0.x - p.x) < abs($1.x - p.x) }), abs(q.x - p.x) < 0.05,
                          q.value.isFinite, (q.value < 0) != (p.value < 0) else { continue }
                    var (a, b, fa) = (prev.T, T, q.value)
                    var x = p.x
                    for _ in 0..<200 where b - a > 1e-12 * b {
                        let m = 0.5 * (a + b)
                        guard let xm = nearest(jumps(T: m), x) else { break }
                        let v = lowSide(xm, m).value
                        guard v.isFinite else { break }
                        if (v < 0) == (fa < 0) { (a, fa) = (m, v) } else { b = m }
                        x = xm
                    }
                    let t = 0.5 * (a + b)
                    guard let xc = nearest(jumps(T: t), x) else { continue }
                    // Closing: on the side where ∂²G/∂x² reaches 0, it grows away from the line.
                    let side = lowSide(xc, t)
                    let u = PhaseSolver.uOf(xc)
                    let g3 = g(3, PhaseSolver.xOf(side.left ? u - PhaseSolver.side : u + PhaseSolver.side), t)
                    if side.left ? g3 < 0 : g3 > 0 { out.append((t, xc)) }
                }
            }
            previous = (T, points)
            T *= 1.01
        }
        return out
    }

    /// The critical points, where ∂²G/∂x² = ∂³G/∂x³ = 0 and ∂⁴G/∂x⁴ > 0, in increasing x.
    /// They are the stationary points of the spinodal temperature T_s(x) that close a gap.
    public func criticalPoints() -> [(T: Double, x: Double)] {
        // φ(x) ∝ dT_s/dx: for G = E + T F it is E'''F'' - E''F''' (no T needed); otherwise
        // ∂³G/∂x³ at (x, T_s(x)).
        let phi: (Double) -> Double? = { x in
            if let (e2, f2) = self.linearSplit(2, x), let (e3, f3) = self.linearSplit(3, x) {
                guard f2 != 0, -e2 / f2 > 0 else { return nil }
                return e3 * f2 - e2 * f3
            }
            guard let t = self.spinodalTemperature(x) else { return nil }
            return self.g(3, x, t)
        }
        var out: [(T: Double, x: Double)] = []
        let grid = PhaseSolver.scan
        var prevU = grid[0]
        var prev = phi(PhaseSolver.xOf(prevU))
        for u in grid.dropFirst() {
            let v = phi(PhaseSolver.xOf(u))
            if let p = prev, let c = v, (p < 0) != (c < 0) || c == 0 {
                // Bisection in u (φ's derivative is not needed: 60 halvings reach 1e-16).
                var a = prevU, b = u, fa = p
                for _ in 0..<80 {
                    let m = 0.5 * (a + b)
                    guard let fm = phi(PhaseSolver.xOf(m)) else { break }
                    if (fm < 0) == (fa < 0) { a = m; fa = fm } else { b = m }
                    if b - a < 1e-15 * max(1, abs(m)) { break }
                }
                let x = PhaseSolver.xOf(0.5 * (a + b))
                if let t = spinodalTemperature(x), g(4, x, t) > 0 {
                    if !out.contains(where: { abs($0.x - x) < 1e-9 }) { out.append((t, x)) }
                }
            }
            prevU = u
            prev = v
        }
        return out
    }
}
