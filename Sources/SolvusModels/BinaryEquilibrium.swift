#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One phase of a binary A-B at one temperature: G per mole of atoms (J/mol, relative to the
/// same reference for every phase) with its first two derivatives in x = x_B. A stoichiometric
/// compound is a point: `fixedX` set and `g` constant.
public struct PhaseAtT {
    public var name: String
    public var fixedX: Double?
    /// (G, ∂G/∂x, ∂²G/∂x²) at x in (0, 1).
    public var g: (Double) -> (Double, Double, Double)
    /// G alone at every point of `BinaryEquilibrium.grid`, when the phase has a faster way.
    public var gridValues: (() -> [Double])?

    public init(name: String, fixedX: Double? = nil, g: @escaping (Double) -> (Double, Double, Double),
                gridValues: (() -> [Double])? = nil) {
        self.name = name
        self.fixedX = fixedX
        self.g = g
        self.gridValues = gridValues
    }

    /// G alone at x (the compound's G at its composition).
    @inline(__always) public func value(_ x: Double) -> Double { g(fixedX ?? x).0 }
}

/// A phase of a binary whose Gibbs energy can be set up at any temperature.
public protocol EquilibriumPhase {
    var name: String { get }
    /// The phase at T; throws when T lies outside the ranges of its parameters.
    func at(T: Double) throws -> PhaseAtT
    /// G of mixing of a solution phase, for its critical points; nil for compounds.
    var mixingFunction: (any GibbsFunction)? { get }
}

extension EquilibriumPhase {
    public var mixingFunction: (any GibbsFunction)? { nil }
}

/// A solution phase of a TDB database, G with the pure-element references of the database.
public struct DatabaseSolutionPhase: EquilibriumPhase {
    public let model: TDBPhaseModel
    public var name: String { model.phase }

    public init(_ model: TDBPhaseModel) { self.model = model }
    public var mixingFunction: (any GibbsFunction)? { TDBPhaseModel.Binary(model) }

    public func at(T: Double) throws -> PhaseAtT {
        let c = try model.coefficients(T: T)
        let m = model
        let t = TJet(T)
        return PhaseAtT(name: m.phase, g: { x in
            let xj = TJet(x, 1, 0)
            let y = [TJet(1) - xj, xj]
            let g = m.gibbs(y, T: t, c, reference: true) { TJet($0.v) }
            return (g.v, g.d1, g.d2)
        }, gridValues: { (try? m.gibbsEnergies(fractions: BinaryEquilibrium.gridFractions, T: T)) ?? [] })
    }
}

/// A solution phase given by its Gibbs energy of mixing (any `GibbsFunction`: regular,
/// subregular, Redlich-Kister, gibbs(...)) and the Gibbs energies of its pure components
/// relative to the common reference, as functions of T.
public struct MixingSolutionPhase: EquilibriumPhase {
    public let name: String
    public let mixing: any GibbsFunction
    public var mixingFunction: (any GibbsFunction)? { mixing }
    public let reference: (Double) throws -> (Double, Double)

    public init(name: String, mixing: any GibbsFunction, reference: @escaping (Double) throws -> (Double, Double)) {
        self.name = name
        self.mixing = mixing
        self.reference = reference
    }

    public func at(T: Double) throws -> PhaseAtT {
        let (ga, gb) = try reference(T)
        let f = mixing
        return PhaseAtT(name: name) { x in
            ((1 - x) * ga + x * gb + f.g(0, x, T), gb - ga + f.g(1, x, T), f.g(2, x, T))
        }
    }
}

/// A stoichiometric compound at composition x with G(T) relative to the common reference.
public struct CompoundPhase: EquilibriumPhase {
    public let name: String
    public let x: Double
    public let gibbs: (Double) throws -> Double

    public init(name: String, x: Double, gibbs: @escaping (Double) throws -> Double) {
        self.name = name
        self.x = x
        self.gibbs = gibbs
    }

