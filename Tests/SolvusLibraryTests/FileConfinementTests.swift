import Foundation
import Testing
@testable import SolvusLibrary

/// The confinement rule on its own, as any front end uses it.
struct FileConfinementTests {
    /// `base/ws/{sub, data}`, `base/outside`, `ws/sub/out -> ../../outside`, `ws/sub/in -> ../data`.
    private func tree() throws -> URL {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("solvus-confine-\(UUID().uuidString)")
        for dir in ["ws/sub", "ws/data", "outside"] {
            try fm.createDirectory(at: base.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try "x".write(to: base.appendingPathComponent("outside/f"), atomically: true, encoding: .utf8)
        try "y".write(to: base.appendingPathComponent("ws/data/f"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: base.appendingPathComponent("ws/sub/out").path, withDestinationPath: "../../outside")
        try fm.createSymbolicLink(atPath: base.appendingPathComponent("ws/sub/in").path, withDestinationPath: "../data")
        return base
    }

    @Test func linksAreFollowedBeforeTheCheck() throws {
        let base = try tree()
        let ws = base.appendingPathComponent("ws").path
        let c = FileConfinement(root: ws)
        let real = try #require(c.resolvedRoot)
        #expect(try c.resolveForReading(ws + "/sub/in/f") == real + "/data/f")
        #expect(try c.resolveForWriting(ws + "/sub/in/new") == real + "/data/new")
        #expect(try c.resolveForReading(ws + "/sub/missing") == real + "/sub/missing")
        #expect(throws: FileConfinement.Denial.self) { try c.resolveForReading(ws + "/sub/out/f") }
        #expect(throws: FileConfinement.Denial.self) { try c.resolveForReading(ws + "/sub/out/missing") }
        #expect(throws: FileConfinement.Denial.self) { try c.resolveForWriting(ws + "/sub/out/new") }
        #expect(throws: FileConfinement.Denial.self) { try c.resolveForReading(ws + "/../outside/f") }
        #expect(throws: FileConfinement.Denial.self) { try c.resolveForReading(ws + "2/f") }
        #expect(throws: FileConfinement.Denial.self) { try c.resolveForWriting(ws + "/..") }
    }

    @Test(arguments: ["", "relative", "./ws", "/no/such/folder/anywhere"])
    func aRootThatIsEmptyRelativeOrMissingAllowsNothing(root: String) throws {
        let c = FileConfinement(root: root)
        #expect(c.resolvedRoot == nil)
        #expect(throws: FileConfinement.Denial.noRoot) { try c.resolveForReading("/etc/hostname") }
        #expect(throws: FileConfinement.Denial.noRoot) { try c.resolveForWriting("/tmp/x") }
    }
}
