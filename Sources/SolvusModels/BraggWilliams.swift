#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A crystal lattice split into two sublattices, α (a fraction a ≤ 1/2 of the sites) and β, with
/// nearest-neighbour pairs only: each site has z neighbours, each α site z_ab of them on β.
public struct OrderingLattice: Sendable, Equatable {
    public var name: String
    /// Fraction of the sites on α.
    public var a: Double
    /// Coordination number.
    public var z: Double
    /// β neighbours of an α site.
    public var zab: Double

    /// nil unless 0 < a ≤ 1/2, z > 0, 0 < z_ab ≤ z and the α neighbours of a β site,
    /// a z_ab / (1 - a), are at most z.
    public init?(name: String, a: Double, z: Double, zab: Double) {
        guard a > 0, a <= 0.5, z > 0, z.isFinite, zab > 0, zab <= z, a * zab <= (1 - a) * z + 1e-12 else { return nil }
        self.name = name
        self.a = a
        self.z = z
        self.zab = zab
    }

    /// B2 (CsCl) on bcc: the two simple-cubic sublattices, every neighbour on the other one.
    public static let b2 = OrderingLattice(name: "B2", a: 0.5, z: 8, zab: 8)!
    /// L1_0 (CuAu) on fcc: alternate (001) planes; 8 of 12 neighbours on the other sublattice.
    public static let l10 = OrderingLattice(name: "L1_0", a: 0.5, z: 12, zab: 8)!
    /// L1_2 (Cu3Au) on fcc: the cube corners (a = 1/4) against the face centres; a corner's 12
    /// neighbours are all face centres.
    public static let l12 = OrderingLattice(name: "L1_2", a: 0.25, z: 12, zab: 12)!

    /// Nearest-neighbour pairs per site: α-β, α-α and β-β (they sum to z/2).
    var pairsAB: Double { a * zab }
    var pairsAA: Double { a * (z - zab) / 2 }
    var pairsBB: Double { (z * (1 - a) - a * zab) / 2 }
}

/// The Bragg-Williams (mean-field) model of long-range order on a two-sublattice lattice (seed
/// 000, "Ordering versus Random Mixing").
///
/// B atoms occupy α sites with probability x_α and β sites with x_β, with a x_α + (1 - a) x_β = x
/// (x = x_B); write x_α = x + (1 - a) d, x_β = x - a d. Each sublattice is a random mixture, and
/// with Ω = z N_A (ε_AB - (ε_AA + ε_BB)/2) as in the regular solution, per mole of sites
///
///   ΔH = (Ω/z) [n_αβ p(x_α, x_β) + n_αα p(x_α, x_α) + n_ββ p(x_β, x_β)],
///   p(u, v) = u(1 - v) + v(1 - u), the probability that a pair is A-B,
///   ΔS = -R [a f(x_α) + (1 - a) f(x_β)],   f(p) = p ln p + (1 - p) ln(1 - p),
///
/// with n the pairs per site of each kind. Disordered (d = 0) this is the regular solution,
/// ΔH = Ω x(1 - x). The long-range order parameter η is d over its largest value at this x
/// (η = 1: the most order the composition allows; η < 0: B prefers β).
///
/// Equiatomic B2, the closed form (W. L. Bragg and E. J. Williams, Proc. R. Soc. A 145 (1934) 699;
/// C. Kittel, Introduction to Solid State Physics, 8th ed., ch. 22, "Order-disorder
/// transformation"): with a = 1/2, n_αβ = 4 = z/2, x_α = (1 + η)/2, x_β = (1 - η)/2,
///   ΔH = (Ω/4)(1 + η²),   ΔS = -R f((1 + η)/2),
///   ∂ΔG/∂η = Ω η/2 + (R T/2) ln((1 + η)/(1 - η)) = 0  ⇔  η = tanh(η T_c / T),  T_c = -Ω/(2R).
/// Expanding tanh to third order near T_c gives η² ≈ 3 (1 - T/T_c): η ∝ (T_c - T)^{1/2}. Off
/// stoichiometry the disordered state turns unstable where ∂²ΔG/∂d² = 0 at d = 0:
///   H'' + R T a(1 - a)/(x(1 - x)) = 0,   H'' = (4Ω/z)[a(1 - a) n_αβ - (1 - a)² n_αα - a² n_ββ],
/// so T_s(x) = -H'' x(1 - x)/(R a(1 - a)); for B2, T_s = -2Ω x(1 - x)/R. When a = 1/2, ΔG is even
/// in d and its d⁴ coefficient is positive, so the transition is second order at T_s. When a ≠ 1/2
/// (L1_2) a cubic term appears, and the transition is first order, at the temperature where the
/// ordered and the disordered ΔG are equal, above T_s.
public struct BraggWilliams: Sendable, Equatable {
    /// Ω (J/mol); ordering needs Ω < 0.
    public var omega: Double
    public var lattice: OrderingLattice

