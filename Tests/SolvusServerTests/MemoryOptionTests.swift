import Testing
import SolvusCore
@testable import SolvusServer

/// `maxMemory` in initializationOptions: megabytes, validated like the other budgets.
struct MemoryOptionTests {
    @Test func defaultIsOneGigabyte() {
        #expect(ServerOptions().limits.maxMemory == 1_000_000_000)
    }

    @Test func megabytesOrNone() throws {
        #expect(try ServerOptions(.object([("maxMemory", .number(250))])).limits.maxMemory == 250_000_000)
        #expect(try ServerOptions(.object([("maxMemory", .number(0))])).limits.maxMemory == nil)
    }

    @Test(arguments: [JSONValue.number(-1), .number(2e6), .string("1 GB")])
    func outOfRangeIsRejected(_ value: JSONValue) {
        #expect(throws: ResponseError.self) { try ServerOptions(.object([("maxMemory", value)])) }
    }
}
