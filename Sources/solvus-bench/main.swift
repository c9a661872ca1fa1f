// Benchmarks of the interpreter, run with a release build:
//
//     swift run -c release solvus-bench [GROUP...]
//
// With groups, only those run: startup, omega, rk, binodal, contour, tdb, equilibrium, cases.
// Each case runs in one session (the prelude already loaded) many times; the median and the
// fastest run are printed. Start-up of the whole command is measured separately with hyperfine
// (see the README).
import Foundation
import SolvusCore
import SolvusLibrary
import SolvusModels

/// The 20-element set of the screening benchmark: C(20, 5) = 15,504 equiatomic quinaries.
let twenty = #"["Al", "Co", "Cr", "Cu", "Fe", "Mn", "Ni", "Ti", "V", "Zr", "Nb", "Mo", "Hf", "Ta", "W", "Zn", "Mg", "Sc", "Y", "Sn"]"#

struct Case {
    let name: String
    let text: String
    let runs: Int
}

let cases = [
    Case(name: "1 + 1", text: "1 + 1", runs: 2000),
    Case(name: "mix, 10^4 points, summed",
         text: "sum(mix(regular(17.5 kJ/mol), x: 0.0001..0.9999 step 0.0001, T: 900 K).G)", runs: 200),
    Case(name: "mix, 10^6 points, summed",
         text: "sum(mix(regular(17.5 kJ/mol), x: 0.000001..0.999999 step 0.000001, T: 900 K).G)", runs: 20),
    Case(name: "user function, 10^4 calls",
         text: "f(x) = x * R * 900 K\nsum(map(f, 0.0001..0.9999 step 0.0001))", runs: 50),
    Case(name: "arithmetic on 10^6-point lists",
         text: "x = 0..1 step 1e-6\nsum(x * (1 - x) * 17.5 kJ/mol)", runs: 20),
    Case(name: "omega, 15504 equiatomic quinaries",
         text: "omega(equiatomic(\(twenty), k: 5)).omega", runs: 20),
    Case(name: "miedema, 15504 equiatomic quinaries",
         text: "miedema(equiatomic(\(twenty), k: 5)).dH_ss", runs: 10),
    Case(name: "grid, 1,000,405 ternary, one column", text: "len(grid([\"Sn\", \"Bi\", \"Sb\"], n: 1413).Sn)", runs: 10),
    Case(name: "omega, 176851-point quaternary grid",
         text: "omega(grid([\"Co\", \"Cr\", \"Fe\", \"Ni\"], step: 0.01)).omega", runs: 10),
    Case(name: "rkm H summed, grid read in chunks",
         text: "s = rk({\"Bi-Sb\": [2230 J/mol], \"Bi-Sn\": [500 J/mol, -100 J/mol], \"Sb-Sn\": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], "
            + "\"Sn-Bi-Sb\": [-4743.1 J/mol, 11251.87 J/mol, -13969.1 J/mol]})\nsum(rkm(s, grid([\"Sn\", \"Bi\", \"Sb\"], n: 1413), T: 973 K).H)",
         runs: 20),
    // screen: omega with a Yang-Zhang filter over every 1 at.% Al-Co-Cr-Fe-Ni alloy, the 1,000
    // largest Ω kept, on one thread and on two.
    Case(name: "screen, 4,598,126 quinaries, 1 thread",
         text: "yz(d) = d.omega > 1.1 and d.delta < 6.6 %\nbig(d) = d.omega\n"
            + "screen(grid([\"Al\", \"Co\", \"Cr\", \"Fe\", \"Ni\"], step: 0.01), omega, where: yz, keep: 1000, by: big, threads: 1).matched",
         runs: 3),
    Case(name: "screen, the same, 2 threads",
         text: "yz(d) = d.omega > 1.1 and d.delta < 6.6 %\nbig(d) = d.omega\n"
            + "screen(grid([\"Al\", \"Co\", \"Cr\", \"Fe\", \"Ni\"], step: 0.01), omega, where: yz, keep: 1000, by: big, threads: 2).matched",
         runs: 3),
    Case(name: "critical, vibrational, Θ_AB(x)",
         text: "t(x) = 300 K * exp(0.1 * x * (1 - x))\ncritical(vibrational(regular(17.5 kJ/mol), theta: [300 K, 300 K], theta_ab: t))",
         runs: 50),
    Case(name: "tc_order, B2, 99 compositions",
         text: "tc_order(braggwilliams(-17.5 kJ/mol), x: 0.01..0.99 step 0.01).T", runs: 10),
    Case(name: "tc_order, L1_2, 1 composition",
         text: "tc_order(braggwilliams(-17.5 kJ/mol, lattice: \"L1_2\"), x: 0.25).T", runs: 20),
    Case(name: "order, B2, 1000 temperatures",
         text: "order(braggwilliams(-17.5 kJ/mol), x: 0.5, T: 1 K..1000 K step 1 K).eta", runs: 10),
    // Literals that make big syntax trees: parsing and evaluating them must stay linear.
    Case(name: "a 10 MB line: 1 + 1 + ..., 2,500,001 terms",
         text: "1" + String(repeating: " + 1", count: 2_500_000), runs: 3),
    Case(name: "a 2,000,000-item list literal",
         text: "len([1" + String(repeating: ", 1", count: 1_999_999) + "])", runs: 3),
]

