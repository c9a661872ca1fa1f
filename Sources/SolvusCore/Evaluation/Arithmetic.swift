import SolvusNumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Arithmetic, comparison and conversion on values, with dimension checks and broadcasting:
/// a numeric list combines with a number, or with a list of the same length, element by element,
/// in native loops.
public enum Arithmetic {
    private static func label(_ v: Value) -> String { v.typeDescription }

    private static func verb(_ op: BinaryOp) -> String {
        switch op {
        case .add: return "add"
        case .sub: return "subtract"
        case .eq, .ne, .lt, .le, .gt, .ge: return "compare"
        default: return "combine"
        }
    }

    static func mismatch(_ op: BinaryOp, _ lhs: Value, _ rhs: Value, _ opRange: SourceRange,
                         _ lhsRange: SourceRange, _ rhsRange: SourceRange) -> Diagnostic {
        // "subtract B from A" reads right; the others take "A and B".
        let message: Message = op == .sub
            ? .cannotSubtract(label(rhs), from: label(lhs))
            : .dimensionMismatch(verb(op), label(lhs), label(rhs))
        return Diagnostic(message, at: opRange,
                   labels: [.init(lhsRange), .init(rhsRange)])
    }

    public static func unary(_ op: UnaryOp, _ v: Value, range: SourceRange, budget: Budget? = nil) throws -> Value {
        switch (op, v) {
        case (.plus, .number), (.plus, .array): return v
        case (.negate, .number(let q)): return .number(Quantity(-q.value, q.unit))
        case (.negate, .array(let a)):
            try budget?.reserve(bytes: a.values.count * 8, at: range)
            return .array(QuantityArray(try map(a.values, budget, range) { -$0 }, a.unit))
        case (.negate, .list(let items)), (.plus, .list(let items)):
            return Value.makeList(try items.enumerated().map {
                try budget?.check(item: $0.offset, at: range)
                return try unary(op, $0.element, range: range, budget: budget)
            })
        case (.not, .bool(let b)): return .bool(!b)
        case (.not, .native(let m as Mask)): return .native(Mask(m.bits.map { !$0 }))
        case (_, .native(let c as any CompactList)): return try unary(op, c.list, range: range, budget: budget)
        case (.negate, .jet(let j)): return .jet(JetQuantity(-j.jet, j.unit))
        case (.plus, .jet): return v
        case (.not, .list(let items)):
            return .list(try items.enumerated().map {
                try budget?.check(item: $0.offset, at: range)
                return try unary(op, $0.element, range: range, budget: budget)
            })
        default:
            throw Diagnostic(.unsupportedOperation(op == .not ? "not" : op.rawValue, v.typeDescription, nil), at: range)
        }
    }

    /// `f` over `values`, in slices checked against the budget.
    static func map(_ values: [Double], _ budget: Budget?, _ range: SourceRange,
                    _ f: (Double) -> Double) throws -> [Double] {
        guard let budget else { return values.map(f) }
        var out = [Double](repeating: 0, count: values.count)
        try budget.chunks(values.count, at: range) { slice in
            for i in slice { out[i] = f(values[i]) }
        }
        return out
    }

