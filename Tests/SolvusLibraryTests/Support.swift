import SolvusCore
@testable import SolvusLibrary

/// Runs `text` in a fresh session (with the prelude) and returns the last value, or throws
/// the first diagnostic.
func run(_ text: String) throws -> Value {
    let session = Session(output: { _ in })
    var outcome = Session.Outcome()
    LargeStack.run { outcome = session.run(text) }
    if let d = outcome.diagnostics.first { throw d }
    return outcome.values.last?.value ?? .record(Record())
}

func shown(_ text: String) throws -> String { try run(text).description }

/// The SI value of a numeric result.
func si(_ text: String) throws -> Double {
    guard case .number(let q) = try run(text) else { throw Diagnostic(.custom("T", "not a number"), at: nil) }
    return q.value
}

func diagnostic(_ text: String) -> Diagnostic? {
    do {
        _ = try run(text)
        return nil
    } catch {
        return error as? Diagnostic
    }
}
