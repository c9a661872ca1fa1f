import Testing
@testable import SolvusCore

/// Long records fold one field per line in the REPL; short ones stay on one line.
struct FoldingTests {
    static let inner = Value.record(Record([("gamma", .number(-1.5)), ("S_C", .number(0.99))]))
    static let record = Value.record(Record([
        ("dH_chem", .number(Quantity(-1457.91, Unit(name: "kJ", scale: 1000, dimension: .energy)))),
        ("structure", .string("hcp")),
        ("pairs", .record(Record([("CrFe", inner)]))),
    ]))

    @Test func shortRecordsStayOnOneLine() {
        #expect(FoldingTests.record.folded(width: 200) == FoldingTests.record.nested)
        #expect(Value.string("a b").folded(width: 1) == "a b")
    }

    @Test func longRecordsFoldFieldByField() {
        #expect(FoldingTests.record.folded(width: 44) == """
            {
              dH_chem: -1.45791 kJ,
              structure: "hcp",
              pairs: {CrFe: {gamma: -1.5, S_C: 0.99}}
            }
            """)
        #expect(FoldingTests.record.folded(width: 36) == """
            {
              dH_chem: -1.45791 kJ,
              structure: "hcp",
              pairs: {
                CrFe: {gamma: -1.5, S_C: 0.99}
              }
            }
            """)
    }
}

extension FoldingTests {
    @Test func foldedTextParsesBack() throws {
        let folded = FoldingTests.record.folded(width: 30)
        #expect(try evaluate(folded).nested == FoldingTests.record.nested)
    }
}
