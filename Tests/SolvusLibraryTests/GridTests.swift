import SolvusCore
import SolvusModels
import Testing
@testable import SolvusLibrary

/// Grids are held as elements and a step and read in chunks: every row reached directly must be
/// the row the sequential walk reaches, and a model over a grid must give, to the last bit, what
/// it gives over the same compositions stored as a list.
@Suite struct GridTests {
    /// The sequential walk, written independently: every count vector of `parts` elements
    /// summing to `n`, the first element slowest from n down to 0.
    static func walk(parts: Int, n: Int) -> [[Int]] {
        guard parts > 1 else { return [[n]] }
        var out: [[Int]] = []
        for c in stride(from: n, through: 0, by: -1) {
            for rest in walk(parts: parts - 1, n: n - c) { out.append([c] + rest) }
        }
        return out
    }

    @Test(arguments: [(1, 5), (2, 7), (3, 6), (4, 5), (6, 4)])
    func everyRowReachedDirectlyIsTheWalksRow(parts: Int, n: Int) {
        let lattice = SimplexLattice(parts: parts, divisions: n)
        let rows = GridTests.walk(parts: parts, n: n)
        #expect(lattice.count == rows.count)
        for (r, counts) in rows.enumerated() { #expect(lattice.counts(atRow: r) == counts, "row \(r)") }
        // Chunks that start anywhere continue the walk.
        let all = (try? lattice.fractions(0..<rows.count) { _ in }) ?? []
        let k = parts
        for start in [0, 1, rows.count / 3, rows.count - 1] {
            let part = (try? lattice.fractions(start..<rows.count) { _ in }) ?? []
            #expect(part == Array(all[(start * k)...]), "from row \(start)")
        }
        #expect(all == rows.flatMap { $0.map { Double($0) / Double(n) } })
        // One element's column from any row, as `g.Co` makes it.
        for start in [0, 1, rows.count / 2, rows.count - 1] {
            for j in 0..<k {
                let column = (try? lattice.column(j, start..<rows.count) { _ in }) ?? []
                #expect(column == rows[start...].map { Double($0[j]) / Double(n) }, "column \(j) from row \(start)")
            }
        }
        // Short fills from every row, across the ends of runs (where the next-to-last element
        // runs out) and of the lattice.
        for start in 0..<rows.count {
            for length in [1, 2, 3, n + 2] where start + length <= rows.count {
                let out = UnsafeMutablePointer<Double>.allocate(capacity: length * k)
                defer { out.deallocate() }
                lattice.fill(start..<(start + length), into: out)
                let made = Array(UnsafeBufferPointer(start: out, count: length * k))
                #expect(made == rows[start..<(start + length)].flatMap { $0.map { Double($0) / Double(n) } },
                        "\(length) rows from row \(start)")
            }
        }
    }

    @Test func countsOfLargeLattices() {
        #expect(SimplexLattice(parts: 3, divisions: 1413).count == 1_000_405)
        #expect(SimplexLattice(parts: 6, divisions: 100).count == 96_560_646)
        #expect(SimplexLattice(parts: 7, divisions: 100).count == 1_705_904_746)
        #expect(SimplexLattice(parts: 30, divisions: 10_000).count == nil)
    }