    public func at(T: Double) throws -> PhaseAtT {
        let g = try gibbs(T)
        return PhaseAtT(name: name, fixedX: x) { _ in (g, 0, 0) }
    }
}

/// The stable state of a binary across all x at one temperature (an isothermal section), from
/// a global minimisation — the lower convex hull of every phase's G on a fine composition grid,
/// so no metastable state is taken — followed by Newton refinement of every two-phase tie-line
/// (the common tangent: equal chemical potentials of both components) to 1e-12 relative
/// (Sundman, Lu and Ohtani, Comput. Mater. Sci. 101 (2015) 127).
public struct IsothermalSection {
    public enum Region: Equatable {
        /// One phase from x = low to high.
        case single(phase: Int, low: Double, high: Double)
        /// Two phases (possibly the same phase twice: a miscibility gap) at xa < xb.
        case two(a: Int, xa: Double, b: Int, xb: Double)
    }

    public let T: Double
    public let phases: [PhaseAtT]
    /// Regions in order of x, covering (0, 1).
    public let regions: [Region]

    /// The equilibrium at overall composition x.
    public func equilibrium(x: Double) -> BinaryEquilibriumResult {
        for r in regions {
            switch r {
            case .two(let a, let xa, let b, let xb) where x >= xa && x <= xb:
                let fb = (x - xa) / (xb - xa)
                let (mu0, mu1) = tangent(a, xa)
                return BinaryEquilibriumResult(T: T, x: x, phases: [phases[a].name, phases[b].name], amounts: [1 - fb, fb],
                                               compositions: [xa, xb], mu: (mu0, mu1))
            case .single(let p, let low, let high) where x >= low && x <= high:
                let (mu0, mu1) = tangent(p, x)
                return BinaryEquilibriumResult(T: T, x: x, phases: [phases[p].name], amounts: [1], compositions: [phases[p].fixedX ?? x],
                                               mu: (mu0, mu1))
            default: continue
            }
        }
        // Only at x outside (0, 1).
        return BinaryEquilibriumResult(T: T, x: x, phases: [], amounts: [], compositions: [], mu: (.nan, .nan))
    }

    /// (μ_A, μ_B) of the tangent to phase p at x.
    func tangent(_ p: Int, _ x: Double) -> (Double, Double) {
        let (g, g1, _) = phases[p].g(phases[p].fixedX ?? x)
        return (g - x * g1, g + (1 - x) * g1)
    }

    /// The two-phase tie-lines in order of x.
    public var tieLines: [(a: Int, xa: Double, b: Int, xb: Double)] {
        regions.compactMap { if case .two(let a, let xa, let b, let xb) = $0 { return (a, xa, b, xb) } else { return nil } }
    }
}

/// What `equilibrium` reports at one (x, T).
public struct BinaryEquilibriumResult {
    public var T: Double
    public var x: Double
    public var phases: [String]
    /// Mole fractions of atoms in each phase.
    public var amounts: [Double]
    /// x_B of each phase.
    public var compositions: [Double]
    /// Chemical potentials of A and B (J/mol, same reference as the phases' G).
    public var mu: (Double, Double)
    /// G of the system per mole of atoms.
    public var G: Double { (1 - x) * mu.0 + x * mu.1 }
}

public struct EquilibriumError: Error, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

public enum BinaryEquilibrium {
    /// The composition grid of the global search: 400 even steps, and steps down to 1e-10 at
    /// the ends (in the logit variable), so dilute solubilities are seen.
    public static let grid: [Double] = {
        var xs: [Double] = []
        var e = -10.0
        while e < -2.4 { xs.append(pow(10, e)); e += 0.5 }
        for i in 1..<400 { xs.append(Double(i) / 400) }
        let low = xs.filter { $0 < 0.004 }
        xs += low.reversed().map { 1 - $0 }
        return xs.sorted()
    }()

    /// The grid as site fractions (1 - x, x), row by row.
    public static let gridFractions: [Double] = grid.flatMap { [1 - $0, $0] }

