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
import SolvusModels

/// The 20-element set of the screening benchmark: C(20, 5) = 15,504 equiatomic quinaries.
let twenty = #"["Al", "Co", "Cr", "Cu", "Fe", "Mn", "Ni", "Ti", "V", "Zr", "Nb", "Mo", "Hf", "Ta", "W", "Zn", "Mg", "Sc", "Y", "Sn"]"#

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
    Case(name: "omega, 15504 equiatomic quinaries",
         text: "omega(equiatomic(\(twenty), k: 5)).omega", runs: 20),
    Case(name: "miedema, 15504 equiatomic quinaries",
         text: "miedema(equiatomic(\(twenty), k: 5)).dH_ss", runs: 10),
    Case(name: "omega, 176851-point quaternary grid",
         text: "omega(grid([\"Co\", \"Cr\", \"Fe\", \"Ni\"], step: 0.01)).omega", runs: 10),
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
    print("session start (prelude)                median \(format(startups[startups.count / 2]))  min \(format(startups[0]))")

    // The descriptor kernel alone, without building Solvus values: compositions per second.
    do {
        let n = 4
        var fractions: [Double] = []
        var counts = [0, 0, 0, 0]
        func fill(_ i: Int, _ left: Int) {
            if i == n - 1 {
                counts[i] = left
                fractions += counts.map { Double($0) / 100 }
                return
            }
            for c in stride(from: left, through: 0, by: -1) {
                counts[i] = c
                fill(i + 1, left - c)
            }
        }
        fill(0, 100)
        let rows = fractions.count / n
        var pairs = [Double](repeating: -4000, count: n * n)
        for i in 0..<n { pairs[i * n + i] = 0 }
        var times: [Double] = []
        for _ in 0..<20 {
            let t = clock.measure {
                _ = HEADescriptors.evaluate(fractions: fractions, k: n, radius: [125, 129, 126, 125],
                                            tm: [1768, 2180, 1811, 1728], vec: [9, 6, 8, 10], pairEnthalpy: pairs)
            }
            times.append(milliseconds(t))
        }
        times.sort()
        let rate = Double(rows) / (times[times.count / 2] / 1000)
        print("omega kernel, \(rows) compositions     median \(format(times[times.count / 2]))  "
              + "(\(NumberFormat.format(rate / 1e6, digits: 3)) million compositions/s)")
    }

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
        let label = c.name.padding(toLength: 38, withPad: " ", startingAt: 0)
        print("\(label) median \(format(times[times.count / 2]))  min \(format(times[0]))\(failed ? "  (FAILED)" : "")")
    }
}
