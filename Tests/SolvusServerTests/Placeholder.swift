import Testing
@testable import SolvusServer

@Test func serverExists() {
    _ = RPCServer()
}
