import Foundation
import SolvusTestSupport
import Testing

/// The Jupyter kernel, driven by a real front end (`jupyter_client`, `nbclient`) in
/// Tests/Jupyter/test_kernel.py: cells, plots as SVG, tables as HTML, an E301 error reply,
/// interrupt, completion, inspection, and the example notebooks run cell by cell.
@Test("the Jupyter kernel, driven by jupyter_client")
func jupyterKernel() throws {
    let exe = try #require(BuiltCommand.executable)
    let python = try PythonEnvironment.python(importing: ["mcp", "ipykernel", "jupyter_client", "nbclient", "nbformat"])
    let result = try PythonEnvironment.run(python, ["Tests/Jupyter/test_kernel.py", exe.path])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains(" passed, 0 failed"), "\(result.output)")
}
