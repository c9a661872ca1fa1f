import Foundation
import Testing
import SolvusREPL

@Suite("History file")
struct HistoryFileTests {
    @Test("SOLVUS_HISTORY overrides ~/.solvus_history")
    func path() {
        #expect(HistoryFile.path(environment: ["HOME": "/home/a"]) == "/home/a/.solvus_history")
        #expect(HistoryFile.path(environment: ["HOME": "/home/a", "SOLVUS_HISTORY": "/tmp/h"]) == "/tmp/h")
        #expect(HistoryFile.path(environment: ["HOME": "/home/a", "SOLVUS_HISTORY": "~/h"]) == "/home/a/h")
        #expect(HistoryFile.path(environment: ["HOME": "/home/a", "SOLVUS_HISTORY": ""]) == "/home/a/.solvus_history")
        #expect(HistoryFile.path(environment: [:]) == nil)
    }

    @Test("blank lines, repeats and :quit are not recorded")
    func shouldRecord() {
        #expect(HistoryFile.shouldRecord("x = 1", after: nil))
        #expect(HistoryFile.shouldRecord("x = 1", after: "y"))
        #expect(!HistoryFile.shouldRecord("x = 1", after: "x = 1"))
        #expect(!HistoryFile.shouldRecord("", after: nil))
        #expect(!HistoryFile.shouldRecord("   ", after: "x"))
        #expect(!HistoryFile.shouldRecord(":q", after: nil))
        #expect(!HistoryFile.shouldRecord(":quit", after: nil))
        #expect(HistoryFile.shouldRecord(":help mix", after: nil))
    }

    @Test("the file's entries are its non-blank lines, the newest `limit`")
    func entries() {
        #expect(HistoryFile.entries(in: "a\n\nb\r\n  \nc\n") == ["a", "b", "c"])
        #expect(HistoryFile.entries(in: "1\n2\n3\n4\n", limit: 2) == ["3", "4"])
        #expect(HistoryFile.entries(in: "") == [])
    }

    @Test("entries are appended and read back; a long file is trimmed on load")
    func roundTrip() throws {
        let path = NSTemporaryDirectory() + "solvus-history-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var history = HistoryFile(path: path)
        let initial = history.load()
        #expect(initial.isEmpty)
        // (`#expect` cannot call a mutating method itself.)
        let first = history.record("x = 1"), repeated = history.record("x = 1")
        let pasted = history.record("y = [1,\n2]")
        #expect(first && !repeated && pasted)
        var again = HistoryFile(path: path)
        let entries = again.load()
        // A multi-line input is one entry, read back whole.
        #expect(entries == ["x = 1", "y = [1,\n2]"])
        #expect(again.lastEntry == "y = [1,\n2]")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "x = 1\ny = [1,\u{1E}2]\n")

        let many = (1...(HistoryFile.limit + 200)).map { "e\($0)" }.joined(separator: "\n") + "\n"
        try many.write(toFile: path, atomically: true, encoding: .utf8)
        var long = HistoryFile(path: path)
        let loaded = long.load()
        #expect(loaded.count == HistoryFile.limit)
        #expect(loaded.last == "e\(HistoryFile.limit + 200)")
        let rewritten = try String(contentsOfFile: path, encoding: .utf8)
        #expect(HistoryFile.entries(in: rewritten, limit: .max).count == HistoryFile.limit)
    }
}
