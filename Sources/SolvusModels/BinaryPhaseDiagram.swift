#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The T-x diagram of a binary. Global sections (`BinaryEquilibrium.section`) at coarse
/// temperature steps give the start points and the sequence of phases across x; each tie-line
/// is then traced by Newton continuation in fine steps, and where the sequence changes between
/// two steps the change is located by bisection on global sections and the three-phase
/// invariant solved exactly (the third phase touching the tie-line's tangent), after the
/// mapping of Sundman et al., Calphad 75 (2021) 102330.
public struct BinaryPhaseDiagram {
    /// One two-phase field: its tie-lines from low to high T.
    public struct Boundary {
        public var a: String
        public var b: String
        public var T: [Double] = []
        public var xa: [Double] = []
        public var xb: [Double] = []
    }

    public struct Invariant {
        public var T: Double
        /// The three phases in order of x, the middle one the phase that appears or disappears.
        public var phases: [String]
        public var x: [Double]
        /// eutectic, eutectoid, monotectic, monotectoid, peritectic, peritectoid; or, for a phase
        /// appearing inside another's field at one composition (phases [A, P, A], one x three
        /// times): congruent melting, congruent minimum, congruent, congruent transformation.
        public var kind: String
    }

    public var boundaries: [Boundary] = []
    public var invariants: [Invariant] = []
    /// Where gaps close: critical points, and cusps on a Curie line (`cusp` true).
    public var critical: [(phase: String, T: Double, x: Double, cusp: Bool)] = []
    public var low: Double
    public var high: Double
    /// Sections at the coarse steps, for region labels.
    public var sections: [IsothermalSection] = []

    /// A label for each region of the diagram: its phase ("LIQUID") or phases ("FCC_A1 +
    /// LIQUID"), placed where the region is widest among the inner sections. Regions of the same
    /// name that are apart (two fields of FCC_A1 + HCP_A3) are labelled each. Regions narrower
    /// than `minimumWidth` in x are left unlabelled.
    public func regionLabels(minimumWidth: Double = 0.08) -> [(text: String, x: Double, T: Double)] {
        struct Group { var text: String; var x: Double; var T: Double; var width: Double; var lastX: Double; var lastT: Double }
        var groups: [Group] = []
        let inner = sections.count > 2 ? Array(sections.dropFirst().dropLast()) : sections
        let step = inner.count > 1 ? inner[1].T - inner[0].T : 1
        for s in inner {
            for r in s.regions {
                let text: String, low: Double, high: Double
                switch r {
                case .single(let p, let a, let b):
                    text = s.phases[p].name; low = a; high = b
                case .two(let a, let xa, let b, let xb):
                    text = "\(s.phases[a].name) + \(s.phases[b].name)"; low = xa; high = xb
                }
                let mid = 0.5 * (low + high), width = high - low
                // The same region one section before: same name, near in x.
                if let g = groups.lastIndex(where: { $0.text == text && abs($0.lastX - mid) < 0.2 && abs($0.lastT - s.T) <= 1.5 * step }) {
                    groups[g].lastX = mid
                    groups[g].lastT = s.T
                    if width > groups[g].width { (groups[g].x, groups[g].T, groups[g].width) = (mid, s.T, width) }
                } else {
                    groups.append(Group(text: text, x: mid, T: s.T, width: width, lastX: mid, lastT: s.T))
                }
            }
        }
        return groups.filter { $0.width >= minimumWidth }.map { ($0.text, $0.x, $0.T) }
    }
}

extension BinaryEquilibrium {
    /// The phases in order of x at one section (tie-line ends), e.g. [FCC_A1, LIQUID, BCT_A5].
    static func sequence(_ s: IsothermalSection) -> [Int] {
        let ties = s.tieLines
        guard let first = ties.first else {
            if case .single(let p, _, _)? = s.regions.first { return [p] }
            return []
        }
        return [first.a] + ties.map(\.b)
    }

    static func isLiquid(_ name: String) -> Bool { name.uppercased().hasPrefix("LIQ") }

