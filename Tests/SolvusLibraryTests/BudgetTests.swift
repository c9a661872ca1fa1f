import Foundation
import Testing
import SolvusModels
import SolvusCore
@testable import SolvusLibrary

/// Budgets hold inside native kernels: long built-ins stop on time, on interruption and on
/// memory, and an interrupted statement binds nothing.
@Suite(.serialized)
struct BudgetTests {
    /// Runs `text` in a fresh session under `limits`; the diagnostics and the seconds it took.
    static func run(_ text: String, time: Duration? = nil, memory: Int? = nil,
                    interrupt: (() -> Bool)? = nil) -> (diagnostics: [Diagnostic], seconds: Double, session: Session) {
        let session = Session(output: { _ in })
        session.evaluator.limits.timeLimit = time
        session.evaluator.limits.maxMemory = memory
        if let interrupt { session.evaluator.takeInterrupt = interrupt }
        var outcome = Session.Outcome()
        let start = ContinuousClock.now
        LargeStack.run { outcome = session.run(text) }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (outcome.diagnostics, seconds, session)
    }

    @Test func strOfTenMillionNumbersStopsAtTheTimeLimit() {
        let r = BudgetTests.run("s = str(0..9999999)", time: .seconds(2))
        #expect(r.diagnostics.first?.id == "E604")
        #expect(r.seconds < 2.2, "stopped after \(r.seconds) s")
        let bound = r.session.evaluator.globals.lookup("s") != nil
        #expect(!bound)
    }

    @Test func listArithmeticStatementsStopAtTheTimeLimit() {
        var text = "a = 0..9999999\n"
        for i in 1...12 { text += "b\(i) = a * \(i) + 1\n" }
        let r = BudgetTests.run(text, time: .milliseconds(300))
        #expect(r.diagnostics.first?.id == "E604")
        // 0.32 s on a quiet machine; the margin is for a loaded one (tests run side by side).
        #expect(r.seconds < 1.8, "stopped after \(r.seconds) s")
        let last = r.session.evaluator.globals.lookup("b12")
        #expect(last == nil)
    }

