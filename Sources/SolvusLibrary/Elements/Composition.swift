import SolvusCore

/// A composition: element symbols and their mole fractions (summing to 1).
public struct Composition: Sendable, Equatable {
    public var elements: [String]
    public var fractions: [Double]
}

/// Many compositions of the same elements, stored as one row-major n × k matrix of fractions, so
/// that models run over them natively. What `grid(...)` returns.
public struct CompositionSet: NativeValue, Sendable {
    public var elements: [String]
    public var fractions: [Double]

    public var count: Int { elements.isEmpty ? 0 : fractions.count / elements.count }
    public var typeName: String { "a set of compositions" }
    public var description: String {
        "<\(count) compositions of \(elements.joined(separator: ", "))>"
    }
    public var fieldNames: [String] { elements }

    /// `g.Co`: the fraction of Co in every composition.
    public func field(_ name: String) -> Value? {
        guard let j = elements.firstIndex(of: name) else { return nil }
        let k = elements.count
        return .array(QuantityArray((0..<count).map { fractions[$0 * k + j] }))
    }
}

/// Every composition of some elements on a simplex lattice, held as the elements and the step:
/// what `grid(...)` returns. Models read it chunk by chunk (`CompositionRows`) without storing
/// it; it is stored whole (a `CompositionSet`) only where a computation needs the matrix.
public struct CompositionGrid: NativeValue, Sendable {
    public var elements: [String]
    public var lattice: SimplexLattice

    /// The number of compositions (at most `Int.max`; the lattice refuses larger ones).
    public var count: Int { lattice.count ?? Int.max }
    public var typeName: String { "a set of compositions" }
    public var description: String {
        "<\(count) compositions of \(elements.joined(separator: ", "))>"
    }
    public var fieldNames: [String] { elements }

    /// `g.Co`: the fraction of Co in every composition, made when asked for.
    public func field(_ name: String, evaluator: Evaluator, at range: SourceRange) throws -> Value? {
        guard let j = elements.firstIndex(of: name) else { return nil }
        try evaluator.checkSize(Double(count), at: range)
        try evaluator.budget.reserve(bytes: count * MemoryLayout<Double>.stride, at: range)
        let budget = evaluator.budget
        return .array(QuantityArray(try lattice.column(j, 0..<count) { try budget.check(item: $0, at: range) }))
    }

    /// The whole matrix, within the evaluation's size and memory limits.
    func materialised(_ evaluator: Evaluator, at range: SourceRange) throws -> CompositionSet {
        try evaluator.checkSize(Double(count) * Double(elements.count), at: range)
        try evaluator.budget.reserve(bytes: count * elements.count * MemoryLayout<Double>.stride, at: range)
        let budget = evaluator.budget
        let fractions = try lattice.fractions(0..<count) { _ in try budget.check(at: range) }
        return CompositionSet(elements: elements, fractions: fractions)
    }
}

/// The compositions a model runs over, read in chunks of rows: a stored set in place, or a grid
/// made chunk by chunk into a small buffer that stays in cache.
enum CompositionRows: Sendable {
    case set(CompositionSet)
    case grid(CompositionGrid)

    var elements: [String] {
        switch self {
        case .set(let s): return s.elements
        case .grid(let g): return g.elements
        }
    }

    var count: Int {
        switch self {
        case .set(let s): return s.count
        case .grid(let g): return g.count
        }
    }

