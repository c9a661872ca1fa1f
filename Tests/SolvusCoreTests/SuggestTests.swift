import Testing
@testable import SolvusCore

/// Did-you-mean suggestions: close names only.
struct SuggestTests {
    static let names = ["F", "NA", "R", "kB", "temperature", "Omega", "mix", "critical", "B", "x"]

    @Test(arguments: [
        ("temprature", "temperature"),
        ("Omgea", "Omega"),
        ("mxi", "mix"),
        ("critcal", "critical"),
        ("X", "x"),
        ("kb", "kB"),
    ])
    func suggestsCloseNames(_ typed: String, _ expected: String) {
        #expect(Suggest.closest(to: typed, in: SuggestTests.names) == expected)
    }

    @Test(arguments: ["foo", "nan", "Y", "inf", "ab", "mixing_enthalpy"])
    func suggestsNothingForFarNames(_ typed: String) {
        #expect(Suggest.closest(to: typed, in: SuggestTests.names) == nil)
    }
}