    /// The interrupt flag is read inside the kernels, not only between calls: a request made
    /// at the fifth check (the statement, the call and the kernel's first checks come before)
    /// stops the statement inside the kernel, and it binds nothing.
    @Test(arguments: [
        ("g = grid([\"Co\", \"Cr\", \"Fe\", \"Ni\", \"Mn\"], step: 0.02)", "omega(g)"),
        // miedema's checks come between rounds of 8 chunks on every core: 181,201 rows, six rounds.
        ("g = grid([\"Co\", \"Cr\", \"Fe\"], n: 600)", "miedema(g)"),
        ("e = [\"Co\", \"Cr\", \"Fe\", \"Ni\", \"Mn\"]", "grid(e, step: 0.02).Co"),
        ("e = [\"Co\", \"Cr\", \"Fe\", \"Ni\", \"Mn\", \"Cu\", \"Al\", \"Ti\", \"V\", \"Nb\", \"Mo\", \"W\", \"Ta\", \"Zr\", \"Hf\"]",
         "equiatomic(e, k: 7)"),
        ("x = linspace(0, 1, 2000000)", "mix(regular(17.5 kJ/mol), x: x, T: 900 K)"),
        // rkm checks between rounds of 32 chunks of 4,096 rows (on every core), whatever the
        // method: a grid of 501,501 rows is four rounds.
        ("s = rk({\"Sn-Bi\": [1 kJ/mol], \"Bi-Sb\": [2 kJ/mol], \"Sn-Sb\": [3 kJ/mol]})\ng = grid([\"Sn\", \"Bi\", \"Sb\"], n: 1000)",
         "rkm(s, g, T: 900 K)"),
        ("s = rk({\"Sn-Bi\": [1 kJ/mol], \"Bi-Sb\": [2 kJ/mol], \"Sn-Sb\": [3 kJ/mol]})\ng = grid([\"Sn\", \"Bi\", \"Sb\"], n: 1000)",
         "rkm(s, g, T: 900 K, method: \"kohler\")"),
        ("b(d) = d.omega\ng = grid([\"Al\", \"Co\", \"Cr\", \"Fe\", \"Ni\", \"Ti\"], step: 0.02)", "screen(g, omega, by: b, threads: 2)"),
        ("f(c) = omega(c)\ng = grid([\"Al\", \"Co\", \"Cr\", \"Fe\", \"Ni\", \"Ti\"], step: 0.02)", "screen(g, f)"),
        ("x = 0..4999999", "sum(x)"),
        ("x = 0..4999999", "x * 2 K"),
        ("x = 0..4999999", "-x"),
        ("x = 0..999999", "str(x)"),
        ("", "linspace(0, 1, 5000000)"),
        ("", "0..4999999"),
        ("l = phase(tdb(\"\(TDBBindingTests.folder)/COST507.tdb\"), \"LIQUID\", [\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"])\n"
            + "g = grid([\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"], n: 68)", "mix(l, x: g, T: 1000 K)"),
    ])
    func interruptStopsAKernel(_ setup: String, _ expression: String) {
        let session = Session(output: { _ in })
        var checks = 0
        var outcome = Session.Outcome()
        LargeStack.run {
            outcome = session.run(setup)
            session.evaluator.takeInterrupt = { checks += 1; return checks == 5 }
            outcome.diagnostics += session.run("v = " + expression).diagnostics
        }
        #expect(outcome.diagnostics.map(\.id) == ["E600"], "\(expression): \(outcome.diagnostics.map(\.message))")
        let bound = session.evaluator.globals.lookup("v") != nil
        #expect(!bound, "\(expression): bound after the interrupt")
    }

    /// A database phase's fast path checks the budget between rounds of chunks, on the
    /// evaluating thread, so no stretch of the call goes unchecked for long: the longest time
    /// between two checks is a small part of the whole (without the checks, the kernel's ~30
    /// rounds would be one stretch).
    @Test func theDatabaseFastPathChecksBetweenRounds() throws {
        let session = Session(output: { _ in })
        var times: [ContinuousClock.Instant] = []
        LargeStack.run {
            _ = session.run("l = phase(tdb(\"\(TDBBindingTests.folder)/COST507.tdb\"), \"LIQUID\", [\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"])\n"
                            + "g = grid([\"Al\", \"Cu\", \"Mg\", \"Si\", \"Zn\"], n: 68)\ns = g.Al")
            session.evaluator.takeInterrupt = { times.append(.now); return false }
            let start = ContinuousClock.now
            _ = session.run("m = mix(l, x: g, T: 1000 K)")
            times.insert(start, at: 0)
            times.append(.now)
        }
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
        let total = times[times.count - 1] - times[0]
        let longest = gaps.max() ?? .zero
        #expect(longest < total / 4, "longest \(longest) of \(total), \(times.count) checks")
    }

    @Test func memoryLimitStopsManyLargeLists() {
        var text = ""
        for i in 1...40 { text += "a\(i) = (0..999999) + \(i)\n" }
        let r = BudgetTests.run(text, memory: 150_000_000)
        #expect(r.diagnostics.first?.id == "E605", "\(r.diagnostics.map(\.message))")
        #expect(r.diagnostics.first?.message.contains("MB") == true)
    }

    #if os(Linux)
    /// The resident memory as the memory budget reads it (one open file, read again from its
    /// start each time) follows the process's: the same as a fresh read of /proc/self/statm, and
    /// up by what is touched.
    @Test func theHeapIsMeasuredAfreshEachTime() throws {
        func fresh() throws -> Int {
            let text = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
            let fields = text.split(separator: " ")
            return try #require(Int(fields[1])) * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
        let slack = 4 << 20
        let before = Heap.bytesInUse()
        let freshBefore = try fresh()
        #expect(abs(before - freshBefore) < slack, "\(before) against \(freshBefore)")
        let size = 64 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { block.deallocate() }
        block.initializeMemory(as: UInt8.self, repeating: 1, count: size)
        let after = Heap.bytesInUse()
        let freshAfter = try fresh()
        #expect(after - before > size - slack, "\(before) then \(after)")
        #expect(abs(after - freshAfter) < slack, "\(after) against \(freshAfter)")
        #expect(block.load(fromByteOffset: size - 1, as: UInt8.self) == 1)
    }
    #endif

    @Test func withinTheMemoryLimitNothingStops() {
        let r = BudgetTests.run("a = (0..999999) + 1\nb = a * 2\nsum(b)", memory: 150_000_000)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    }
}
