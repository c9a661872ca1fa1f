@testable import SolvusCore

/// Parses and evaluates `text` with the core alone (no built-in functions, no prelude).
func evaluate(_ text: String) throws -> Value {
    let sources = SourceMap()
    let file = sources.add(name: "<test>", text: text)
    var parser = Parser(file: file)
    let statements = parser.parseProgram()
    if let d = parser.diagnostics.first { throw d }
    let evaluator = Evaluator()
    var last = Value.record(Record())
    var failure: Error?
    // Deep recursion needs the large stack the command line gives the interpreter.
    LargeStack.run {
        do {
            try evaluator.run(statements) { _, v in last = v }
        } catch {
            failure = error
        }
    }
    if let failure { throw failure }
    return last
}

/// The first diagnostic `text` produces, parse or runtime.
func diagnostic(_ text: String) -> Diagnostic? {
    do {
        _ = try evaluate(text)
        return nil
    } catch let d as Diagnostic {
        return d
    } catch {
        return nil
    }
}

func shown(_ text: String) throws -> String { try evaluate(text).description }
