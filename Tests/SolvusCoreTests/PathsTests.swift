import Foundation
import Testing
@testable import SolvusCore

/// `Paths` takes paths apart as Foundation's `NSString` methods do (the values below are what
/// those methods give on Linux, checked side by side), without their trap on one-character
/// relative paths.
struct PathsTests {
    @Test(arguments: [
        ("/", "/", "/", ""), ("/a", "a", "/", ""), ("/a/", "a", "/", ""), ("a/b", "b", "a", ""),
        ("a/b/", "b", "a", ""), ("//a//b//", "b", "/a", ""), ("a/b.c", "b.c", "a", "c"), ("a/.b", ".b", "a", ""),
        ("a/b.c.d", "b.c.d", "a", "d"), ("x.", "x.", "", ""), (".hidden", ".hidden", "", ""),
        // The ones NSString traps on.
        ("a", "a", "", ""), (".", ".", "", ""), ("a/", "a", "", ""), ("", "", "", ""),
    ])
    func components(_ path: String, _ last: String, _ parent: String, _ ext: String) {
        #expect(Paths.lastComponent(path) == last)
        #expect(Paths.deletingLastComponent(path) == parent)
        #expect(Paths.pathExtension(path) == ext)
    }

    @Test func appending() {
        #expect(Paths.appending("", "b") == "b")
        #expect(Paths.appending("a", "") == "a")
        #expect(Paths.appending("a", "b") == "a/b")
        #expect(Paths.appending("a/", "b") == "a/b")
        #expect(Paths.appending("/", "b") == "/b")
        #expect(Paths.appending("/a", "c/d") == "/a/c/d")
    }

    @Test func tildeAndStandardizing() throws {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        if !home.isEmpty {
            #expect(Paths.expandingTilde("~/x") == Paths.appending(home, "x"))
            #expect(Paths.expandingTilde("~") == home)
        }
        #expect(Paths.expandingTilde("a/~") == "a/~")
        // A real folder, a link to it, and paths through both, existing or not.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("solvus-paths-\(getpid())")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("real/sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createSymbolicLink(atPath: base.path + "/link", withDestinationPath: base.path + "/real")
        let real = try #require(Paths.realpath(base.path))
        #expect(Paths.standardized(base.path + "/link/sub") == real + "/real/sub")
        #expect(Paths.standardized(base.path + "/link/../real/./sub/") == real + "/real/sub")
        #expect(Paths.standardized(base.path + "/link/missing/../file.svg") == real + "/real/file.svg")
        #expect(Paths.standardized("/no-such-folder-here/a/../b") == "/no-such-folder-here/b")
        #expect(Paths.standardized("relative/../x") == "relative/../x")
    }
}
