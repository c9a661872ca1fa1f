import Foundation
import Testing
@testable import SolvusModels

/// The TDB reader and the phase models, against pycalphad 0.11.2
/// (Tests/Reference/make_tdb_reference.py wrote Tests/Reference/tdb_reference.csv).
struct TDBTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tdbFolder = root.appendingPathComponent("examples/data/tdb")

    static func database(_ name: String) throws -> TDBDatabase {
        let text = try String(contentsOf: tdbFolder.appendingPathComponent(name), encoding: .utf8)
        return try TDBReader.parse(text: text)
    }

    @Test(arguments: ["pbsn.tdb", "alzn_mey.tdb", "crfe_bcc_magnetic.tdb", "snbisb_table56.tdb", "COST507.tdb"])
    func everyShippedFileReads(_ name: String) throws {
        let db = try TDBTests.database(name)
        #expect(!db.phases.isEmpty)
        #expect(!db.parameters.isEmpty)
        // Every phase either builds a model or says why not.
        for p in db.phases {
            let comps = p.constituents.first { $0 != ["VA"] } ?? []
            if let why = db.unsupportedReason(p, components: comps) {
                #expect(!why.isEmpty)
                #expect(throws: TDBModelError.self) { _ = try db.phaseModel(p.name, components: comps) }
            } else {
                do {
                    _ = try db.phaseModel(p.name, components: comps)
                } catch let e as TDBModelError {
                    // A supported phase may still lack an end member or a function.
                    #expect(e.message.contains("no Gibbs energy") || e.message.contains("does not define"), "\(p.name): \(e.message)")
                }
            }
        }
    }

    /// The counts pycalphad 0.11.2's Database() finds: elements, phases, parameters, symbols.
    @Test func countsOfCOST507() throws {
        let db = try TDBTests.database("COST507.tdb")
        #expect(db.elements.count == 29)
        #expect(db.parameters.count == 1907)
        #expect(db.phases.count == 243)
        #expect(db.functions.count == 116)
    }

    @Test func agreesWithPycalphad() throws {
        let text = try String(contentsOf: TDBTests.root.appendingPathComponent("Tests/Reference/tdb_reference.csv"), encoding: .utf8)
        var dbs: [String: TDBDatabase] = [:]
        var models: [String: TDBPhaseModel] = [:]
        var checked = 0
        var worst = 0.0
        var failures: [String: (count: Int, first: String)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 9 else { Issue.record("bad line \(line)"); continue }
            let key = f[0] + "/" + f[1] + "/" + f[2]
            if models[key] == nil {
                if dbs[f[0]] == nil { dbs[f[0]] = try TDBTests.database(f[0]) }
                models[key] = try dbs[f[0]]?.phaseModel(f[1], components: f[2].split(separator: "-").map(String.init))
            }
            guard let m = models[key], let T = Double(f[3]) else { continue }
            let y = f[4].split(separator: ";").compactMap { Double($0) }
            let p = try m.properties(fractions: y, T: [T])
            let want = f[5...8].compactMap { Double($0) }
            let got = [p.G[0], p.H[0], p.S[0], p.Cp[0]]
            for (name, (g, w)) in zip(["GM", "HM", "SM", "CPM"], zip(got, want)) {
                let tol = max(1e-9 * abs(w), 1e-6)
                worst = max(worst, abs(g - w) / tol)
                if !(abs(g - w) <= tol) {
                    let old = failures[key + " " + name]
                    failures[key + " " + name] = ((old?.count ?? 0) + 1, old?.first ?? "T=\(T) y=\(y): \(g) vs pycalphad \(w)")
                }
            }
            checked += 1
        }
        for (k, f) in failures.sorted(by: { $0.key < $1.key }) { Issue.record("\(k): \(f.count) points differ; first \(f.first)") }
        #expect(checked >= 1000)
        print("TDB reference: \(checked) points, worst error \(worst) of the tolerance")
    }

    /// save then tdb: the same expressions and, at every temperature tried, the same G, H, S, Cp to
    /// the last bit, for every supported phase of every shipped file (all its constituents).
    @Test(arguments: ["pbsn.tdb", "alzn_mey.tdb", "crfe_bcc_magnetic.tdb", "snbisb_table56.tdb", "COST507.tdb"])
    func roundTrip(_ name: String) throws {
        let db = try TDBTests.database(name)
        var phases = 0
        for p in db.phases {
            let comps = p.constituents.first { $0 != ["VA"] } ?? []
            guard db.unsupportedReason(p, components: comps) == nil,
                  let m = try? db.phaseModel(p.name, components: comps) else { continue }
            let text = TDBWriter.write(phase: m, database: db, header: ["round trip"])
            let copy = try TDBReader.parse(text: text).phaseModel(p.name, components: comps)
            // The same terms (L parameters are written as G, so labels may differ).
            func same(_ a: [TDBPhaseModel.Term], _ b: [TDBPhaseModel.Term]) -> Bool {
                a.count == b.count && zip(a, b).allSatisfy { $0.indices == $1.indices && $0.order == $1.order && $0.function == $1.function }
            }
            #expect(same(copy.endmembers, m.endmembers) && same(copy.excess, m.excess) && same(copy.curie, m.curie)
                    && same(copy.moment, m.moment), "\(name) \(p.name)")
            #expect(copy.sites == m.sites && copy.allSites == m.allSites && copy.magnetic?.p == m.magnetic?.p)
            let k = comps.count
            var y = [Double](repeating: 1 / Double(k), count: k)
            y[0] += 0.1 / Double(k)
            y[k - 1] -= 0.1 / Double(k)
            for T in [300.0, 700, 1000, 1500, 2500] {
                guard let a = try? m.properties(fractions: y, T: [T]) else { continue }
                let b = try copy.properties(fractions: y, T: [T])
                #expect(a.G[0].bitPattern == b.G[0].bitPattern && a.H[0].bitPattern == b.H[0].bitPattern
                        && a.S[0].bitPattern == b.S[0].bitPattern && a.Cp[0].bitPattern == b.Cp[0].bitPattern,
                        "\(name) \(p.name) at \(T) K")
            }
            phases += 1
        }
        #expect(phases > 0)
    }

    /// Bad TDB text: an error at the culprit, never a crash.
    @Test(arguments: [
        ("FUNCTION GX 298.15 1+; 6000 N !", "expected a number, T or a function name", ";"),
        ("FUNCTION GX 298.15 1+2*T 6000 N !", "expected ';'", "6000"),
        ("FUNCTION GX 298.15 1; 6000 X !", "expected Y (another range follows) or N", "X"),
        ("FUNCTION GX 298.15 SQRT(T); 6000 N !", "unknown function 'SQRT'", "SQRT"),
        ("FUNCTION GX 298.15 (1+T; 6000 N !", "expected ')'", ";"),
        ("PHASE L % 2 1 !", "the site ratio of sublattice 2", "!"),
        ("CONSTITUENT X :A: !", "no PHASE command defined", "X"),
        ("PHASE L % 2 1 1 !\nCONSTITUENT L :A: !", "has 2 sublattices, but its CONSTITUENT lists 1", "L :"),
        ("PARAMETER G(LIQUID,A;Q) 298 0; 6000 N !", "the order of a parameter", ")"),
        ("PARAMETER G(LIQUID A;0) 298 0; 6000 N !", "expected 'phase,constituents'", "L"),
        ("ELEMENT AL FCC_A1 26.98 x 0 !", "expected a number in ELEMENT AL", "X"),
    ])
    func syntaxErrors(_ text: String, _ message: String, _ at: String) {
        do {
            _ = try TDBReader.parse(text: text)
            Issue.record("no error for \(text)")
        } catch let e as TDBError {
            #expect(e.message.contains(message), "\(e.message)")
            let bytes = Array(text.uppercased().utf8)
            let want = Array(at.utf8)
            let found = (0...(bytes.count - want.count)).filter { Array(bytes[$0..<($0 + want.count)]) == want }
            #expect(found.contains(e.offset), "offset \(e.offset) in \(text)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func deepNestingIsAnError() {
        let text = "FUNCTION GX 298.15 " + String(repeating: "(", count: 100_000) + "1; 6000 N !"
        #expect(throws: TDBError.self) { _ = try TDBReader.parse(text: text) }
    }

    @Test func keywordsAbbreviatedAndSkipped() throws {
        let db = try TDBReader.parse(text: """
            $ comment ! not a terminator
            elem AL FCC_A1 26.98 0 0 ! ELEMENT ZN HCP 65 0 0 !
            FUNC GA 298.15 1+2*T; 1000 Y 3*T*LN(T)+GB; 2000 N REF1 !
            FUNCTION GB 298.15 +5E-1*T**2+1.0D+03; 6000 N !
            TEMP_LIM 298.15 6000 !
            TEMP_LIM 298.15 6000 !
            VERSION_DATE foo !
            TYPE_DEF & GES A_P_D BCC MAGN -1.0 0.4 !
            PHASE LIQUID:L % 1 1.0 !
            CONST LIQUID:L :AL%: !
            PARA G(LIQUID,AL;0) 298.15 GA#; 2000 N !
            LIST_OF_REFERENCES NUMBER SOURCE REF1 'A. Author, J. 1 (2000) 2' !
            """)
        // The text after '!' on the ELEMENT line is ignored, as pycalphad does.
        #expect(db.elements.map(\.name) == ["AL"])
        #expect(db.functions["GA"]?.pieces.count == 2 && db.functions["GA"]?.reference == "REF1")
        #expect(db.functions["GB"]?.pieces.first?.expression.references == [])
        #expect(db.typeDefinitions["&"] == .magnetic(phase: "BCC", afm: -1, p: 0.4))
        #expect(db.phases.first?.constituents == [["AL"]])
        #expect(db.references.first?.text == "A. Author, J. 1 (2000) 2")
        // One warning per skipped keyword.
        #expect(db.warnings.count == 2)
        let m = try db.phaseModel("liquid", components: ["al"])
        let g = try m.properties(fractions: [1], T: [500]).G[0]
        #expect(abs(g - (1 + 2 * 500)) < 1e-12)
        let g2 = try m.properties(fractions: [1], T: [1500]).G[0]
        #expect(abs(g2 - (3 * 1500 * log(1500.0) + 0.5 * 1500 * 1500 + 1000)) < 1e-9)
        #expect(throws: TDBModelError.self) { _ = try m.properties(fractions: [1], T: [2500]) }
    }

    /// Mutations of a real file parse or fail cleanly (the fuzz target's contract).
    @Test func mutatedFilesNeverCrash() throws {
        let text = try String(contentsOf: TDBTests.tdbFolder.appendingPathComponent("pbsn.tdb"), encoding: .utf8)
        var bytes = Array(text.utf8)
        var seed: UInt64 = 12345
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        let alphabet = Array("!$;:,()#*+-/.0123456789ETNY %&".utf8)
        for _ in 0..<2000 {
            var b = bytes
            for _ in 0..<(1 + next() % 4) { b[next() % b.count] = alphabet[next() % alphabet.count] }
            if let db = try? TDBReader.parse(text: String(decoding: b, as: UTF8.self)) {
                for p in db.phases {
                    let comps = p.constituents.first ?? []
                    if let m = try? db.phaseModel(p.name, components: comps) {
                        _ = try? m.properties(fractions: [Double](repeating: 1 / Double(max(1, comps.count)), count: comps.count), T: [500])
                    }
                }
            }
        }
        bytes.removeAll()
    }

    /// The fast path (one pass, composition factors weighted by value and T-derivatives) against
    /// the general evaluation, on the COST 507 quinary liquid with columns in another order.
    @Test func fastPathAgrees() throws {
        let db = try TDBTests.database("COST507.tdb")
        let m = try db.phaseModel("LIQUID", components: ["AL", "CU", "MG", "SI", "ZN"])
        var seed: UInt64 = 7
        func next() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) }
        var rows: [[Double]] = []
        // 301 rows: a whole block of 256, then 45 (the last four-row group holds one).
        for _ in 0..<301 {
            let r = (0..<5).map { _ in next() + 1e-3 }
            rows.append(r.map { $0 / r.reduce(0, +) })
        }
        // The grid holds the columns as ZN, AL, SI, CU, MG.
        let order = [4, 0, 3, 1, 2]
        let grid = rows.flatMap { r in order.map { r[$0] } }
        let columns: [Int?] = (0..<5).map { c in order.firstIndex(of: c) }
        for T in [800.0, 1400] {
            let fast = try #require(try m.fastProperties(fractions: grid, width: 5, columns: columns, T: T))
            let slow = try m.properties(fractions: rows.flatMap { $0 }, T: [T], mixing: true)
            let total = try m.properties(fractions: rows.flatMap { $0 }, T: [T])
            for i in 0..<rows.count {
                #expect(abs(fast.mixing.G[i] - slow.G[i]) <= 1e-9 * max(1, abs(slow.G[i])))
                #expect(abs(fast.mixing.H[i] - slow.H[i]) <= 1e-9 * max(1, abs(slow.H[i])))
                #expect(abs(fast.mixing.S[i] - slow.S[i]) <= 1e-9 * max(1, abs(slow.S[i])))
                #expect(abs(fast.total.G[i] - total.G[i]) <= 1e-9 * abs(total.G[i]))
                #expect(abs(fast.total.H[i] - total.H[i]) <= 1e-9 * abs(total.H[i]))
                #expect(abs(fast.total.S[i] - total.S[i]) <= 1e-9 * abs(total.S[i]))
                #expect(abs(fast.total.Cp[i] - total.Cp[i]) <= 1e-9 * abs(total.Cp[i]))
            }
            // G alone: the same G columns.
            let g = try #require(try m.fastProperties(fractions: grid, width: 5, columns: columns, T: T, derivatives: false))
            #expect(g.mixing.G == fast.mixing.G && g.total.G == fast.total.G && g.total.H.isEmpty)
            // A row alone gives the same bits as in the block (lanes, blocks and the table of
            // logarithms change nothing).
            for i in [0, 3, 255, 256, 300] {
                let one = try #require(try m.fastProperties(fractions: Array(grid[(5 * i)..<(5 * i + 5)]), width: 5, columns: columns, T: T))
                #expect(one.mixing.G == [fast.mixing.G[i]] && one.mixing.S == [fast.mixing.S[i]])
                #expect(one.total.H == [fast.total.H[i]] && one.total.Cp == [fast.total.Cp[i]])
            }
        }
        #expect(try m.fastProperties(fractions: [], width: 5, columns: columns, T: 800)?.mixing.G.isEmpty == true)
    }

    /// Chunks run on several threads give the same bits as in order (each writes its own rows).
    @Test func fastPathChunksOnThreads() throws {
        let db = try TDBTests.database("COST507.tdb")
        let m = try db.phaseModel("LIQUID", components: ["AL", "CU", "MG", "SI", "ZN"])
        var grid: [Double] = []
        let n = 24  // C(28, 4) = 20,475 compositions: five chunks
        for a in 0...n { for b in 0...(n - a) { for c in 0...(n - a - b) { for d in 0...(n - a - b - c) {
            grid += [a, b, c, d, n - a - b - c - d].map { Double($0) / Double(n) }
        } } } }
        let rows = grid.count / 5
        #expect(rows > 2 * TDBPhaseModel.chunkRows)
        let columns: [Int?] = [0, 1, 2, 3, 4]
        let inOrder = try #require(try m.fastProperties(fractions: grid, width: 5, columns: columns, T: 1000))
        let threaded = try #require(try m.fastProperties(fractions: grid, width: 5, columns: columns, T: 1000, parallel: { n, body in
            DispatchQueue.concurrentPerform(iterations: n, execute: body)
        }))
        #expect(threaded.mixing == inOrder.mixing && threaded.total == inOrder.total)
        #expect(inOrder.total.Cp.count == rows && inOrder.total.Cp.allSatisfy(\.isFinite) && inOrder.mixing.G.allSatisfy(\.isFinite))
    }

    /// The general path (a magnetic phase; a temperature per composition) in one pass and in
    /// chunks on threads: the bits of `properties` with and without `mixing`, one composition at
    /// a time. COST 507's FCC_A1 with Al, Cu, Fe, Ni has a Curie temperature and a moment.
    @Test func generalPathInOnePassOnThreads() throws {
        let db = try TDBTests.database("COST507.tdb")
        let m = try db.phaseModel("FCC_A1", components: ["AL", "CU", "FE", "NI"])
        #expect(m.magnetic != nil)
        var grid: [Double] = []
        let n = 14  // C(17, 3) = 680 compositions: two chunks
        for a in 0...n { for b in 0...(n - a) { for c in 0...(n - a - b) {
            grid += [a, b, c, n - a - b - c].map { Double($0) / Double(n) }
        } } }
        let rows = grid.count / 4
        #expect(rows > TDBPhaseModel.generalChunkRows)
        let threads: (Int, (Int) -> Void) -> Void = { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) }
        let perRow = (0..<rows).map { 500 + Double($0) }
        for T in [[1000.0], perRow] {
            let total = try m.properties(fractions: grid, T: T)
            let mixing = try m.properties(fractions: grid, T: T, mixing: true)
            let inOrder = try m.totalAndMixing(fractions: grid, T: T)
            let threaded = try m.totalAndMixing(fractions: grid, T: T, parallel: threads)
            #expect(total.G.count == rows && total.Cp.allSatisfy(\.isFinite))
            for r in [inOrder, threaded] {
                #expect(r.total.G.map(\.bitPattern) == total.G.map(\.bitPattern) && r.total.H == total.H)
                #expect(r.total.S == total.S && r.total.Cp == total.Cp)
                #expect(r.mixing.G.map(\.bitPattern) == mixing.G.map(\.bitPattern) && r.mixing.H == mixing.H)
                #expect(r.mixing.S == mixing.S && r.mixing.Cp == mixing.Cp)
            }
        }
        // A temperature outside the parameters' ranges, in the second chunk only: its error.
        var outside = perRow
        outside[rows - 1] = 10_000
        #expect(throws: TDBModelError.self) { _ = try m.properties(fractions: grid, T: outside) }
        #expect(throws: TDBModelError.self) { _ = try m.totalAndMixing(fractions: grid, T: outside, parallel: threads) }
        #expect(throws: TDBModelError.self) { _ = try m.totalAndMixing(fractions: grid, T: [10_000]) }
    }
}
