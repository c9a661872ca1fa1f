/// A list stored compactly by a native value: it prints, compares, indexes and converts like
/// the ordinary list it stands for (`list`), which built-ins are given (`Value.expanded`).
public protocol CompactList: NativeValue {
    var count: Int { get }
    func item(_ i: Int) -> Value
    /// The ordinary list.
    var list: Value { get }
}

/// A list of booleans stored one byte each: what comparing lists gives (a mask), so that
/// `d.omega > 1.1 and d.delta < 6.6 %` over 10^7 items costs megabytes, not half a gigabyte.
public struct Mask: CompactList, Sendable {
    public let bits: [Bool]
    public init(_ bits: [Bool]) { self.bits = bits }
    public var count: Int { bits.count }
    public func item(_ i: Int) -> Value { .bool(bits[i]) }
    public var list: Value { .list(bits.map { .bool($0) }) }
    public var typeName: String { "a list" }
    public var description: String { list.description }
}

/// A list of strings drawn from a few values — a verdict per composition — stored as one byte
/// per item: how `omega` returns its verdicts, so that the results of 10^7 compositions fit in
/// tens of bytes each. It prints, compares, indexes and converts like the list of its strings;
/// where a built-in needs an ordinary list, it is expanded (`Value.expanded`).
public struct Categories: CompactList, Sendable {
    /// The distinct strings (at most 256).
    public let levels: [String]
    /// For each item, its string's index in `levels`.
    public let codes: [UInt8]

    public init(levels: [String], codes: [UInt8]) {
        self.levels = levels
        self.codes = codes
    }

    /// Items from `count` strings, each given by `item(i)`; nil if there are more than 256 distinct.
    public init?(count: Int, _ item: (Int) -> String) {
        var levels: [String] = []
        var last = -1
        var codes = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let s = item(i)
            // Verdicts come in runs: the previous code first, then a search of the few levels.
            if last >= 0, levels[last] == s {
                codes[i] = UInt8(last)
                continue
            }
            if let j = levels.firstIndex(of: s) {
                last = j
            } else {
                guard levels.count < 256 else { return nil }
                levels.append(s)
                last = levels.count - 1
            }
            codes[i] = UInt8(last)
        }
        self.init(levels: levels, codes: codes)
    }

    public var count: Int { codes.count }
    public func item(_ i: Int) -> Value { .string(levels[Int(codes[i])]) }
    /// The ordinary list of the strings (each string's storage shared by its items).
    public var list: Value {
        let values = levels.map { Value.string($0) }
        return .list(codes.map { values[Int($0)] })
    }

    public var typeName: String { "a list" }
    public var description: String { list.description }
}

extension Value {
    /// A compact list (`Categories`) as an ordinary list, also inside records (what a built-in
    /// is given); any other value as it is.
    public var expanded: Value {
        switch self {
        case .native(let c as any CompactList):
            return c.list
        case .record(let r) where r.values.contains(where: { $0.holdsCategories }):
            return .record(Record(r.fields.map { ($0, $1.expanded) }))
        default:
            return self
        }
    }

    /// Whether a compact list is here or in a record inside.
    var holdsCategories: Bool {
        switch self {
        case .native(let n): return n is any CompactList
        case .record(let r): return r.values.contains { $0.holdsCategories }
        default: return false
        }
    }
}

extension Value {
    /// A list, or a mask: what `and` and `or` combine element by element.
    var isListOfBooleansOrList: Bool {
        switch self {
        case .list: return true
        case .native(let n): return n is Mask
        default: return false
        }
    }
}
