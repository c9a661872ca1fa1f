import SolvusFoundation
import SolvusCore

/// The rule that keeps file access inside one folder, for every front end that confines files
/// (the editor server's workspace folder, a `--root DIR`).
///
/// Paths are resolved as the kernel will resolve them before they are compared: the root, the
/// file (to read) or the directory it goes in (to write) pass through `realpath(3)`, so a
/// symbolic link that leads out of the folder (`ws/sub/link -> ../../outside`) is outside, and
/// one that stays inside still works. The comparison is by path components, so `/ws2` is not
/// inside `/ws`. An empty or relative root allows no file access at all.
public struct FileConfinement: Sendable {
    /// Why a path was refused.
    public enum Denial: Error, Equatable {
        /// The root is empty, relative or does not exist: no file may be read or written.
        case noRoot
        /// The path, resolved, lies outside the root.
        case outside(resolved: String)
        /// The directory to write in does not exist.
        case noDirectory(String)
    }

    /// The root as given.
    public let root: String
    /// The components of the resolved root; nil when no file access is allowed.
    private let rootComponents: [Substring]?

    public init(root: String) {
        self.root = root
        if root.hasPrefix("/"), let resolved = Paths.realpath(root) {
            rootComponents = FileConfinement.components(resolved)
        } else {
            rootComponents = nil
        }
    }

    /// The resolved root; nil when no file access is allowed.
    public var resolvedRoot: String? { rootComponents.map { "/" + $0.joined(separator: "/") } }

    /// The path to open for reading `path` (absolute): its real path, if it lies inside the
    /// root. A file that does not exist resolves through its directory, so that reading it
    /// fails as a missing file when inside and as outside when not.
    public func resolveForReading(_ path: String) throws(Denial) -> String {
        guard rootComponents != nil else { throw .noRoot }
        let resolved = Paths.realpath(path) ?? Paths.standardized(path)
        try check(resolved)
        return resolved
    }

    /// The path to write `path` (absolute) at: the real path of its directory with the file's
    /// name, if that directory lies inside the root. A symbolic link in the file's place is
    /// replaced, not followed (files are written whole, then renamed into place).
    public func resolveForWriting(_ path: String) throws(Denial) -> String {
        guard rootComponents != nil else { throw .noRoot }
        let name = Paths.lastComponent(path)
        let directory = Paths.deletingLastComponent(path)
        guard !name.isEmpty, name != ".", name != "..", name != "/" else { throw .outside(resolved: path) }
        guard let realDirectory = Paths.realpath(directory.isEmpty ? "/" : directory) else {
            throw .noDirectory(directory)
        }
        try check(realDirectory)
        return (realDirectory == "/" ? "" : realDirectory) + "/" + name
    }

    /// Fails unless the resolved path `resolved` is the root or lies below it.
    private func check(_ resolved: String) throws(Denial) {
        guard let rootComponents else { throw .noRoot }
        let parts = FileConfinement.components(resolved)
        guard parts.count >= rootComponents.count, Array(parts.prefix(rootComponents.count)) == rootComponents else {
            throw .outside(resolved: resolved)
        }
    }

    private static func components(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

}

extension Evaluator {
    /// The path to open for reading `path` (as written in the script, relative to the running
    /// file's directory), checked against `fileAccessRoot`; an error E514 under `range` if it
    /// lies outside.
    @discardableResult
    public func checkFileAccess(_ path: String, at range: SourceRange) throws -> String {
        try confine(path, shownAs: path, at: range, writing: false)
    }

    /// The path to write `path` at, checked as `checkFileAccess` does but through the directory
    /// the file goes in.
    public func checkFileWrite(_ path: String, at range: SourceRange) throws -> String {
        try confine(path, shownAs: path, at: range, writing: true)
    }

    /// Fails if `canonical`, an absolute path, may not be read; `path` is as the script wrote it.
    public func checkFileAccess(_ canonical: String, path: String, at range: SourceRange) throws {
        guard fileAccessRoot != nil else { return }
        _ = try confine(canonical, shownAs: path, at: range, writing: false)
    }

    private func confine(_ path: String, shownAs shown: String, at range: SourceRange, writing: Bool) throws -> String {
        // Absolute, so that one file has one name (for `use`, which runs each file once).
        var base = currentDirectory()
        if !base.hasPrefix("/") { base = Paths.appending(FileManager.default.currentDirectoryPath, base) }
        let full = path.hasPrefix("/") ? path : Paths.appending(base, path)
        guard let root = fileAccessRoot else { return Paths.standardized(full) }
        let confinement = FileConfinement(root: root)
        do throws(FileConfinement.Denial) {
            return writing ? try confinement.resolveForWriting(full) : try confinement.resolveForReading(full)
        } catch .noRoot {
            throw Diagnostic(.custom("E514", "'\(shown)' is outside the workspace folder"), at: range,
                             notes: ["note: no file may be read or written: the workspace folder '\(root)' is empty, relative or missing"])
        } catch .noDirectory(let directory) {
            throw Diagnostic(.custom("E515", "cannot write '\(shown)'"), at: range,
                             notes: ["note: the directory \(directory) does not exist"])
        } catch {
            throw Diagnostic(.custom("E514", "'\(shown)' is outside the workspace folder"), at: range,
                             notes: ["note: files are read and written only inside \(confinement.resolvedRoot ?? root)"])
        }
    }
}
