import Foundation

/// Where the tests find the package and the `solvus` they drive as a user would.
public enum BuiltCommand {
    /// The package root: tests run with it as the working directory, and paths are shown from it.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The `solvus` built beside the test bundle.
    public static let executable: URL? = {
        var candidates: [URL] = []
        if let arg0 = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: arg0)
            for _ in 0..<4 {
                dir.deleteLastPathComponent()
                candidates.append(dir.appendingPathComponent("solvus"))
            }
        }
        candidates.append(root.appendingPathComponent(".build/debug/solvus"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}
