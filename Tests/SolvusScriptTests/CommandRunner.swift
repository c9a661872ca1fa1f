import Foundation
import SolvusTestSupport

/// Bytes read on another thread; the group's wait orders the write before the read.
final class Collected: @unchecked Sendable {
    var data = Data()
}

/// Runs the built `solvus` executable, as a user would, and collects what it printed.
struct CommandRunner {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        /// True if the process ended by a signal (a crash), not by exit.
        var crashed: Bool
        var timedOut: Bool
    }

    static var root: URL { BuiltCommand.root }
    static var executable: URL? { BuiltCommand.executable }

    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 120, in directory: URL? = nil) throws -> Result {
        guard let exe = executable else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = exe
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Read both pipes while the process runs, so a large output cannot block it.
        let outData = Collected(), errData = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                timedOut = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        group.wait()
        return Result(stdout: String(decoding: outData.data, as: UTF8.self), stderr: String(decoding: errData.data, as: UTF8.self),
                      status: process.terminationStatus,
                      crashed: process.terminationReason == .uncaughtSignal, timedOut: timedOut)
    }

    /// The transcript compared with a golden file: stdout, then stderr and the exit status if any.
    static func transcript(_ r: Result) -> String {
        var s = r.stdout
        if !r.stderr.isEmpty { s += "--- stderr\n" + r.stderr }
        if r.status != 0 { s += "--- exit \(r.status)\n" }
        return s.replacingOccurrences(of: root.path + "/", with: "")
    }
}
