import SolvusNumerics

/// A number with a unit. The value is in SI; the unit fixes the dimension and the display.
public struct Quantity: Sendable, Equatable {
    public var value: Double
    public var unit: Unit

    public init(_ value: Double, _ unit: Unit = .none) {
        self.value = value
        self.unit = unit
    }

    public var dimension: Dimension { unit.dimension }
    /// The value in the quantity's own unit, as printed.
    public var displayValue: Double { value / unit.scale }
}

/// A list of numbers sharing one unit, stored as SI Doubles so that arithmetic and models run
/// over it natively.
public struct QuantityArray: Sendable, Equatable {
    public var values: [Double]
    public var unit: Unit

    public init(_ values: [Double], _ unit: Unit = .none) {
        self.values = values
        self.unit = unit
    }

    public var dimension: Dimension { unit.dimension }
}

/// A quantity together with its derivatives with respect to composition and temperature, as
/// user-written Gibbs functions see their arguments during automatic differentiation.
public struct JetQuantity: Sendable, Equatable {
    public var jet: Jet
    public var unit: Unit

    public init(_ jet: Jet, _ unit: Unit = .none) {
        self.jet = jet
        self.unit = unit
    }

    public var dimension: Dimension { unit.dimension }
}

/// A record: fields in the order they were written.
public struct Record: Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [Value] = []

    public init() {}

    public init(_ pairs: [(String, Value)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public subscript(key: String) -> Value? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public var count: Int { keys.count }
    public var fields: Zip2Sequence<[String], [Value]> { zip(keys, values) }
}

/// A value defined outside the language core, such as a solution model.
public protocol NativeValue: Sendable {
    /// "a regular solution model", for messages.
    var typeName: String { get }
    /// How the value prints: `regular(17.5 kJ/mol)`.
    var description: String { get }
    /// Fields readable with `.name`.
    var fieldNames: [String] { get }
    func field(_ name: String) -> Value?
    /// A field that costs work or memory to make (a grid's column): made within the
    /// evaluation's budget. By default, `field(name)`.
    func field(_ name: String, evaluator: Evaluator, at range: SourceRange) throws -> Value?
    /// The Solvus values it holds (a model made from a user function holds the function), so
    /// that the cycles through them can be broken when a session ends.
    var heldValues: [Value] { get }
}

extension NativeValue {
    public var fieldNames: [String] { [] }
    public func field(_ name: String) -> Value? { nil }
    public func field(_ name: String, evaluator: Evaluator, at range: SourceRange) throws -> Value? { field(name) }
    public var heldValues: [Value] { [] }
}

/// Every Solvus value.
public enum Value: Sendable {
    case number(Quantity)
    case array(QuantityArray)
    case bool(Bool)
    case string(String)
    case list([Value])
    case record(Record)
    case function(Function)
    case native(any NativeValue)
    /// A quantity carrying derivatives (automatic differentiation of user Gibbs functions).
    case jet(JetQuantity)

    public static func number(_ value: Double, _ unit: Unit = .none) -> Value { .number(Quantity(value, unit)) }

    /// A list from items: numbers of one dimension become a numeric array, the rest a list.
    public static func makeList(_ items: [Value]) -> Value {
        if items.isEmpty { return .array(QuantityArray([], .none)) }
        guard case .number(let first) = items[0] else { return .list(items) }
        var values: [Double] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard case .number(let q) = item, q.dimension == first.dimension else { return .list(items) }
            values.append(q.value)
        }
        return .array(QuantityArray(values, first.unit))
    }

    /// How the value is named in messages: "a temperature (K)", "a list", "a string".
    public var typeDescription: String {
        switch self {
        case .number(let q):
            return q.unit.isNone || q.dimension.isDimensionless ? q.dimension.phrase
                : "\(q.dimension.phrase) (\(q.unit))"
        case .array(let a):
            let d = a.dimension.isDimensionless ? "numbers" : "\(a.dimension.name)s"
            return a.unit.isNone ? "a list of \(d)" : "a list of \(d) (\(a.unit))"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .list: return "a list"
        case .record: return "a record"
        case .function: return "a function"
        case .native(let n): return n.typeName
        case .jet(let j):
            return j.unit.isNone || j.dimension.isDimensionless ? j.dimension.phrase : "\(j.dimension.phrase) (\(j.unit))"
        }
    }

    /// The empty record that `print` and `use` give: nothing worth showing, so the command line
    /// and the REPL do not echo it and it does not become `ans`.
    public var isNothing: Bool {
        if case .record(let r) = self { return r.count == 0 }
        return false
    }

    /// Whether the value is, or a list holds, a quantity with derivatives (inside `gibbs`).
    public var containsJet: Bool {
        switch self {
        case .jet: return true
        case .list(let items): return items.contains { $0.containsJet }
        default: return false
        }
    }

    /// Number of items, for lists.
    public var listCount: Int? {
        switch self {
        case .array(let a): return a.values.count
        case .list(let l): return l.count
        case .native(let c as any CompactList): return c.count
        default: return nil
        }
    }

    /// Item `i` of a list.
    public func item(_ i: Int) -> Value {
        switch self {
        case .array(let a): return .number(Quantity(a.values[i], a.unit))
        case .list(let l): return l[i]
        case .native(let c as any CompactList): return c.item(i)
        default: return self
        }
    }
}

extension Value {
    /// Whether a function may be inside: a function, a native value (which may wrap one), or a
    /// list or record holding either. Conservative: a list too long to look through counts.
    func mayHoldFunction(budget: Int = 10_000) -> Bool {
        var budget = budget
        return mayHoldFunction(&budget)
    }

    private func mayHoldFunction(_ budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return true }
        switch self {
        case .native(let n): return !(n is any CompactList)
        case .function: return true
        case .list(let items): return items.contains { $0.mayHoldFunction(&budget) }
        case .record(let r): return r.values.contains { $0.mayHoldFunction(&budget) }
        case .number, .array, .bool, .string, .jet: return false
        }
    }
}
