import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A Python virtual environment for the tests that drive Solvus through a real client of
/// another ecosystem (a Jupyter front end, the reference MCP client). It is made once, in
/// `.build/test-venv`, with pinned packages from PyPI; `SOLVUS_TEST_PYTHON` names a Python
/// that already has them instead.
public enum PythonEnvironment {
    /// The packages the tests import, pinned: Tests/python-requirements.txt.
    public static var requirementsFile: String {
        BuiltCommand.root.appendingPathComponent("Tests/python-requirements.txt").path
    }

    public struct Failure: Error, CustomStringConvertible { public let description: String }

    /// The Python to run the tests with, making the environment first if needed.
    public static func python(importing modules: [String]) throws -> String {
        if let given = ProcessInfo.processInfo.environment["SOLVUS_TEST_PYTHON"], !given.isEmpty { return given }
        let folder = BuiltCommand.root.appendingPathComponent(".build/test-venv").path
        let python = folder + "/bin/python"
        // One process at a time makes the environment; the others wait on the lock.
        let lockPath = BuiltCommand.root.appendingPathComponent(".build/test-venv.lock").path
        let lock = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw Failure(description: "cannot open \(lockPath)") }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        let check = "import " + modules.joined(separator: ", ")
        if FileManager.default.isExecutableFile(atPath: python), (try? run(python, ["-c", check]))?.status == 0 {
            return python
        }
        var result = try run("/usr/bin/env", ["python3", "-m", "venv", folder])
        guard result.status == 0 else { throw Failure(description: "python3 -m venv failed: \(result.output)") }
        result = try run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirementsFile])
        guard result.status == 0 else { throw Failure(description: "pip install failed: \(result.output)") }
        return python
    }

    /// Runs a program; its exit status and its output (stdout and stderr together).
    public static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: TimeInterval = 600) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = BuiltCommand.root
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = Collector()
        let reader = Thread { collected.data = pipe.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        while collected.data == nil { usleep(10_000) }
        return (process.terminationStatus, String(decoding: collected.data ?? Data(), as: UTF8.self))
    }

    private final class Collector: @unchecked Sendable { var data: Data? }
}
