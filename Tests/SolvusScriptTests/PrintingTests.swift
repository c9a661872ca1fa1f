import Foundation
import Testing

/// What the command prints: digits on demand, exact counts, nothing echoed for `print`, and
/// output that can be typed back.
struct PrintingTests {
    @Test func printEchoesOnlyWhatItWasGiven() throws {
        let r = try CommandRunner.run(["-e", "print(1)", "-e", "print(\"a\", 2 K)"])
        #expect(r.stdout == "1\na 2 K\n")
    }

    @Test func digitsFlagGivesFullPrecision() throws {
        // Tc = 17500 / (2 × 8.314462618153241) K = 1052.38310662... K.
        let r = try CommandRunner.run(["--digits", "12", "-e", "critical(regular(17.5 kJ/mol)).T"])
        #expect(r.stdout == "1052.38310662 K\n")
        #expect(try CommandRunner.run(["-e", "critical(regular(17.5 kJ/mol)).T"]).stdout == "1052.38 K\n")
        let bad = try CommandRunner.run(["--digits", "30", "-e", "1"])
        #expect(bad.status == 2)
    }

    @Test func formatAndValue() throws {
        let r = try CommandRunner.run([
            "-e", "format(critical(regular(17.5 kJ/mol)).T, digits: 9)",
            "-e", "value(1 eV/atom, kJ/mol)", "-e", "value(critical(regular(17.5 kJ/mol)).T, K) > 1052.383",
            "-e", "value([300, 400] K)", "-e", "format(1/3, digits: 17)",
        ])
        #expect(r.stdout == "1052.38311 K\n96.4853\ntrue\n[300, 400]\n0.33333333333333331\n")
        let e = try CommandRunner.run(["-e", "value(1 K, kJ/mol)"])
        #expect(e.stderr.contains("cannot convert a temperature (K) to a molar energy (kJ/mol)"))
    }

    @Test func countsPrintExactly() throws {
        let r = try CommandRunner.run(["-e", "len(0..1e7)", "-e", "2^40", "-e", "1e15", "-e", "1234567.5"])
        #expect(r.stdout == "10000001\n1099511627776\n1e15\n1.23457e6\n")
    }

    @Test func printedValuesTypeBack() throws {
        let r = try CommandRunner.run([
            "-e", "[300, 400] K", "-e", "8.314 J/mol K", "-e", "1 kJ/J", "-e", "8.314 J/mol K == 8.314 J/(mol K)",
            "-e", "[inf, -inf, nan]", "-e", "[1, 2] kJ/mol -> J/mol",
        ])
        #expect(r.stderr == "")
        #expect(r.stdout == "[300, 400] K\n8.314 J/(mol K)\n1000\ntrue\n[inf, -inf, nan]\n[1000, 2000] J/mol\n")
    }
}

extension PrintingTests {
    @Test func usageErrorsPrintTheUsageOnce() throws {
        let r = try CommandRunner.run(["--no-such-flag"])
        #expect(r.status == 2)
        #expect(r.stderr.components(separatedBy: "Usage:").count == 2, "\(r.stderr)")
    }

    @Test func shadowingWarnsOnStandardError() throws {
        let r = try CommandRunner.run(["-e", "R = 8.314", "-e", "tc_regular(17.5 kJ/mol)"])
        #expect(r.status == 0)
        #expect(r.stdout == "1052.38 K\n")
        #expect(r.stderr.hasPrefix("warning[W201]: 'R' now names your value and hides the prelude constant 'R'"))
    }
}
