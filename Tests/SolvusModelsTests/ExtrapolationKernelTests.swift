import Foundation
import Testing
@testable import SolvusModels

/// The prepared kernel of every extrapolation method against `excess`, the one-composition-at-a-
/// time evaluation it replaces for many compositions at one temperature: the same bits, for every
/// property, every method and asymmetric component, series of every length (none to five terms),
/// T-dependent parameters, ternary terms of one and three parameters, components absent from
/// the rows, columns in any order, and the edges and corners where Kohler's and Toop's weights
/// have their special cases.
struct ExtrapolationKernelTests {
    typealias SplitMix = RedlichKisterKernelTests.SplitMix

    func parameters(_ n: Int, _ g: inout SplitMix) -> [RKParameter] {
        (0..<n).map { _ in
            RKParameter(Double.random(in: -20_000...20_000, using: &g), b: Double.random(in: -10...10, using: &g),
                        c: Double.random(in: -2...2, using: &g))
        }
    }

    /// `count` compositions of `k` components (random points of the simplex, then its corners
    /// and the middles of its edges first).
    func compositions(_ count: Int, k: Int, _ g: inout SplitMix) -> [[Double]] {
        var out: [[Double]] = []
        for c in 0..<k { out.append((0..<k).map { $0 == c ? 1 : 0 }) }
        for a in 0..<k { for b in (a + 1)..<k { out.append((0..<k).map { $0 == a || $0 == b ? 0.5 : 0 }) } }
        while out.count < count {
            let e = (0..<k).map { _ in -Double.random(in: 1e-9...1, using: &g).squareRoot() }
            let s = e.reduce(0, +)
            out.append(e.map { $0 / s })
        }
        return out
    }

    /// Chou's similarity coefficients ξ of each binary of a ternary at T, from the definition
    /// (η_u = ∫ (G_uv - G_uw)² dX_u) by Simpson's rule with Richardson's extrapolation, not the
    /// kernel's Gauss-Legendre quadrature.
    static func chouCoefficients(_ s: RedlichKisterSystem, T: Double) -> [Double] {
        func binaryG(_ u: Int, _ v: Int, _ X: Double) -> Double {
            guard let b = s.binaries.first(where: { ($0.i == u && $0.j == v) || ($0.i == v && $0.j == u) }) else { return 0 }
            return b.i == u ? textbookG(b, X, 1 - X, .G, T: T) : textbookG(b, 1 - X, X, .G, T: T)
        }
        func simpson(_ m: Int, _ f: (Double) -> Double) -> Double {
            var sum = 0.0
            for i in 0...m { sum += (i == 0 || i == m ? 1 : (i % 2 == 1 ? 4 : 2)) * f(Double(i) / Double(m)) }
            return sum / Double(m) / 3
        }
        func eta(_ u: Int, _ v: Int, _ w: Int) -> Double {
            let f = { (X: Double) -> Double in
                let d = binaryG(u, v, X) - binaryG(u, w, X)
                return d * d
            }
            return (16 * simpson(2_000, f) - simpson(1_000, f)) / 15
        }
        return s.binaries.map { b in
            let k = 3 - b.i - b.j
            let (ei, ej) = (eta(b.i, b.j, k), eta(b.j, b.i, k))
            return ei + ej > 0 ? ei / (ei + ej) : 0.5
        }
    }

    /// G (or H, S) of binary b at fractions (y_i, y_j), with powers instead of Horner's rule.
    static func textbookG(_ b: RedlichKisterSystem.Binary, _ yi: Double, _ yj: Double, _ p: ExcessProperty, T: Double) -> Double {
        var sum = 0.0
        for (v, term) in b.terms.enumerated() { sum += term.value(p, T: T) * pow(yi - yj, Double(v)) }
        return yi * yj * sum
    }

