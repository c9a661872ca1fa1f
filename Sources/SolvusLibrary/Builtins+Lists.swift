import SolvusCore

extension Builtins {
    private static func numbers(_ args: Arguments, _ name: String) throws -> QuantityArray {
        let v = try args.require(name)
        switch v {
        case .array(let a): return a
        case .number(let q): return QuantityArray([q.value], q.unit)
        default:
            throw args.error(name, .expectedType("'\(name)'", expected: "a list of numbers of one dimension",
                                                 found: v.typeDescription))
        }
    }

    static func extremum(_ name: String, _ better: @escaping (Double, Double) -> Bool) -> Builtin {
        Builtin(name, params: [.init("xs")], variadic: true, signature: "\(name)(xs) or \(name)(a, b, ...)",
                doc: "The \(name == "min" ? "smallest" : "largest") of a list, or of several numbers of one dimension.") { args in
            var a = try numbers(args, "xs")
            for (v, r) in args.rest {
                guard case .number(let q) = v, q.dimension == a.dimension else {
                    throw Diagnostic(.expectedDimension(name, expected: a.dimension.phrase, found: v.typeDescription), at: r)
                }
                a.values.append(q.value)
            }
            guard var best = a.values.first else {
                throw args.error("xs", .domain("\(name) of an empty list"))
            }
            for v in a.values where better(v, best) || v.isNaN { best = v }
            return .number(Quantity(best, a.unit))
        }
    }

    /// The sum of `values` as eight interleaved partial sums (item i into sum i mod 8), added
    /// pairwise at the end: the same order every time, and no one running sum holds all the
    /// rounding of a long list; the budget is checked every 65,536 items.
    static func total(_ values: [Double], _ args: Arguments) throws -> Double {
        typealias V = SIMD8<Double>
        var sums = V(repeating: 0)
        var tail = V(repeating: 0)
        let n = values.count
        try values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let whole = n / 8 * 8
            try args.evaluator.budget.chunks(whole / 8, size: 8_192, at: args.callRange) { slice in
                let raw = UnsafeRawPointer(base)
                for i in slice { sums += raw.loadUnaligned(fromByteOffset: i &* 64, as: V.self) }
            }
            for i in whole..<n { tail[i - whole] = base[i] }
        }
        sums += tail
        let four = sums.lowHalf + sums.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    static let lists: [Builtin] = [
        Builtin("sum", params: [.init("xs")], signature: "sum(xs)",
                doc: "The sum of a list of numbers of one dimension, in the list's unit; 0 for an empty list. Added as eight interleaved partial sums, the same way every time (closer to the exact sum of a long list than one running sum).\nExample: sum([1, 2, 3] * 1 kJ) is 6 kJ.") { args in
            let a = try numbers(args, "xs")
            return .number(Quantity(try total(a.values, args), a.unit))
        },
        Builtin("mean", params: [.init("xs")], signature: "mean(xs)",
                doc: "The arithmetic mean of a non-empty list of numbers of one dimension.") { args in
            let a = try numbers(args, "xs")
            guard !a.values.isEmpty else { throw args.error("xs", .domain("the mean of an empty list is undefined")) }
            return .number(Quantity(try total(a.values, args) / Double(a.values.count), a.unit))
        },
        extremum("min", <),
        extremum("max", >),
        Builtin("len", params: [.init("xs")], signature: "len(xs)",
                doc: "The number of items of a list, fields of a record, characters of a string, or compositions of a set or grid.") { args in
            let v = try args.require("xs")
            switch v {
            case .string(let s): return .number(Double(s.count))
            case .record(let r): return .number(Double(r.count))
            case .native(let g as CompositionGrid): return .number(Double(g.count))
            case .native(let c as CompositionSet): return .number(Double(c.count))
            default:
                guard let n = v.listCount else {
                    throw args.error("xs", .expectedType("'xs'", expected: "a list", found: v.typeDescription))
                }
                return .number(Double(n))
            }
        },
        Builtin("linspace", params: [.init("from"), .init("to"), .init("n")], signature: "linspace(from, to, n)",
                doc: "n evenly spaced values from `from` to `to`, both included (n ≥ 2).\nExample: linspace(300 K, 400 K, 3) is [300, 350, 400] K.") { args in
            guard case .number(let a) = try args.require("from") else {
                throw args.error("from", .expectedType("'from'", expected: "a number", found: try args.require("from").typeDescription))
            }
            let b = try args.scalar("to", a.dimension)
            let n = try args.scalar("n", .none)
            guard n == n.rounded(), n >= 2 else {
                throw args.error("n", .domain("n must be a whole number of at least 2, not \(NumberFormat.format(n))"))
            }
            try args.evaluator.checkSize(n, at: args.range("n"))
            let count = Int(n)  // at most maxElements: checked above
            try args.evaluator.budget.reserve(bytes: count * MemoryLayout<Double>.stride, at: args.callRange)
            let step = (b - a.value) / Double(count - 1)
            var values = [Double](repeating: 0, count: count)
            try args.evaluator.budget.chunks(count, at: args.callRange) { slice in
                for i in slice { values[i] = a.value + Double(i) * step }
            }
            values[count - 1] = b
            return .array(QuantityArray(values, a.unit))
        },
        Builtin("map", params: [.init("f"), .init("xs")], signature: "map(f, xs)",
                doc: "Applies the function f to each item of the list xs and returns the list of results.") { args in
            guard case .function(let f) = try args.require("f") else {
                throw args.error("f", .expectedType("'f'", expected: "a function", found: try args.require("f").typeDescription))
            }
            let xs = try args.require("xs")
            let r = args.range("xs")
            guard let n = xs.listCount else {
                return try args.evaluator.call(f, [(nil, nil, xs, r)], range: args.callRange)
            }
            try args.evaluator.budget.reserve(bytes: n * MemoryLayout<Value>.stride, at: args.callRange)
            var out: [Value] = []
            out.reserveCapacity(n)
            for i in 0..<n { out.append(try args.evaluator.call(f, [(nil, nil, xs.item(i), r)], range: args.callRange)) }
            return Value.makeList(out)
        },
    ]
}