    public static func binary(_ op: BinaryOp, _ lhs: Value, _ rhs: Value, opRange: SourceRange,
                              lhsRange: SourceRange, rhsRange: SourceRange, budget: Budget? = nil) throws -> Value {
        // A compact list of strings takes part as the list it stands for.
        if case .native(let c as any CompactList) = lhs {
            try budget?.reserve(bytes: c.count * MemoryLayout<Value>.stride, at: lhsRange)
            return try binary(op, c.list, rhs, opRange: opRange, lhsRange: lhsRange, rhsRange: rhsRange, budget: budget)
        }
        if case .native(let c as any CompactList) = rhs {
            try budget?.reserve(bytes: c.count * MemoryLayout<Value>.stride, at: rhsRange)
            return try binary(op, lhs, c.list, opRange: opRange, lhsRange: lhsRange, rhsRange: rhsRange, budget: budget)
        }
        switch (lhs, rhs) {
        case (.jet(let a), .jet(let b)):
            return try jet(op, a, b, lhs, rhs, opRange, lhsRange, rhsRange)
        case (.jet(let a), .number(let b)):
            return try jet(op, a, JetQuantity(Jet(constant: b.value), b.unit), lhs, rhs, opRange, lhsRange, rhsRange)
        case (.number(let a), .jet(let b)):
            return try jet(op, JetQuantity(Jet(constant: a.value), a.unit), b, lhs, rhs, opRange, lhsRange, rhsRange)
        case (.number(let a), .number(let b)):
            return try numeric(op, .scalar(a.value), a.unit, .scalar(b.value), b.unit, lhs, rhs,
                               opRange, lhsRange, rhsRange, budget)
        case (.number(let a), .array(let b)):
            return try numeric(op, .scalar(a.value), a.unit, .array(b.values), b.unit, lhs, rhs,
                               opRange, lhsRange, rhsRange, budget)
        case (.array(let a), .number(let b)):
            return try numeric(op, .array(a.values), a.unit, .scalar(b.value), b.unit, lhs, rhs,
                               opRange, lhsRange, rhsRange, budget)
        case (.array(let a), .array(let b)):
            guard a.values.count == b.values.count else {
                throw Diagnostic(.lengthMismatch(a.values.count, b.values.count), at: opRange,
                                 labels: [.init(lhsRange), .init(rhsRange)])
            }
            return try numeric(op, .array(a.values), a.unit, .array(b.values), b.unit, lhs, rhs,
                               opRange, lhsRange, rhsRange, budget)
        case (.list(let items), _):
            if let n = rhs.listCount {
                guard n == items.count else {
                    throw Diagnostic(.lengthMismatch(items.count, n), at: opRange, labels: [.init(lhsRange), .init(rhsRange)])
                }
                return listResult(try items.indices.map {
                    try budget?.check(item: $0, at: opRange)
                    return try binary(op, items[$0], rhs.item($0), opRange: opRange, lhsRange: lhsRange, rhsRange: rhsRange,
                                      budget: budget)
                }, op)
            }
            return listResult(try items.enumerated().map {
                try budget?.check(item: $0.offset, at: opRange)
                return try binary(op, $0.element, rhs, opRange: opRange, lhsRange: lhsRange, rhsRange: rhsRange, budget: budget)
            }, op)
        case (_, .list(let items)):
            if let n = lhs.listCount {
                guard n == items.count else {
                    throw Diagnostic(.lengthMismatch(n, items.count), at: opRange, labels: [.init(lhsRange), .init(rhsRange)])
                }
                return listResult(try items.indices.map {
                    try budget?.check(item: $0, at: opRange)
                    return try binary(op, lhs.item($0), items[$0], opRange: opRange, lhsRange: lhsRange, rhsRange: rhsRange,
                                      budget: budget)
                }, op)
            }
            return listResult(try items.enumerated().map {
                try budget?.check(item: $0.offset, at: opRange)
                return try binary(op, lhs, $0.element, opRange: opRange, lhsRange: lhsRange, rhsRange: rhsRange, budget: budget)
            }, op)
        case (.string(let a), .string(let b)):
            switch op {
            case .add: return .string(a + b)
            case .eq: return .bool(a == b)
            case .ne: return .bool(a != b)
            default: break
            }
        case (.bool(let a), .bool(let b)):
            switch op {
            case .eq: return .bool(a == b)
            case .ne: return .bool(a != b)
            default: break
            }
        default:
            break
        }
        if op == .eq || op == .ne, !sameKind(lhs, rhs) {
            // Values of different kinds are never equal.
            return .bool(op == .ne)
        }
        throw Diagnostic(.unsupportedOperation(op.rawValue, lhs.typeDescription, rhs.typeDescription), at: opRange,
                         labels: [.init(lhsRange), .init(rhsRange)])
    }

    /// The comparison operators as functions on Doubles; nil for the others.
    static func comparison(_ op: BinaryOp) -> ((Double, Double) -> Bool)? {
        switch op {
        case .eq: return (==)
        case .ne: return (!=)
        case .lt: return (<)
        case .le: return (<=)
        case .gt: return (>)
        case .ge: return (>=)
        default: return nil
        }
    }

