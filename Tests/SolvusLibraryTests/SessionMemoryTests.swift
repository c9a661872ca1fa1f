import SolvusCore
import Testing
@testable import SolvusLibrary

/// A discarded session frees everything it made: no cycle keeps its globals alive.
struct SessionMemoryTests {
    /// Runs `text` in a session and returns weak references to what must be freed with it.
    private func weakParts(after text: String) -> (session: () -> Session?, evaluator: () -> Evaluator?, globals: () -> Environment?, succeeded: Bool) {
        weak var session: Session?
        weak var evaluator: Evaluator?
        weak var globals: Environment?
        var succeeded = false
        do {
            let s = Session(output: { _ in })
            LargeStack.run { succeeded = s.run(text).succeeded }
            (session, evaluator, globals) = (s, s.evaluator, s.evaluator.globals)
        }
        return ({ session }, { evaluator }, { globals }, succeeded)
    }

    @Test(arguments: [
        // The prelude alone defines functions.
        "1 + 1",
        // A top-level function, recursive, and a value made with it.
        "f(n) = if n == 0 then 0 else f(n - 1) + 1\nx = f(10)",
        // A function defined in a block and used there; one that escapes from a block.
        "y = { g(a) = a * 2\n g(3) }\nh = { k(a) = a + 1\n k }\nz = h(1)",
        // A model made from a user Gibbs function (it calls back into the evaluator).
        "g(x, T) = 17.5 kJ/mol * x * (1 - x) + R * T * (xlnx(x) + xlnx(1 - x))\nm = gibbs(g)\nc = critical(m).T",
        // The same function defined in a block, escaping inside the model.
        "m = { gg(x, T) = 17.5 kJ/mol * x * (1 - x) + R * T * (xlnx(x) + xlnx(1 - x))\n gibbs(gg) }\nc = critical(m).T",
        // A block whose function raised an error.
        "w = { q(a) = a + 1 K\n q(1) }",
    ])
    func aDiscardedSessionIsFreed(text: String) {
        let parts = weakParts(after: text)
        #expect(parts.session() == nil)
        #expect(parts.evaluator() == nil)
        #expect(parts.globals() == nil)
    }

    /// Ten blocks of the editor benchmark's document (examples/editors/bench_rpc.py).
    @Test func theBenchmarkDocumentIsFreed() {
        var text = ""
        for i in 0..<10 {
            text += """
                T\(i) = \(800 + i) K
                Omega\(i) = \(10 + Double(i) * 0.1) kJ/mol
                m\(i) = regular(Omega\(i))
                r\(i) = mix(m\(i), x: 0.3, T: T\(i))
                c\(i) = critical(m\(i))
                dG\(i) = r\(i).G -> J/mol
                xs\(i) = 0.1..0.9 step 0.1
                g\(i) = mix(m\(i), x: xs\(i), T: T\(i)).G
                s\(i) = critical(subregular(15 kJ/mol, \(i % 5) kJ/mol))

                """
        }
        let parts = weakParts(after: text)
        #expect(parts.succeeded)
        #expect(parts.session() == nil)
        #expect(parts.globals() == nil)
    }

    /// A block's scope whose function did not escape is emptied; the function that escapes
    /// still works.
    @Test func functionsStillSeeTheirScopes() throws {
        #expect(try shown("h = { b = 5\n k(a) = a + b\n k }\nh(1)") == "6")
        #expect(try shown("f(n) = { g(m) = if m == 0 then n else g(m - 1)\n g(3) }\nf(7)") == "7")
        #expect(try shown("f(x) = x + 1\nuse_f(y) = f(y) * 2\nuse_f(2)") == "6")
    }
}
