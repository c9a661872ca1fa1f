#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Limits that keep a runaway script from taking the process down.
public struct EvaluationLimits: Sendable {
    /// Deepest chain of user-function calls.
    public var maxCallDepth = 10_000
    /// Most values one range, grid or list may hold.
    public var maxElements = 50_000_000
    /// Wall-clock budget for one evaluation; nil for none.
    public var timeLimit: Duration?
    /// Most bytes of values one evaluation may add to the heap; nil for no limit.
    public var maxMemory: Int? = 1_000_000_000

    public init() {}
}

/// Walks the syntax tree and computes values.
public final class Evaluator {
    /// The user's names. Its parent is `prelude`, so a user binding shadows a prelude name
    /// without changing it.
    public let globals: Environment
    /// The prelude's names. Prelude functions close over this scope, so they keep using the
    /// prelude's own definitions whatever the user binds later.
    public let prelude: Environment
    /// Receives warnings, such as a binding that shadows a built-in or prelude name.
    public var warn: (Diagnostic) -> Void = { _ in }
    /// Names already warned about, so that rebinding in a loop or the REPL warns once.
    private var shadowWarned: Set<String> = []
    public private(set) var builtins: [String: Function] = [:]
    /// Where `print` writes.
    public var output: (String) -> Void = { print($0, terminator: "") }
    /// Where a long native computation (`screen`) shows how far it is: a one-line status, or nil
    /// when it is done. Unset (the default, and in servers) nothing is shown; the command line
    /// sets it when standard error is a terminal.
    public var progress: ((String?) -> Void)?
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
    /// Interruption, time and memory: checked between steps and inside native kernels.
    public let budget = Budget()
    /// Whether the user asked to stop (Ctrl-C); read, and cleared, between steps.
    public var takeInterrupt: () -> Bool {
        get { budget.takeInterrupt }
        set { budget.takeInterrupt = newValue }
    }
    /// Runs `use "file"`; set by the session, which knows files and what was loaded.
    public var useHandler: ((String, SourceRange) throws -> Void)?

    private var callDepth = 0
    /// Runs in progress: `use` runs a file inside a run, which must not restart the budgets.
    private var runDepth = 0
    /// Below this stack address a user call stops with E602 (stacks grow down).
    private var stackFloor: UInt = 0
    /// The stack `stackFloor` was measured on, as addresses: a run on another thread (whose
    /// stack pointer lies outside them) measures again.
    private var stackSpan: ClosedRange<UInt> = 0...0

