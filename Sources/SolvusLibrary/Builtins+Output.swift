import SolvusCore

extension Builtins {
    static let output: [Builtin] = [
        Builtin("print", params: [], variadic: true, signature: "print(a, b, ...)",
                doc: "Writes its arguments, separated by spaces, and a newline. Strings are written without quotes.") { args in
            let budget = args.evaluator.budget
            args.evaluator.output(try args.rest.map { try $0.0.formatted(budget: budget, at: $0.1) }
                .joined(separator: " ") + "\n")
            return .record(Record())
        },
        Builtin("str", params: [.init("x")], signature: "str(x)",
                doc: "The text of a value, as print would write it: str(1052.38 K) is \"1052.38 K\".") { args in
.string(try args.require("x").formatted(budget: args.evaluator.budget, at: args.range("x")))
        },
        Builtin("assert", params: [.init("condition"), .init("message", default: .string("condition is false"))],
                signature: "assert(condition, message)",
                doc: "Stops the script with an error unless condition is true.") { args in
            let c = try args.require("condition")
            guard case .bool(let ok) = c else {
                throw args.error("condition", .expectedType("'condition'", expected: "a boolean", found: c.typeDescription))
            }
            if !ok { throw args.error("condition", .assertionFailed(try args.string("message"))) }
            return .bool(true)
        },
        Builtin("assert_eq", params: [.init("a"), .init("b"), .init("tolerance", default: .number(0))],
                signature: "assert_eq(a, b, tolerance)",
                doc: """
                    Stops the script with an error unless |a - b| ≤ tolerance. a, b and the tolerance share one \
                    dimension (a dimensionless tolerance of 0 is accepted for any). Lists are compared item by item.
                    """) { args in
            let a = try args.require("a"), b = try args.require("b"), tol = try args.require("tolerance")
            let r = args.callRange
            let diff = try Arithmetic.binary(.sub, a, b, opRange: r, lhsRange: args.range("a"), rhsRange: args.range("b"))
            let values: [Double]
            let unit: Unit
            switch diff {
            case .number(let q): values = [q.value]; unit = q.unit
            case .array(let arr): values = arr.values; unit = arr.unit
            default: throw args.error("a", .expectedType("'a'", expected: "a number or a list of numbers", found: a.typeDescription))
            }
            guard case .number(let t) = tol, t.dimension == unit.dimension || (t.value == 0 && t.dimension.isDimensionless) else {
                throw args.error("tolerance", .expectedDimension("tolerance", expected: unit.dimension.phrase, found: tol.typeDescription))
            }
            for (i, d) in values.enumerated() where !(Swift.abs(d) <= t.value) {
                let item = values.count > 1 ? " (item \(i))" : ""
                throw args.error(.assertionFailed(
                    "\(a.nested) and \(b.nested) differ by \(Quantity(Swift.abs(d), unit))\(item), more than \(t)"))
            }
            return .bool(true)
        },
    ]
}
