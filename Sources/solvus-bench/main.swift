// Benchmarks of the interpreter, run with a release build:
//
//     swift run -c release solvus-bench
//
// Each case runs in one session (the prelude already loaded) many times; the median and the
// fastest run are printed. Start-up of the whole command is measured separately with hyperfine
// (see the README).
import Foundation
import SolvusCore
import SolvusLibrary

struct Case {
    let name: String
    let text: String
    let runs: Int
}

let cases = [
    Case(name: "1 + 1", text: "1 + 1", runs: 2000),
    Case(name: "mix, 10^4 points, summed",
         text: "sum(mix(regular(17.5 kJ/mol), x: 0.0001..0.9999 step 0.0001, T: 900 K).G)", runs: 200),
    Case(name: "mix, 10^6 points, summed",
         text: "sum(mix(regular(17.5 kJ/mol), x: 0.000001..0.999999 step 0.000001, T: 900 K).G)", runs: 20),
    Case(name: "user function, 10^4 calls",
         text: "f(x) = x * R * 900 K\nsum(map(f, 0.0001..0.9999 step 0.0001))", runs: 50),
    Case(name: "arithmetic on 10^6-point lists",
         text: "x = 0..1 step 1e-6\nsum(x * (1 - x) * 17.5 kJ/mol)", runs: 20),
]

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
}

func format(_ ms: Double) -> String {
    ms < 0.1 ? String(NumberFormat.format(ms * 1000, digits: 3)) + " µs" : NumberFormat.format(ms, digits: 3) + " ms"
}

LargeStack.run {
    let clock = ContinuousClock()
    var startups: [Double] = []
    for _ in 0..<50 {
        let t = clock.measure { _ = Session(output: { _ in }) }
        startups.append(milliseconds(t))
    }
    startups.sort()
    print("session start (prelude)            median \(format(startups[startups.count / 2]))  min \(format(startups[0]))")

    let session = Session(output: { _ in })
    for c in cases {
        var times: [Double] = []
        var failed = false
        for _ in 0..<c.runs {
            let t = clock.measure {
                if !session.run(c.text, name: "<bench>").succeeded { failed = true }
            }
            times.append(milliseconds(t))
        }
        times.sort()
        let label = c.name.padding(toLength: 34, withPad: " ", startingAt: 0)
        print("\(label) median \(format(times[times.count / 2]))  min \(format(times[0]))\(failed ? "  (FAILED)" : "")")
    }
}
