// swift-tools-version:6.0
import PackageDescription

// The REPL's line editor: libedit by default, GNU readline with
// `SOLVUS_LINE_EDITOR=readline swift build`. Both are reached through the
// readline-compatible API, behind one module name, `CLineEdit`.
let useReadline = Context.environment["SOLVUS_LINE_EDITOR"] == "readline"
let lineEditor: Target = useReadline
    ? .systemLibrary(
        // No pkgConfig: readline's .pc adds -D flags SwiftPM refuses, and its headers are on the
        // default path anyway.
        name: "CLineEdit", path: "Sources/CReadline",
        providers: [.apt(["libreadline-dev"])])
    : .systemLibrary(
        name: "CLineEdit", path: "Sources/CLibedit", pkgConfig: "libedit",
        providers: [.apt(["libedit-dev"])])

let package = Package(
    name: "Solvus",
    products: [
        .executable(name: "solvus", targets: ["solvus"]),
        .library(name: "SolvusLibrary", targets: ["SolvusLibrary"]),
        // libFuzzer targets (Fuzz/run.sh); without `-D SOLVUS_FUZZER` each is a stub that says so.
        .executable(name: "fuzz-evaluate", targets: ["FuzzEvaluate"]),
        .executable(name: "fuzz-rpc", targets: ["FuzzRPC"]),
        .executable(name: "fuzz-data", targets: ["FuzzData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Automatic differentiation (truncated Taylor series), shared by the models and the language.
        .target(name: "SolvusNumerics"),
        // Thermodynamic models: plain Swift over SI Doubles, no language dependency.
        .target(name: "SolvusModels", dependencies: ["SolvusNumerics"]),
        // The language: source, diagnostics, lexer, parser, units, values, evaluator.
        .target(name: "SolvusCore", dependencies: ["SolvusNumerics"]),
        // The standard library written in Solvus, embedded into the binary.
        .target(
            name: "SolvusStdlib", path: "stdlib", exclude: ["SOURCES.md"], sources: ["Stdlib.swift"],
            resources: [
                .embedInCode("prelude.solvus"), .embedInCode("elements.csv"),
                .embedInCode("pairs_takeuchi_inoue.csv"), .embedInCode("lattice_stability.csv"),
            ]),
        // Native bindings of the models, the prelude loader and the Session front ends share.
        .target(name: "SolvusLibrary", dependencies: ["SolvusCore", "SolvusModels", "SolvusStdlib"]),
        lineEditor,
        .target(name: "SolvusREPL", dependencies: ["SolvusLibrary", "CLineEdit"]),
        // The JSON-RPC / Language Server Protocol mode for editors.
        .target(name: "SolvusServer", dependencies: ["SolvusLibrary"]),
        .executableTarget(
            name: "solvus",
            dependencies: [
                "SolvusREPL", "SolvusServer", "SolvusLibrary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Interpreter benchmarks: `swift run -c release solvus-bench`.
        .executableTarget(name: "solvus-bench", dependencies: ["SolvusLibrary", "SolvusModels"]),
        // libFuzzer targets and what they share (Fuzz/run.sh).
        .target(name: "FuzzSupport", dependencies: ["SolvusCore"], path: "Fuzz/Sources/FuzzSupport"),
        .executableTarget(name: "FuzzEvaluate", dependencies: ["FuzzSupport", "SolvusLibrary"], path: "Fuzz/Sources/FuzzEvaluate"),
        .executableTarget(name: "FuzzRPC", dependencies: ["FuzzSupport", "SolvusServer"], path: "Fuzz/Sources/FuzzRPC"),
        .executableTarget(name: "FuzzData", dependencies: ["FuzzSupport", "SolvusLibrary"], path: "Fuzz/Sources/FuzzData"),
        .testTarget(name: "SolvusModelsTests", dependencies: ["SolvusModels"]),
        .testTarget(name: "SolvusCoreTests", dependencies: ["SolvusCore"]),
        .testTarget(name: "SolvusLibraryTests", dependencies: ["SolvusLibrary"]),
        .testTarget(name: "SolvusREPLTests", dependencies: ["SolvusREPL"]),
        .testTarget(name: "SolvusServerTests", dependencies: ["SolvusServer", "solvus", "SolvusTestSupport"]),
        // Shared by the tests that run the built command.
        .target(name: "SolvusTestSupport", path: "Tests/SolvusTestSupport"),
        .testTarget(
            name: "SolvusScriptTests", dependencies: ["SolvusLibrary", "solvus", "SolvusTestSupport"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