    public init() {
        prelude = Environment()
        globals = Environment(parent: prelude)
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
    public func run(_ statements: [Stmt], in environment: Environment? = nil,
                    result: (Stmt, Value) -> Void = { _, _ in }) throws {
        if runDepth == 0 {
            callDepth = 0
            budget.start(limits)
            measureStack()
        }
        runDepth += 1
        defer { runDepth -= 1 }
        for s in statements {
            try checkBudget(s.range)
            let v = try execute(s, in: environment ?? globals)
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
            checkShadowing(name, nameRange, env)
            let v = try evaluate(valueExpr, env)
            env.define(name, v, doc: s.doc)
            return v
        case .function(let name, let nameRange, let params, let body):
            checkShadowing(name, nameRange, env)
            // A top-level function finds the globals of the evaluator that calls it: holding them
            // would make a cycle (the globals hold the function).
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

    /// A top-level binding may shadow a built-in or prelude name (so that a new built-in never
    /// breaks an old script), with a warning; the prelude's functions keep their own.
    private func checkShadowing(_ name: String, _ range: SourceRange, _ env: Environment) {
        guard env === globals, name != "ans", !shadowWarned.contains(name) else { return }
        let kind: String
        if let f = builtins[name], case .builtin = f.kind {
            kind = "built-in function"
        } else if let v = prelude.names[name] {
            if case .function = v { kind = "prelude function" } else { kind = "prelude constant" }
        } else {
            return
        }
        shadowWarned.insert(name)
        warn(Diagnostic(.shadowsName(name, kind: kind), at: range, severity: .warning))
    }

    /// Fails if the evaluation was interrupted, ran out of time or memory; long native loops call it.
    public func checkBudget(_ range: SourceRange) throws {
        try budget.check(at: range)
    }

    /// Sets `stackFloor` for the calling thread: a margin above the lowest address of its stack,
    /// wide enough for the deepest expression the parser accepts between two calls.
    private func measureStack() {
        let here = StackBounds.current()
        if stackSpan.contains(here), stackSpan.upperBound > 0 { return }
        guard let lowest = StackBounds.lowestAddress(), here > lowest else {
            stackFloor = 0
            stackSpan = 0...0
            return
        }
        stackSpan = lowest...here
        stackFloor = lowest + min(32 << 20, (here - lowest) / 4)
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
            // A list of number literals, the form of long written data: straight into its array.
            if case .number = items.first?.kind {
                try budget.reserve(bytes: items.count * MemoryLayout<Double>.stride, at: e.range)
                var numbers: [Double] = []
                numbers.reserveCapacity(items.count)
                for item in items {
                    guard case .number(let v) = item.kind else { break }
                    numbers.append(v)
                }
                if numbers.count == items.count { return .array(QuantityArray(numbers, .none)) }
            }
            try budget.reserve(bytes: items.count * MemoryLayout<Value>.stride, at: e.range)
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
            return try Arithmetic.unary(op, v, range: e.range, budget: budget)
        case .chain(let first, let links):
            return try evaluateChain(first, links, env)
        case .power(let base, let exponent, let opRange):
            let b = try evaluate(base, env)
            let x = try evaluate(exponent, env)
            return try Arithmetic.binary(.pow, b, x, opRange: opRange, lhsRange: base.range, rhsRange: exponent.range,
                                         budget: budget)
        case .convert(let inner, let unit, let unitRange):
            let v = try evaluate(inner, env)
            return try Arithmetic.convert(v, to: unit, valueRange: inner.range, unitRange: unitRange, budget: budget)
        case .call(let callee, let args):
            return try evaluateCall(callee, args, env, e.range)
        case .field(let base, let name, let nameRange):
            let v: Value
            if case .call(let callee, let args) = base.kind {
                v = try evaluateCall(callee, args, env, base.range, wanting: name)
            } else {
                v = try evaluate(base, env)
            }
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
        if UnitTable.isRelativeTemperature(name) {
            throw Diagnostic(.relativeTemperature(name), at: range,
                             notes: ["help: write celsius(25) for 25 °C (298.15 K), in_celsius(T) for degrees Celsius"])
        }
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
        for (i, link) in links.enumerated() {
            // A plain number and a number literal (`+`, `-`, `*`): the bulk of a long written
            // sum, without the general dispatch; the budget is checked every few thousand links.
            if case .number(let a) = acc, a.unit.isNone, case .number(let b) = link.rhs.kind {
                let result: Double? = switch link.op {
                case .add: a.value + b
                case .sub: a.value - b
                case .mul: a.value * b
                default: nil
                }
                if let result {
                    try budget.check(item: i, at: link.opRange)
                    acc = .number(Quantity(result))
                    accRange = accRange.union(link.rhs.range)
                    continue
                }
            }
            switch link.op {
            case .and, .or:
                // Lists of booleans combine element by element (masks), without short-circuit.
                if acc.isListOfBooleansOrList {
                    let rhs = try evaluate(link.rhs, env)
                    acc = try Arithmetic.logical(link.op, acc, rhs, opRange: link.opRange, lhsRange: accRange,
                                                 rhsRange: link.rhs.range, budget: budget)
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
                                            rhsRange: link.rhs.range, budget: budget)
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
        // An end within rounding of a step counts (0..1 step 0.1 has 11 items).
        let nearest = span.rounded()
        let count = (abs(span - nearest) <= 1e-9 * max(1, abs(span)) ? nearest : span.rounded(.down)) + 1
        try checkSize(count, at: range)
        // checkSize bounds count, so the conversion cannot trap.
        let n = Int(count)
        try budget.reserve(bytes: n * MemoryLayout<Double>.stride, at: range)
        var values = [Double](repeating: 0, count: n)
        let (start, delta) = (from.value, step.value)
        try budget.chunks(n, at: range) { slice in
            for i in slice { values[i] = start + Double(i) * delta }
        }
        return .array(QuantityArray(values, from.unit))
    }

    private func unitSuffix(_ u: Unit) -> String { u.isNone ? "" : " (\(u))" }

    // MARK: - Fields and indices

    func field(_ v: Value, _ name: String, _ range: SourceRange) throws -> Value {
        switch v {
        case .record(let r):
            if let f = r[name] ?? Evaluator.pairAlias(name).flatMap({ r[$0] }) { return f }
            throw Diagnostic(.noField(name, in: "this record", suggestion: Suggest.closest(to: name, in: r.keys),
                                      available: r.keys), at: range)
        case .list(let items):
            return Value.makeList(try items.enumerated().map {
                try budget.check(item: $0.offset, at: range)
                return try field($0.element, name, range)
            })
        case .native(let n):
            if let f = try n.field(name, evaluator: self, at: range) { return f }
            throw Diagnostic(.noField(name, in: n.typeName, suggestion: Suggest.closest(to: name, in: n.fieldNames),
                                      available: n.fieldNames), at: range)
        default:
            throw Diagnostic(.noField(name, in: v.typeDescription, suggestion: nil, available: []), at: range)
        }
    }

    /// A pair key in its other spelling, so that `pairs["Cu-Ti"]` finds `CuTi` and `pairs.CuTi`
    /// finds `"Cu-Ti"`: "Cu-Ti" <-> "CuTi", for names that start with a capital letter.
    static func pairAlias(_ key: String) -> String? {
        if key.contains("-") {
            let parts = key.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts.allSatisfy({ $0.first?.isUppercase == true }) else { return nil }
            return parts.joined()
        }
        var parts: [String] = []
        for ch in key {
            if ch.isUppercase { parts.append(String(ch)) } else if parts.isEmpty { return nil } else { parts[parts.count - 1].append(ch) }
        }
        return parts.count >= 2 ? parts.joined(separator: "-") : nil
    }

    private func index(_ v: Value, _ i: Value, _ range: SourceRange) throws -> Value {
        // A record takes a field name: r["Bi-Sb"] for keys that are not names.
        if case .record(let r) = v, case .string(let key) = i {
            if let f = r[key] ?? Evaluator.pairAlias(key).flatMap({ r[$0] }) { return f }
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
                              _ range: SourceRange, wanting field: String? = nil) throws -> Value {
        let callee = try evaluate(calleeExpr, env)
        guard case .function(let f) = callee else {
            throw Diagnostic(.cannotCall(callee.typeDescription), at: calleeExpr.range)
        }
        var values: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)] = []
        values.reserveCapacity(args.count)
        for a in args {
            values.append((a.label, a.labelRange, try evaluate(a.value, env), a.value.range))
        }
        return try call(f, values, range: range, wanting: field)
    }

    /// Calls a function with evaluated arguments (labels are nil for positional ones). `field`:
    /// the one field of the result the caller will read (`Arguments.wantedField`).
    public func call(_ f: Function, _ args: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)],
                     range: SourceRange, wanting field: String? = nil) throws -> Value {
        try checkBudget(range)
        switch f.kind {
        case .builtin(let b):
            var a = try bind(b, args, range: range)
            a.wantedField = field
            return try callBuiltin(b, &a)
        case .user(let u):
            return try callUser(f.name, u, args, range: range)
        }
    }

    /// The arguments of a call of the built-in `f`, bound and checked as a call would bind
    /// them, without calling it: for natives that run another built-in's preparation themselves
    /// (`screen` prepares `omega` once and runs its kernel on every core).
    public func arguments(for f: Function,
                          _ args: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)],
                          range: SourceRange) throws -> Arguments? {
        guard case .builtin(let b) = f.kind else { return nil }
        return try bind(b, args, range: range)
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
                a.values[i] = arg.value.expanded
                a.ranges[i] = arg.range
            } else {
                while positional < b.params.count && (given[positional] || b.params[positional].namedOnly) { positional += 1 }
                if positional < b.params.count {
                    given[positional] = true
                    a.values[positional] = arg.value.expanded
                    a.ranges[positional] = arg.range
                    positional += 1
                } else if b.variadic {
                    a.rest.append((arg.value.expanded, arg.range))
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
                // A native that does not take derivatives met a Gibbs function's x or T.
                if d.id == "E503" || d.id == "E303", a.values.contains(where: { $0?.containsJet == true }) {
                    throw Diagnostic(.notDifferentiable(b.name), at: a.callRange)
                }
                throw d.placed(at: a.callRange)
            }
        }
        try checkSize(Double(n), at: a.callRange)
        a.wantedField = nil  // a list of records: each made whole
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
        // Each call may hold a whole nested expression's frames: measure the stack, not calls.
        if StackBounds.current() < stackFloor {
            throw Diagnostic(.stackExhausted(depth: callDepth), at: range)
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
        do {
            return try evaluate(u.body, scope)
        } catch var d as Diagnostic {
            addCallSite(&d, range)
            throw d
        }
    }

    /// Most call sites listed under an error inside nested user functions.
    static let maxCallSiteNotes = 4

    /// Notes under an error inside a user function where the function was called
    /// (`note: called from 2:1`), the innermost first.
    private func addCallSite(_ d: inout Diagnostic, _ call: SourceRange) {
        guard d.id != Message.interrupted().id, d.id != "E602", d.id != "E604",
              let file = sources?.file(call.file) else { return }
        let count = d.notes.filter { $0.hasPrefix("note: called from") }.count
        guard count < Evaluator.maxCallSiteNotes else { return }
        let (line, column) = file.location(of: call.start)
        let place = d.range?.file == call.file ? "\(line):\(column)" : "\(file.name):\(line):\(column)"
        d.notes.append("note: called from \(place)")
    }
}
