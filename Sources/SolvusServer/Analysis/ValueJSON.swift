import SolvusCore

/// Values as JSON for `solvus/evaluate`: a quantity is `{value, unit, dimension}` with the
/// value in its unit as printed; lists are arrays, records objects, strings and booleans
/// themselves; a function is `{function: signature}`, a model `{type, text}`.
public struct ValueJSON {
    /// Items written across one answer; lists are cut beyond it.
    public static let maxItems = 100_000
    private var items = 0
    /// Values nested deeper than this are replaced by a marker, well within what JSON
    /// encoders and clients' parsers accept (often 512 levels, the message's own included).
    static let maxDepth = 100
    static let depthMarker = JSONValue.object([("truncated", .string("nested deeper than \(maxDepth) levels"))])
    /// Whether a list was cut or a value nested too deep.
    public private(set) var truncated = false

    public init() {}

    public mutating func convert(_ v: Value, depth: Int = 0) -> JSONValue {
        items += 1
        if depth >= ValueJSON.maxDepth {
            truncated = true
            return ValueJSON.depthMarker
        }
        switch v {
        case .number(let q):
            return ValueJSON.quantity(q.displayValue, q.unit)
        case .jet(let j):
            return ValueJSON.quantity(j.jet.value / j.unit.scale, j.unit)
        case .array(let a):
            let n = take(a.values.count)
            return .array(a.values.prefix(n).map { ValueJSON.quantity($0 / a.unit.scale, a.unit) })
        case .list(let list):
            let n = take(list.count)
            return .array(list.prefix(n).map { convert($0, depth: depth + 1) })
        case .record(let r):
            return .object(r.fields.map { ($0, convert($1, depth: depth + 1)) })
        case .string(let s):
            return .string(s)
        case .bool(let b):
            return .bool(b)
        case .function(let f):
            return .object([("function", .string(f.signature))])
        case .native(let c as any CompactList):
            return convert(c.list, depth: depth)
        case .native(let n):
            return .object([("type", .string(n.typeName)), ("text", .string(n.description))])
        }
    }

    /// How many of `count` items still fit.
    private mutating func take(_ count: Int) -> Int {
        let n = max(0, min(count, ValueJSON.maxItems - items))
        if n < count { truncated = true }
        items += n
        return n
    }

    public static func quantity(_ value: Double, _ unit: Unit) -> JSONValue {
        .object([("value", .number(value)), ("unit", .string(unit.description)),
                 ("dimension", .string(unit.dimension.name))])
    }
}
