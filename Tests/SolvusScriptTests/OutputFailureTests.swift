import Foundation
import Testing

/// Writing output can fail: a full disk, a closed stream, a reader that went away. The command
/// then exits with status 1 and one line on stderr (where stderr works), never with a trap.
struct OutputFailureTests {
    /// Runs `script` in `sh`, with `$SOLVUS` the built command; stderr is merged into the result.
    static func shell(_ script: String) throws -> (output: String, status: Int32, signalled: Bool) {
        guard let exe = CommandRunner.executable else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var env = ProcessInfo.processInfo.environment
        env["SOLVUS"] = exe.path
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus,
                process.terminationReason == .uncaughtSignal)
    }

    @Test func fullDiskIsOneLineAndStatusOne() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let r = try OutputFailureTests.shell("\"$SOLVUS\" -e 1 > /dev/full 2>&1; echo \"status $?\"")
        // stderr went to /dev/full too: nothing is printed, and the status says so.
        #expect(r.output == "status 1\n")
        let e = try OutputFailureTests.shell("\"$SOLVUS\" -e 1 > /dev/full; echo \"status $?\"")
        #expect(e.output == "error: cannot write to standard output: No space left on device\nstatus 1\n")
    }

    @Test func closedStandardOutput() throws {
        let r = try OutputFailureTests.shell("\"$SOLVUS\" -e 1 >&-; echo \"status $?\"")
        #expect(r.output == "error: cannot write to standard output: Bad file descriptor\nstatus 1\n")
    }

    @Test func failingStandardErrorStillExitsWithOne() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let r = try OutputFailureTests.shell("\"$SOLVUS\" -e '1 K + 1' 2>/dev/full; echo \"status $?\"")
        #expect(r.output == "status 1\n")
    }

    /// `solvus script | head -1`: the reader leaves, and the command ends without a word.
    @Test func closedPipeEndsQuietly() throws {
        let r = try OutputFailureTests.shell(
            "t=$(mktemp); \"$SOLVUS\" -e 'print(str(0..99999))' -e 'print(str(0..99999))' 2>\"$t\" | head -c 5; "
            + "echo; echo \"stderr: $(cat \"$t\")\"; rm -f \"$t\"")
        #expect(r.output == "[0, 1\nstderr: \n")
    }

    @Test func unreadableStandardInput() throws {
        let r = try OutputFailureTests.shell("\"$SOLVUS\" < /; echo \"status $?\"")
        #expect(r.output == "error: cannot read standard input: Is a directory\nstatus 1\n")
    }
}