    /// The isothermal section at T.
    public static func section(_ phases: [any EquilibriumPhase], T: Double) throws -> IsothermalSection {
        guard !phases.isEmpty else { throw EquilibriumError("give at least one phase") }
        let at = try phases.map { try $0.at(T: T) }
        let s = section(at, T: T)
        guard !s.regions.isEmpty else {
            throw EquilibriumError("no phase has a finite Gibbs energy at T = \(format(T)) K")
        }
        return s
    }

    struct Point {
        var x: Double
        var g: Double
        var phase: Int
        var index: Int
    }

    public static func section(_ at: [PhaseAtT], T: Double) -> IsothermalSection {
        var pts: [Point] = []
        pts.reserveCapacity(at.count * grid.count)
        for (p, ph) in at.enumerated() {
            if let xf = ph.fixedX {
                pts.append(Point(x: xf, g: ph.g(xf).0, phase: p, index: 0))
            } else {
                let fast = ph.gridValues?() ?? []
                for (i, x) in grid.enumerated() {
                    let g = fast.count == grid.count ? fast[i] : ph.g(x).0
                    if g.isFinite { pts.append(Point(x: x, g: g, phase: p, index: i)) }
                }
            }
        }
        pts.sort { $0.x < $1.x || ($0.x == $1.x && $0.g < $1.g) }
        // No phase with a finite G anywhere (a function that failed): no regions.
        guard !pts.isEmpty else { return IsothermalSection(T: T, phases: at, regions: []) }
        // Lower convex hull (monotone chain), then refined tie-lines; the refined ends join the
        // points and the hull is taken again until it no longer changes, so that between two
        // nearly equal states (near an invariant) the exact one wins, not the grid's.
        func lowerHull(_ points: [Point]) -> [Point] {
            var hull: [Point] = []
            for q in points {
                if let last = hull.last, last.x == q.x { continue }
                while hull.count >= 2 {
                    let a = hull[hull.count - 2], b = hull[hull.count - 1]
                    // b lies on or above the line a-q: drop it.
                    if (b.g - a.g) * (q.x - a.x) >= (q.g - a.g) * (b.x - a.x) { hull.removeLast() } else { break }
                }
                hull.append(q)
            }
            return hull
        }
        var ties: [(a: Int, xa: Double, b: Int, xb: Double)] = []
        var hull: [Point] = []
        var all = pts
        for _ in 0..<4 {
            hull = lowerHull(all)
            var found: [(a: Int, xa: Double, b: Int, xb: Double)] = []
            for k in 0..<max(0, hull.count - 1) {
                let p = hull[k], q = hull[k + 1]
                let neighbours = p.phase == q.phase && at[p.phase].fixedX == nil && p.index >= 0 && q.index == p.index + 1
                if neighbours { continue }
                if let t = refine(at, p.phase, p.x, q.phase, q.x) {
                    if found.contains(where: { $0.a == t.a && $0.b == t.b && abs($0.xa - t.xa) < 1e-9 && abs($0.xb - t.xb) < 1e-9 }) { continue }
                    found.append(t)
                }
            }
            let same = found.count == ties.count && zip(found.sorted { $0.xa < $1.xa }, ties).allSatisfy {
                $0.a == $1.a && $0.b == $1.b && abs($0.xa - $1.xa) < 1e-12 && abs($0.xb - $1.xb) < 1e-12
            }
            ties = found.sorted { $0.xa < $1.xa }
            if same { break }
            var extra: [Point] = []
            for t in ties {
                extra.append(Point(x: t.xa, g: at[t.a].g(t.xa).0, phase: t.a, index: -1))
                extra.append(Point(x: t.xb, g: at[t.b].g(t.xb).0, phase: t.b, index: -1))
            }
            all = (pts + extra).sorted { $0.x < $1.x || ($0.x == $1.x && $0.g < $1.g) }
        }
        ties.sort { $0.xa < $1.xa }
        // The hull decides on grid points, which near an invariant can prefer a tie-line that is
        // metastable by less than the grid's error: check each refined tie-line against every
        // phase's exact minimum below it, and split it through that phase when one dips under.
        var checked: [(a: Int, xa: Double, b: Int, xb: Double)] = []
        var work = ties
        var guardCount = 0
        while !work.isEmpty && guardCount < 64 {
            guardCount += 1
            let t = work.removeFirst()
            if let (r, xr) = dip(at, pts, t) {
                var parts: [(a: Int, xa: Double, b: Int, xb: Double)] = []
                if let u = refine(at, t.a, t.xa, r, xr), u.xb - u.xa > 1e-9 { parts.append(u) }
                if let v = refine(at, r, xr, t.b, t.xb), v.xb - v.xa > 1e-9 { parts.append(v) }
                if parts.isEmpty { checked.append(t) } else { work = parts + work }
            } else {
                checked.append(t)
            }
        }
        ties = (checked + work).sorted { $0.xa < $1.xa }
        // Single-phase stretches between tie-lines: the phase of the hull there.
        var regions: [IsothermalSection.Region] = []
        var left = 0.0
        var leftPhase: Int? = nil
        func phaseBetween(_ lo: Double, _ hi: Double) -> Int {
            let mid = 0.5 * (lo + hi)
            var best = hull[0]
            for h in hull where abs(h.x - mid) < abs(best.x - mid) { best = h }
            return best.phase
        }
        for t in ties {
            if t.xa > left {
                regions.append(.single(phase: leftPhase ?? t.a, low: left, high: t.xa))
            }
            regions.append(.two(a: t.a, xa: t.xa, b: t.b, xb: t.xb))
            left = t.xb
            leftPhase = t.b
        }
        if left < 1 {
            regions.append(.single(phase: ties.isEmpty ? phaseBetween(0, 1) : (leftPhase ?? 0), low: left, high: 1))
        }
        return IsothermalSection(T: T, phases: at, regions: regions)
    }