    /// Property p at composition x from the methods' definitions, written apart from the kernel
    /// (`chou`: the coefficients of `chouCoefficients`).
    static func textbook(_ s: RedlichKisterSystem, _ x: [Double], _ p: ExcessProperty, T: Double,
                         _ method: Extrapolation, chou: [Double]) -> Double {
        func G(_ b: RedlichKisterSystem.Binary, _ yi: Double, _ yj: Double) -> Double { textbookG(b, yi, yj, p, T: T) }
        func kohler(_ b: RedlichKisterSystem.Binary) -> Double {
            let s = x[b.i] + x[b.j]
            return s > 0 ? s * s * G(b, x[b.i] / s, x[b.j] / s) : 0
        }
        var total = 0.0
        for (index, b) in s.binaries.enumerated() {
            switch method {
            case .muggianu:
                total += G(b, x[b.i], x[b.j])
            case .kohler:
                total += kohler(b)
            case .toop(let k), .hillert(let k):
                if b.i == k || b.j == k {
                    let other = b.i == k ? b.j : b.i
                    if x[k] < 1 { total += x[other] / (1 - x[k]) * (b.i == k ? G(b, x[k], 1 - x[k]) : G(b, 1 - x[k], x[k])) }
                } else if case .toop = method {
                    total += kohler(b)
                } else {
                    total += G(b, x[b.i], x[b.j])
                }
            case .chou:
                // x_i x_j / (X_i X_j) G_ij(X_i, X_j), X_i = x_i + ξ x_k, X_j = x_j + (1 - ξ) x_k.
                let k = 3 - b.i - b.j, xi = index < chou.count ? chou[index] : 0.5
                let (Xi, Xj) = (x[b.i] + xi * x[k], x[b.j] + (1 - xi) * x[k])
                var sum = 0.0
                for (v, term) in b.terms.enumerated() { sum += term.value(p, T: T) * pow(Xi - Xj, Double(v)) }
                total += x[b.i] * x[b.j] * sum
            }
        }
        for t in s.ternaries {
            let L = t.terms.map { $0.value(p, T: T) }
            let product = x[t.i] * x[t.j] * x[t.k]
            total += L.count == 3 ? product * (L[0] * x[t.i] + L[1] * x[t.j] + L[2] * x[t.k]) : product * (L.first ?? 0)
        }
        return total
    }

    func methods(_ k: Int) -> [Extrapolation] {
        var m: [Extrapolation] = [.muggianu, .kohler]
        if k == 3 { m += [.chou] + (0..<3).flatMap { [Extrapolation.toop(asymmetric: $0), .hillert(asymmetric: $0)] } }
        return m
    }

