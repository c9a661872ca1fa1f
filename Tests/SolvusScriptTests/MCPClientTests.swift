import Foundation
import SolvusTestSupport
import Testing

/// `solvus --mcp`, driven by the reference client (the Python `mcp` package's stdio client) in
/// Tests/MCP/test_mcp.py: tools, a units error as a tool error, bad arguments, resources,
/// prompts, malformed lines, a runaway evaluation, file access under --root.
@Test("solvus --mcp, driven by the reference MCP client")
func mcpReferenceClient() throws {
    let exe = try #require(BuiltCommand.executable)
    let python = try PythonEnvironment.python(importing: ["mcp", "ipykernel", "jupyter_client", "nbclient", "nbformat"])
    let result = try PythonEnvironment.run(python, ["Tests/MCP/test_mcp.py", exe.path])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains(" passed, 0 failed"), "\(result.output)")
}