    public init(omega: Double, lattice: OrderingLattice = .b2) {
        self.omega = omega
        self.lattice = lattice
    }

    /// G, H (J/mol) and S (J/(mol K)) of mixing.
    public struct State: Sendable, Equatable {
        public var eta: Double
        public var G: Double
        public var H: Double
        public var S: Double
    }

    @inline(__always) static func f(_ p: Double) -> Double {
        (p > 0 ? p * log(p) : 0) + (p < 1 ? (1 - p) * log(1 - p) : 0)
    }

    /// The admissible range of d at x: (lowest, highest).
    public func range(_ x: Double) -> (Double, Double) {
        let a = lattice.a
        return (-min(x / (1 - a), (1 - x) / a), min((1 - x) / (1 - a), x / a))
    }

    func eta(_ x: Double, _ d: Double) -> Double {
        let (lo, hi) = range(x)
        return d >= 0 ? (hi > 0 ? d / hi : 0) : d / -lo
    }

    func d(_ x: Double, eta: Double) -> Double {
        let (lo, hi) = range(x)
        return eta >= 0 ? eta * hi : eta * -lo
    }

    func enthalpy(_ x: Double, _ d: Double) -> Double {
        let l = lattice
        let xa = x + (1 - l.a) * d, xb = x - l.a * d
        let p = xa * (1 - xb) + xb * (1 - xa)
        return omega / l.z * (l.pairsAB * p + l.pairsAA * 2 * xa * (1 - xa) + l.pairsBB * 2 * xb * (1 - xb))
    }

    func entropy(_ x: Double, _ d: Double) -> Double {
        let a = lattice.a
        let xa = min(1, max(0, x + (1 - a) * d)), xb = min(1, max(0, x - a * d))
        return -Constants.gas * (a * BraggWilliams.f(xa) + (1 - a) * BraggWilliams.f(xb))
    }

    /// G, H, S at order parameter η (-1 ... 1).
    public func state(x: Double, T: Double, eta: Double) -> State {
        let dd = d(x, eta: eta)
        let h = enthalpy(x, dd), s = entropy(x, dd)
        return State(eta: eta, G: h - T * s, H: h, S: s)
    }

    /// ∂²ΔH/∂d², a constant.
    var hessianH: Double {
        let l = lattice
        return 4 * omega / l.z * (l.a * (1 - l.a) * l.pairsAB - (1 - l.a) * (1 - l.a) * l.pairsAA - l.a * l.a * l.pairsBB)
    }

    /// ∂ΔG/∂d and ∂²ΔG/∂d².
    func slope(_ x: Double, _ T: Double, _ d: Double) -> (Double, Double) {
        let l = lattice, a = l.a
        let xa = x + (1 - a) * d, xb = x - a * d
        let w = omega / l.z
        let h1 = w * (l.pairsAB * ((1 - a) * (1 - 2 * xb) - a * (1 - 2 * xa))
            + 2 * l.pairsAA * (1 - a) * (1 - 2 * xa) - 2 * l.pairsBB * a * (1 - 2 * xb))
        let RT = Constants.gas * T
        let g1 = h1 + RT * a * (1 - a) * (log(xa / (1 - xa)) - log(xb / (1 - xb)))
        let g2 = hessianH + RT * a * (1 - a) * ((1 - a) / (xa * (1 - xa)) + a / (xb * (1 - xb)))
        return (g1, g2)
    }

    /// The equilibrium state at (x, T): the global minimum of ΔG over η, found on a grid of d and
    /// refined by bracketed Newton steps on ∂ΔG/∂d. For a = 1/2 the two sublattices are alike and
    /// η ≥ 0 is returned.
    public func equilibrium(x: Double, T: Double) -> State {
        let disordered = state(x: x, T: T, eta: 0)
        guard x > 0, x < 1, T > 0 else { return disordered }
        var (lo, hi) = range(x)
        if lattice.a == 0.5 { lo = 0 }
        var best = disordered
        // Each side of d = 0 separately: ∂ΔG/∂d is -∞ at lo, 0 at 0 and +∞ at hi.
        for (from, to) in [(lo, 0.0), (0.0, hi)] where to > from {
            if let d = minimum(x, T, from, to) {
                let s = state(x: x, T: T, eta: eta(x, d))
                if s.G < best.G { best = s }
            }
        }
        return best
    }

