/// Limits that keep a runaway script from taking the process down.
public struct EvaluationLimits: Sendable {
    /// Deepest chain of user-function calls.
    public var maxCallDepth = 10_000
    /// Most values one range, grid or list may hold.
    public var maxElements = 50_000_000
    /// Wall-clock budget for one evaluation; nil for none.
    public var timeLimit: Duration?

    public init() {}
}

/// Walks the syntax tree and computes values.
public final class Evaluator {
    public let globals: Environment
    public private(set) var builtins: [String: Function] = [:]
    /// Where `print` writes.
    public var output: (String) -> Void = { print($0, terminator: "") }
    public var limits = EvaluationLimits()
    /// The directory of the file being run, for natives that read files (`load`).
    public var currentDirectory: () -> String = { "." }
    /// Whether natives may write files (`save`); an editor's live evaluation turns it off, so that
    /// typing does not rewrite files.
    public var allowsFileWrites = true
    /// When set, files outside this directory may not be read or written (`use`, `load`, `save`);
    /// SolvusLibrary's `FileConfinement` states the rule.
    public var fileAccessRoot: String?

    /// The texts being run, so that natives can point inside a string literal.
    public var sources: SourceMap?
    /// Whether the user asked to stop (Ctrl-C); read, and cleared, between steps.
    public var takeInterrupt: () -> Bool = Interrupt.take
    /// Runs `use "file"`; set by the session, which knows files and what was loaded.
    public var useHandler: ((String, SourceRange) throws -> Void)?

    private var callDepth = 0
    private var deadline: ContinuousClock.Instant?
    private var steps = 0

    public init() {
        globals = Environment()
    }

    deinit {
        // Functions defined in blocks that escaped them still hold their scopes, which hold
        // them (and, through their parents, the globals): break those cycles now.
        globals.breakCycles()
    }

    public func register(_ builtin: Builtin) {
        builtins[builtin.name] = Function(name: builtin.name, kind: .builtin(builtin))
    }

    // MARK: - Statements

    /// Runs top-level statements; `result` receives each statement's value.
    public func run(_ statements: [Stmt], result: (Stmt, Value) -> Void = { _, _ in }) throws {
        callDepth = 0
        deadline = limits.timeLimit.map { ContinuousClock.now + $0 }
        for s in statements {
            try checkBudget(s.range)
            let v = try execute(s, in: globals)
            result(s, v)
        }
    }

    /// Runs one statement in `env` and returns its value (a binding's value is the bound value).
    @discardableResult
    public func execute(_ s: Stmt, in env: Environment) throws -> Value {
        switch s.kind {
        case .expression(let e):
            return try evaluate(e, env)
        case .binding(let name, let nameRange, let valueExpr):
            if builtins[name] != nil {
                throw Diagnostic(.redefinedBuiltin(name), at: nameRange)
            }
            let v = try evaluate(valueExpr, env)
            env.define(name, v, doc: s.doc)
            return v
        case .function(let name, let nameRange, let params, let body):
            if builtins[name] != nil {
                throw Diagnostic(.redefinedBuiltin(name), at: nameRange)
            }
            let closure = env === globals ? nil : env
            let f = Function(name: name, kind: .user(UserFunction(params: params, body: body, closure: closure, doc: s.doc)))
            env.define(name, .function(f), doc: s.doc)
            return .function(f)
        case .use(let path, let range):
            guard let handler = useHandler else {
                throw Diagnostic(.custom("E511", "'use' is not available here"), at: range)
            }
            try handler(path, range)
            return .record(Record())
        }
    }

