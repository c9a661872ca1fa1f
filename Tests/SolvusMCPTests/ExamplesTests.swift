import Foundation
import SolvusExamples
import SolvusTestSupport
import Testing

/// The examples `solvus --mcp` serves are the files in examples/, as they stand.
@Test func servedExamplesMatchTheFiles() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: BuiltCommand.root.appendingPathComponent("examples").path)
        .filter { $0.hasSuffix(".solvus") }.sorted()
    #expect(Examples.files.map(\.name) == files, "add new examples to exampleNames in Package.swift and to examples/Examples.swift")
    for (name, text) in Examples.files {
        let onDisk = try String(contentsOf: BuiltCommand.root.appendingPathComponent("examples/\(name)"), encoding: .utf8)
        #expect(text == onDisk, "\(name)")
    }
}
