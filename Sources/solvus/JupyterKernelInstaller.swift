import SolvusFoundation
import SolvusCore

/// `solvus --install-jupyter-kernel`: writes the Solvus kernelspec (kernel.json and the
/// wrapper kernel, Jupyter/solvus_kernel.py, embedded in this binary) where Jupyter looks for
/// kernels.
enum JupyterKernelInstaller {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Installs into `prefix`/share/jupyter/kernels/solvus, or for the user when `prefix` is
    /// nil; returns the kernel's folder.
    static func install(prefix: String?, python: String?) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let prefix {
            base = Paths.appending(prefix, "share/jupyter/kernels")
        } else if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty {
            base = Paths.appending(data, "kernels")
        } else if let home = environment["HOME"], !home.isEmpty {
            #if os(macOS)
            base = Paths.appending(home, "Library/Jupyter/kernels")
            #else
            let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? Paths.appending(home, ".local/share")
            base = Paths.appending(dataHome, "jupyter/kernels")
            #endif
        } else {
            throw Failure(description: "no home directory: give --prefix DIR")
        }
        let folder = Paths.appending(base, "solvus")
        let interpreter = try python ?? findPython(environment)
        let executable = try ownPath()
        let spec = KernelSpec(argv: [interpreter, "{resource_dir}/solvus_kernel.py", "-f", "{connection_file}"],
                              display_name: "Solvus", language: "solvus", interrupt_mode: "signal",
                              env: ["SOLVUS_EXECUTABLE": executable], metadata: .init(debugger: false))
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let json = try encoder.encode(spec)
            try json.write(to: URL(fileURLWithPath: Paths.appending(folder, "kernel.json")))
            try Data(PackageResources.solvus_kernel_py).write(
                to: URL(fileURLWithPath: Paths.appending(folder, "solvus_kernel.py")))
        } catch {
            throw Failure(description: "cannot write the kernel to \(folder): \(reason(error))")
        }
        return folder
    }

    /// The Python that runs the kernel: the active virtual environment's, else `python3` on PATH.
    private static func findPython(_ environment: [String: String]) throws -> String {
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty {
            let candidate = Paths.appending(venv, "bin/python")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = Paths.appending(String(directory), "python3")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "no python3 on PATH: give --python PATH (a Python with ipykernel)")
    }

    /// This binary's absolute path, so that the kernel runs the same solvus.
    private static func ownPath() throws -> String {
        let link = "/proc/self/exe"
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) { return target }
        let argument = CommandLine.arguments[0]
        if argument.hasPrefix("/") { return argument }
        let cwd = FileManager.default.currentDirectoryPath
        if argument.contains("/") { return Paths.standardized(Paths.appending(cwd, argument)) }
        throw Failure(description: "cannot tell where this solvus is; run it by its full path")
    }
}

/// Jupyter's kernel.json (the kernelspec format's field names).
private struct KernelSpec: Encodable {
    struct Metadata: Encodable { let debugger: Bool }
    let argv: [String]
    let display_name: String
    let language: String
    let interrupt_mode: String
    let env: [String: String]
    let metadata: Metadata
}

/// Why a file operation failed, in words: the path and the system's message for a file error
/// (FoundationEssentials' errors print as structures).
private func reason(_ error: any Error) -> String {
    guard let e = error as? CocoaError else { return "\(error)" }
    let path = (e.userInfo["NSFilePath"] as? String).map { "\($0): " } ?? ""
    if let posix = e.userInfo["NSUnderlyingError"] as? POSIXError {
        return path + String(cString: strerror(posix.code.rawValue))
    }
    return path + "error \(e.code.rawValue)"
}
