// libFuzzer target: arbitrary bytes parsed and run as a Solvus script in a fresh session with
// tight budgets, every value and diagnostic then formatted as the command line would.
// Build and run with Fuzz/run.sh evaluate SECONDS.
import Foundation
import FuzzSupport
import SolvusCore
import SolvusLibrary

#if SOLVUS_FUZZER
/// Inputs longer than this are skipped: the faults worth finding show in a few hundred bytes,
/// and long inputs mostly measure how long a budgeted evaluation may run.
let maxInputLength = 2048

/// An empty directory that `use` and `load` may read from; nothing outside it is reachable.
let workspace: String = privateDirectory("evaluate")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvaluate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= maxInputLength else { return -1 }
    let input = UnsafeBufferPointer(start: data, count: size)
    guard !holdsKnownFault(input) else { return -1 }
    let bytes = Array(input)
    // The command line and the server both evaluate on a large stack; so does the harness.
    Worker.shared.run { evaluate(bytes) }
    return 0
}

func evaluate(_ bytes: [UInt8]) {
    var printed = 0
    let session = Session(output: { printed += $0.utf8.count })
    session.fileAccessRoot = workspace
    session.evaluator.allowsFileWrites = false
    var limits = EvaluationLimits()
    limits.timeLimit = .milliseconds(100)
    limits.maxElements = 10_000
    limits.maxCallDepth = 200
    session.evaluator.limits = limits
    let outcome = session.run(bytes: bytes, name: "<fuzz>")
    for (_, value) in outcome.values { printed += value.description.utf8.count }
    for d in outcome.diagnostics { printed += session.render(d).utf8.count }
    // Sessions hold their functions in a reference cycle (a closure's environment holds the
    // function); rebinding every global breaks it, so that LeakSanitizer reports new leaks only.
    for name in session.evaluator.globals.names.keys { session.evaluator.globals.define(name, .bool(false)) }
}
#else
@main
enum FuzzEvaluate {
    static func main() {
        FileHandle.standardError.write(Data("fuzz-evaluate is a libFuzzer target: build and run it with Fuzz/run.sh evaluate SECONDS\n".utf8))
        exit(2)
    }
}
#endif
