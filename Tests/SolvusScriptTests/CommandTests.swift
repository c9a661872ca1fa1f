import Foundation
import Testing

/// The `solvus` command as a user meets it: -e, files, stdin, exit codes, and inputs that must
/// end in an error message, never a crash or a hang.
struct CommandTests {
    @Test func evaluatesAnExpression() throws {
        let r = try CommandRunner.run(["-e", "critical(regular(17.5 kJ/mol)).T"])
        #expect(r.status == 0)
        #expect(r.stdout == "1052.38 K\n")
    }

    @Test("--version names the line editor, loaded at run time")
    func versionNamesTheLineEditor() throws {
        let r = try CommandRunner.run(["--version"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("solvus ") == true)
        #expect(lines.count == 2 && lines[1].hasPrefix("line editor: "))
        let plain = try CommandRunner.run(["--version"], environment: ["SOLVUS_LINE_EDITOR": "plain"])
        #expect(plain.stdout.hasSuffix("line editor: plain lines, without editing, forced by SOLVUS_LINE_EDITOR\n"))
    }

    @Test("-e takes an expression that starts with a minus")
    func negativeExpression() throws {
        let r = try CommandRunner.run(["-e", "-0.14 eV/atom -> kJ/mol", "-e", "-1"])
        #expect(r.status == 0)
        #expect(r.stdout == "-13.5079 kJ/mol\n-1\n")
    }

    /// Scripts and -e alone are read without the argument parser (start-up): the same runs
    /// with a flag, which the parser reads, give the same output and status, and what the
    /// parser must refuse still reaches it.
    @Test("scripts and -e read with and without the argument parser alike")
    func plainRunsMatchTheParser() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(getpid()).solvus")
        try "x = 2 K\nprint(x * 3)\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        for args in [[file.path, "-e", "x + 1 K", "--eval", "-x"], ["-e", "1 K + 1 kJ/mol", file.path],
                     [file.path, "no/such/file.solvus"]] {
            let plain = try CommandRunner.run(args)
            let parsed = try CommandRunner.run(["--digits", "6"] + args)
            #expect(plain.status == parsed.status && plain.stdout == parsed.stdout && plain.stderr == parsed.stderr, "\(args)")
        }
        #expect(try CommandRunner.run([file.path, "-e", "x + 1 K", "--eval", "-x"]).stdout == "6 K\n3 K\n-2 K\n")
        for missing in [["-e"], [file.path, "--eval"]] {
            let r = try CommandRunner.run(missing)
            #expect(r.status == 2 && r.stderr.contains("Missing value"), "\(missing): \(r.stderr)")
        }
    }

    @Test("'-' runs the script read from standard input")
    func dashReadsStandardInput() throws {
        let r = try CommandRunner.run(["--echo", "-"], stdin: Data("x = 2\nx * 21\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "42\n")
    }

    @Test("a file that cannot be read: the message says why")
    func cannotReadSaysWhy() throws {
        let missing = try CommandRunner.run(["no/such/script.solvus"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: cannot read 'no/such/script.solvus': no such file\n")
        let directory = try CommandRunner.run(["examples"])
        #expect(directory.stderr == "error: cannot read 'examples': it is a directory\n")
    }

    /// Foundation's `NSString.deletingLastPathComponent` traps on some one-character relative
    /// paths on Linux ("a", "a/", "."): `solvus x` crashed. Paths are now taken apart in Swift.
    @Test("a script with a one-character name, run from its folder")
    func oneCharacterScriptName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("solvus-short-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("print(6 * 7)\n".utf8).write(to: folder.appendingPathComponent("x"))
        let r = try CommandRunner.run(["x"], in: folder)
        #expect(!r.crashed)
        #expect(r.status == 0)
        #expect(r.stdout == "42\n")
        for name in [".", "y", "x/"] {
            let other = try CommandRunner.run([name], in: folder)
            #expect(!other.crashed, "\(name)")
            #expect(other.status == 1, "\(name): \(other.stderr)")
            #expect(other.stderr.hasPrefix("error: cannot read '\(name)'"), "\(name): \(other.stderr)")
        }
    }

    /// A kernelspec that cannot be written says where and why, in words.
    @Test("--install-jupyter-kernel into a folder that cannot be made")
    func kernelInstallFailureSaysWhy() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("solvus-not-a-folder-\(getpid())")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try CommandRunner.run(["--install-jupyter-kernel", "--prefix", file.path + "/p", "--python", "/bin/sh"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: cannot write the kernel to \(file.path)/p/share/jupyter/kernels/solvus: "), "\(r.stderr)")
        #expect(r.stderr.contains("Not a directory"), "\(r.stderr)")
        #expect(!r.stderr.contains("CocoaError"), "\(r.stderr)")
    }

    @Test("a usage error prints the usage once")
    func usageOnce() throws {
        let r = try CommandRunner.run(["--bogus"])
        #expect(r.status == 2)
        #expect(r.stderr.components(separatedBy: "solvus [--eval").count == 2)
    }

    @Test func mixFromTheCommandLine() throws {
        let r = try CommandRunner.run(["-e", "mix(regular(17.5 kJ/mol), x: 0.3, T: 900 K)"])
        #expect(r.stdout == "{G: -0.896108 kJ/mol, H: 3.675 kJ/mol, S: 5.07901 J/(mol K)}\n")
    }

    @Test func dimensionErrorExitsWithOne() throws {
        let r = try CommandRunner.run(["-e", "1 K + 1 kJ/mol"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            error[E301]: cannot add a temperature (K) and a molar energy (kJ/mol)
             --> <expression>:1:5
              |
            1 | 1 K + 1 kJ/mol
              | ~~~ ^ ~~~~~~~~

            """)
    }

    @Test func readsAScriptFromStandardInput() throws {
        let r = try CommandRunner.run([], stdin: Data("T = 900 K\nprint(T + 100 K)\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "1000 K\n")
    }

    @Test func echoPrintsExpressionValues() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("echo.solvus")
        try "a = 2\na * 3 K\n".write(to: file, atomically: true, encoding: .utf8)
        let e = try CommandRunner.run(["--echo", file.path])
        #expect(e.stdout == "6 K\n")
        #expect(try CommandRunner.run([file.path]).stdout == "")
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try CommandRunner.run(["--no-such-flag"]).status == 2)
    }

    @Test func versionAndHelp() throws {
        let v = try CommandRunner.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("solvus 0."))
        let h = try CommandRunner.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("USAGE: solvus"))
    }

    @Test func missingFileIsAnError() throws {
        let r = try CommandRunner.run(["no/such/file.solvus"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot read 'no/such/file.solvus'"))
    }

    /// Each input must end with exit status 1 and an error message, not a signal or a hang.
    static let hostile: [(String, Data)] = [
        ("10,000 nested parentheses",
         Data((String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "\n").utf8)),
        ("recursion without a base case", Data("f(n) = f(n + 1) * 2\nf(1)\n".utf8)),
        ("mutual recursion", Data("a(n) = b(n)\nb(n) = a(n)\na(1)\n".utf8)),
        ("a 10 MB line", Data((String(repeating: "1 + ", count: 2_500_000) + "1 K + 1 mol\n").utf8)),
        ("a 10 MB line of garbage", Data(String(repeating: "$", count: 10_000_000).utf8)),
        ("invalid UTF-8", Data([0x78, 0x20, 0x3D, 0x20, 0xC3, 0x28, 0x0A])),
        ("a billion-point range", Data("sum(0..1 step 1e-9)\n".utf8)),
        ("10,000 nested lists", Data((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)),
        ("10,000 unary minus", Data((String(repeating: "-", count: 10_000) + "1\n").utf8)),
        ("10,000 nested records", Data((String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)).utf8)),
        ("a degree sign", Data("°\n".utf8)),
        ("a Celsius temperature", Data("T = 25 °C\n".utf8)),
        ("90 nested parentheses in a recursion",
         Data(("f(k) = if k <= 0 then 0 else " + String(repeating: "1 + (", count: 90) + "f(k - 1)"
               + String(repeating: ")", count: 90) + "\nf(9999)\n").utf8)),
        ("a text plot of 1e20 on a [0, 1] axis", Data("p = plot(line([0, 1e20], [0, 1]), xrange: [0, 1])\nprint(p)\n1 K + 1\n".utf8)),
        ("an SVG of 1e20 on a [0, 1] axis",
         Data("save(plot(line([0, 1e20], [0, 1]), xrange: [0, 1]), \"/dev/null\")\n1 K + 1\n".utf8)),
        ("1e19 contour levels",
         Data("h(c) = c.Cu * 1 kJ/mol\nprint(ternary([\"Cu\", \"Ni\", \"Co\"], contour: contour(h, levels: 1e19, n: 4)))\n1 K + 1\n".utf8)),
        ("a grid of 1e19 divisions", Data("grid([\"Cu\"], n: 1e19)\n".utf8)),
        ("a grid step of 1e-300", Data("grid([\"Cu\"], step: 1e-300)\n".utf8)),
        ("equiatomic with k 1e19", Data("equiatomic([\"Cu\", \"Ni\"], k: 1e19)\n".utf8)),
        ("unit powers that overflow", Data("((((((((((((1 m)^63)^63)^63)^63)^63)^63)^63)^63)^63)^63)^63)\n".utf8)),
        ("unit exponents that wrap", Data("(1 m)^99 * (1 m)^99 + (1 m)^-58\n".utf8)),
    ]

    @Test(arguments: hostile.indices)
    func hostileInputEndsInAnError(_ i: Int) throws {
        let (name, data) = CommandTests.hostile[i]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(getpid())-\(i).solvus")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // A hang detector: the 10 MB inputs take seconds in a release build, but tens of seconds
        // in a debug build on a busy machine.
        let r = try CommandRunner.run([file.path], timeout: 400)
        #expect(!r.crashed, "\(name): crashed")
        #expect(!r.timedOut, "\(name): hung")
        #expect(r.status == 1, "\(name): exit status \(r.status)")
        #expect(r.stderr.hasPrefix("error["), "\(name): \(r.stderr.prefix(300))")
        #expect(r.stderr.count < 10_000, "\(name): a message of \(r.stderr.count) characters")
    }
}
