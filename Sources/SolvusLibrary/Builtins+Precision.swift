import SolvusCore

extension Builtins {
    /// Precision on demand: a value's text with more (or fewer) digits, and the bare number of a
    /// quantity in a chosen unit.
    static let precision: [Builtin] = [
        Builtin("format", params: [.init("x"), .init("digits", default: .number(Double(NumberFormat.defaultDigits)))],
                signature: "format(x, digits: 6)",
                doc: """
                    The text of a value with `digits` significant digits (1 to 17): \
                    format(critical(regular(17.5 kJ/mol)).T, digits: 12) is "1052.37993797 K". \
                    Whole numbers below 10^15 are never rounded.
                    """) { args in
            let x = try args.require("x")
            let digits = try args.digitCount("digits")
            return .string(NumberFormat.withDigits(digits) { x.description })
        },
        Builtin("value", params: [.init("x", broadcast: .lists), .init("unit", optional: true)],
                signature: "value(x, unit)",
                doc: """
                    The bare number of a quantity in `unit`: value(1 eV/atom, kJ/mol) is 96.4853; without a \
                    unit, in the unit it prints in. The unit is any quantity of the same dimension.
                    """) { args in
            let x = try args.require("x")
            guard let unitValue = args.value("unit") else {
                switch x {
                case .number(let q): return .number(q.displayValue)
                case .array(let a): return .array(QuantityArray(a.values.map { $0 / a.unit.scale }))
                default: throw args.error("x", .expectedType("'x'", expected: "a number", found: x.typeDescription))
                }
            }
            guard case .number(let u) = unitValue, u.value != 0, u.value.isFinite else {
                throw args.error("unit", .expectedType("'unit'", expected: "a unit such as kJ/mol", found: unitValue.typeDescription))
            }
            let mismatch = args.error("x", .conversionMismatch(from: x.typeDescription, to: u.typeDescriptionForUnit))
            switch x {
            case .number(let q):
                guard q.dimension == u.dimension else { throw mismatch }
                return .number(q.value / u.value)
            case .array(let a):
                guard a.dimension == u.dimension || a.values.isEmpty else { throw mismatch }
                return .array(QuantityArray(a.values.map { $0 / u.value }))
            default:
                throw args.error("x", .expectedType("'x'", expected: "a number", found: x.typeDescription))
            }
        },
    ]
}

extension Arguments {
    /// A whole number of significant digits, 1 to 17.
    fileprivate func digitCount(_ name: String) throws -> Int {
        let v = try require(name)
        guard case .number(let q) = v, q.dimension.isDimensionless, q.value == q.value.rounded(),
              NumberFormat.digitRange.contains(Int(exactly: q.value) ?? 0) else {
            throw error(name, .expectedType("'\(name)'", expected: "a whole number from 1 to 17", found: v.nested))
        }
        return Int(q.value)
    }
}

extension Quantity {
    /// "a molar energy (kJ/mol)" for the unit a quantity stands for.
    fileprivate var typeDescriptionForUnit: String {
        unit.isNone ? dimension.phrase : "\(dimension.phrase) (\(unit))"
    }
}