    /// The lowest local minimum of ΔG inside (from, to), one of whose ends is d = 0; nil if there
    /// is none. Every local minimum of ΔG on a grid of d is refined by bracketed Newton steps on
    /// ∂ΔG/∂d, so that a minimum shallower than the grid's resolution (near a first-order T_c)
    /// is still found and compared with its exact value.
    func minimum(_ x: Double, _ T: Double, _ from: Double, _ to: Double) -> Double? {
        let n = 400
        let grid = (0...n).map { from + (to - from) * Double($0) / Double(n) }
        let g = grid.map { enthalpy(x, $0) - T * entropy(x, $0) }
        let zeroEnd = from == 0 ? 0 : n
        var brackets: [(Double, Double)] = []
        for i in 1..<n where g[i] <= g[i - 1] && g[i] <= g[i + 1] { brackets.append((grid[i - 1], grid[i + 1])) }
        // Near perfect order (low T) the minimum lies between the last grid point and the range's end.
        if zeroEnd == 0, g[n] < g[n - 1] { brackets.append((grid[n - 1], grid[n])) }
        if zeroEnd == n, g[0] < g[1] { brackets.append((grid[0], grid[1])) }
        // A minimum too shallow for the grid (just below T_s) lies next to d = 0.
        if slope(x, T, 0).1 < 0 {
            brackets.append(zeroEnd == 0 ? (grid[0], grid[1]) : (grid[n - 1], grid[n]))
        }
        var best: (d: Double, G: Double)?
        for (l0, r0) in brackets {
            var l = l0, r = r0
            // ∂ΔG/∂d must rise through 0 in [l, r]; the range's outer end counts as ±∞, d = 0 as 0.
            let outer = zeroEnd == 0 ? to : from
            if l != outer, l != 0, slope(x, T, l).0 >= 0 { continue }
            if r != outer, r != 0, slope(x, T, r).0 <= 0 { continue }
            var u = 0.5 * (l + r)
            for _ in 0..<200 {
                let (g1, g2) = slope(x, T, u)
                if g1 == 0 { break }
                if g1 < 0 { l = u } else { r = u }
                var next = g2 > 0 ? u - g1 / g2 : .nan
                if !(next > l && next < r) { next = 0.5 * (l + r) }
                if next == u { break }
                u = next
            }
            guard u != 0, slope(x, T, u).1 > 0 else { continue }
            let gu = enthalpy(x, u) - T * entropy(x, u)
            if let b = best, b.G <= gu { continue }
            best = (u, gu)
        }
        return best?.d
    }

    /// T_s(x): the temperature below which the disordered state is unstable against ordering,
    /// ∂²ΔG/∂d² = 0 at d = 0; nil when ordering never lowers H (Ω ≥ 0).
    public func instabilityTemperature(x: Double) -> Double? {
        let h2 = hessianH
        guard h2 < 0, x > 0, x < 1 else { return nil }
        let a = lattice.a
        return -h2 * x * (1 - x) / (Constants.gas * a * (1 - a))
    }

    public enum Order: String, Sendable { case first, second }

    /// The order-disorder transition at x: T_c, whether it is first or second order, and η just
    /// below T_c (0 for a second-order transition, the jump for a first-order one).
    public struct Transition: Sendable, Equatable {
        public var T: Double
        public var order: Order
        public var eta: Double
        /// The instability temperature of the disordered state, T_s ≤ T_c.
        public var instability: Double
    }

    func isOrdered(_ x: Double, _ T: Double) -> Bool {
        let s = equilibrium(x: x, T: T)
        return s.eta != 0 && s.G < state(x: x, T: T, eta: 0).G
    }

    /// The transition at x: second order at T_s when nothing orders above it; otherwise the
    /// highest temperature with an ordered equilibrium, found by bisection (ΔG_ordered - ΔG_disordered
    /// crosses zero linearly there). nil when the model does not order at x.
    public func transition(x: Double) -> Transition? {
        guard let ts = instabilityTemperature(x: x) else { return nil }
        var lo = ts * (1 + 1e-9)
        guard isOrdered(x, lo) else { return Transition(T: ts, order: .second, eta: 0, instability: ts) }
        var hi = lo * 1.05
        var k = 0
        while isOrdered(x, hi), k < 200 { lo = hi; hi *= 1.05; k += 1 }
        for _ in 0..<200 {
            let m = 0.5 * (lo + hi)
            if isOrdered(x, m) { lo = m } else { hi = m }
            if hi - lo <= 1e-14 * hi { break }
        }
        return Transition(T: lo, order: .first, eta: equilibrium(x: x, T: lo).eta, instability: ts)
    }

    /// The seed's estimate T_c ≈ ΔH_order / ΔS_disorder, with ΔH_order = ΔH(disordered) - ΔH(η = 1)
    /// the enthalpy gained by perfect order and ΔS_disorder = -R (x ln x + (1 - x) ln(1 - x)) the
    /// configurational entropy of the random solution (the perfectly ordered equiatomic crystal
    /// has none).
    public func estimate(x: Double) -> (T: Double, dH: Double, dS: Double) {
        let dH = enthalpy(x, 0) - enthalpy(x, d(x, eta: 1))
        let dS = -Constants.gas * BraggWilliams.f(x)
        return (dH / dS, dH, dS)
    }
}