    /// Calls `body` with the row-major fractions of successive chunks of at most
    /// `Budget.rowsPerSlice` rows, and the rows each chunk holds.
    func forEachChunk(_ body: (UnsafeBufferPointer<Double>, Range<Int>) throws -> Void) rethrows {
        let all = 0..<count
        let size = Budget.rowsPerSlice
        let k = elements.count
        guard k > 0, !all.isEmpty else { return }
        switch self {
        case .set(let s):
            try s.fractions.withUnsafeBufferPointer { f in
                guard let base = f.baseAddress else { return }
                var start = all.lowerBound
                while start < all.upperBound {
                    let end = min(all.upperBound, start + size)
                    try body(UnsafeBufferPointer(start: base + start * k, count: (end - start) * k), start..<end)
                    start = end
                }
            }
        case .grid(let g):
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: min(size, all.count) * k)
            defer { buffer.deallocate() }
            let table = g.lattice.fractionTable
            var counts = g.lattice.counts(atRow: all.lowerBound)
            var start = all.lowerBound
            while start < all.upperBound {
                let end = min(all.upperBound, start + size)
                g.lattice.fill(end - start, into: buffer, table: table, counts: &counts)
                try body(UnsafeBufferPointer(start: buffer, count: (end - start) * k), start..<end)
                start = end
            }
        }
    }
}

extension CompositionRows {
    /// As `forEachChunk`, with the chunks on every core: they run in rounds of `perRound`
    /// chunks (fewer for a dear model, so that the checks stay milliseconds apart), and `check`
    /// is called on the calling thread before each round (its error stops the rest and is
    /// thrown). `body` gets its chunk's fractions and rows, must write only its own rows, and
    /// must not throw; whatever the number of threads, each row is computed the same way, so
    /// the results are the same to the bit.
    func forEachChunkOnEveryCore(perRound: Int = Budget.chunksPerRound, check: () throws -> Void,
                                 _ body: (UnsafeBufferPointer<Double>, Range<Int>) -> Void) throws {
        let k = elements.count
        let n = count
        guard k > 0, n > 0 else { return }
        switch self {
        case .set(let s):
            try s.fractions.withUnsafeBufferPointer { f in
                guard let base = f.baseAddress else { return }
                try Budget.inSlices(of: n, perRound: perRound, check: check) { _, r in
                    body(UnsafeBufferPointer(start: base + r.lowerBound * k, count: r.count * k), r)
                }
            }
        case .grid(let g):
            let table = g.lattice.fractionTable
            try Budget.inSlices(of: n, perRound: perRound, check: check) { _, r in
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: r.count * k)
                defer { buffer.deallocate() }
                g.lattice.fill(r, into: buffer, table: table)
                body(UnsafeBufferPointer(start: buffer, count: r.count * k), r)
            }
        }
    }
}

/// The names a composition may use: the elements of a registry, or the components of a system.
struct Vocabulary {
    var isKnown: (String) -> Bool
    var unknown: (String, Int?) -> Message

    static func elements(_ registry: ElementRegistry) -> Vocabulary {
        Vocabulary(isKnown: { registry.lookup($0) != nil },
                   unknown: { .unknownElement($0, suggestion: registry.suggestion(for: $0), position: $1) })
    }

    /// Any name: the components of a model that names its own (`{A: 0.3, B: 0.7}`).
    static let anyName = Vocabulary(isKnown: { _ in true }, unknown: { name, _ in .domain("unknown component '\(name)'") })

    static func components(_ names: [String], system: String) -> Vocabulary {
        Vocabulary(isKnown: { names.contains($0) }, unknown: { name, position in
            Message("E208", "the system \(system) has no component '\(name)'"
                    + (position.map { " (character \($0) of the formula)" } ?? ""),
                    hint: "help: its components are " + names.joined(separator: ", "))
        })
    }
}

/// Reading compositions from Solvus values: records `{Cu: 0.5, Ti: 0.5}`, formula strings
/// `"Al0.5CoCrCuFeNi"`, lists of both, and composition sets.
enum Compositions {
    static func set(_ args: Arguments, _ name: String, registry: ElementRegistry) throws -> (CompositionSet, isList: Bool) {
        try set(args, name, vocabulary: .elements(registry))
    }

