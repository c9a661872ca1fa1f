import Foundation
import Testing

/// Golden tests: every script in `examples/` and in `Fixtures/` runs through the real `solvus`
/// command, and its transcript (stdout, stderr, exit status) must equal the checked-in
/// `.expected` file beside it. `SOLVUS_RECORD=1 swift test` writes them anew; review the diff.
struct GoldenTests {
    static func scripts(under folder: String) -> [String] {
        let base = CommandRunner.root.appendingPathComponent(folder)
        guard let e = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".solvus") }.map { "\(folder)/\($0)" }.sorted()
    }

    static let examples = scripts(under: "examples")
    static let fixtures = scripts(under: "Tests/SolvusScriptTests/Fixtures")

    func check(_ script: String) throws {
        let result = try CommandRunner.run([script])
        #expect(!result.crashed && !result.timedOut, "\(script) crashed or hung")
        let actual = CommandRunner.transcript(result)
        let expectedURL = CommandRunner.root.appendingPathComponent(
            String(script.dropLast(".solvus".count)) + ".expected")
        if ProcessInfo.processInfo.environment["SOLVUS_RECORD"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "\(script): output differs from \(expectedURL.lastPathComponent)")
    }

    @Test func examplesExist() {
        #expect(GoldenTests.examples.contains("examples/regular_solution.solvus"))
        #expect(GoldenTests.examples.contains("examples/units.solvus"))
        #expect(GoldenTests.fixtures.count >= 8)
    }

    @Test(arguments: examples)
    func example(_ script: String) throws {
        try check(script)
        // Examples are meant to succeed.
        #expect(try CommandRunner.run([script]).status == 0)
    }

    @Test(arguments: fixtures)
    func fixture(_ script: String) throws {
        try check(script)
        let folder = script.split(separator: "/").dropLast().last.map(String.init) ?? ""
        let status = try CommandRunner.run([script]).status
        #expect(status == (folder == "run" ? 0 : 1), "\(script): exit status \(status)")
    }
}