    @Test(arguments: [3, 4])
    func everyMethodRowByRowAndByTheTextbook(components k: Int) throws {
        var g = SplitMix(state: UInt64(k) * 31)
        let names = ["Sn", "Bi", "Sb", "Cu"].prefix(k)
        var pairs: [(Int, Int)] = []
        for i in 0..<k { for j in (i + 1)..<k { pairs.append(Bool.random(using: &g) ? (i, j) : (j, i)) } }
        for trial in 0..<24 {
            // Series of 0 to 5 terms; a ternary term of 1 or 3 parameters, or none.
            let binaries = pairs.map { RedlichKisterSystem.Binary(i: $0.0, j: $0.1, terms: parameters(Int.random(in: 0...5, using: &g), &g)) }
            let ternaries: [RedlichKisterSystem.Ternary] = trial % 3 == 0 ? []
                : [.init(i: 0, j: 1, k: 2, terms: parameters(trial % 3 == 1 ? 1 : 3, &g))]
            let system = RedlichKisterSystem(components: Array(names), binaries: binaries, ternaries: ternaries)
            let x = compositions(60, k: k, &g)
            let T = Double.random(in: 300...1500, using: &g)
            // Rows of k + 1 columns: the components in reversed order after a column of nothing.
            let width = k + 1
            let columns: [Int?] = (0..<k).map { k - $0 }
            var rows = [Double](repeating: 0, count: x.count * width)
            for (r, xr) in x.enumerated() { for c in 0..<k { rows[r * width + k - c] = xr[c] } }
            let chou = k == 3 ? ExtrapolationKernelTests.chouCoefficients(system, T: T) : []
            for method in methods(k) {
                for p in ExcessProperty.allCases {
                    let kernel = system.extrapolationKernel(width: width, columns: columns, property: p, T: T, method: method)
                    var out = [Double](repeating: .nan, count: x.count)
                    // In two uneven calls, as chunks come.
                    rows.withUnsafeBufferPointer { f in
                        out.withUnsafeMutableBufferPointer { o in
                            kernel.evaluate(f.baseAddress!, rows: 7, into: o.baseAddress!)
                            kernel.evaluate(f.baseAddress! + 7 * width, rows: x.count - 7, into: o.baseAddress! + 7)
                        }
                    }
                    // One composition at a time, in the system's order: the same bits.
                    let want = x.map { kernel.value(at: $0) }
                    let differing = zip(out, want).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(differing == 0, "\(method) \(p) trial \(trial): \(differing) of \(x.count) differ")
                    if kernel.isZero { #expect(want.allSatisfy { $0 == 0 }) }
                    // And the textbook formulas, written independently: the same to rounding.
                    let tolerance = p == .S ? 1e-9 : 1e-7
                    let worst = zip(out, x).map { abs($0 - ExtrapolationKernelTests.textbook(system, $1, p, T: T, method, chou: chou)) }.max() ?? 0
                    #expect(worst < tolerance, "\(method) \(p) trial \(trial): off by \(worst)")
                }
            }
        }
    }

    /// A component of the system absent from the rows counts as 0, as in `excess` of the rows
    /// padded with it; Kohler's binary with both fractions 0 and Toop's with x_k = 1 add nothing.
    @Test func absentComponentsAndEmptyBinaries() throws {
        var g = SplitMix(state: 5)
        let system = RedlichKisterSystem(
            components: ["Cu", "Ni", "Zn"],
            binaries: [.init(i: 0, j: 1, terms: parameters(3, &g)), .init(i: 0, j: 2, terms: parameters(2, &g)),
                       .init(i: 2, j: 1, terms: parameters(4, &g))],
            ternaries: [.init(i: 0, j: 1, k: 2, terms: parameters(3, &g))])
        // Rows of Ni and Cu only; Zn absent.
        let rows: [Double] = [0.3, 0.7, 1, 0, 0, 1, 0.5, 0.5]
        let padded: [Double] = [0.7, 0.3, 0, 0, 1, 0, 1, 0, 0, 0.5, 0.5, 0]
        for method in methods(3) {
            for p in ExcessProperty.allCases {
                let whole = system.extrapolationKernel(width: 3, columns: [0, 1, 2], property: p, T: 800, method: method)
                let expected = stride(from: 0, to: padded.count, by: 3).map { whole.value(at: Array(padded[$0..<($0 + 3)])) }
                let kernel = system.extrapolationKernel(width: 2, columns: [1, 0, nil], property: p, T: 800, method: method)
                var out = [Double](repeating: .nan, count: 4)
                rows.withUnsafeBufferPointer { f in
                    out.withUnsafeMutableBufferPointer { kernel.evaluate(f.baseAddress!, rows: 4, into: $0.baseAddress!) }
                }
                #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "\(method) \(p): \(out) against \(expected)")
            }
        }
        // At pure Zn Toop's binaries with Zn asymmetric are skipped: only the third, 0 there, is left.
        let toop = system.extrapolationKernel(width: 3, columns: [0, 1, 2], property: .G, T: 800, method: .toop(asymmetric: 2))
        var zn = [0.0]
        [0.0, 0, 1].withUnsafeBufferPointer { f in zn.withUnsafeMutableBufferPointer { toop.evaluate(f.baseAddress!, rows: 1, into: $0.baseAddress!) } }
        #expect(zn == [0])
        // A system of a ternary term alone.
        let alone = RedlichKisterSystem(components: ["Cu", "Ni", "Zn"], binaries: [],
                                        ternaries: [.init(i: 0, j: 1, k: 2, terms: [RKParameter(-3000)])])
        let third = 1.0 / 3
        for method in methods(3) {
            let kernel = alone.extrapolationKernel(width: 3, columns: [0, 1, 2], property: .H, T: 900, method: method)
            var h = [0.0]
            [third, third, third].withUnsafeBufferPointer { f in h.withUnsafeMutableBufferPointer { kernel.evaluate(f.baseAddress!, rows: 1, into: $0.baseAddress!) } }
            #expect(abs(h[0] - -3000.0 / 27) < 1e-9, "\(method): \(h[0])")
        }
    }
}