    /// Where dG/dx = slope, by Newton in u = logit(x) from x0, each step capped at `maxStep` in u;
    /// `g` gives G's first and second x-derivatives at x. It stops once a step is below 1e-13, or
    /// where G is not convex (no such tangent point nearby); it returns the last x.
    static func tangentPoint(slope: Double, from x0: Double, maxStep: Double,
                             _ g: (Double) -> (d1: Double, d2: Double)) -> Double {
        var u = logit(x0)
        for _ in 0..<60 {
            let x = logistic(u)
            let (g1, g2) = g(x)
            let dfu = g2 * x * (1 - x)
            guard dfu > 0 else { break }
            var du = -(g1 - slope) / dfu
            if abs(du) > maxStep { du = du > 0 ? maxStep : -maxStep }
            u += du
            if abs(du) < 1e-13 { break }
        }
        return logistic(u)
    }

    /// A phase whose exact minimum relative to the tangent of tie-line t lies below it between
    /// its ends, with that composition; nil when the tie-line is stable.
    static func dip(_ at: [PhaseAtT], _ pts: [Point], _ t: (a: Int, xa: Double, b: Int, xb: Double)) -> (Int, Double)? {
        let (ga, g1a, _) = at[t.a].g(at[t.a].fixedX ?? t.xa)
        let gb = at[t.b].g(at[t.b].fixedX ?? t.xb).0
        let slope = at[t.a].fixedX == nil ? g1a : (gb - ga) / (t.xb - t.xa)
        let scale = max(1, abs(ga), abs(gb))
        func line(_ x: Double) -> Double { ga + slope * (x - t.xa) }
        var best: (Int, Double, Double)? = nil
        for q in pts where q.x > t.xa + 1e-6 && q.x < t.xb - 1e-6 {
            let d = q.g - line(q.x)
            if d < (best?.2 ?? 1e-3 * scale) { best = (q.phase, q.x, d) }
        }
        guard let (r, x0, _) = best else { return nil }
        if at[r].fixedX != nil { return at[r].g(x0).0 - line(x0) < -1e-10 * scale ? (r, x0) : nil }
        // g_r'(x) = slope, from the lowest grid point.
        let xr = tangentPoint(slope: slope, from: x0, maxStep: 0.5) { let (_, g1, g2) = at[r].g($0); return (g1, g2) }
        guard xr > t.xa + 1e-7, xr < t.xb - 1e-7 else { return nil }
        return at[r].g(xr).0 - line(xr) < -1e-10 * scale ? (r, xr) : nil
    }

