import SolvusCore
import SolvusNumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Builtins {
    /// A dimensionless function applied natively over a number or a numeric list, with a domain
    /// check that names the offending value.
    static func elementwise(_ name: String, doc: String, domain: ((Double) -> String?)? = nil,
                            jet: ((Jet) -> Jet)? = nil, _ f: @escaping (Double) -> Double) -> Builtin {
        Builtin(name, params: [.init("x", broadcast: .lists)], signature: "\(name)(x)", doc: doc) { args in
            // A quantity with derivatives (inside gibbs(...)): the chain rule through the jet.
            if case .jet(let j) = try args.require("x"), let jet {
                guard j.dimension.isDimensionless else {
                    throw args.error("x", .expectedDimension("x", expected: Dimension.none.phrase, found: Value.jet(j).typeDescription))
                }
                if let domain, let problem = domain(j.jet.value) { throw args.error("x", .domain(problem)) }
                return .jet(JetQuantity(jet(j.jet)))
            }
            let x = try args.numeric("x", .none)
            func check(_ v: Double, _ i: Int?) throws {
                if let domain, let problem = domain(v) {
                    throw args.error("x", .domain(problem),
                                     notes: i.map { ["note: at item \($0) of the list"] } ?? [])
                }
            }
            switch x {
            case .scalar(let v):
                try check(v, nil)
                return .number(f(v))
            case .array(let vs):
                for (i, v) in vs.enumerated() { try check(v, i) }
                return .array(QuantityArray(vs.map(f)))
            }
        }
    }

    static func logDomain(_ name: String) -> (Double) -> String? {
        { v in
            if v < 0 { return "\(name) of a negative number (\(NumberFormat.format(v))) is not a real number" }
            if v == 0 { return "\(name)(0) is minus infinity" }
            return nil
        }
    }

    static let math: [Builtin] = [
        elementwise("ln", doc: "Natural logarithm of a dimensionless number x > 0.", domain: logDomain("ln"),
                    jet: { $0.logarithm }, log),
        elementwise("log", doc: "Natural logarithm (the same as ln) of a dimensionless number x > 0.",
                    domain: logDomain("log"), jet: { $0.logarithm }, log),
        elementwise("log10", doc: "Base-10 logarithm of a dimensionless number x > 0.",
                    domain: logDomain("log10"), jet: { $0.logarithm * Jet(constant: 1 / log(10)) }, log10),
        elementwise("exp", doc: "e raised to a dimensionless number x.", jet: { $0.exponential }, exp),
        elementwise("xlnx", doc: """
            x ln x for a dimensionless x ≥ 0, continued by its limit 0 at x = 0: the term of the ideal \
            entropy of mixing, -R Σ x ln x (seed 000).
            Example: xlnx([0, 0.5, 1]) is [0, -0.346574, 0].
            """, domain: { $0 < 0 ? "xlnx of a negative number (\(NumberFormat.format($0))) is not a real number" : nil },
            jet: { $0.value > 0 ? $0 * $0.logarithm : Jet(constant: 0) }) { x in
            x > 0 ? x * log(x) : 0
        },
        Builtin("sqrt", params: [.init("x", broadcast: .lists)], signature: "sqrt(x)",
                doc: "Square root. The unit must have even powers.\nExample: sqrt(4 m^2) is 2 m.") { args in
            let v = try args.require("x")
            return try Arithmetic.binary(.pow, v, .number(0.5), opRange: args.range("x"),
                                         lhsRange: args.range("x"), rhsRange: args.range("x"))
        },
        quantityMap("abs", doc: "Absolute value, keeping the unit.") { Swift.abs($0) },
        quantityMap("floor", doc: "Largest whole number not above x, in x's own unit.", rounding: true) { $0.rounded(.down) },
        quantityMap("ceil", doc: "Smallest whole number not below x, in x's own unit.", rounding: true) { $0.rounded(.up) },
        round,
    ]

    /// round(x) in x's own unit, or round(x, step) to a multiple of step, in step's unit.
    static let round = Builtin(
        "round", params: [.init("x", broadcast: .lists), .init("step", optional: true)], signature: "round(x, step)",
        doc: """
            x rounded to the nearest whole number in its own unit (halves away from zero); with step, \
            to the nearest multiple of step (a quantity of x's dimension, or a number for a number), \
            in step's unit.
            Example: round(17.5346 kJ/mol, 0.01 kJ/mol) is 17.53 kJ/mol.
            """
    ) { args in
        let v = try args.require("x")
        let unit: Unit
        switch v {
        case .number(let q): unit = q.unit
        case .array(let a): unit = a.unit
        default: throw args.error("x", .expectedType("'x'", expected: "a number", found: v.typeDescription))
        }
        // Without a step: one of x's own unit (round(1.26 kJ) is 1 kJ, not 1260 J rounded).
        var step = Quantity(unit.scale, unit)
        if let stepValue = args.value("step") {
            guard case .number(let s) = stepValue else {
                throw args.error("step", .expectedType("'step'", expected: "a quantity", found: stepValue.typeDescription))
            }
            guard s.value > 0, s.value.isFinite else {
                throw args.error("step", .domain("the step must be positive and finite, not \(s)"))
            }
            guard unit.dimension == s.unit.dimension else {
                throw args.error("step", .expectedType("'step'", expected: "a multiple of \(Value.number(Quantity(1, unit)).typeDescription)",
                                                       found: stepValue.typeDescription))
            }
            step = s
        }
        let d = step.value
        if case .number(let q) = v { return .number(Quantity((q.value / d).rounded() * d, step.unit)) }
        guard case .array(let a) = v else { return v }
        return .array(QuantityArray(a.values.map { ($0 / d).rounded() * d }, step.unit))
    }

    /// A function of any quantity that keeps its unit. With `rounding`, it applies to the
    /// value as displayed (round(1.26 kJ) is 1 kJ, not 1260 J rounded).
    static func quantityMap(_ name: String, doc: String, rounding: Bool = false,
                            _ f: @escaping (Double) -> Double) -> Builtin {
        Builtin(name, params: [.init("x", broadcast: .lists)], signature: "\(name)(x)", doc: doc) { args in
            let v = try args.require("x")
            switch v {
            case .number(let q):
                let s = rounding ? q.unit.scale : 1
                return .number(Quantity(f(q.value / s) * s, q.unit))
            case .array(let a):
                let s = rounding ? a.unit.scale : 1
                return .array(QuantityArray(a.values.map { f($0 / s) * s }, a.unit))
            case .jet(let j) where name == "abs":
                return .jet(JetQuantity(j.jet.value < 0 ? -j.jet : j.jet, j.unit))
            default:
                throw args.error("x", .expectedType("'x'", expected: "a number", found: v.typeDescription))
            }
        }
    }
}
