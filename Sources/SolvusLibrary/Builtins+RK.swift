import SolvusCore
import SolvusModels

extension Builtins {
    static let rkBuiltins: [Builtin] = [rk, rkm, partial, fit]

    static let rk = Builtin(
        "rk", params: [.init("interactions")], signature: "rk(interactions) -> system",
        doc: """
            A Redlich-Kister system from a record of interactions, keyed by the components joined with '-'.
            A binary "A-B": [L0, L1, ...] means x_A x_B Σ_v L_v (x_A - x_B)^v, with A and B in the order \
            written ("B-A" flips the sign of the odd terms). A ternary "A-B-C": [L0, L1, L2] means \
            x_A x_B x_C (L0 x_A + L1 x_B + L2 x_C), as seed 003's Eq. 5.4; a single [L] means x_A x_B x_C L.
            Each L is a molar energy, or a record {a: ..., b: ..., c: ...} for L(T) = a + b T + c T ln T \
            (a in J/mol, b and c in J/(mol K)).
            Example: rk({"Bi-Sb": [2230 J/mol], "Bi-Sn": [500 J/mol, -100 J/mol]}).components is ["Bi", "Sb", "Sn"].
            """
    ) { args in
        let v = try args.require("interactions")
        guard case .record(let r) = v else {
            throw args.error("interactions", .expectedType("'interactions'", expected: "a record such as {\"Bi-Sb\": [2230 J/mol]}",
                                                           found: v.typeDescription))
        }
        return .native(try makeSystem(r, args, "interactions"))
    }

