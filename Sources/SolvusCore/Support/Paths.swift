#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File paths as text, with the meaning Foundation's `NSString` path methods give them, written
/// out in Swift: those methods trap on some one-character relative paths on Linux (`solvus x`
/// crashed), and they are most of what kept Foundation in the command's start-up.
public enum Paths {
    /// The last component: "a/b" → "b", "a/b/" → "b", "/" → "/", "" → "".
    public static func lastComponent(_ path: String) -> String {
        let trimmed = trailingSlashesRemoved(path)
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// All but the last component: "a/b" → "a", "a" → "", "/a" → "/", "/" → "/".
    public static func deletingLastComponent(_ path: String) -> String {
        let trimmed = trailingSlashesRemoved(path)
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = trailingSlashesRemoved(collapsed(String(trimmed[..<slash])))
        return head.isEmpty ? "/" : head
    }

    /// `base` and `component` joined by a slash unless `base` ends with one ("" and "b" → "b").
    public static func appending(_ base: String, _ component: String) -> String {
        if base.isEmpty { return component }
        if component.isEmpty { return base }
        return base.hasSuffix("/") ? base + component : base + "/" + component
    }

    /// The extension of the last component, without its dot ("" when there is none).
    public static func pathExtension(_ path: String) -> String {
        let last = lastComponent(path)
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "" }
        let ext = last[last.index(after: dot)...]
        return String(ext)
    }

    /// "~" and "~/..." with the home directory (`$HOME`) put in; other paths as they are.
    public static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }),
              !home.isEmpty else { return path }
        return appending(home, String(path.dropFirst(path == "~" ? 1 : 2)))
    }

    /// An absolute path with "~" expanded, symbolic links resolved and "." and ".." taken out:
    /// the part that exists through `realpath(3)`, the rest lexically (there is no link left to
    /// follow below a missing directory). A relative path is returned with "~" expanded only.
    public static func standardized(_ path: String) -> String {
        let expanded = expandingTilde(path)
        guard expanded.hasPrefix("/") else { return expanded }
        var rest: [String] = []
        var current = expanded
        while true {
            if let real = realpath(current) {
                var parts = real.split(separator: "/").map(String.init)
                for part in rest.reversed() {
                    if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
                }
                return "/" + parts.joined(separator: "/")
            }
            let parent = deletingLastComponent(current)
            if parent == current || parent.isEmpty { return lexical(expanded) }
            rest.append(lastComponent(current))
            current = parent
        }
    }

    /// `realpath(3)`: every symbolic link, "." and ".." resolved; nil if the path does not exist.
    public static func realpath(_ path: String) -> String? {
        #if canImport(Glibc)
        let p = Glibc.realpath(path, nil)
        #elseif canImport(Musl)
        let p = Musl.realpath(path, nil)
        #else
        let p = Darwin.realpath(path, nil)
        #endif
        guard let p else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// "." and ".." taken out of an absolute path without looking at the file system.
    private static func lexical(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func trailingSlashesRemoved(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    private static func collapsed(_ path: String) -> String {
        var out = ""
        out.reserveCapacity(path.utf8.count)
        var lastSlash = false
        for ch in path {
            if ch == "/" {
                if lastSlash { continue }
                lastSlash = true
            } else {
                lastSlash = false
            }
            out.append(ch)
        }
        return out
    }
}
