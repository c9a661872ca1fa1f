import SolvusFoundation
import SolvusCore
import SolvusLibrary

/// The persistent history: a plain text file, one entry per line, oldest first.
///
/// The REPL reads and writes the file itself instead of with read_history/write_history,
/// because libedit and GNU readline write different formats (libedit adds a `_HiStOrY_V2_`
/// header and escapes blanks), and a person may run both builds with one `~/.solvus_history`.
/// Each entry is appended as it is entered, so sessions running side by side lose nothing.
public struct HistoryFile {
    /// The most entries kept, in the file and in the line editor.
    public static let limit = 1000

    /// The file, or nil when there is nowhere to keep history.
    public let path: String?
    /// The last entry recorded, to skip consecutive duplicates.
    public private(set) var lastEntry: String?
    /// The first error writing the file, reported once.
    private var failed = false

    public init(path: String?) { self.path = path }

    /// `SOLVUS_HISTORY` if set (a leading `~/` is the home directory), else
    /// `~/.solvus_history`; nil without a home directory.
    public static func path(environment: [String: String]) -> String? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let custom = environment["SOLVUS_HISTORY"], !custom.isEmpty {
            if custom.hasPrefix("~/"), let home {
                return Paths.appending(home, String(custom.dropFirst(2)))
            }
            return custom
        }
        return home.map { Paths.appending($0, ".solvus_history") }
    }

    /// Whether `line` becomes an entry after `last`: not blank, not a repeat of the
    /// previous entry, and not `:quit`, so that Up after a restart recalls real input.
    public static func shouldRecord(_ line: String, after last: String?) -> Bool {
        if line.allSatisfy(\.isWhitespace) { return false }
        if line == last { return false }
        if case .quit = Command.parse(line) { return false }
        return true
    }

    /// In the file, the newlines inside a multi-line entry are written as this character
    /// (ASCII RS, which nobody types), so that one line of the file is one entry.
    static let innerNewline: Character = "\u{1E}"

    /// The entries of a history file's text: its non-blank lines, the last `limit` of them.
    public static func entries(in text: String, limit: Int = HistoryFile.limit) -> [String] {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map {
            String($0.map { $0 == innerNewline ? "\n" : $0 })
        }.filter { !$0.allSatisfy(\.isWhitespace) }
        return Array(lines.suffix(limit))
    }

    /// An entry as one line of the file.
    static func fileLine(_ entry: String) -> String {
        String(entry.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.allSatisfy(\.isWhitespace) }.joined(separator: String(innerNewline))) + "\n"
    }

    /// Reads the entries, and trims the file to `limit` entries if it has grown beyond.
    public mutating func load() -> [String] {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        let entries = HistoryFile.entries(in: text)
        if text.utf8.reduce(0, { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }) > HistoryFile.limit + 100 {
            rewrite(entries)
        }
        lastEntry = entries.last
        return entries
    }

    /// Records `entry` if `shouldRecord` allows; returns whether it did, so that the caller
    /// adds it to the line editor's history too. An entry of several lines (a multi-line
    /// input) stays one entry, so that Up recalls it whole.
    public mutating func record(_ entry: String) -> Bool {
        guard HistoryFile.shouldRecord(entry, after: lastEntry) else { return false }
        lastEntry = entry
        append(HistoryFile.fileLine(entry))
        return true
    }

    // MARK: - Files

    private mutating func append(_ text: String) {
        guard let path, !failed else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return report(errno) }
        defer { close(fd) }
        if !HistoryFile.writeAll(fd, text) { report(errno) }
    }

    /// Replaces the file with `entries`, through a temporary file so that a crash leaves
    /// either the old file or the new one.
    private mutating func rewrite(_ entries: [String]) {
        guard let path else { return }
        let temporary = path + ".tmp\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let ok = HistoryFile.writeAll(fd, entries.map(HistoryFile.fileLine).joined())
        close(fd)
        if !ok || rename(temporary, path) != 0 { unlink(temporary) }
    }

    private static func writeAll(_ fd: Int32, _ text: String) -> Bool {
        FileWriting.all(text, to: fd) == nil
    }

    private mutating func report(_ code: Int32) {
        failed = true
        let reason = String(cString: strerror(code))
        Console.error("warning: cannot save history to \(path ?? ""): \(reason)\n")
    }
}