    /// Maps the diagram from `low` to `high` K.
    public static func map(_ phases: [any EquilibriumPhase], low: Double, high: Double, coarse: Int = 40, fine: Int = 10) throws -> BinaryPhaseDiagram {
        var d = BinaryPhaseDiagram(low: low, high: high)
        let names = phases.map(\.name)
        let dT = (high - low) / Double(coarse)
        let temps = (0...coarse).map { low + dT * Double($0) }
        let secs = try temps.map { try section(phases, T: $0) }
        d.sections = secs
        // Open boundaries, by the index of their tie-line in the current sequence.
        var open: [Int: Int] = [:]
        func add(_ bi: Int, _ T: Double, _ xa: Double, _ xb: Double) {
            d.boundaries[bi].T.append(T)
            d.boundaries[bi].xa.append(xa)
            d.boundaries[bi].xb.append(xb)
        }
        func newBoundary(_ a: Int, _ b: Int) -> Int {
            d.boundaries.append(.init(a: names[a], b: names[b]))
            return d.boundaries.count - 1
        }
        // Traces tie-line (a, xa, b, xb) from T0 to T1 in steps; returns the points.
        func trace(_ a: Int, _ xa0: Double, _ b: Int, _ xb0: Double, from T0: Double, to T1: Double) throws -> [(Double, Double, Double)] {
            var out: [(Double, Double, Double)] = []
            var xa = xa0, xb = xb0
            for k in 1...fine {
                let T = T0 + (T1 - T0) * Double(k) / Double(fine)
                let at = try phases.map { try $0.at(T: T) }
                guard let t = refine(at, a, xa, b, xb), t.a == a, t.b == b || a == b else { break }
                xa = t.xa
                xb = t.xb
                out.append((T, xa, xb))
            }
            return out
        }
        var seq = sequence(secs[0])
        for (i, t) in secs[0].tieLines.enumerated() {
            let bi = newBoundary(t.a, t.b)
            add(bi, temps[0], t.xa, t.xb)
            open[i] = bi
        }
        for k in 0..<coarse {
            let lo = secs[k], hi = secs[k + 1]
            let seqHi = sequence(hi)
            if seq == seqHi {
                for (i, t) in lo.tieLines.enumerated() {
                    guard let bi = open[i] else { continue }
                    let pts = try trace(t.a, t.xa, t.b, t.xb, from: lo.T, to: hi.T)
                    for p in pts.dropLast() { add(bi, p.0, p.1, p.2) }
                    let h = hi.tieLines[i]
                    add(bi, hi.T, h.xa, h.xb)
                }
                continue
            }
            // The sequence changes: find the temperatures where it does, by bisection.
            var changes: [(Double, IsothermalSection, IsothermalSection)] = []
            func locate(_ a: IsothermalSection, _ b: IsothermalSection, depth: Int) throws {
                if sequence(a) == sequence(b) { return }
                if b.T - a.T < 1e-3 || depth > 30 {
                    changes.append((0.5 * (a.T + b.T), a, b))
                    return
                }
                let m = try section(phases, T: 0.5 * (a.T + b.T))
                try locate(a, m, depth: depth + 1)
                try locate(m, b, depth: depth + 1)
            }
            try locate(lo, hi, depth: 0)
            var current = lo
            for (Tc, a, b) in changes {
                let sa = sequence(a), sb = sequence(b)
                // Continue every tie-line of `current` up to a.T.
                for (i, t) in current.tieLines.enumerated() {
                    guard let bi = open[i] else { continue }
                    if a.T > current.T {
                        let pts = try trace(t.a, t.xa, t.b, t.xb, from: current.T, to: a.T)
                        for p in pts.dropLast() { add(bi, p.0, p.1, p.2) }
                        if i < a.tieLines.count { add(bi, a.T, a.tieLines[i].xa, a.tieLines[i].xb) }
                    }
                }
                let inv = try invariant(phases, names, a, b, sa, sb, near: Tc)
                if let inv { d.invariants.append(inv) }
                // Re-key open boundaries across the change.
                var next: [Int: Int] = [:]
                let ta = a.tieLines, tb = b.tieLines
                var used = Set<Int>()
                for (j, t) in tb.enumerated() {
                    if let i = ta.indices.first(where: { !used.contains($0) && ta[$0].a == t.a && ta[$0].b == t.b && abs(ta[$0].xa - t.xa) < 0.02 && abs(ta[$0].xb - t.xb) < 0.02 }),
                       let bi = open[i] {
                        used.insert(i)
                        next[j] = bi
                    } else {
                        let bi = newBoundary(t.a, t.b)
                        if let inv, Set([names[t.a], names[t.b]]).isSubset(of: Set(inv.phases)) {
                            let ia = inv.phases.indices.first { inv.phases[$0] == names[t.a] && abs(inv.x[$0] - t.xa) < 0.05 }
                            let ib = inv.phases.indices.last { inv.phases[$0] == names[t.b] && abs(inv.x[$0] - t.xb) < 0.05 }
                            if let ia, let ib { add(bi, inv.T, inv.x[ia], inv.x[ib]) }
                        }
                        add(bi, b.T, t.xa, t.xb)
                        next[j] = bi
                    }
                }
                // Boundaries ending here end at the invariant.
                for (i, t) in ta.enumerated() where !used.contains(i) {
                    guard let bi = open[i], let inv else { continue }
                    let ia = inv.phases.firstIndex(of: names[t.a]), ib = inv.phases.lastIndex(of: names[t.b])
                    if let ia, let ib { add(bi, inv.T, inv.x[ia], inv.x[ib]) }
                }
                open = next
                current = b
            }
            for (i, t) in current.tieLines.enumerated() {
                guard let bi = open[i], hi.T > current.T else { continue }
                let pts = try trace(t.a, t.xa, t.b, t.xb, from: current.T, to: hi.T)
                for p in pts.dropLast() { add(bi, p.0, p.1, p.2) }
                if i < hi.tieLines.count { add(bi, hi.T, hi.tieLines[i].xa, hi.tieLines[i].xb) }
            }
            seq = seqHi
        }
        // Critical points of gaps, from the exact critical-point solver, and cusps where a gap
        // closes on a Curie line. A gap's boundary is carried up to its closing point by the
        // phase's own common tangent (the sections see a gap only as wide as their grid), and
        // the point closes the dome.
        for (pi, p) in phases.enumerated() where d.boundaries.contains(where: { $0.a == names[pi] && $0.b == names[pi] }) {
            guard let f = p.mixingFunction else { continue }
            for c in f.closingPoints() where c.T >= low - 1 && c.T <= high + 200 {
                d.critical.append((names[pi], c.T, c.x, c.cusp))
                guard c.T <= high else { continue }
                // The gap boundary whose highest point lies just below, around x_c.
                let candidates = d.boundaries.indices.filter { i in
                    let b = d.boundaries[i]
                    guard b.a == names[pi], b.b == names[pi], let top = b.T.indices.max(by: { b.T[$0] < b.T[$1] }) else { return false }
                    return b.T[top] <= c.T && b.T[top] > c.T - 4 * dT && b.xa[top] - 0.05 < c.x && c.x < b.xb[top] + 0.05
                }
                guard let bi = candidates.first, let top = d.boundaries[bi].T.max() else { continue }
                // About two points per step of the continuation (dT / fine) left to the top:
                // none when the sections already reached it.
                let left = (c.T - top) / (dT / Double(fine))
                let steps = left.isFinite ? min(24, 2 * Int(max(0, left.rounded(.down)))) : 0
                for k in stride(from: 1, to: steps, by: 1) {
                    // Closer together near the top, where the gap narrows fastest.
                    let s = Double(k) / Double(steps)
                    let t = top + (c.T - top) * (1 - (1 - s) * (1 - s))
                    // The pair around x_c, the one centred nearest to it if there are several.
                    let pairs = f.binodal(T: t)
                    let around = stride(from: 0, to: pairs.count - 1, by: 2).filter { pairs[$0] < c.x + 0.05 && c.x - 0.05 < pairs[$0 + 1] }
                    if let k = around.min(by: { abs(pairs[$0] + pairs[$0 + 1] - 2 * c.x) < abs(pairs[$1] + pairs[$1 + 1] - 2 * c.x) }) {
                        add(bi, t, pairs[k], pairs[k + 1])
                    }
                }
                add(bi, c.T, c.x, c.x)
            }
        }
        for i in d.boundaries.indices {
            let order = d.boundaries[i].T.indices.sorted { d.boundaries[i].T[$0] < d.boundaries[i].T[$1] }
            d.boundaries[i].T = order.map { d.boundaries[i].T[$0] }
            d.boundaries[i].xa = order.map { d.boundaries[i].xa[$0] }
            d.boundaries[i].xb = order.map { d.boundaries[i].xb[$0] }
        }
        d.boundaries.removeAll { $0.T.count < 2 }
        return d
    }