    /// Arithmetic on quantities with derivatives: the chain rule, exactly (SolvusNumerics.Jet).
    private static func jet(_ op: BinaryOp, _ a: JetQuantity, _ b: JetQuantity, _ lhs: Value, _ rhs: Value,
                            _ opRange: SourceRange, _ lhsRange: SourceRange, _ rhsRange: SourceRange) throws -> Value {
        func compare(_ f: (Double, Double) -> Bool) throws -> Value {
            guard a.dimension == b.dimension else { throw mismatch(op, lhs, rhs, opRange, lhsRange, rhsRange) }
            return .bool(f(a.jet.value, b.jet.value))
        }
        switch op {
        case .add, .sub:
            guard a.dimension == b.dimension else { throw mismatch(op, lhs, rhs, opRange, lhsRange, rhsRange) }
            return .jet(JetQuantity(op == .add ? a.jet + b.jet : a.jet - b.jet, a.unit.isNone ? b.unit : a.unit))
        case .mul:
            return .jet(JetQuantity(a.jet * b.jet, try fitting(a.unit.simplifiedProduct(b.unit), opRange)))
        case .div:
            guard b.jet.value != 0 else { throw Diagnostic(.divisionByZero(), at: rhsRange, labels: [.init(opRange)]) }
            return .jet(JetQuantity(a.jet / b.jet, try fitting(a.unit.simplifiedProduct(b.unit.inverse), opRange)))
        case .pow:
            // Only a constant exponent: x^2, T^0.5.
            guard case .number(let p) = rhs, p.dimension.isDimensionless else {
                throw Diagnostic(.expectedType("the exponent of a differentiated quantity", expected: "a constant number",
                                               found: rhs.typeDescription), at: rhsRange)
            }
            var unit = Unit.none
            if !a.unit.isNone && !a.dimension.isDimensionless {
                guard let u = a.unit.power(p.value) else {
                    throw Diagnostic(.domain("cannot raise \(lhs.typeDescription) to the power \(NumberFormat.format(p.value))"),
                                     at: opRange)
                }
                unit = try fitting(u, opRange)
            }
            if a.jet.value <= 0 && p.value != p.value.rounded() {
                throw Diagnostic(.domain("a non-positive number raised to a fractional power is not a real number"), at: opRange)
            }
            if a.jet.value == 0 && p.value < 0 { throw Diagnostic(.divisionByZero(), at: opRange) }
            if p.value == p.value.rounded() && p.value >= 0 && p.value <= 8 {
                var r = Jet(constant: 1)
                for _ in 0..<Int(p.value) { r = r * a.jet }  // 0 <= p <= 8, checked above
                return .jet(JetQuantity(r, unit))
            }
            return .jet(JetQuantity(a.jet.power(p.value), unit))
        case .eq, .ne, .lt, .le, .gt, .ge:
            return try compare(comparison(op) ?? (==))
        case .and, .or:
            throw Diagnostic(.unsupportedOperation(op.rawValue, lhs.typeDescription, rhs.typeDescription), at: opRange)
        }
    }