    @inline(__always) static func logistic(_ u: Double) -> Double { 1 / (1 + exp(-u)) }
    @inline(__always) static func logit(_ x: Double) -> Double { log(x / (1 - x)) }

    /// The common tangent of phases a and b starting from compositions xa, xb (Newton in the
    /// logit variables, damped); nil when it collapses to one composition of one phase.
    static func refine(_ at: [PhaseAtT], _ a: Int, _ xa0: Double, _ b: Int, _ xb0: Double) -> (a: Int, xa: Double, b: Int, xb: Double)? {
        let pa = at[a], pb = at[b]
        if pa.fixedX != nil && pb.fixedX != nil { return (a, xa0, b, xb0) }
        if let xf = pb.fixedX {
            guard let x = tangentFrom(pa, xa0, point: xf, g: pb.g(xf).0) else { return nil }
            return (a, x, b, xf)
        }
        if let xf = pa.fixedX {
            guard let x = tangentFrom(pb, xb0, point: xf, g: pa.g(xf).0) else { return nil }
            return (a, xf, b, x)
        }
        var ua = logit(xa0), ub = logit(xb0)
        for _ in 0..<100 {
            let xa = logistic(ua), xb = logistic(ub)
            let (ga, g1a, g2a) = pa.g(xa), (gb, g1b, g2b) = pb.g(xb)
            let f1 = g1a - g1b
            let f2 = (ga - xa * g1a) - (gb - xb * g1b)
            let sa = xa * (1 - xa), sb = xb * (1 - xb)
            // Jacobian in (ua, ub).
            let j11 = g2a * sa, j12 = -g2b * sb
            let j21 = -xa * g2a * sa, j22 = xb * g2b * sb
            let det = j11 * j22 - j12 * j21
            guard det.isFinite, det != 0 else { break }
            var du = -(f1 * j22 - j12 * f2) / det
            var dv = -(j11 * f2 - j21 * f1) / det
            let m = max(abs(du), abs(dv))
            if m > 1 { du /= m; dv /= m }
            ua += du
            ub += dv
            let scale = max(1, abs(ga), abs(g1a))
            if abs(f1) <= 1e-13 * scale && abs(f2) <= 1e-13 * scale && m < 1e-10 { break }
        }
        let xa = logistic(ua), xb = logistic(ub)
        guard xa.isFinite, xb.isFinite, abs(xa - xb) > 1e-9 else { return nil }
        return xa < xb ? (a, xa, b, xb) : (b, xb, a, xa)
    }

    /// The composition x of solution phase p whose tangent passes through (point, g).
    static func tangentFrom(_ p: PhaseAtT, _ x0: Double, point: Double, g gPoint: Double) -> Double? {
        var u = logit(x0)
        for _ in 0..<100 {
            let x = logistic(u)
            let (g, g1, g2) = p.g(x)
            let f = g + g1 * (point - x) - gPoint
            let d = g2 * (point - x) * x * (1 - x)
            guard d.isFinite, d != 0 else { break }
            var du = -f / d
            if abs(du) > 1 { du = du > 0 ? 1 : -1 }
            u += du
            if abs(f) <= 1e-13 * max(1, abs(g)) && abs(du) < 1e-10 { break }
        }
        let x = logistic(u)
        return x.isFinite ? x : nil
    }
}
