// swift-tools-version:6.0
import PackageDescription

// The example scripts that `solvus --mcp` serves (examples/NAME.solvus, each beside NAME.expected).
let exampleNames = [
    "asymmetric_clusters",
    "flory_huggins",
    "hea_screening",
    "liquid_alloys",
    "miedema_cuti",
    "order_disorder",
    "pd_alzn",
    "pd_bisb",
    "pd_crfe",
    "pd_lens",
    "pd_pbsn",
    "regular_gap",
    "regular_solution",
    "snbisb_fit",
    "snbisb_rkm",
    "tdb_alzn_gap",
    "tdb_cost507_al",
    "tdb_pbsn",
    "tdb_snbisb",
    "units",
    "vibrational_entropy",
]

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
            name: "SolvusStdlib", path: "stdlib", sources: ["Stdlib.swift"],
            resources: [
                .embedInCode("prelude.solvus"), .embedInCode("elements.csv"),
                .embedInCode("pairs_takeuchi_inoue.csv"), .embedInCode("lattice_stability.csv"),
                .embedInCode("debye_temperatures.csv"),
                .embedInCode("SOURCES.md"),
            ]),
        // Native bindings of the models, the prelude loader and the Session front ends share.
        // Foundation (FoundationEssentials on Linux) and the C library for the modules below.
        .target(name: "SolvusFoundation"),
        .target(name: "SolvusLibrary", dependencies: ["SolvusCore", "SolvusModels", "SolvusStdlib", "SolvusFoundation"]),
        // The REPL. Its line editor, libedit or GNU readline, is loaded at run time (dlopen), so
        // building needs no C headers.
        .target(name: "SolvusREPL", dependencies: ["SolvusLibrary", "SolvusFoundation"]),
        // The JSON-RPC / Language Server Protocol mode for editors.
        .target(name: "SolvusServer", dependencies: ["SolvusLibrary", "SolvusFoundation"]),
        // The example scripts, embedded so that `solvus --mcp` can serve them from any directory.
        .target(
            name: "SolvusExamples", path: "examples",
            exclude: ["data", "editors", "plots", "notebooks"] + exampleNames.map { "\($0).expected" },
            sources: ["Examples.swift"], resources: exampleNames.map { .embedInCode("\($0).solvus") }),
        // The Model Context Protocol server for AI assistants (`solvus --mcp`).
        .target(
            name: "SolvusMCP", dependencies: ["SolvusLibrary", "SolvusServer", "SolvusStdlib", "SolvusExamples", "SolvusFoundation"],
            resources: [.embedInCode("Content/reference.md")]),
        .executableTarget(
            name: "solvus",
            dependencies: [
                "SolvusREPL", "SolvusServer", "SolvusMCP", "SolvusLibrary", "SolvusFoundation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Jupyter kernel (Python, on ipykernel), written out by --install-jupyter-kernel.
            resources: [.embedInCode("Jupyter/solvus_kernel.py")],
            // Release builds on Linux carry the Swift runtime (solvus -e '1+1' in 6-7 ms, not 12-13; README,
            // Performance); -static-stdlib needs FoundationEssentials' C support libraries named.
            linkerSettings: [
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("_FoundationCShims", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("_FoundationCollections", .when(platforms: [.linux], configuration: .release)),
            ]),
        // Interpreter benchmarks: `swift run -c release solvus-bench`.
        .executableTarget(name: "solvus-bench", dependencies: ["SolvusLibrary", "SolvusModels"]),
        // libFuzzer targets and what they share (Fuzz/run.sh).
        .target(name: "FuzzSupport", dependencies: ["SolvusCore"], path: "Fuzz/Sources/FuzzSupport"),
        .executableTarget(name: "FuzzEvaluate", dependencies: ["FuzzSupport", "SolvusLibrary"], path: "Fuzz/Sources/FuzzEvaluate"),
        .executableTarget(name: "FuzzRPC", dependencies: ["FuzzSupport", "SolvusServer"], path: "Fuzz/Sources/FuzzRPC"),
        .executableTarget(name: "FuzzData", dependencies: ["FuzzSupport", "SolvusLibrary", "SolvusModels"], path: "Fuzz/Sources/FuzzData"),
        // The tests that drive the command run the `solvus` that `swift test` builds beside them and
        // do not link its module (in a release build it would bring the static runtime in).
        .testTarget(name: "SolvusModelsTests", dependencies: ["SolvusModels"]),
        .testTarget(name: "SolvusCoreTests", dependencies: ["SolvusCore"]),
        .testTarget(name: "SolvusLibraryTests", dependencies: ["SolvusLibrary"]),
        .testTarget(name: "SolvusREPLTests", dependencies: ["SolvusREPL"]),
        .testTarget(name: "SolvusServerTests", dependencies: ["SolvusServer", "SolvusTestSupport"]),
        .testTarget(name: "SolvusMCPTests", dependencies: ["SolvusMCP", "SolvusExamples", "SolvusTestSupport"]),
        // Shared by the tests that run the built command.
        .target(name: "SolvusTestSupport", path: "Tests/SolvusTestSupport"),
        .testTarget(
            name: "SolvusScriptTests", dependencies: ["SolvusLibrary", "SolvusTestSupport"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