    /// One or many compositions from the argument `name`, as a set over the union of elements
    /// (in order of first appearance).
    static func set(_ args: Arguments, _ name: String, vocabulary: Vocabulary) throws -> (CompositionSet, isList: Bool) {
        let v = try args.require(name)
        switch v {
        case .native(let n as CompositionSet):
            for e in n.elements where !vocabulary.isKnown(e) { throw args.error(name, vocabulary.unknown(e, nil)) }
            return (n, true)
        case .native(let g as CompositionGrid):
            for e in g.elements where !vocabulary.isKnown(e) { throw args.error(name, vocabulary.unknown(e, nil)) }
            return (try g.materialised(args.evaluator, at: args.range(name)), true)
        case .list(let items):
            let compositions = try items.enumerated().map { i, item in
                do {
                    return try single(item, args, name, vocabulary)
                } catch var d as Diagnostic {
                    d.notes.insert("note: in item \(i) of the list (counting from 0)", at: 0)
                    throw d
                }
            }
            return (try merge(compositions), true)
        case .array(let a) where a.values.isEmpty:
            throw args.error(name, .domain("the list of compositions is empty"))
        default:
            let c = try single(v, args, name, vocabulary)
            return (CompositionSet(elements: c.elements, fractions: c.fractions), false)
        }
    }

    /// Like `set`, but a grid stays a grid: for the models that read their compositions in
    /// chunks.
    static func rows(_ args: Arguments, _ name: String, vocabulary: Vocabulary) throws -> (CompositionRows, isList: Bool) {
        if case .native(let g as CompositionGrid) = try args.require(name) {
            for e in g.elements where !vocabulary.isKnown(e) { throw args.error(name, vocabulary.unknown(e, nil)) }
            return (.grid(g), true)
        }
        let (s, isList) = try set(args, name, vocabulary: vocabulary)
        return (.set(s), isList)
    }

    static func merge(_ list: [Composition]) throws -> CompositionSet {
        var elements: [String] = []
        for c in list { for e in c.elements where !elements.contains(e) { elements.append(e) } }
        let k = elements.count
        var fractions = [Double](repeating: 0, count: list.count * k)
        for (row, c) in list.enumerated() {
            for (e, x) in zip(c.elements, c.fractions) {
                if let j = elements.firstIndex(of: e) { fractions[row * k + j] = x }
            }
        }
        return CompositionSet(elements: elements, fractions: fractions)
    }

    static func single(_ v: Value, _ args: Arguments, _ name: String, _ vocabulary: Vocabulary) throws -> Composition {
        switch v {
        case .string(let s):
            return try parseFormula(s, args, name, vocabulary)
        case .record(let r):
            var elements: [String] = []
            var amounts: [Double] = []
            for (symbol, value) in r.fields {
                guard vocabulary.isKnown(symbol) else { throw args.error(name, vocabulary.unknown(symbol, nil)) }
                guard case .number(let q) = value, q.dimension.isDimensionless else {
                    throw args.error(name, .expectedType("the amount of \(symbol)", expected: "a dimensionless number",
                                                         found: value.typeDescription))
                }
                guard q.value >= 0, q.value.isFinite else {
                    throw args.error(name, .domain("the amount of \(symbol) is \(NumberFormat.format(q.displayValue)); "
                                                   + "amounts must not be negative"))
                }
                elements.append(symbol)
                amounts.append(q.value)
            }
            return try normalised(elements, amounts, args, name)
        default:
            throw args.error(name, .expectedType("'\(name)'",
                                                 expected: "a composition: a formula such as \"CoCrFeNi\" or a record such as {Cu: 0.5, Ti: 0.5}",
                                                 found: v.typeDescription))
        }
    }

    static func normalised(_ elements: [String], _ amounts: [Double], _ args: Arguments, _ name: String) throws -> Composition {
        guard !elements.isEmpty else { throw args.error(name, .domain("the composition has no elements")) }
        let total = amounts.reduce(0, +)
        guard total > 0, total.isFinite else {
            throw args.error(name, .domain("the amounts of a composition must add up to more than zero"))
        }
        return Composition(elements: elements, fractions: amounts.map { $0 / total })
    }

