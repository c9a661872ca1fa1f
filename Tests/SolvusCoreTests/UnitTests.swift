import Testing
@testable import SolvusCore

struct UnitTests {
    /// SI value and display of a quantity literal.
    func si(_ text: String) throws -> Double {
        guard case .number(let q) = try evaluate(text) else { throw Diagnostic(.custom("T", "not a number"), at: nil) }
        return q.value
    }

    @Test(arguments: [
        // Exact definitions: SI Brochure, 9th edition (2019).
        ("1 eV/atom", 1.602176634e-19 * 6.02214076e23),  // 96485.33212 J/mol
        ("1 kJ/mol", 1000),
        ("1 kcal", 4184),
        ("1 cal", 4.184),
        ("1 atm", 101_325),
        ("1 bar", 1e5),
        ("25 GPa", 25e9),
        ("1 Å", 1e-10),
        ("140 pm", 140e-12),
        ("1 nm", 1e-9),
        ("1 cm^3", 1e-6),
        ("1 m^3", 1),
        ("50 %", 0.5),
        ("50 at%", 0.5),
        ("1 J/(mol K)", 1),
        ("1 kJ/(mol K)", 1000),
        ("1 mol/atom", 6.02214076e23),
    ])
    func conversionFactors(_ text: String, _ expected: Double) throws {
        let v = try si(text)
        #expect(abs(v - expected) <= 1e-12 * abs(expected))
    }

    @Test(arguments: [
        ("1 eV/atom -> kJ/mol", "96.4853 kJ/mol"),
        ("17.5 kJ/mol -> J/mol", "17500 J/mol"),
        ("128 pm -> Å", "1.28 Å"),
        ("0.25 -> %", "25 %"),
        ("1 kJ + 500 J", "1.5 kJ"),
        ("500 J + 1 kJ", "1500 J"),
        ("2 kJ/mol * 3 mol", "6 kJ"),
        ("17.5 kJ/mol / (8.314 J/(mol K))", "2104.88 K"),
        ("1 kJ / 1 J", "1000"),
        ("(2 m)^2", "4 m^2"),
        ("(4 m^2)^0.5", "2 m"),
        ("1 / (2 K)", "0.5 K^-1"),
        ("50 % * 2", "100 %"),
        ("50 % * 50 %", "0.25"),
        ("3 K * 50 %", "1.5 K"),
        ("[300, 600] * 1 K", "[300, 600] K"),
        ("300 K..500 K step 100 K", "[300, 400, 500] K"),
    ])
    func displayAndSimplification(_ text: String, _ expected: String) throws {
        #expect(try shown(text) == expected)
    }

    /// Dimensions are 8-bit: a product or power past ±127 is an error, never a wrapped exponent
    /// (`(1 m)^99 * (1 m)^99` once printed `m^198` and added to `m^-58`), nor an overflow trap.
    @Test(arguments: [
        "(1 m)^99 * (1 m)^99 + (1 m)^-58",
        "(1 m)^99 * (1 m)^29",
        "(1 m)^-99 / (1 m)^29",
        "((((((((((((1 m)^63)^63)^63)^63)^63)^63)^63)^63)^63)^63)^63)",
        "(1 kJ/mol)^64 * (1 kJ/mol)^64",
        "(1 m)^1e300",
        "[1, 2] * (1 m)^100 * (1 m)^100",
    ])
    func exponentOverflowIsAnError(_ text: String) {
        #expect(diagnostic(text)?.id == "E304", "\(text): \(String(describing: diagnostic(text)?.message))")
    }

    @Test func exponentsUpToTheLimitWork() throws {
        #expect(try shown("(1 m)^99 * (1 m)^28") == "1 m^127")
        #expect(try shown("(1 m)^99 / (1 m)^99") == "1")
        #expect(try shown("(1 m)^-99 * (1 m)^-28") == "1 m^-127")
    }

    @Test func dimensionNames() {
        #expect(Dimension.molarEnergy.phrase == "a molar energy")
        #expect(Dimension.temperature.phrase == "a temperature")
        #expect(Dimension.molarEntropy.phrase == "a molar entropy")
        #expect(Dimension(length: 1, time: -3).phrase == "a quantity of dimension m s^-3")
    }

    @Test(arguments: [
        (1052.382611, "1052.38"),
        (-0.8961081, "-0.896108"),
        (3.675, "3.675"),
        (17500, "17500"),
        (6.02214076e23, "6.02214e23"),
        (1.5e-5, "1.5e-5"),
        (0, "0"),
        (-0.0, "0"),
        (1e6, "1e6"),
        (123456, "123456"),
    ])
    func numberFormatting(_ x: Double, _ expected: String) {
        #expect(NumberFormat.format(x) == expected)
    }
}