    private func checkBudget(_ range: SourceRange) throws {
        if takeInterrupt() {
            throw Diagnostic(.interrupted(), at: range)
        }
        if let deadline {
            steps &+= 1
            if steps & 63 == 0, ContinuousClock.now > deadline, let limit = limits.timeLimit {
                let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) * 1e-18
                throw Diagnostic(.timeLimit(seconds), at: range)
            }
        }
    }

    /// Fails if a list of `count` items would pass the size limit.
    public func checkSize(_ count: Double, at range: SourceRange) throws {
        if !(count <= Double(limits.maxElements)) {
            throw Diagnostic(.rangeTooLarge(count, limit: limits.maxElements), at: range)
        }
    }

    // MARK: - Expressions

    public func evaluate(_ e: Expr, _ env: Environment) throws -> Value {
        switch e.kind {
        case .number(let v):
            return .number(Quantity(v))
        case .quantity(let v, let unit):
            return .number(Quantity(v, unit))
        case .string(let s):
            return .string(s)
        case .bool(let b):
            return .bool(b)
        case .identifier(let name):
            return try lookup(name, env, e.range)
        case .list(let items):
            try checkSize(Double(items.count), at: e.range)
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, env)) }
            return Value.makeList(values)
        case .record(let fields):
            var r = Record()
            for f in fields { r[f.key] = try evaluate(f.value, env) }
            return .record(r)
        case .range(let from, let to, let step):
            return try evaluateRange(from, to, step, env, e.range)
        case .unary(let op, let operand):
            let v = try evaluate(operand, env)
            return try Arithmetic.unary(op, v, range: e.range)
        case .chain(let first, let links):
            return try evaluateChain(first, links, env)
        case .power(let base, let exponent, let opRange):
            let b = try evaluate(base, env)
            let x = try evaluate(exponent, env)
            return try Arithmetic.binary(.pow, b, x, opRange: opRange, lhsRange: base.range, rhsRange: exponent.range)
        case .convert(let inner, let unit, let unitRange):
            let v = try evaluate(inner, env)
            return try Arithmetic.convert(v, to: unit, valueRange: inner.range, unitRange: unitRange)
        case .call(let callee, let args):
            return try evaluateCall(callee, args, env, e.range)
        case .field(let base, let name, let nameRange):
            let v = try evaluate(base, env)
            return try field(v, name, nameRange)
        case .index(let base, let indexExpr):
            let v = try evaluate(base, env)
            let i = try evaluate(indexExpr, env)
            return try index(v, i, indexExpr.range)
        case .ifThenElse(let cond, let a, let b):
            let c = try evaluate(cond, env)
            guard case .bool(let flag) = c else {
                throw Diagnostic(.expectedType("the condition of 'if'", expected: "a boolean", found: c.typeDescription),
                                 at: cond.range)
            }
            return try evaluate(flag ? a : b, env)
        case .block(let statements):
            let scope = Environment(parent: env)
            var last = Value.record(Record())
            // A function defined in the block holds the block's scope, which holds the function:
            // once the block is done, that cycle is broken unless the function may live on.
            let defines = statements.contains { if case .function = $0.kind { return true } else { return false } }
            do {
                for s in statements { last = try execute(s, in: scope) }
            } catch {
                if defines { scope.removeAll() }
                throw error
            }
            if defines, !last.mayHoldFunction() { scope.removeAll() }
            return last
        }
    }

    /// A name: a local or global binding, a built-in, or a unit (`K` alone is 1 K).
    func lookup(_ name: String, _ env: Environment, _ range: SourceRange) throws -> Value {
        if let v = env.lookup(name) { return v }
        if let f = builtins[name] { return .function(f) }
        if let u = UnitTable.lookup(name) { return .number(Quantity(u.scale, Unit([u]))) }
        let candidates = env.allNames.union(builtins.keys)
        throw Diagnostic(.unknownName(name, suggestion: Suggest.closest(to: name, in: candidates.sorted())), at: range)
    }

    /// Every name a user could type here: bindings, built-ins, and common units.
    public func visibleNames(_ env: Environment? = nil) -> [String] {
        Array((env ?? globals).allNames.union(builtins.keys).union(UnitTable.commonNames)).sorted()
    }

    private func evaluateChain(_ first: Expr, _ links: [ChainLink], _ env: Environment) throws -> Value {
        var acc = try evaluate(first, env)
        var accRange = first.range
        for link in links {
            switch link.op {
            case .and, .or:
                // Lists of booleans combine element by element (masks), without short-circuit.
                if case .list = acc {
                    let rhs = try evaluate(link.rhs, env)
                    acc = try Arithmetic.logical(link.op, acc, rhs, opRange: link.opRange, lhsRange: accRange,
                                                 rhsRange: link.rhs.range)
                    accRange = accRange.union(link.rhs.range)
                    continue
                }
                guard case .bool(let a) = acc else {
                    throw Diagnostic(.expectedType("the left side of '\(link.op.rawValue)'", expected: "a boolean",
                                                   found: acc.typeDescription), at: accRange)
                }
                if (link.op == .and && !a) || (link.op == .or && a) {
                    accRange = accRange.union(link.rhs.range)
                    continue
                }
                let b = try evaluate(link.rhs, env)
                guard case .bool = b else {
                    throw Diagnostic(.expectedType("the right side of '\(link.op.rawValue)'", expected: "a boolean",
                                                   found: b.typeDescription), at: link.rhs.range)
                }
                acc = b
            default:
                let rhs = try evaluate(link.rhs, env)
                acc = try Arithmetic.binary(link.op, acc, rhs, opRange: link.opRange, lhsRange: accRange,
                                            rhsRange: link.rhs.range)
            }
            accRange = accRange.union(link.rhs.range)
        }
        return acc
    }

    private func evaluateRange(_ fromExpr: Expr, _ toExpr: Expr, _ stepExpr: Expr?, _ env: Environment,
                               _ range: SourceRange) throws -> Value {
        let fromV = try evaluate(fromExpr, env)
        let toV = try evaluate(toExpr, env)
        guard case .number(let from) = fromV else {
            throw Diagnostic(.expectedType("the start of a range", expected: "a number", found: fromV.typeDescription),
                             at: fromExpr.range)
        }
        guard case .number(let to) = toV else {
            throw Diagnostic(.expectedType("the end of a range", expected: "a number", found: toV.typeDescription),
                             at: toExpr.range)
        }
        guard from.dimension == to.dimension else {
            throw Diagnostic(.dimensionMismatch("make a range from", from.dimension.phrase + unitSuffix(from.unit),
                                                to.dimension.phrase + unitSuffix(to.unit)),
                             at: range, labels: [.init(fromExpr.range), .init(toExpr.range)])
        }
        var step = Quantity(from.unit.scale, from.unit)
        if let stepExpr {
            let s = try evaluate(stepExpr, env)
            guard case .number(let q) = s, q.dimension == from.dimension else {
                throw Diagnostic(.expectedDimension("step", expected: from.dimension.phrase, found: s.typeDescription),
                                 at: stepExpr.range)
            }
            step = q
        }
        let stepRange = stepExpr?.range ?? range
        guard step.value != 0, step.value.isFinite else {
            throw Diagnostic(.domain("the step of a range must not be zero"), at: stepRange)
        }
        let span = (to.value - from.value) / step.value
        guard span.isFinite else {
            throw Diagnostic(.domain("a range needs finite ends"), at: range)
        }
        if span < -1e-9 {
            throw Diagnostic(.domain("this range is empty: the step goes away from the end"), at: stepRange,
                             notes: ["help: use a \(step.value > 0 ? "negative" : "positive") step"])
        }
        let count = (span + 1e-9 * max(1, abs(span))).rounded(.down) + 1
        try checkSize(count, at: range)
        let n = Int(count)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = from.value + Double(i) * step.value }
        return .array(QuantityArray(values, from.unit))
    }

    private func unitSuffix(_ u: Unit) -> String { u.isNone ? "" : " (\(u))" }

    // MARK: - Fields and indices

    func field(_ v: Value, _ name: String, _ range: SourceRange) throws -> Value {
        switch v {
        case .record(let r):
            if let f = r[name] { return f }
            throw Diagnostic(.noField(name, in: "this record", suggestion: Suggest.closest(to: name, in: r.keys),
                                      available: r.keys), at: range)
        case .list(let items):
            return Value.makeList(try items.map { try field($0, name, range) })
        case .native(let n):
            if let f = n.field(name) { return f }
            throw Diagnostic(.noField(name, in: n.typeName, suggestion: Suggest.closest(to: name, in: n.fieldNames),
                                      available: n.fieldNames), at: range)
        default:
            throw Diagnostic(.noField(name, in: v.typeDescription, suggestion: nil, available: []), at: range)
        }
    }

    private func index(_ v: Value, _ i: Value, _ range: SourceRange) throws -> Value {
        // A record takes a field name: r["Bi-Sb"] for keys that are not names.
        if case .record(let r) = v, case .string(let key) = i {
            if let f = r[key] { return f }
            throw Diagnostic(.noField(key, in: "this record", suggestion: Suggest.closest(to: key, in: r.keys),
                                      available: r.keys), at: range)
        }
        guard let count = v.listCount else {
            throw Diagnostic(.expectedType("only a list can be indexed; this", expected: "a list", found: v.typeDescription),
                             at: range)
        }
        guard case .number(let q) = i, q.dimension.isDimensionless, q.unit.isNone, q.value == q.value.rounded(),
              abs(q.value) < 1e15 else {
            throw Diagnostic(.expectedType("an index", expected: "a whole number", found: i.typeDescription), at: range)
        }
        var k = Int(q.value)
        if k < 0 { k += count }
        guard k >= 0, k < count else { throw Diagnostic(.indexOutOfRange(Int(q.value), count: count), at: range) }
        return v.item(k)
    }

    // MARK: - Calls

    private func evaluateCall(_ calleeExpr: Expr, _ args: [Argument], _ env: Environment,
                              _ range: SourceRange) throws -> Value {
        let callee = try evaluate(calleeExpr, env)
        guard case .function(let f) = callee else {
            throw Diagnostic(.cannotCall(callee.typeDescription), at: calleeExpr.range)
        }
        var values: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)] = []
        values.reserveCapacity(args.count)
        for a in args {
            values.append((a.label, a.labelRange, try evaluate(a.value, env), a.value.range))
        }
        return try call(f, values, range: range)
    }

    /// Calls a function with evaluated arguments (labels are nil for positional ones).
    public func call(_ f: Function, _ args: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)],
                     range: SourceRange) throws -> Value {
        try checkBudget(range)
        switch f.kind {
        case .builtin(let b):
            var a = try bind(b, args, range: range)
            return try callBuiltin(b, &a)
        case .user(let u):
            return try callUser(f.name, u, args, range: range)
        }
    }

    private func bind(_ b: Builtin, _ args: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)],
                      range: SourceRange) throws -> Arguments {
        var a = Arguments(function: b.name, callRange: range, params: b.params,
                          values: b.params.map(\.defaultValue), ranges: Array(repeating: nil, count: b.params.count),
                          evaluator: self)
        var given = [Bool](repeating: false, count: b.params.count)
        var positional = 0
        for arg in args {
            if let label = arg.label {
                guard let i = b.params.firstIndex(where: { $0.name == label }) else {
                    throw Diagnostic(.argumentNotAccepted(label, function: b.name,
                                                          suggestion: Suggest.closest(to: label, in: b.params.map(\.name))),
                                     at: arg.labelRange ?? arg.range, notes: ["signature: \(b.signature)"])
                }
                if given[i] { throw Diagnostic(.duplicateArgument(label), at: arg.labelRange ?? arg.range) }
                given[i] = true
                a.values[i] = arg.value
                a.ranges[i] = arg.range
            } else {
                while positional < b.params.count && (given[positional] || b.params[positional].namedOnly) { positional += 1 }
                if positional < b.params.count {
                    given[positional] = true
                    a.values[positional] = arg.value
                    a.ranges[positional] = arg.range
                    positional += 1
                } else if b.variadic {
                    a.rest.append((arg.value, arg.range))
                } else {
                    throw Diagnostic(.tooManyArguments(function: b.name, max: b.params.count), at: arg.range,
                                     notes: ["signature: \(b.signature)"])
                }
            }
        }
        for (i, p) in b.params.enumerated() where a.values[i] == nil && !p.isOptional && !b.variadic {
            throw Diagnostic(.missingArgument(p.name, function: b.name), at: range, notes: ["signature: \(b.signature)"])
        }
        return a
    }

    /// Calls a native body, mapping it over list arguments where its parameters broadcast.
    private func callBuiltin(_ b: Builtin, _ a: inout Arguments) throws -> Value {
        var mapped: [Int] = []
        var count: Int?
        for (i, p) in b.params.enumerated() {
            guard let v = a.values[i] else { continue }
            let maps: Bool
            switch (p.broadcast, v) {
            case (.lists, .list), (.all, .list), (.all, .array): maps = true
            default: maps = false
            }
            guard maps, let n = v.listCount else { continue }
            if let c = count, c != n {
                throw Diagnostic(.lengthMismatch(c, n), at: a.ranges[i] ?? a.callRange)
            }
            count = n
            mapped.append(i)
        }
        guard let n = count else {
            do {
                return try b.body(a)
            } catch let d as Diagnostic {
                throw d.placed(at: a.callRange)
            }
        }
        try checkSize(Double(n), at: a.callRange)
        var results: [Value] = []
        results.reserveCapacity(n)
        let original = a.values
        for k in 0..<n {
            // A long broadcast is stoppable (Ctrl-C, an editor's time limit) between items.
            try checkBudget(a.callRange)
            for i in mapped { a.values[i] = original[i]?.item(k) }
            results.append(try callBuiltin(b, &a))
        }
        a.values = original
        return Value.makeList(results)
    }

    private func callUser(_ name: String, _ u: UserFunction,
                          _ args: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)],
                          range: SourceRange) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > limits.maxCallDepth {
            throw Diagnostic(.recursionTooDeep(limits.maxCallDepth), at: range)
        }
        let scope = Environment(parent: u.closure ?? globals)
        var given = [Bool](repeating: false, count: u.params.count)
        var positional = 0
        let names = u.params.map(\.name)
        let signature = "\(name)(\(names.joined(separator: ", ")))"
        for arg in args {
            if let label = arg.label {
                guard let i = names.firstIndex(of: label) else {
                    throw Diagnostic(.argumentNotAccepted(label, function: name,
                                                          suggestion: Suggest.closest(to: label, in: names)),
                                     at: arg.labelRange ?? arg.range, notes: ["signature: \(signature)"])
                }
                if given[i] { throw Diagnostic(.duplicateArgument(label), at: arg.labelRange ?? arg.range) }
                given[i] = true
                scope.define(label, arg.value)
            } else {
                while positional < names.count && given[positional] { positional += 1 }
                guard positional < names.count else {
                    throw Diagnostic(.tooManyArguments(function: name, max: names.count), at: arg.range,
                                     notes: ["signature: \(signature)"])
                }
                given[positional] = true
                scope.define(names[positional], arg.value)
                positional += 1
            }
        }
        for (i, p) in u.params.enumerated() where !given[i] {
            guard let d = p.defaultValue else {
                throw Diagnostic(.missingArgument(p.name, function: name), at: range, notes: ["signature: \(signature)"])
            }
            scope.define(p.name, try evaluate(d, scope))
        }
        return try evaluate(u.body, scope)
    }
}