    /// The root in T of f, bracketed by a section change between `low` and `high`: secant steps
    /// from both ends of the bracket, kept near it (the bracket from the grid search can be off by
    /// a few mK: the steps start half a kelvin outside it). `reset` restores the start state f
    /// carries between calls (its last compositions) after the first end. Nil if f fails at an end.
    static func secant(_ low: Double, _ high: Double, start: Double, _ f: (Double) throws -> Double?,
                       reset: () -> Void) throws -> Double? {
        var t0 = low - 0.5, t1 = high + 0.5
        guard var f0 = try f(t0) else { return nil }
        reset()
        guard var f1 = try f(t1) else { return nil }
        var T = start
        for _ in 0..<80 {
            var next = f1 != f0 ? t1 - f1 * (t1 - t0) / (f1 - f0) : 0.5 * (t0 + t1)
            if !(next >= low - 5 && next <= high + 5) { next = 0.5 * (low + high) }
            guard let fn = try f(next) else { break }
            t0 = t1; f0 = f1; t1 = next; f1 = fn
            T = next
            if abs(t1 - t0) < 1e-10 * max(1, T) || fn == 0 { break }
        }
        return T
    }

    /// A congruent point between sections a (below) and b (above): where one side's order of
    /// phases has A and the other A, P, A, phase P appears inside A's field at one composition.
    /// There A and P have equal G and equal slope (a tie-line of zero length): at each T the
    /// composition where G_P - G_A is extremal (G_P' = G_A', by Newton), and T where that extremum
    /// is 0 (by secant). For a compound P (fixed x) the point is where G_A(x_P) = G_P. Returned
    /// as phases [A, P, A] at one composition; nil if the change is not of that form.
    static func congruent(_ phases: [any EquilibriumPhase], _ names: [String], _ a: IsothermalSection, _ b: IsothermalSection,
                          _ short: [Int], _ long: [Int], _ longSec: IsothermalSection,
                          appearsOnHeating: Bool) throws -> BinaryPhaseDiagram.Invariant? {
        var j = 0
        while j < short.count && short[j] == long[j] { j += 1 }
        guard j > 0, j + 1 < long.count, long[j + 1] == long[j - 1], Array(long[(j + 2)...]) == Array(short[j...]),
              j < longSec.tieLines.count else { return nil }
        let pa = long[j - 1], pp = long[j]
        guard pa != pp else { return nil }
        var x = 0.5 * (longSec.tieLines[j - 1].xb + longSec.tieLines[j].xa)
        // The extremum of G_P - G_A over x at T (from the last one found), and its value.
        func difference(_ T: Double) throws -> Double? {
            let at = try phases.map { try $0.at(T: T) }
            if let xf = at[pp].fixedX {
                x = xf
                return at[pp].g(xf).0 - at[pa].g(xf).0
            }
            // The extremum is a minimum: where P first dips below A.
            x = tangentPoint(slope: 0, from: x, maxStep: 0.5) { xi in
                let (_, p1, p2) = at[pp].g(xi), (_, a1, a2) = at[pa].g(xi)
                return (p1 - a1, p2 - a2)
            }
            let value = at[pp].g(x).0 - at[pa].g(x).0
            return value.isFinite ? value : nil
        }
        let start = x
        guard let T = try secant(a.T, b.T, start: 0.5 * (a.T + b.T), difference, reset: { x = start }) else { return nil }
        let an = names[pa], pn = names[pp]
        let kind: String
        switch (isLiquid(pn), isLiquid(an)) {
        case (true, false): kind = appearsOnHeating ? "congruent minimum" : "congruent"
        case (false, true): kind = appearsOnHeating ? "congruent" : "congruent melting"
        default: kind = "congruent transformation"
        }
        return .init(T: T, phases: [an, pn, an], x: [x, x, x], kind: kind)
    }

