import SolvusCore
import SolvusLibrary

/// The interactive read-eval-print loop (placeholder until the line editor lands).
public struct REPL {
    let session: Session
    public init(session: Session) { self.session = session }
    public func run() -> Int32 { 0 }
}