    /// A grid is not stored when it is made: a 6-element 1 at.% grid (9.7e7 compositions,
    /// 4.6 GB as a matrix) is a value at once; storing it whole is refused by the size limit.
    @Test func aGridIsNotStoredUntilNeeded() throws {
        #expect(try shown(#"grid(["Al", "Co", "Cr", "Fe", "Ni", "Ti"], step: 0.01)"#)
                == "<96560646 compositions of Al, Co, Cr, Fe, Ni, Ti>")
        #expect(try si(#"len(grid(["Al", "Co", "Cr", "Fe", "Ni", "Ti"], step: 0.01))"#) == 96_560_646)
        #expect(try si(#"len(equiatomic(["Al", "Co", "Cr", "Fe", "Ni"], k: 3))"#) == 10)
        #expect(diagnostic(#"omega(grid(["Al", "Co", "Cr", "Fe", "Ni", "Ti"], step: 0.01))"#)?.id == "E603")
    }

    /// The same compositions as a grid and as a list of records give bit-identical results in
    /// rkm (every property and method, constant and T-dependent parameters) and omega.
    @Test func modelsOverAGridEqualModelsOverTheSameList() throws {
        let s = Session(output: { _ in })
        var outcome = Session.Outcome()
        LargeStack.run {
            outcome = s.run("""
                s = rk({"Sn-Bi": [500 J/mol, -100 J/mol], "Bi-Sb": [2230 J/mol], "Sn-Sb": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], "Bi-Sb-Sn": [-4743.1 J/mol, 11251.87 J/mol, -13969.1 J/mol]})
                t = rk({"Sn-Bi": [{a: 500 J/mol, b: 2 J/(mol K)}, -100 J/mol], "Bi-Sb": [{a: 2230 J/mol, b: -1 J/(mol K), c: 0.1 J/(mol K)}]})
                g = grid(["Sn", "Bi", "Sb"], n: 97)
                o = grid(["Co", "Cr", "Fe", "Ni", "Mn"], n: 9)
                """)
        }
        #expect(outcome.diagnostics.isEmpty)
        guard case .native(let g as CompositionGrid) = s.evaluator.globals.lookup("g"),
              case .native(let o as CompositionGrid) = s.evaluator.globals.lookup("o") else {
            Issue.record("grid() did not give a grid")
            return
        }
        let nowhere = SourceRange(file: 0, start: 0, end: 0)
        let stored = try g.materialised(s.evaluator, at: nowhere)
        let storedO = try o.materialised(s.evaluator, at: nowhere)
        s.evaluator.globals.define("gs", .native(stored))
        s.evaluator.globals.define("os", .native(storedO))
        func values(_ text: String) -> [Double] {
            var r = Session.Outcome()
            LargeStack.run { r = s.run(text) }
            guard case .array(let a)? = r.values.last?.value else {
                Issue.record("\(text): \(r.diagnostics.map(\.message))")
                return []
            }
            return a.values
        }
        for expression in ["rkm(s, @, T: 973 K).H", "rkm(s, @, T: 973 K).G", "rkm(s, @, T: 973 K).S",
                           "rkm(t, @, T: 973 K).G", "rkm(t, @, T: 973 K).H", "rkm(t, @, T: 973 K).S",
                           "rkm(s, @, T: 973 K, method: \"kohler\").H", "rkm(t, @, T: 973 K, method: \"kohler\").S",
                           "rkm(s, @, T: 973 K, method: \"toop\", asymmetric: \"Sn\").G",
                           "rkm(t, @, T: 973 K, method: \"hillert\", asymmetric: \"Bi\").S",
                           "rkm(t, @, T: 973 K, method: \"chou\").G"] {
            let onGrid = values(expression.replacingOccurrences(of: "@", with: "g"))
            let onStored = values(expression.replacingOccurrences(of: "@", with: "gs"))
            #expect(onGrid.count == 4_851)
            #expect(onGrid.map(\.bitPattern) == onStored.map(\.bitPattern), "\(expression)")
        }
        // `rkm(...).H` makes only H: the same values as the field of the whole record, and a
        // field the record does not have is still an error that lists the fields.
        for field in ["G", "H", "S"] {
            for method in ["muggianu", "kohler", "chou"] {
                let alone = values("rkm(t, g, T: 973 K, method: \"\(method)\").\(field)")
                let whole = values("r = rkm(t, g, T: 973 K, method: \"\(method)\")\nr.\(field)")
                #expect(alone.map(\.bitPattern) == whole.map(\.bitPattern), "rkm(..., method: \"\(method)\").\(field)")
            }
        }
        var missing = Session.Outcome()
        LargeStack.run { missing = s.run("rkm(s, g, T: 973 K).Q") }
        #expect(missing.diagnostics.first?.id == "E203")
        #expect(missing.diagnostics.first?.notes.joined().contains("G, H, S") == true)
        for field in ["omega", "delta", "vec", "tm", "dS", "dH"] {
            let onGrid = values("omega(o).\(field)")
            let onStored = values("omega(os).\(field)")
            #expect(onGrid.count == 715)
            #expect(onGrid.map(\.bitPattern) == onStored.map(\.bitPattern), "omega \(field)")
        }
        // And the kernel is the textbook sum (seed 003, Eq. 5.4) at one row, recomputed by hand
        // from that row's fractions.
        let sn = values("gs.Sn"), bi = values("gs.Bi"), sb = values("gs.Sb"), h = values("rkm(s, g, T: 973 K).H")
        let r = 100
        let d = sn[r] - bi[r], f = sn[r] - sb[r]
        let expected = sn[r] * bi[r] * (500 - 100 * d) + bi[r] * sb[r] * 2230
            + sn[r] * sb[r] * (-5695.1 + 782.6 * f + 1840.9 * f * f)
            + sn[r] * bi[r] * sb[r] * (-4743.1 * bi[r] + 11251.87 * sb[r] - 13969.1 * sn[r])
        #expect(Swift.abs(h[r] - expected) < 1e-9 * Swift.max(1, Swift.abs(expected)))
    }

    /// omega's verdicts over many compositions are stored one byte each, and behave as the list
    /// of their strings: indexing, len, comparison, printing, built-ins, records passed to them.
    @Test func verdictsAreCompactAndBehaveAsLists() throws {
        let setup = #"o = omega(grid(["Al", "Co", "Cr", "Fe", "Ni"], n: 12))"# + "\n"
        let s = Session(output: { _ in })
        var outcome = Session.Outcome()
        LargeStack.run { outcome = s.run(setup) }
        #expect(outcome.diagnostics.isEmpty)
        guard case .record(let o)? = s.evaluator.globals.lookup("o"),
              case .native(let phase as Categories)? = o["phase"],
              case .record(let rules)? = o["rules"],
              case .native(let zhang as Categories)? = rules["zhang_2008"] else {
            Issue.record("the verdicts are not compact")
            return
        }
        #expect(phase.count == 1820)
        #expect(zhang.count == 1820)
        #expect(Set(phase.levels).isSubset(of: ["solid solution", "intermetallic or multiphase", "unknown (missing data)"]))
        // The same answers as the ordinary list.
        let expanded = phase.list
        guard case .list(let items) = expanded else { return }
        let solid = items.filter { if case .string("solid solution") = $0 { return true } else { return false } }.count
        #expect(solid > 0 && solid < 1820)
        #expect(try si(setup + #"len(o.phase)"#) == 1820)
        #expect(try si(setup + #"len(where({omega: o.omega, phase: o.phase}, o.phase == "solid solution").phase)"#) == Double(solid))
        #expect(try shown(setup + "o.phase[0]") == (items.first?.description ?? ""))
        #expect(try shown(setup + "o.phase[-1]") == (items.last?.description ?? ""))
        #expect(try shown(setup + "o.phase") == expanded.description)
        #expect(try shown(setup + "o.rules.guo_liu == o.structure") == "[" + Array(repeating: "true", count: 1820).joined(separator: ", ") + "]")
    }

    /// Comparing lists gives a one-byte-an-item mask that and, or, not, indexing, len, printing
    /// and built-ins treat as the list of its booleans.
    @Test func comparisonsGiveCompactMasks() throws {
        guard case .native(let m as Mask) = try run("a = 0..9\na > 4 and a < 8") else {
            Issue.record("a comparison of lists is not a mask")
            return
        }
        #expect(m.bits == [false, false, false, false, false, true, true, true, false, false])
        #expect(try shown("a = 0..9\nnot (a > 4 or a < 2)") == "[false, false, true, true, true, false, false, false, false, false]")
        #expect(try shown("a = 0..9\n(a > 4)[5]") == "true")
        #expect(try si("a = 0..9\nlen(a > 4)") == 10)
        #expect(try shown("a = 0..9\nwhere({a: a}, a >= 8)") == "{a: [8, 9]}")
        let same = try shown("a = 0..9\n(a > 4) == (a >= 5)"), list = try shown("[true, true, true, true, true, true, true, true, true, true]")
        #expect(same == list)
        #expect(diagnostic("a = 0..9\nif a > 4 then 1 else 2") != nil)
    }
}