    private static func sameKind(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number, .number), (.number, .array), (.array, .number), (.array, .array), (.bool, .bool),
             (.string, .string), (.record, .record), (.function, .function), (.native, .native):
            return true
        default:
            return false
        }
    }

    private static func listResult(_ items: [Value], _ op: BinaryOp) -> Value {
        Value.makeList(items)
    }

    /// `unit`, if the powers of its dimensions fit (they are 8-bit: `m^99 * m^99` must not wrap).
    static func fitting(_ unit: Unit, _ range: SourceRange) throws -> Unit {
        guard unit.exponentsFit else { throw Diagnostic(.unitPowerTooLarge(), at: range) }
        return unit
    }

    // MARK: - Numbers

    private static func numeric(_ op: BinaryOp, _ a: Numeric, _ ua: Unit, _ b: Numeric, _ ub: Unit,
                                _ lhs: Value, _ rhs: Value, _ opRange: SourceRange,
                                _ lhsRange: SourceRange, _ rhsRange: SourceRange, _ budget: Budget?) throws -> Value {
        let n = a.count ?? b.count
        // Two numbers: the common case, without the arrays the list paths build.
        if case .scalar(let x) = a, case .scalar(let y) = b {
            switch op {
            case .add, .sub:
                guard ua.dimension == ub.dimension else { throw mismatch(op, lhs, rhs, opRange, lhsRange, rhsRange) }
                return .number(Quantity(op == .add ? x + y : x - y, ua.isNone ? ub : ua))
            case .mul:
                return .number(Quantity(x * y, try fitting(ua.simplifiedProduct(ub), opRange)))
            case .div where y != 0:
                return .number(Quantity(x / y, try fitting(ua.simplifiedProduct(ub.inverse), opRange)))
            default:
                break
            }
        }
        func make(_ values: [Double], _ unit: Unit) throws -> Value {
            n == nil ? .number(Quantity(values[0], unit)) : .array(QuantityArray(values, try fitting(unit, opRange)))
        }
        // Long lists are combined in slices, with the budget checked between them.
        func combine(_ f: (Double, Double) -> Double) throws -> [Double] {
            switch (a, b) {
            case (.scalar(let x), .scalar(let y)): return [f(x, y)]
            case (.scalar(let x), .array(let ys)): return try map(ys, budget, opRange) { f(x, $0) }
            case (.array(let xs), .scalar(let y)): return try map(xs, budget, opRange) { f($0, y) }
            case (.array(let xs), .array(let ys)):
                var out = [Double](repeating: 0, count: xs.count)
                if let budget {
                    try budget.chunks(xs.count, at: opRange) { slice in
                        for i in slice { out[i] = f(xs[i], ys[i]) }
                    }
                } else {
                    for i in 0..<xs.count { out[i] = f(xs[i], ys[i]) }
                }
                return out
            }
        }
        if let n { try budget?.reserve(bytes: n * MemoryLayout<Double>.stride, at: opRange) }
        func compare(_ f: (Double, Double) -> Bool) throws -> Value {
            guard ua.dimension == ub.dimension else { throw mismatch(op, lhs, rhs, opRange, lhsRange, rhsRange) }
            if n == nil { return .bool(f(a[0], b[0])) }
            let count = n ?? 1
            try budget?.reserve(bytes: count, at: opRange)
            // The operands read once, the result written in place, the budget checked per slice.
            let xs: [Double], ys: [Double]
            let x0: Double?, y0: Double?
            switch a { case .scalar(let x): (xs, x0) = ([], x); case .array(let v): (xs, x0) = (v, nil) }
            switch b { case .scalar(let y): (ys, y0) = ([], y); case .array(let v): (ys, y0) = (v, nil) }
            var out = [Bool](repeating: false, count: count)
            var start = 0
            while start < count {
                try budget?.check(at: opRange)
                let end = Swift.min(count, start + 65_536)
                for i in start..<end { out[i] = f(x0 ?? xs[i], y0 ?? ys[i]) }
                start = end
            }
            return .native(Mask(out))
        }

        switch op {
        case .add, .sub:
            guard ua.dimension == ub.dimension else { throw mismatch(op, lhs, rhs, opRange, lhsRange, rhsRange) }
            let unit = ua.isNone ? ub : ua
            return try make(op == .add ? combine(+) : combine(-), unit)
        case .mul:
            return try make(combine(*), fitting(ua.simplifiedProduct(ub), opRange))
        case .div:
            switch b {
            case .scalar(let y) where y == 0:
                throw Diagnostic(.divisionByZero(), at: rhsRange, labels: [.init(opRange)])
            case .array(let ys):
                if let i = ys.firstIndex(of: 0) {
                    throw Diagnostic(.divisionByZero(), at: rhsRange, labels: [.init(opRange)],
                                     notes: ["note: item \(i) of the divisor is zero"])
                }
            default: break
            }
            return try make(combine(/), fitting(ua.simplifiedProduct(ub.inverse), opRange))
        case .pow:
            return try power(a, ua, b, ub, lhs, rhs, opRange, lhsRange, rhsRange, budget, make: make)
        case .eq, .ne, .lt, .le, .gt, .ge:
            return try compare(comparison(op) ?? (==))
        case .and, .or:
            throw Diagnostic(.unsupportedOperation(op.rawValue, lhs.typeDescription, rhs.typeDescription), at: opRange)
        }
    }

    private static func power(_ a: Numeric, _ ua: Unit, _ b: Numeric, _ ub: Unit, _ lhs: Value, _ rhs: Value,
                              _ opRange: SourceRange, _ lhsRange: SourceRange, _ rhsRange: SourceRange,
                              _ budget: Budget?, make: ([Double], Unit) throws -> Value) throws -> Value {
        guard ub.dimension.isDimensionless else {
            throw Diagnostic(.expectedType("an exponent", expected: "a dimensionless number", found: rhs.typeDescription),
                             at: rhsRange)
        }
        var unit = Unit.none
        if !ua.isNone && !ua.dimension.isDimensionless {
            guard case .scalar(let p) = b else {
                throw Diagnostic(.expectedType("the exponent of a quantity with a unit", expected: "a single number",
                                               found: rhs.typeDescription), at: rhsRange)
            }
            if p == p.rounded(), abs(p) <= 64 {
                // |p| <= 64: the conversion is exact; the powers are checked below.
                unit = try fitting(ua.power(Int(p)), opRange)
            } else if let u = ua.power(p) {
                unit = try fitting(u, opRange)
            } else if let d = ua.dimension.power(p) {
                unit = Unit.base(for: d)
            } else if p == p.rounded(), p.isFinite {
                throw Diagnostic(.unitPowerTooLarge(), at: opRange, labels: [.init(lhsRange), .init(rhsRange)])
            } else {
                throw Diagnostic(.domain("cannot raise \(lhs.typeDescription) to the power \(NumberFormat.format(p)): "
                                         + "the unit would have a fractional power"), at: opRange,
                                 labels: [.init(lhsRange), .init(rhsRange)])
            }
        }
        var result: [Double] = []
        let count = a.count ?? b.count ?? 1
        result.reserveCapacity(count)
        for i in 0..<count {
            try budget?.check(item: i, at: opRange)
            let x = a[i], y = b[i]
            if x == 0 && y < 0 {
                throw Diagnostic(.divisionByZero(), at: opRange, labels: [.init(lhsRange), .init(rhsRange)],
                                 notes: ["note: zero raised to a negative power"])
            }
            if x < 0 && y != y.rounded() {
                throw Diagnostic(.domain("a negative number (\(NumberFormat.format(x))) raised to a fractional power "
                                         + "(\(NumberFormat.format(y))) is not a real number"), at: opRange,
                                 labels: [.init(lhsRange), .init(rhsRange)])
            }
            result.append(pow(x, y))
        }
        return try make(result, unit)
    }

    /// `and` / `or` of two lists of booleans (or a list and a boolean), element by element.
    public static func logical(_ op: BinaryOp, _ lhs: Value, _ rhs: Value, opRange: SourceRange,
                               lhsRange: SourceRange, rhsRange: SourceRange, budget: Budget? = nil) throws -> Value {
        func bools(_ v: Value, _ r: SourceRange) throws -> [Bool]? {
            switch v {
            case .bool: return nil
            case .native(let m as Mask): return m.bits
            case .list(let items):
                var out = [Bool](repeating: false, count: items.count)
                for i in items.indices {
                    if i & 65_535 == 0 { try budget?.check(at: r) }
                    switch items[i] {
                    case .bool(let b): out[i] = b
                    default:
                        throw Diagnostic(.expectedType("each item of a mask", expected: "a boolean",
                                                       found: items[i].typeDescription), at: r)
                    }
                }
                return out
            default:
                throw Diagnostic(.expectedType("the side of '\(op.rawValue)'", expected: "a boolean or a list of booleans",
                                               found: v.typeDescription), at: r)
            }
        }
        let a = try bools(lhs, lhsRange), b = try bools(rhs, rhsRange)
        let n = a?.count ?? b?.count ?? 1
        if let a, let b, a.count != b.count {
            throw Diagnostic(.lengthMismatch(a.count, b.count), at: opRange, labels: [.init(lhsRange), .init(rhsRange)])
        }
        func at(_ list: [Bool]?, _ v: Value, _ i: Int) -> Bool {
            if let list { return list[i] }
            if case .bool(let x) = v { return x }
            return false
        }
        var out = [Bool](repeating: false, count: n)
        for i in 0..<n {
            if i & 65_535 == 0 { try budget?.check(at: opRange) }
            let x = at(a, lhs, i), y = at(b, rhs, i)
            out[i] = op == .and ? x && y : x || y
        }
        return .native(Mask(out))
    }

    // MARK: - Conversion

    /// `value -> unit`: the same quantity shown in another unit of the same dimension.
    public static func convert(_ v: Value, to unit: Unit, valueRange: SourceRange, unitRange: SourceRange,
                               budget: Budget? = nil) throws -> Value {
        func fail() -> Diagnostic {
            Diagnostic(.conversionMismatch(from: v.typeDescription, to: "\(unit.dimension.phrase) (\(unit))"),
                       at: unitRange, labels: [.init(valueRange)])
        }
        switch v {
        case .number(let q):
            guard q.dimension == unit.dimension else { throw fail() }
            return .number(Quantity(q.value, unit))
        case .jet(let j):
            guard j.dimension == unit.dimension else { throw fail() }
            return .jet(JetQuantity(j.jet, unit))
        case .array(let a):
            guard a.dimension == unit.dimension || a.values.isEmpty else { throw fail() }
            return .array(QuantityArray(a.values, unit))
        case .list(let items):
            return Value.makeList(try items.enumerated().map {
                try budget?.check(item: $0.offset, at: valueRange)
                return try convert($0.element, to: unit, valueRange: valueRange, unitRange: unitRange, budget: budget)
            })
        case .record(let r):
            // Convert the fields of that dimension; leave the others as they are.
            var out = Record()
            var converted = 0
            for (k, f) in r.fields {
                if let c = try? convert(f, to: unit, valueRange: valueRange, unitRange: unitRange) {
                    out[k] = c
                    converted += 1
                } else {
                    out[k] = f
                }
            }
            guard converted > 0 else { throw fail() }
            return .record(out)
        default:
            throw fail()
        }
    }
}