    static func makeSystem(_ r: Record, _ args: Arguments, _ param: String) throws -> RKSystemValue {
        var components: [String] = []
        func index(_ c: String) -> Int {
            if let i = components.firstIndex(of: c) { return i }
            components.append(c)
            return components.count - 1
        }
        var binaries: [RedlichKisterSystem.Binary] = [], ternaries: [RedlichKisterSystem.Ternary] = []
        var binaryKeys: [String] = [], ternaryKeys: [String] = []
        var seen: Set<[String]> = []
        for (key, value) in r.fields {
            // "Bi-Sb", or BiSb as omega's pairs write it: capitalised names run together.
            let parts = key.contains("-")
                ? key.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
                : Builtins.capitalisedParts(key)
            guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
                throw args.error(param, .domain("'\(key)' is not an interaction of two or three components, such as \"Bi-Sb\" or \"Sn-Bi-Sb\""))
            }
            guard Set(parts).count == parts.count else {
                throw args.error(param, .domain("'\(key)' names a component twice"))
            }
            guard seen.insert(parts.sorted()).inserted else {
                throw args.error(param, .domain("the interaction \(key) is given twice (in some order)"))
            }
            let terms = try parameters(value, key, args, param)
            if parts.count == 3, terms.count != 1, terms.count != 3 {
                throw args.error(param, .domain("a ternary interaction takes 1 or 3 parameters; \(key) has \(terms.count)"))
            }
            let idx = parts.map(index)
            if parts.count == 2 {
                binaries.append(.init(i: idx[0], j: idx[1], terms: terms))
                binaryKeys.append(key)
            } else {
                ternaries.append(.init(i: idx[0], j: idx[1], k: idx[2], terms: terms))
                ternaryKeys.append(key)
            }
        }
        guard !binaries.isEmpty || !ternaries.isEmpty else {
            throw args.error(param, .domain("a Redlich-Kister system needs at least one interaction"))
        }
        return RKSystemValue(system: RedlichKisterSystem(components: components, binaries: binaries, ternaries: ternaries),
                             binaryKeys: binaryKeys, ternaryKeys: ternaryKeys)
    }

    private static func parameters(_ v: Value, _ key: String, _ args: Arguments, _ param: String) throws -> [RKParameter] {
        func one(_ item: Value) throws -> RKParameter {
            switch item {
            case .number(let q) where q.dimension == .molarEnergy:
                return RKParameter(q.value)
            case .record(let t):
                var p = RKParameter(0)
                for (k, f) in t.fields {
                    let want: Dimension = k == "a" ? .molarEnergy : .molarEntropy
                    guard ["a", "b", "c"].contains(k), case .number(let q) = f, q.dimension == want else {
                        throw args.error(param, .domain("in \(key), a temperature-dependent parameter is {a: J/mol, b: J/(mol K), c: J/(mol K)}; "
                                                        + "'\(k)' is \(f.typeDescription)"))
                    }
                    switch k {
                    case "a": p.a = q.value
                    case "b": p.b = q.value
                    default: p.c = q.value
                    }
                }
                return p
            default:
                throw args.error(param, .expectedDimension("the parameters of \(key)", expected: "molar energies such as 2230 J/mol",
                                                           found: item.typeDescription))
            }
        }
        if let n = v.listCount {
            guard n > 0 else { throw args.error(param, .domain("\(key) has no parameters")) }
            return try (0..<n).map { try one(v.item($0)) }
        }
        return [try one(v)]
    }

    static func system(_ args: Arguments) throws -> RKSystemValue {
        if let s = try phaseSystem(args) { return s }
        let v = try args.require("system")
        guard case .native(let n) = v, let s = n as? RKSystemValue else {
            throw args.error("system", .expectedType("'system'", expected: "a Redlich-Kister system made by rk(...)",
                                                     found: v.typeDescription))
        }
        return s
    }

    /// `ternary:`, true or false.
    static func ternaryTerms(_ args: Arguments) throws -> Bool {
        let v = try args.require("ternary")
        guard case .bool(let b) = v else {
            throw args.error("ternary", .expectedType("'ternary'", expected: "true or false", found: v.typeDescription))
        }
        return b
    }

    /// "CuTi" -> ["Cu", "Ti"]: a new part at each capital letter.
    static func capitalisedParts(_ key: String) -> [String] {
        var parts: [String] = []
        for ch in key {
            if ch.isUppercase || parts.isEmpty { parts.append(String(ch)) } else { parts[parts.count - 1].append(ch) }
        }
        return parts
    }

    static func extrapolation(_ args: Arguments, _ s: RKSystemValue) throws -> Extrapolation {
        let name = try args.string("method")
        let components = s.system.components
        func asymmetric() throws -> Int {
            guard components.count == 3 else {
                throw args.error("method", .domain("\(name) extrapolates ternary systems; this one has \(components.count) components"))
            }
            guard args.value("asymmetric") != nil else {
                throw args.error("method", .domain("\(name) needs the asymmetric component: asymmetric: \"\(components[0])\""))
            }
            let a = try args.string("asymmetric")
            guard let i = components.firstIndex(of: a) else {
                throw args.error("asymmetric", .domain("the system \(s.name) has no component '\(a)'"))
            }
            return i
        }
        // An argument the method does not use is an error, not silently ignored.
        if args.value("asymmetric") != nil, name != "toop", name != "hillert" {
            throw args.error("asymmetric", .custom("E406", "'asymmetric' is used only by the methods \"toop\" and \"hillert\"; \(name) treats the components alike"),
                             notes: ["help: leave out asymmetric:, or choose method: \"toop\" or \"hillert\""])
        }
        switch name {
        case "muggianu": return .muggianu
        case "kohler": return .kohler
        case "toop": return .toop(asymmetric: try asymmetric())
        case "hillert": return .hillert(asymmetric: try asymmetric())
        case "chou":
            guard components.count == 3 else {
                throw args.error("method", .domain("chou extrapolates ternary systems; this one has \(components.count) components"))
            }
            return .chou
        default:
            throw args.error("method", .domain("there is no method '\(name)'"),
                             notes: ["help: the methods are \"muggianu\", \"kohler\", \"toop\", \"hillert\", \"chou\""])
        }
    }

    /// Compositions in the order of the system's components.
    static func fractions(_ args: Arguments, _ s: RKSystemValue) throws -> (fractions: [Double], count: Int, isList: Bool) {
        let (set, columns, isList) = try compositionColumns(args, s)
        return (reordered(set, columns, k: s.system.components.count), set.count, isList)
    }

    /// A set's fractions, row-major, in the system's component order (absent components 0).
    static func reordered(_ set: CompositionSet, _ columns: [Int?], k: Int) -> [Double] {
        var out = [Double](repeating: 0, count: set.count * k)
        let m = set.elements.count
        for row in 0..<set.count {
            for (c, col) in columns.enumerated() {
                if let col { out[row * k + c] = set.fractions[row * m + col] }
            }
        }
        return out
    }

    /// The compositions as given, and for each component of the system its column in them.
    static func compositionColumns(_ args: Arguments, _ s: RKSystemValue) throws -> (CompositionSet, [Int?], Bool) {
        let (set, isList) = try Compositions.set(args, "comp", vocabulary: .components(s.system.components, system: s.name))
        return (set, s.system.components.map { set.elements.firstIndex(of: $0) }, isList)
    }

    /// G, H and S of compositions (row-major, in the system's order) each at its own temperature,
    /// or of one composition at every temperature of `T` (`RedlichKisterSystem.excess`: the kernels
    /// of one temperature, so the same bits as there), in slices on every core with the budget
    /// checked between rounds.
    static func excessAtEachTemperature(_ args: Arguments, _ system: RedlichKisterSystem, _ table: [Double],
                                        T ts: [Double], method: Extrapolation) throws -> [ExcessProperty: [Double]] {
        let k = system.components.count
        let n = ts.count
        // One composition is repeated for each temperature (none for an empty list).
        let one = k > 0 && table.count == k && n != 1
        guard k > 0, one || table.count == n * k else {
            throw args.error("T", .lengthMismatch(k > 0 ? table.count / k : 0, n))
        }
        let budget = args.evaluator.budget
        try budget.reserve(bytes: 3 * n * MemoryLayout<Double>.stride, at: args.callRange)
        var G = [Double](repeating: 0, count: n), H = G, S = G
        try G.withUnsafeMutableBufferPointer { g in
            try H.withUnsafeMutableBufferPointer { h in
                try S.withUnsafeMutableBufferPointer { s in
                    // A slice takes up to tens of ms (the kernels are made again where T changes).
                    try Budget.inSlices(of: n, perRound: 4, check: { try budget.check(at: args.callRange) }) { _, r in
                        let fractions = one ? Array([[Double]](repeating: table, count: r.count).joined())
                            : Array(table[(r.lowerBound * k)..<(r.upperBound * k)])
                        let part = system.excess(fractions: fractions, T: Array(ts[r]), method: method)
                        for (column, p) in [(g, ExcessProperty.G), (h, .H), (s, .S)] {
                            for (i, v) in (part[p] ?? []).prefix(r.count).enumerated() { column[r.lowerBound + i] = v }
                        }
                    }
                }
            }
        }
        return [.G: G, .H: H, .S: S]
    }

    /// Temperatures for `count` compositions: one, one per composition, or any number for one
    /// composition given alone (not as a list of one, which pairs with one temperature, as in `mix`);
    /// and how many results they make (`pointCount`). A list of temperatures, even of one or none,
    /// makes the results lists.
    static func temperatures(_ args: Arguments, count: Int, compositionsAreList: Bool) throws
        -> (values: [Double], isList: Bool, points: Int) {
        let (ts, isList) = try temperatureList(args)
        let points = try pointCount(args, x: count, xList: compositionsAreList, T: ts.count, tList: isList)
        return (ts, isList, points)
    }

    static let rkm = Builtin(
        "rkm",
        params: [.init("system"), .init("comp"), .init("T"), .init("method", default: .string("muggianu")),
                 .init("asymmetric", optional: true), .init("ternary", default: .bool(true))],
        signature: "rkm(system, comp, T:, method:, asymmetric:, ternary:) -> {G, H, S}",
        doc: """
            The excess Gibbs energy, enthalpy and entropy of mixing of a Redlich-Kister system (J/mol, \
            J/(mol K)); for temperature-independent parameters H = G and S = 0.
            comp: a composition of the system's components (record, formula such as "Sn1Bi1Sb1", a list, \
            or grid(...)); absent components count as 0. T: the temperature (one, one per composition, or \
            several for one composition, taken at each).
            method: "muggianu" (default; the Redlich-Kister-Muggianu polynomial, seed 003 Eq. 5.4), \
            "kohler", "toop" and "hillert" (with asymmetric: the component kept at constant fraction), and \
            "chou": Chou's general solution model (Calphad 19 (1995) 315) with similarity coefficients \
            computed from the binaries. Seed 003's Eq. 4.7, labelled Chou, is not Chou's model: it weights \
            each binary by x_j/(1 - x_i) at the binary edge, Toop-like for every pair; Solvus implements \
            the published model. Ternary terms are added in every method (ternary: false leaves them out). \
            Written rkm(...).H (one field of the call) at one T, only that property is computed.
            Example: rkm(rk({"Bi-Sb": [2230 J/mol]}), {Bi: 1, Sb: 1}, T: 973 K).H is 557.5 J/mol.
            """
    ) { args in
        var s = try system(args)
        let method = try extrapolation(args, s)
        if try ternaryTerms(args) == false { s.system.ternaries = [] }
        let vocabulary = Vocabulary.components(s.system.components, system: s.name)
        let (rows, isList) = try Compositions.rows(args, "comp", vocabulary: vocabulary)
        let n = rows.count
        let (ts, tList, _) = try temperatures(args, count: n, compositionsAreList: isList)
        var props: [ExcessProperty: [Double]]
        // The one property read (`rkm(...).H`), made alone on the fast path.
        var only: ExcessProperty?
        if ts.count == 1 {
            only = args.wantedField.flatMap { ["G": ExcessProperty.G, "H": .H, "S": .S][$0] }
            // Native path: one pass over the compositions as they are laid out (a grid is made
            // chunk by chunk in cache), on every core, each property written once; a property
            // whose parameters are all zero (S of T-independent parameters) is not computed, and
            // G shares H's storage when they are the same.
            let w = rows.elements.count
            let columns = s.system.components.map { rows.elements.firstIndex(of: $0) }
            try args.evaluator.checkSize(Double(n), at: args.callRange)
            let constant = (s.system.binaries.flatMap(\.terms) + s.system.ternaries.flatMap(\.terms)).allSatisfy { $0.b == 0 && $0.c == 0 && $0.d == 0 }
            let budget = args.evaluator.budget
            func run(zero: Bool, _ evaluate: (UnsafePointer<Double>, Int, UnsafeMutablePointer<Double>) -> Void) throws -> [Double] {
                try budget.reserve(bytes: n * MemoryLayout<Double>.stride, at: args.callRange)
                if zero { return [Double](repeating: 0, count: n) }
                return try [Double](unsafeUninitializedCapacity: n) { out, initialized in
                    guard let o = out.baseAddress else { return }
                    // Every row is written once the traversal returns; if the budget stops
                    // it, the error is thrown and the array is never made.
                    try rows.forEachChunkOnEveryCore(check: { try budget.check(at: args.callRange) }) { chunk, range in
                        if let f = chunk.baseAddress { evaluate(f, range.count, o + range.lowerBound) }
                    }
                    initialized = n
                }
            }
            func property(_ p: ExcessProperty) throws -> [Double] {
                let kernel = s.system.kernel(width: w, columns: columns, property: p, T: ts[0], method: method)
                return try run(zero: kernel.isZero) { kernel.evaluate($0, rows: $1, into: $2) }
            }
            if let p = only {
                // rkm(...).H: only the field read is made.
                props = [p: try property(p)]
            } else {
                let h = try property(.H)
                props = [.H: h, .G: constant ? h : try property(.G), .S: try property(.S)]
            }
        } else {
            // A temperature per composition, or one composition at each of several temperatures.
            let set: CompositionSet
            switch rows {
            case .set(let stored): set = stored
            case .grid(let g): set = try g.materialised(args.evaluator, at: args.range("comp"))
            }
            let columns = s.system.components.map { set.elements.firstIndex(of: $0) }
            props = try excessAtEachTemperature(args, s.system, reordered(set, columns, k: s.system.components.count),
                                                T: ts, method: method)
        }
        let list = isList || tList
        func column(_ p: ExcessProperty, _ unit: Unit) -> Value {
            let v = props[p] ?? []
            return list ? .array(QuantityArray(v, unit)) : .number(Quantity(v.first ?? 0, unit))
        }
        let fields = [("G", ExcessProperty.G, JPerMol), ("H", .H, JPerMol), ("S", .S, JPerMolK)]
        return .record(Record(fields.filter { only == nil || $0.1 == only }.map { ($0.0, column($0.1, $0.2)) }))
    }

    static let partial = Builtin(
        "partial",
        params: [.init("system"), .init("comp"), .init("component"), .init("T"),
                 .init("method", default: .string("muggianu")), .init("asymmetric", optional: true),
                 .init("ternary", default: .bool(true))],
        signature: "partial(system, comp, component, T:, method:, asymmetric:, ternary:) -> {G, H, S}",
        doc: """
            The partial molar excess Gibbs energy, enthalpy and entropy of one component (J/mol, J/(mol K)): \
            Ḡ_m = G + ∂G/∂x_m - Σ_j x_j ∂G/∂x_j, with the derivatives computed exactly by automatic \
            differentiation for every method of rkm. At infinite dilution of m this is the limiting \
            partial enthalpy that drop calorimetry measures (seed 003, Tables 5.2-5.4). method:, \
            asymmetric: and ternary: as for rkm.
            Example: partial(rk({"A-B": [4000 J/mol]}), {A: 1, B: 0}, "B", T: 300 K).H is 4000 J/mol.
            """
    ) { args in
        var s = try system(args)
        let method = try extrapolation(args, s)
        if try ternaryTerms(args) == false { s.system.ternaries = [] }
        let (f, n, isList) = try fractions(args, s)
        let (ts, tList, points) = try temperatures(args, count: n, compositionsAreList: isList)
        let name = try args.string("component")
        guard let m = s.system.components.firstIndex(of: name) else {
            throw args.error("component", .domain("the system \(s.name) has no component '\(name)'"))
        }
        let k = s.system.components.count
        // One composition at several temperatures is taken at each.
        let count = points
        let budget = args.evaluator.budget
        try budget.reserve(bytes: 3 * count * MemoryLayout<Double>.stride, at: args.callRange)
        var G = [Double](repeating: 0, count: count), H = G, S = G
        let columns = (0..<k).map { Optional($0) }
        // Each composition on its own, in slices on every core, the budget checked between rounds.
        try G.withUnsafeMutableBufferPointer { g in
            try H.withUnsafeMutableBufferPointer { h in
                try S.withUnsafeMutableBufferPointer { s3 in
                    // Slices of 4,096 compositions take tens of ms: four a round keep the checks close.
                    try Budget.inSlices(of: count, perRound: 4, check: { try budget.check(at: args.callRange) }) { _, rows in
                        // The kernels of G, H and S at a temperature, made again only where T changes.
                        var kernels: (T: Double, GHS: [RedlichKisterSystem.ExtrapolationKernel])?
                        for row in rows {
                            let t = ts.count == 1 ? ts[0] : ts[row]
                            if kernels?.T != t {
                                kernels = (t, s.system.extrapolationKernels(width: k, columns: columns, properties: [.G, .H, .S],
                                                                            T: t, method: method))
                            }
                            guard let ks = kernels?.GHS, ks.count == 3 else { continue }
                            let r = n == 1 ? 0 : row
                            let x = Array(f[(r * k)..<((r + 1) * k)])
                            (g[row], h[row], s3[row]) = (ks[0].partial(m, at: x), ks[1].partial(m, at: x), ks[2].partial(m, at: x))
                        }
                    }
                }
            }
        }
        let out: [ExcessProperty: [Double]] = [.G: G, .H: H, .S: S]
        let list = isList || tList
        func column(_ p: ExcessProperty, _ unit: Unit) -> Value {
            let v = out[p] ?? []
            return list ? .array(QuantityArray(v, unit)) : .number(Quantity(v.first ?? 0, unit))
        }
        return .record(Record([("G", column(.G, JPerMol)), ("H", column(.H, JPerMol)), ("S", column(.S, JPerMolK))]))
    }
}
