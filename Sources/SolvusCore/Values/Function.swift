/// A function value: written in Solvus, or native.
public final class Function: @unchecked Sendable {
    public enum Kind {
        case user(UserFunction)
        case builtin(Builtin)
    }

    public let name: String
    public let kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// `mix(model, x, T)`
    public var signature: String {
        switch kind {
        case .user(let u):
            let ps = u.params.map { p in p.defaultValue == nil ? p.name : "\(p.name) = …" }
            return "\(name)(\(ps.joined(separator: ", ")))"
        case .builtin(let b):
            return b.signature
        }
    }

    public var doc: String? {
        switch kind {
        case .user(let u): return u.doc
        case .builtin(let b): return b.doc
        }
    }

    public var parameterNames: [String] {
        switch kind {
        case .user(let u): return u.params.map(\.name)
        case .builtin(let b): return b.params.map(\.name)
        }
    }
}

/// A function written in Solvus, with the scope it was defined in.
public struct UserFunction {
    public var params: [Parameter]
    public var body: Expr
    /// The scope the function was defined in; nil for the top level, whose functions read the
    /// globals of the evaluator that calls them. The top-level scope holds its functions, so a
    /// reference back to it would be a cycle that is never freed (every session would leak).
    public var closure: Environment?
    public var doc: String?

    public init(params: [Parameter], body: Expr, closure: Environment?, doc: String?) {
        self.params = params
        self.body = body
        self.closure = closure
        self.doc = doc
    }
}

/// A native function: its signature and documentation, declared once, and its body.
public struct Builtin {
    /// How a parameter takes lists.
    public enum Broadcast {
        /// The body receives the value as it is.
        case none
        /// A heterogeneous list (of compositions, models, strings) is mapped item by item;
        /// a numeric array is passed to the body, which handles it natively.
        case lists
        /// Any list, numeric arrays included, is mapped item by item.
        case all
    }

    public struct Param {
        public var name: String
        public var defaultValue: Value?
        public var broadcast: Broadcast
        /// May be left out even without a default; the body sees nil.
        public var isOptional: Bool
        /// Given only by name (`title: "..."`), so positional arguments pass it by (variadic functions).
        public var namedOnly: Bool
        public init(_ name: String, default defaultValue: Value? = nil, broadcast: Broadcast = .none,
                    optional: Bool = false, namedOnly: Bool = false) {
            self.name = name
            self.defaultValue = defaultValue
            self.broadcast = broadcast
            self.isOptional = optional || defaultValue != nil || namedOnly
            self.namedOnly = namedOnly
        }
    }

    public var name: String
    public var params: [Param]
    /// Extra positional arguments are collected in `Arguments.rest`.
    public var variadic: Bool
    /// `mix(model, x:, T:) -> {G, H, S}`
    public var signature: String
    /// Documentation: what it computes, units, valid range and source.
    public var doc: String
    public var body: (Arguments) throws -> Value

    public init(_ name: String, params: [Param], variadic: Bool = false, signature: String, doc: String,
                body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.params = params
        self.variadic = variadic
        self.signature = signature
        self.doc = doc
        self.body = body
    }
}

/// The arguments of a native call, matched to parameters, with where each came from.
public struct Arguments {
    public let function: String
    public let callRange: SourceRange
    public let params: [Builtin.Param]
    public internal(set) var values: [Value?]
    public internal(set) var ranges: [SourceRange?]
    /// Extra positional arguments of a variadic function.
    public internal(set) var rest: [(Value, SourceRange)] = []
    public let evaluator: Evaluator
    /// The one field of the result that the caller reads, when the call is written `f(...).name`
    /// (the record itself is never seen): a built-in whose fields each cost a pass over many
    /// compositions may make only that one. It must still make the whole record when it does
    /// not have a field of that name, so that the error lists the fields there are.
    public internal(set) var wantedField: String?

    private func slot(_ name: String) -> Int? { params.firstIndex { $0.name == name } }

    public func value(_ name: String) -> Value? { slot(name).flatMap { values[$0] } }

    public func range(_ name: String) -> SourceRange { slot(name).flatMap { ranges[$0] } ?? callRange }

    /// An error about argument `name`, placed under it.
    public func error(_ name: String, _ message: Message, notes: [String] = []) -> Diagnostic {
        Diagnostic(message, at: range(name), notes: notes)
    }

    public func error(_ message: Message) -> Diagnostic { Diagnostic(message, at: callRange) }

    /// The range of bytes `offset..<offset+length` inside the string given for `name`, when it
    /// was written as a plain literal, alone or as an item of a list literal
    /// (`["CoCr", "FeXx"]`); otherwise the whole argument.
    public func range(_ name: String, insideString text: String, offset: Int, length: Int) -> SourceRange {
        let r = range(name)
        guard let file = evaluator.sources?.file(r.file), !text.contains("\\") else { return r }
        let slice = Array(file.slice(r).utf8)
        let literal = Array(("\"" + text + "\"").utf8)
        guard slice.count >= literal.count,
              let at = (0...(slice.count - literal.count)).first(where: { slice[$0..<($0 + literal.count)].elementsEqual(literal) })
        else { return r }
        let start = r.start + at + 1 + offset
        return SourceRange(file: r.file, start: start, end: start + max(1, length))
    }

    public func require(_ name: String) throws -> Value {
        guard let v = value(name) else { throw error(.missingArgument(name, function: function)) }
        return v
    }

    /// A scalar quantity of the given dimension, in SI.
    public func scalar(_ name: String, _ dimension: Dimension) throws -> Double {
        let v = try require(name)
        guard case .number(let q) = v else {
            throw error(name, .expectedDimension(name, expected: dimension.phrase, found: v.typeDescription))
        }
        guard q.dimension == dimension else {
            throw error(name, .expectedDimension(name, expected: dimension.phrase, found: v.typeDescription))
        }
        return q.value
    }

    /// A quantity of the given dimension, scalar or a numeric list, in SI.
    public func numeric(_ name: String, _ dimension: Dimension) throws -> Numeric {
        let v = try require(name)
        switch v {
        case .number(let q) where q.dimension == dimension: return .scalar(q.value)
        case .array(let a) where a.dimension == dimension || a.values.isEmpty: return .array(a.values)
        default:
            throw error(name, .expectedDimension(name, expected: dimension.phrase, found: v.typeDescription))
        }
    }

    public func string(_ name: String) throws -> String {
        let v = try require(name)
        guard case .string(let s) = v else {
            throw error(name, .expectedType("'\(name)'", expected: "a string", found: v.typeDescription))
        }
        return s
    }
}

/// A numeric argument: one value, or a list handled natively.
public enum Numeric: Sendable {
    case scalar(Double)
    case array([Double])

    public var count: Int? {
        if case .array(let a) = self { return a.count }
        return nil
    }

    public subscript(i: Int) -> Double {
        switch self {
        case .scalar(let x): return x
        case .array(let a): return a[i]
        }
    }
}
