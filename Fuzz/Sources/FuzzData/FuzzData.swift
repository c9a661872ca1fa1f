// libFuzzer target: arbitrary text read as a composition formula (by `omega` and `miedema`, which
// take formulas such as "Al0.5CoCrCuFeNi"), as a CSV table (by `load`) and as a thermodynamic
// database (`TDBReader.parse`, and `tdb`).
// Build and run with Fuzz/run.sh data SECONDS.
import Foundation
import FuzzSupport
import SolvusCore
import SolvusLibrary
import SolvusModels

#if SOLVUS_FUZZER
let maxInputLength = 4096

/// A private directory holding the table `load` reads; the session may read nothing else.
let workspace: String = privateDirectory("data")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzData(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= maxInputLength else { return -1 }
    let input = UnsafeBufferPointer(start: data, count: size)
    guard !holdsKnownFault(input) else { return -1 }
    let bytes = Array(input)
    Worker.shared.run { read(bytes) }
    return 0
}

func read(_ bytes: [UInt8]) {
    let session = Session(output: { _ in })
    session.fileAccessRoot = workspace
    session.evaluator.allowsFileWrites = false
    var limits = EvaluationLimits()
    limits.timeLimit = .milliseconds(200)
    limits.maxElements = 10_000
    session.evaluator.limits = limits
    var formatted = 0
    func run(_ text: String) {
        let outcome = session.run(text, name: "<fuzz>", directory: workspace)
        for (_, value) in outcome.values { formatted += value.description.utf8.count }
        for d in outcome.diagnostics { formatted += session.render(d).utf8.count }
    }
    // The text as a formula: passed as a string value, so that no quoting is needed.
    session.evaluator.globals.define("formula", .string(String(decoding: bytes, as: UTF8.self)))
    run("omega(formula)\nmiedema(formula)")
    // The bytes as a file, read by `load` (which first checks that they are UTF-8).
    let path = workspace + "/table.csv"
    if FileManager.default.createFile(atPath: path, contents: Data(bytes)) {
        run("t = load(\"table.csv\")\nt")
    }
    // The text as a thermodynamic database (TDB): the pure reader, then `tdb` on the file.
    _ = try? TDBReader.parse(text: String(decoding: bytes, as: UTF8.self))
    let tdbPath = workspace + "/db.tdb"
    if FileManager.default.createFile(atPath: tdbPath, contents: Data(bytes)) {
        run("db = tdb(\"db.tdb\")\ndb")
    }
    for name in session.evaluator.globals.names.keys { session.evaluator.globals.define(name, .bool(false)) }
}

#else
@main
enum FuzzData {
    static func main() {
        FileHandle.standardError.write(Data("fuzz-data is a libFuzzer target: build and run it with Fuzz/run.sh data SECONDS\n".utf8))
        exit(2)
    }
}
#endif