    /// formula := (SYMBOL AMOUNT?)+   SYMBOL := [A-Z][a-z]*   AMOUNT := digits ('.' digits)?
    static func parseFormula(_ s: String, _ args: Arguments, _ name: String, _ vocabulary: Vocabulary) throws -> Composition {
        let bytes = Array(s.utf8)
        func fail(_ message: Message, at offset: Int, length: Int = 1) -> Diagnostic {
            Diagnostic(message, at: args.range(name, insideString: s, offset: offset, length: length))
        }
        guard bytes.contains(where: { $0 != UInt8(ascii: " ") }) else {
            throw fail(.malformedFormula("an empty formula has no elements", position: nil), at: 0, length: 0)
        }
        var elements: [String] = []
        var amounts: [Double] = []
        var i = 0
        func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
        func isDigit(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || b == UInt8(ascii: ".") }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: " ") { i += 1; continue }
            let start = i
            guard isUpper(bytes[i]) else {
                // The whole character, not its first byte (`₂` is three bytes).
                let scalar = String(decoding: bytes[i...], as: UTF8.self).unicodeScalars.first
                let found = scalar.map { String($0) } ?? "?"
                let length = scalar.map { String($0).utf8.count } ?? 1
                let position = String(decoding: bytes[..<i], as: UTF8.self).count + 1
                if let scalar, (0x2080...0x2089).contains(scalar.value) {
                    let plain = String(s.unicodeScalars.map { (0x2080...0x2089).contains($0.value)
                        ? Character(String($0.value - 0x2080)) : Character($0) })
                    throw Diagnostic(.malformedFormula("subscript digit '\(found)': amounts are written as plain digits",
                                                       position: position, hint: "help: write \"\(plain)\""),
                                     at: args.range(name, insideString: s, offset: i, length: length))
                }
                throw Diagnostic(.malformedFormula("expected an element symbol starting with a capital letter, found '\(found)'",
                                                   position: position),
                                 at: args.range(name, insideString: s, offset: i, length: length))
            }
            i += 1
            while i < bytes.count, isLower(bytes[i]) { i += 1 }
            let symbol = String(decoding: bytes[start..<i], as: UTF8.self)
            guard vocabulary.isKnown(symbol) else {
                throw fail(vocabulary.unknown(symbol, start + 1), at: start, length: i - start)
            }
            if elements.contains(symbol) {
                throw fail(.malformedFormula("\(symbol) appears twice", position: start + 1), at: start, length: i - start)
            }
            let amountStart = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            var amount = 1.0
            if i > amountStart {
                let text = String(decoding: bytes[amountStart..<i], as: UTF8.self)
                guard let a = Double(text), a.isFinite else {
                    throw fail(.malformedFormula("'\(text)' is not a number", position: amountStart + 1),
                               at: amountStart, length: i - amountStart)
                }
                amount = a
            }
            elements.append(symbol)
            amounts.append(amount)
        }
        return try normalised(elements, amounts, args, name)
    }
}

extension Message {
    static func unknownElement(_ symbol: String, suggestion: String?, position: Int? = nil) -> Message {
        Message("E206", "unknown element '\(symbol)'" + (position.map { " at character \($0) of the formula" } ?? ""),
                hint: suggestion.map { "help: did you mean '\($0)'?" }
                    ?? "help: to use a custom element, define it first with its data: element(\"\(symbol)\", like: \"Fe\", radius: 130 pm)")
    }

    static func malformedFormula(_ text: String, position: Int?, hint: String? = nil) -> Message {
        Message("E207", "malformed formula: \(text)" + (position.map { " (character \($0))" } ?? ""),
                hint: hint ?? "help: write symbols with amounts, such as \"Al0.5CoCrCuFeNi\" or \"Cu50Ti50\"")
    }
}