/// The groups named on the command line (all when none is).
let groups = Set(CommandLine.arguments.dropFirst())
func wanted(_ group: String) -> Bool { groups.isEmpty || groups.contains(group) }

/// CPU time of the calling thread (ms): unlike the wall clock, not stretched by other processes.
func threadCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) * 1e-6
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
}

func format(_ ms: Double) -> String {
    ms < 0.1 ? String(NumberFormat.format(ms * 1000, digits: 3)) + " µs" : NumberFormat.format(ms, digits: 3) + " ms"
}

// As the command does, before any thread allocates (the kernels below run outside a session).
Heap.keepFreedMemory()
LargeStack.run {
    let clock = ContinuousClock()
    var startups: [Double] = []
    for _ in 0..<(wanted("startup") ? 50 : 0) {
        let t = clock.measure { _ = Session(output: { _ in }) }
        startups.append(milliseconds(t))
    }
    startups.sort()
    if !startups.isEmpty { print("session start (prelude)                median \(format(startups[startups.count / 2]))  min \(format(startups[0]))") }

    // The descriptor kernel alone, without building Solvus values: compositions per second.
    if wanted("omega") {
        let n = 4
        var fractions: [Double] = []
        var counts = [0, 0, 0, 0]
        func fill(_ i: Int, _ left: Int) {
            if i == n - 1 {
                counts[i] = left
                fractions += counts.map { Double($0) / 100 }
                return
            }
            for c in stride(from: left, through: 0, by: -1) {
                counts[i] = c
                fill(i + 1, left - c)
            }
        }
        fill(0, 100)
        let rows = fractions.count / n
        var pairs = [Double](repeating: -4000, count: n * n)
        for i in 0..<n { pairs[i * n + i] = 0 }
        var times: [Double] = []
        for _ in 0..<20 {
            let t = clock.measure {
                _ = HEADescriptors.evaluate(fractions: fractions, k: n, radius: [125, 129, 126, 125],
                                            tm: [1768, 2180, 1811, 1728], vec: [9, 6, 8, 10], pairEnthalpy: pairs)
            }
            times.append(milliseconds(t))
        }
        times.sort()
        let rate = Double(rows) / (times[times.count / 2] / 1000)
        print("omega kernel, \(rows) compositions     median \(format(times[times.count / 2]))  "
              + "(\(NumberFormat.format(rate / 1e6, digits: 3)) million compositions/s)")
    }

    // The Redlich-Kister-Muggianu kernel alone on the million-point grid.
    if wanted("rk") {
        let n = 1413
        var fractions: [Double] = []
        fractions.reserveCapacity(3 * 1_000_405)
        for a in stride(from: n, through: 0, by: -1) {
            for b in stride(from: n - a, through: 0, by: -1) {
                fractions += [Double(a) / Double(n), Double(b) / Double(n), Double(n - a - b) / Double(n)]
            }
        }
        // Components Bi, Sb, Sn; the grid's columns Sn, Bi, Sb.
        let system = RedlichKisterSystem(
            components: ["Bi", "Sb", "Sn"],
            binaries: [.init(i: 0, j: 1, terms: [RKParameter(2230)]),
                       .init(i: 0, j: 2, terms: [RKParameter(500), RKParameter(-100)]),
                       .init(i: 1, j: 2, terms: [RKParameter(-5695.1), RKParameter(782.6), RKParameter(1840.9)])],
            ternaries: [.init(i: 2, j: 0, k: 1, terms: [RKParameter(-4743.1), RKParameter(11251.87), RKParameter(-13969.1)])])
        var times: [Double] = []
        for _ in 0..<20 {
            times.append(milliseconds(clock.measure {
                _ = system.muggianu(fractions: fractions, width: 3, columns: [1, 2, 0], property: .H, T: 973)
            }))
        }
        times.sort()
        print("rkm kernel, 1,000,405 compositions      median \(format(times[times.count / 2]))  min \(format(times[0]))")

        // The same, its chunks of 4,096 rows on every core, as rkm runs them.
        let kernelH = system.muggianuKernel(width: 3, columns: [1, 2, 0], property: .H, T: 973)
        var parallelOut = [Double](repeating: 0, count: 1_000_405)
        times = []
        for _ in 0..<20 {
            times.append(milliseconds(clock.measure {
                fractions.withUnsafeBufferPointer { f in
                    parallelOut.withUnsafeMutableBufferPointer { o in
                        guard let fb = f.baseAddress, let ob = o.baseAddress else { return }
                        let count = o.count
                        DispatchQueue.concurrentPerform(iterations: (count + 4095) / 4096) { c in
                            let start = c * 4096, end = min(count, start + 4096)
                            kernelH.evaluate(fb + start * 3, rows: end - start, into: ob + start)
                        }
                    }
                }
            }))
        }
        times.sort()
        let sameParallel = parallelOut == system.muggianu(fractions: fractions, width: 3, columns: [1, 2, 0], property: .H, T: 973)
        print("rkm kernel, chunks on every core         median \(format(times[times.count / 2]))  min \(format(times[0]))\(sameParallel ? "" : "  (DIFFERS)")")

        // The same kernel reading the grid as rkm reads grid(...): made chunk by chunk (4,096 rows)
        // into a buffer that stays in cache, the grid never stored; and the grid stored whole.
        let lattice = SimplexLattice(parts: 3, divisions: n)
        let rows = lattice.count ?? 0
        let kernel = system.muggianuKernel(width: 3, columns: [1, 2, 0], property: .H, T: 973)
        var out = [Double](repeating: 0, count: rows)
        let table = lattice.fractionTable
        let chunk = UnsafeMutablePointer<Double>.allocate(capacity: 4096 * 3)
        defer { chunk.deallocate() }
        times = []
        for _ in 0..<20 {
            times.append(milliseconds(clock.measure {
                out.withUnsafeMutableBufferPointer { o in
                    guard let base = o.baseAddress else { return }
                    var start = 0
                    while start < rows {
                        let end = min(rows, start + 4096)
                        lattice.fill(start..<end, into: chunk, table: table)
                        kernel.evaluate(chunk, rows: end - start, into: base + start)
                        start = end
                    }
                }
            }))
        }
        times.sort()
        let same = out == system.muggianu(fractions: fractions, width: 3, columns: [1, 2, 0], property: .H, T: 973)
        print("rkm kernel on the grid made in chunks   median \(format(times[times.count / 2]))  min \(format(times[0]))\(same ? "" : "  (DIFFERS)")")
        // The same on every core, as rkm(s, grid(...), T).H runs (here into storage made once).
        times = []
        for _ in 0..<20 {
            times.append(milliseconds(clock.measure {
                out.withUnsafeMutableBufferPointer { o in
                    guard let base = o.baseAddress else { return }
                    DispatchQueue.concurrentPerform(iterations: (rows + 4095) / 4096) { c in
                        let start = c * 4096, end = min(rows, start + 4096)
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4096 * 3) { buffer in
                            guard let chunk = buffer.baseAddress else { return }
                            lattice.fill(start..<end, into: chunk, table: table)
                            kernel.evaluate(chunk, rows: end - start, into: base + start)
                        }
                    }
                }
            }))
        }
        times.sort()
        let sameEveryCore = out == system.muggianu(fractions: fractions, width: 3, columns: [1, 2, 0], property: .H, T: 973)
        print("  the same, chunks on every core         median \(format(times[times.count / 2]))  min \(format(times[0]))\(sameEveryCore ? "" : "  (DIFFERS)")")
        times = []
        var stored: [Double] = []
        for _ in 0..<20 {
            times.append(milliseconds(clock.measure { stored = (try? lattice.fractions(0..<rows) { _ in }) ?? [] }))
        }
        times.sort()
        print("grid stored whole, 1,000,405 x 3         median \(format(times[times.count / 2]))  min \(format(times[0]))\(stored == fractions ? "" : "  (DIFFERS)")")
    }

    // Phase diagrams of a subregular binary: critical point, and the binodal at 50 temperatures
    // between 0.5 T_c and 0.999 T_c (the model alone, and through the language).
    if wanted("binodal") {
        let model = BinaryModel.redlichKister(a: [15_000, 4_000], b: [0, 0], c: [0, 0])
        var times: [Double] = []
        var tc = 0.0
        for _ in 0..<200 {
            times.append(milliseconds(clock.measure { tc = model.criticalPoints().first?.T ?? 0 }))
        }
        times.sort()
        print("critical, subregular                   median \(format(times[times.count / 2]))  min \(format(times[0]))")
        let temps = (0..<50).map { 0.5 * tc + Double($0) / 49 * (0.999 - 0.5) * tc }
        times = []
        for _ in 0..<50 {
            times.append(milliseconds(clock.measure { for t in temps { _ = model.binodal(T: t) } }))
        }
        times.sort()
        print("binodal, subregular, 50 temperatures   median \(format(times[times.count / 2]))  min \(format(times[0]))")
        let s = Session(output: { _ in })
        _ = s.run("m = subregular(15 kJ/mol, 4 kJ/mol)\nc = critical(m)\nts = linspace(0.5 * c.T, 0.999 * c.T, 50)")
        times = []
        for _ in 0..<50 {
            times.append(milliseconds(clock.measure { _ = s.run("binodal(m, T: ts)") }))
        }
        times.sort()
        print("  the same through the language        median \(format(times[times.count / 2]))  min \(format(times[0]))")
    }

    // A ternary contour plot: 9 iso-enthalpy levels of Sn-Bi-Sb on a 200-division grid, with the SVG written.
    if wanted("contour") {
        let s = Session(output: { _ in })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("solvus-bench.svg").path
        _ = s.run(#"s = rk({"Bi-Sb": [2230 J/mol], "Bi-Sn": [500 J/mol, -100 J/mol], "Sb-Sn": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], "Sn-Bi-Sb": [-4743.1 J/mol, 11251.87 J/mol, -13969.1 J/mol]})"#
                  + "\nh(c) = rkm(s, c, T: 973 K).H\nlevels = [0.4, 0.2, -0.2, -0.4, -0.6, -0.8, -1.0, -1.2, -1.4] * 1 kJ/mol\n")
        var times: [Double] = []
        var failed = false
        for _ in 0..<20 {
            times.append(milliseconds(clock.measure {
                if !s.run("save(ternary([\"Sn\", \"Bi\", \"Sb\"], contour: contour(h, levels: levels, n: 200)), \"\(path)\")").succeeded { failed = true }
            }))
        }
        times.sort()
        print("ternary contours, n = 200, SVG written   median \(format(times[times.count / 2]))  min \(format(times[0]))\(failed ? "  (FAILED)" : "")")
    }

    // Redlich-Kister-Muggianu on the million-point ternary grid: the grid is made once, the
    // evaluation (Table 5.6 with its ternary term) timed alone; then the 973 K fit of 115 points.
    if wanted("rk") {
        let s = Session(output: { _ in })
        let setup = #"s = rk({"Bi-Sb": [2230 J/mol], "Bi-Sn": [500 J/mol, -100 J/mol], "Sb-Sn": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], "Sn-Bi-Sb": [-4743.1 J/mol, 11251.87 J/mol, -13969.1 J/mol]})"#
            + "\ng = grid([\"Sn\", \"Bi\", \"Sb\"], n: 1413)\n"
            + #"s0 = rk({"Bi-Sb": [2230 J/mol], "Bi-Sn": [500 J/mol, -100 J/mol], "Sb-Sn": [-5695.1 J/mol, 782.6 J/mol, 1840.9 J/mol], "Sn-Bi-Sb": [0 J/mol, 0 J/mol, 0 J/mol]})"#
            + "\nd = load(\"examples/data/snbisb_integral.csv\")\nd973 = where(d, d.T == 973 K)\n"
        var gridTimes: [Double] = []
        let made = clock.measure { _ = s.run(setup, name: "<bench>") }
        for (name, text, runs) in [("rkm H, 1,000,405-point Sn-Bi-Sb grid", "rkm(s, g, T: 973 K).H", 20),
                                   ("fit, 973 K data (115 points)", "fit(s0, d973, free: [\"Sn-Bi-Sb\"]).rms", 200)] {
            gridTimes = []
            var failed = false
            for _ in 0..<runs {
                let t = clock.measure { if !s.run(text, name: "<bench>").succeeded { failed = true } }
                gridTimes.append(milliseconds(t))
            }
            gridTimes.sort()
            let label = name.padding(toLength: 38, withPad: " ", startingAt: 0)
            print("\(label) median \(format(gridTimes[gridTimes.count / 2]))  min \(format(gridTimes[0]))\(failed ? "  (FAILED: run from the package root)" : "")")
        }
        print("  (making the grid, the system and loading the data once: \(format(milliseconds(made))))")
    }

    // TDB: reading COST 507 (29 elements, 243 phases, 1,907 parameters), and its 5-component
    // liquid on about 10^6 compositions, the model alone and through the language.
    if wanted("tdb") {
        let path = "examples/data/tdb/COST507.tdb"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var times: [Double] = []
            var db = TDBDatabase()
            for _ in 0..<20 {
                times.append(milliseconds(clock.measure { db = (try? TDBReader.parse(text: text)) ?? TDBDatabase() }))
            }
            times.sort()
            print("tdb: parse COST507.tdb (\(db.parameters.count) parameters)  median \(format(times[times.count / 2]))  min \(format(times[0]))")
            times = []
            for _ in 0..<20 {
                times.append(milliseconds(clock.measure {
                    if let t = try? String(contentsOfFile: path, encoding: .utf8) { _ = try? TDBReader.parse(text: t) }
                }))
            }
            times.sort()
            print("tdb: read and parse COST507.tdb        median \(format(times[times.count / 2]))  min \(format(times[0]))")
            if let m = try? db.phaseModel("LIQUID", components: ["AL", "CU", "MG", "SI", "ZN"]) {
                // The 5-component grid of 1/68 steps: C(72, 4) = 1,028,790 compositions.
                var fractions: [Double] = []
                let n = 68
                fractions.reserveCapacity(5 * 1_028_790)
                for a in 0...n { for b in 0...(n - a) { for c in 0...(n - a - b) { for d in 0...(n - a - b - c) {
                    fractions += [Double(a), Double(b), Double(c), Double(d), Double(n - a - b - c - d)].map { $0 / Double(n) }
                } } } }
                times = []
                var cpu: [Double] = []
                for _ in 0..<10 {
                    let before = threadCPU()
                    times.append(milliseconds(clock.measure {
                        _ = try? m.fastProperties(fractions: fractions, width: 5, columns: [0, 1, 2, 3, 4], T: 1000)
                    }))
                    cpu.append(threadCPU() - before)
                }
                times.sort()
                cpu.sort()
                print("tdb: COST507 liquid, \(fractions.count / 5) compositions, G H S Cp  median \(format(times[times.count / 2]))  min \(format(times[0]))"
                      + "  (CPU time of the thread: median \(format(cpu[cpu.count / 2])))")
                times = []
                for _ in 0..<10 {
                    times.append(milliseconds(clock.measure {
                        _ = try? m.fastProperties(fractions: fractions, width: 5, columns: [0, 1, 2, 3, 4], T: 1000, derivatives: false)
                    }))
                }
                times.sort()
                print("tdb: the same, G only                  median \(format(times[times.count / 2]))  min \(format(times[0]))")
                times = []
                for _ in 0..<10 {
                    times.append(milliseconds(clock.measure {
                        _ = try? m.fastProperties(fractions: fractions, width: 5, columns: [0, 1, 2, 3, 4], T: 1000,
                                                  parallel: { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) })
                    }))
                }
                times.sort()
                print("tdb: G H S Cp, chunks on every core    median \(format(times[times.count / 2]))  min \(format(times[0]))")
            }
            let s = Session(output: { _ in })
            _ = s.run("l = phase(tdb(\"\(path)\"), \"LIQUID\", [\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"])\ng = grid([\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"], n: 68)")
            times = []
            for _ in 0..<10 {
                times.append(milliseconds(clock.measure { _ = s.run("m = mix(l, x: g, T: 1000 K)") }))
            }
            times.sort()
            print("tdb: mix(l, x: g, T: 1000 K), 1,028,790 compositions  median \(format(times[times.count / 2]))  min \(format(times[0]))")
        } else {
            print("tdb: \(path) not found (run from the package root)")
        }
    }

    // Binary equilibria and phase diagrams (Pb-Sn: liquid, fcc, bct; Al-Zn: liquid, fcc, hcp).
    for (file, comps, names, low, high) in [("pbsn.tdb", ["PB", "SN"], ["LIQUID", "FCC_A1", "BCT_A5"], 300.0, 700.0),
                                            ("alzn_mey.tdb", ["AL", "ZN"], ["LIQUID", "FCC_A1", "HCP_A3"], 300.0, 1000.0)]
        where wanted("equilibrium") {
        guard let text = try? String(contentsOfFile: "examples/data/tdb/" + file, encoding: .utf8),
              let db = try? TDBReader.parse(text: text),
              let phases = try? names.map({ DatabaseSolutionPhase(try db.phaseModel($0, components: comps)) }) else {
            print("equilibrium: examples/data/tdb/\(file) not found (run from the package root)")
            continue
        }
        var times: [Double] = []
        var k = 0
        for _ in 0..<200 {
            k += 1
            let T = low + Double(k % 50) * (high - low) / 50
            times.append(milliseconds(clock.measure { _ = try? BinaryEquilibrium.section(phases, T: T).equilibrium(x: 0.37) }))
        }
        times.sort()
        print("equilibrium, one point, \(file)".padding(toLength: 38, withPad: " ", startingAt: 0)
              + " median \(format(times[times.count / 2]))  min \(format(times[0]))")
        times = []
        for _ in 0..<10 {
            times.append(milliseconds(clock.measure { _ = try? BinaryEquilibrium.map(phases, low: low, high: high) }))
        }
        times.sort()
        print("phase_diagram, \(file) \(Int(low))-\(Int(high)) K".padding(toLength: 38, withPad: " ", startingAt: 0)
              + " median \(format(times[times.count / 2]))  min \(format(times[0]))")
    }

    let session = Session(output: { _ in })
    for c in cases where wanted("cases") {
        var times: [Double] = []
        var failed = false
        for _ in 0..<c.runs {
            let t = clock.measure {
                if !session.run(c.text, name: "<bench>").succeeded { failed = true }
            }
            times.append(milliseconds(t))
        }
        times.sort()
        let label = c.name.padding(toLength: 38, withPad: " ", startingAt: 0)
        print("\(label) median \(format(times[times.count / 2]))  min \(format(times[0]))\(failed ? "  (FAILED)" : "")")
    }
}