    /// The three-phase invariant between sections a (below) and b (above) whose sequences differ
    /// by one phase inserted between two others; nil for other changes (a pure component's
    /// transition at an end, a gap closing).
    static func invariant(_ phases: [any EquilibriumPhase], _ names: [String], _ a: IsothermalSection, _ b: IsothermalSection,
                          _ sa: [Int], _ sb: [Int], near Tc: Double) throws -> BinaryPhaseDiagram.Invariant? {
        // Which side has the extra phase in the middle.
        let (short, long, longSec, shortSec, appearsOnHeating): ([Int], [Int], IsothermalSection, IsothermalSection, Bool) =
            sa.count < sb.count ? (sa, sb, b, a, true) : (sb, sa, a, b, false)
        if long.count == short.count + 2 {
            return try congruent(phases, names, a, b, short, long, longSec, appearsOnHeating: appearsOnHeating)
        }
        guard long.count == short.count + 1 else { return nil }
        var j = 0
        while j < short.count && short[j] == long[j] { j += 1 }
        guard j > 0, j < short.count, Array(long[(j + 1)...]) == Array(short[j...]) else { return nil }
        let p = long[j - 1], r = long[j], q = long[j + 1]
        guard p != r || r != q else { return nil }
        // The tie-line p-q on the short side, and the region of r on the long side.
        guard let tie = shortSec.tieLines.first(where: { $0.a == p && $0.b == q }),
              j - 1 < longSec.tieLines.count, j < longSec.tieLines.count else { return nil }
        let xrStart = 0.5 * (longSec.tieLines[j - 1].xb + longSec.tieLines[j].xa)
        // d(T): G of r at its tangent point minus the p-q tangent line; zero at the invariant.
        var xa = tie.xa, xb = tie.xb, xr = xrStart
        func gap(_ T: Double) throws -> Double? {
            let at = try phases.map { try $0.at(T: T) }
            guard let t = refine(at, p, xa, q, xb), t.a == p else { return nil }
            xa = t.xa
            xb = t.xb
            let (ga, g1a, _) = at[p].g(at[p].fixedX ?? xa)
            let slope = at[p].fixedX != nil ? (at[q].g(at[q].fixedX ?? xb).0 - ga) / (xb - xa) : g1a
            let line = { (x: Double) in ga + slope * (x - xa) }
            if let xf = at[r].fixedX { xr = xf; return at[r].g(xf).0 - line(xf) }
            // g_r'(x) = slope, from the middle of r's region.
            xr = tangentPoint(slope: slope, from: xr, maxStep: 1) { let (_, g1, g2) = at[r].g($0); return (g1, g2) }
            return at[r].g(xr).0 - line(xr)
        }
        guard let T = try secant(a.T, b.T, start: Tc, gap, reset: { xa = tie.xa; xb = tie.xb; xr = xrStart }) else { return nil }
        // A gap closing (r merging into p or q) is no invariant.
        guard abs(xr - xa) > 1e-4, abs(xr - xb) > 1e-4 else { return nil }
        let pn = names[p], rn = names[r], qn = names[q]
        let liquid = isLiquid(rn), pqLiquid = isLiquid(pn) || isLiquid(qn)
        let kind: String
        if appearsOnHeating {
            // On cooling r -> p + q.
            if liquid { kind = pqLiquid ? "monotectic" : "eutectic" } else { kind = (rn == pn || rn == qn) ? "monotectoid" : "eutectoid" }
        } else {
            // On heating r -> p + q.
            if pqLiquid { kind = liquid ? "syntectic" : "peritectic" } else { kind = "peritectoid" }
        }
        return .init(T: T, phases: [pn, rn, qn], x: [xa, xr, xb], kind: kind)
    }
}
