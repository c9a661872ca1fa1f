import Testing
@testable import SolvusModels

/// The Redlich-Kister-Muggianu kernel's fused ternary pass against its general block kernel (the
/// same bits) and against the one-composition evaluation (`oneAtATime`, the system's own order of
/// terms: the same to rounding), for every length of the three binary series and with and
/// without the ternary term.
struct RedlichKisterKernelTests {
    /// A small deterministic generator (SplitMix64), so a failure can be run again.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Compositions of three components, in the columns `columns` of rows `width` wide (other
    /// columns hold fractions of nothing in the system): random points, the corners and the edges.
    func rows(_ count: Int, width: Int, columns: [Int], _ g: inout SplitMix) -> [Double] {
        var out: [Double] = []
        let fixed: [(Double, Double, Double)] = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (0.5, 0.5, 0), (0, 0.25, 0.75), (0.2, 0, 0.8)]
        for r in 0..<count {
            var x: (Double, Double, Double)
            if r < fixed.count {
                x = fixed[r]
            } else {
                let u = Double.random(in: 0...1, using: &g), v = Double.random(in: 0...1, using: &g)
                let (p, q) = (min(u, v), max(u, v))
                x = (p, q - p, 1 - q)
            }
            var row = [Double](repeating: 0, count: width)
            row[columns[0]] = x.0
            row[columns[1]] = x.1
            row[columns[2]] = x.2
            out += row
        }
        return out
    }

    /// Property p of each composition alone (rows in the system's order), its terms summed in the
    /// system's own order (the general kernel's Muggianu sum), not the Muggianu kernel's.
    static func oneAtATime(_ system: RedlichKisterSystem, _ fractions: [Double], _ p: ExcessProperty, T: Double) -> [Double] {
        let k = system.components.count
        let kernel = system.extrapolationKernel(width: k, columns: (0..<k).map { $0 }, property: p, T: T, method: .muggianu)
        return stride(from: 0, to: fractions.count, by: k).map { kernel.value(at: Array(fractions[$0..<($0 + k)])) }
    }

    func parameters(_ n: Int, _ g: inout SplitMix) -> [RKParameter] {
        (0..<n).map { _ in RKParameter(Double.random(in: -20_000...20_000, using: &g), b: Double.random(in: -10...10, using: &g)) }
    }

    @Test(arguments: [false, true])
    func fusedTernaryPassGivesTheBlockKernelsBits(ternaryTerm: Bool) throws {
        var g = SplitMix(state: ternaryTerm ? 7 : 11)
        for la in 1...4 { for lb in 1...4 { for lc in 1...4 {
            // Components written out of name order, with the binaries in either orientation, as
            // users and databases write them.
            let system = RedlichKisterSystem(
                components: ["Sn", "Bi", "Sb"],
                binaries: [.init(i: 1, j: 2, terms: parameters(la, &g)),   // Bi-Sb
                           .init(i: 0, j: 1, terms: parameters(lb, &g)),   // Sn-Bi: Bi-Sn reversed
                           .init(i: 2, j: 0, terms: parameters(lc, &g))],  // Sb-Sn
                ternaries: ternaryTerm ? [.init(i: 0, j: 1, k: 2, terms: parameters(3, &g))] : [])
            // Width 4: columns Sb, (other), Sn, Bi.
            let columns = [2, 3, 0]
            let f = rows(500, width: 4, columns: columns, &g)
            for p in ExcessProperty.allCases {
                let kernel = system.muggianuKernel(width: 4, columns: columns.map { Optional($0) }, property: p, T: 973)
                #expect(kernel.isFusedTernary)
                var fused = [Double](repeating: .nan, count: 500)
                var blocks = [Double](repeating: .nan, count: 500)
                f.withUnsafeBufferPointer { fb in
                    guard let base = fb.baseAddress else { return }
                    // In uneven chunks: each row is the same wherever a chunk starts.
                    fused.withUnsafeMutableBufferPointer { o in
                        guard let ob = o.baseAddress else { return }
                        var start = 0
                        for size in [1, 7, 64, 300, 128] {
                            let end = min(500, start + size)
                            kernel.evaluate(base + start * 4, rows: end - start, into: ob + start)
                            start = end
                        }
                    }
                    blocks.withUnsafeMutableBufferPointer { o in
                        if let ob = o.baseAddress { kernel.evaluateInBlocks(base, rows: 500, into: ob) }
                    }
                }
                #expect(fused.map(\.bitPattern) == blocks.map(\.bitPattern), "lengths \(la) \(lb) \(lc), \(p)")
                // The one-at-a-time evaluation, in the system's own order of terms.
                var inOrder: [Double] = []
                for r in stride(from: 0, to: f.count, by: 4) { inOrder += [f[r + 2], f[r + 3], f[r]] }
                let reference = RedlichKisterKernelTests.oneAtATime(system, inOrder, p, T: 973)
                let scale = p == .S ? 100.0 : 1e5
                let worst = zip(fused, reference).map { abs($0 - $1) }.max() ?? .infinity
                #expect(worst < 1e-9 * scale, "lengths \(la) \(lb) \(lc), \(p): \(worst)")
            }
        } } }
    }

    @Test func otherTermsTakeTheBlockKernel() throws {
        var g = SplitMix(state: 3)
        // A series of five terms; a ternary without one of its binaries; a quaternary.
        let five = RedlichKisterSystem(components: ["A", "B", "C"],
                                       binaries: [.init(i: 0, j: 1, terms: parameters(5, &g)), .init(i: 0, j: 2, terms: parameters(1, &g)),
                                                  .init(i: 1, j: 2, terms: parameters(2, &g))], ternaries: [])
        let missing = RedlichKisterSystem(components: ["A", "B", "C"],
                                          binaries: [.init(i: 0, j: 1, terms: parameters(2, &g)), .init(i: 1, j: 2, terms: parameters(2, &g))],
                                          ternaries: [])
        let four = RedlichKisterSystem(components: ["A", "B", "C", "D"],
                                       binaries: [.init(i: 0, j: 1, terms: parameters(2, &g)), .init(i: 0, j: 2, terms: parameters(2, &g)),
                                                  .init(i: 1, j: 2, terms: parameters(2, &g)), .init(i: 2, j: 3, terms: parameters(3, &g))],
                                       ternaries: [])
        for s in [five, missing, four] {
            let kernel = s.muggianuKernel(width: s.components.count, columns: s.components.indices.map { Optional($0) }, property: .G, T: 800)
            #expect(!kernel.isFusedTernary)
        }
        // The quaternary read on a grid of A, B, C only: its three binaries there are a ternary's.
        let onThree = four.muggianuKernel(width: 3, columns: [0, 1, 2, nil], property: .G, T: 800)
        #expect(onThree.isFusedTernary)
        let f = rows(200, width: 3, columns: [0, 1, 2], &g)
        let values = four.muggianu(fractions: f, width: 3, columns: [0, 1, 2, nil], property: .G, T: 800)
        var padded: [Double] = []
        for r in stride(from: 0, to: f.count, by: 3) { padded += [f[r], f[r + 1], f[r + 2], 0] }
        let reference = RedlichKisterKernelTests.oneAtATime(four, padded, .G, T: 800)
        #expect(zip(values, reference).allSatisfy { abs($0 - $1) < 1e-9 * 1e5 })
        #expect(values.count == 200)
    }
}
