import SolvusCore
import SolvusModels

extension Builtins {
    /// The Miedema conventions used for a pair enthalpy that the Takeuchi-Inoue table lacks: the
    /// liquid convention of the table itself (R scaled by 0.73), so that computed and tabulated
    /// pairs agree as closely as the model allows (see the RMS test and the README).
    static let pairFallbackOptions = Miedema.Options.liquid

    /// The equiatomic pair enthalpies ΔH_ij (J/mol) of `elements`, k × k, and where each came from.
    static func pairEnthalpies(_ elements: [Element], overrides: [ElementData.PairKey: Double],
                               registry: ElementRegistry, args: Arguments, param: String)
        throws -> (matrix: [Double], sources: [(String, String, Double, String)])
    {
        let k = elements.count
        var matrix = [Double](repeating: 0, count: k * k)
        var sources: [(String, String, Double, String)] = []
        for i in 0..<k {
            for j in (i + 1)..<max(i + 1, k) {
                let a = elements[i], b = elements[j]
                let key = ElementData.PairKey(a.symbol, b.symbol)
                let h: Double
                let source: String
                if let o = overrides[key] {
                    (h, source) = (o, "given")
                } else if !a.isCustom, !b.isCustom, let t = registry.data.pairs[key] {
                    (h, source) = (t, "Takeuchi-Inoue 2005")
                } else if let ma = a.miedema, let mb = b.miedema {
                    (h, source) = (Miedema.equiatomicPairEnthalpy(ma, mb, pairFallbackOptions),
                                   "Miedema (not tabulated)")
                } else {
                    // Missing: the caller reports it and leaves dH and omega missing where both occur.
                    (h, source) = (.nan, "missing: not in the Takeuchi-Inoue table, and "
                                   + "\(a.miedema == nil ? a.symbol : b.symbol) has no Miedema parameters")
                }
                matrix[i * k + j] = h
                matrix[j * k + i] = h
                sources.append((a.symbol, b.symbol, h, source))
            }
        }
        return (matrix, sources)
    }

    /// Pair overrides such as {CuTi: -9 kJ/mol} or {"Cu-Ti": -9 kJ/mol}.
    static func pairOverrides(_ args: Arguments, _ param: String, _ registry: ElementRegistry) throws
        -> [ElementData.PairKey: Double]
    {
        guard let v = args.value(param) else { return [:] }
        guard case .record(let r) = v else {
            throw args.error(param, .expectedType("'\(param)'", expected: "a record such as {CuTi: -9 kJ/mol}",
                                                  found: v.typeDescription))
        }
        var out: [ElementData.PairKey: Double] = [:]
        for (key, value) in r.fields {
            var parts: [String]
            if key.contains("-") {
                parts = key.split(separator: "-").map(String.init)
            } else {
                parts = []
                for ch in key {
                    if ch.isUppercase || parts.isEmpty { parts.append(String(ch)) } else { parts[parts.count - 1].append(ch) }
                }
            }
            guard parts.count == 2, parts[0] != parts[1] else {
                throw args.error(param, .domain("'\(key)' is not a pair of two elements, such as CuTi or \"Cu-Ti\""))
            }
            for p in parts where registry.lookup(p) == nil {
                throw args.error(param, .unknownElement(p, suggestion: registry.suggestion(for: p)))
            }
            guard case .number(let q) = value, q.dimension == .molarEnergy else {
                throw args.error(param, .expectedDimension("the enthalpy of \(key)", expected: Dimension.molarEnergy.phrase,
                                                           found: value.typeDescription))
            }
            out[ElementData.PairKey(parts[0], parts[1])] = q.value
        }
        return out
    }

    static func table<T: RawRepresentable & CaseIterable>(_ args: Arguments, _ param: String, _: T.Type) throws -> T
        where T.RawValue == String
    {
        let name = try args.string(param)
        guard let t = T(rawValue: name) else {
            let names = T.allCases.map(\.rawValue)
            throw args.error(param, .domain("there is no \(param) table '\(name)'"),
                             notes: ["help: the tables are " + names.map { "\"\($0)\"" }.joined(separator: ", ")])
        }
        return t
    }

    static func rules(_ args: Arguments) throws -> PhaseRules {
        var rules = PhaseRules()
        guard let v = args.value("rules") else { return rules }
        guard case .record(let r) = v else {
            throw args.error("rules", .expectedType("'rules'", expected: "a record of thresholds", found: v.typeDescription))
        }
        let names = ["yz_omega_min", "yz_delta_max", "vec_fcc_min", "vec_bcc_max", "zhang_dh_min", "zhang_dh_max",
                     "zhang_delta_max"]
        for (key, value) in r.fields {
            guard names.contains(key) else {
                throw args.error("rules", .domain("there is no threshold '\(key)'"
                                                  + (Suggest.closest(to: key, in: names).map { "; did you mean '\($0)'?" } ?? "")),
                                 notes: ["help: the thresholds are " + names.joined(separator: ", ")])
            }
            let expected: Dimension = key.contains("_dh_") ? .molarEnergy : .none
            guard case .number(let q) = value, q.dimension == expected else {
                throw args.error("rules", .expectedDimension(key, expected: expected.phrase, found: value.typeDescription),
                                 notes: expected == .molarEnergy ? ["help: give the unit, such as \(key): -22 kJ/mol"] : [])
            }
            // δ is a percentage: a bare 5 would be 500 %, so the unit must be written.
            if key.hasSuffix("_delta_max"), q.unit.isNone {
                throw args.error("rules", .expectedDimension(key, expected: "a percentage such as 6.6 %",
                                                             found: "the bare number \(NumberFormat.format(q.value))"),
                                 notes: ["help: write \(key): \(NumberFormat.format(q.value)) %" + (q.value < 1
                                    ? " (or \(NumberFormat.format(q.value * 100)) % if you meant a fraction)" : "")])
            }
            switch key {
            case "yz_omega_min": rules.yangZhangOmegaMin = q.value
            case "yz_delta_max": rules.yangZhangDeltaMax = q.value
            case "vec_fcc_min": rules.guoLiuFCCMin = q.value
            case "vec_bcc_max": rules.guoLiuBCCMax = q.value
            case "zhang_dh_min": rules.zhangDHMin = q.value
            case "zhang_dh_max": rules.zhangDHMax = q.value
            default: rules.zhangDeltaMax = q.value
            }
        }
        return rules
    }

    /// The verdict when a descriptor it needs is missing.
    static let unknownVerdict = "unknown (missing data)"

    static func yangZhangVerdict(_ r: PhaseRules, omega: Double, delta: Double) -> String {
        if omega.isNaN || delta.isNaN { return unknownVerdict }
        return r.yangZhang(omega: omega, delta: delta) ? "solid solution" : "intermetallic or multiphase"
    }

    static func guoLiuVerdict(_ r: PhaseRules, vec: Double) -> String {
        vec.isNaN ? unknownVerdict : r.guoLiu(vec: vec)
    }

    static func zhangVerdict(_ r: PhaseRules, dH: Double, delta: Double) -> String {
        if dH.isNaN || delta.isNaN { return unknownVerdict }
        if !PhaseRules.staysWithin(delta, r.zhangDeltaMax) { return "not a solid solution (delta too large)" }
        if !PhaseRules.reaches(dH, r.zhangDHMin) { return "compounds (dH_mix below the window)" }
        if !PhaseRules.staysWithin(dH, r.zhangDHMax) { return "phase separation (dH_mix above the window)" }
        return "solid solution"
    }

    static func omega(_ registry: ElementRegistry) -> Builtin {
        Builtin(
            "omega",
            params: [.init("comp"), .init("pairs", optional: true), .init("radius", default: .string("hea_bench")),
                     .init("tm", default: .string("hea_bench")), .init("vec", default: .string("hea_bench")),
                     .init("rules", optional: true)],
            signature: "omega(comp, pairs:, radius:, tm:, vec:, rules:) -> {omega, delta, vec, tm, dS, dH, phase, ...}",
            doc: """
                The Yang-Zhang Ω criterion and the HEA descriptors of a composition (seed 002):
                dS = -R Σ c_i ln c_i (J/(mol K)); dH = Σ_{i<j} 4 ΔH_ij c_i c_j (kJ/mol), ΔH_ij the \
                equiatomic pair enthalpy (the factor 4 applied once); tm = Σ c_i T_m,i (K); \
                delta = sqrt(Σ c_i (1 - r_i/r̄)²) (%); vec = Σ c_i VEC_i; omega = tm dS / |dH|, \
                reported as inf when dH = 0.
                comp: a formula ("CoCrFeMnNi", "Al0.5CoCrCuFeNi", "Cu50Ti50"), a record ({Cu: 0.5, Ti: 0.5}), \
                a list of them, or grid(...). A list or grid gives a record of lists.
                pairs: overrides of ΔH_ij, as {CuTi: -9 kJ/mol}. Otherwise ΔH_ij is taken from Takeuchi & Inoue, \
                Mater. Trans. 46 (2005) 2817, or, for a pair the table lacks, computed with the Miedema model \
                (liquid convention, as the table); pair_source says which.
                radius: "hea_bench" (default; Goldschmidt CN12 radii, Mn 135.7 pm), "cn12" or "miracle"; \
                tm: "hea_bench" (default), "pymatgen", "magpie" or "miedema"; vec: "hea_bench" (default) or \
                "guo_liu". The tables used are named in the result.
                Verdicts (rules): yang_zhang, "solid solution" when omega ≥ yz_omega_min (1.1) and \
                delta ≤ yz_delta_max (6.6 %, Yang & Zhang, Mater. Chem. Phys. 132 (2012) 233; seed 002 \
                writes 6.5 %); guo_liu, "fcc" when vec ≥ vec_fcc_min (8.0), "bcc" when vec < vec_bcc_max \
                (6.87), else "fcc + bcc" (Guo et al., J. Appl. Phys. 109 (2011) 103505); zhang_2008, \
                "solid solution" when zhang_dh_min (-22 kJ/mol) ≤ dH ≤ zhang_dh_max (5 kJ/mol) and \
                delta ≤ zhang_delta_max (6.5 %) (Zhang et al., Adv. Eng. Mater. 10 (2008) 534). Change any \
                threshold with rules: {yz_delta_max: 6.5 %}. phase is the yang_zhang verdict.
                Example: omega("CoCrFeMnNi").omega is 5.79398.
                """
        ) { args in
            let (rows, isList) = try Compositions.rows(args, "comp", vocabulary: .elements(registry))
            let plan = try OmegaPlan(args, elements: rows.elements, registry: registry)
            let n = rows.count
            try args.evaluator.checkSize(Double(n), at: args.callRange)  // each column is a list of n
            try args.evaluator.budget.reserve(bytes: n * (6 * MemoryLayout<Double>.stride + 3), at: args.callRange)
            var c = HEADescriptors.Columns(uninitialized: n)
            let budget = args.evaluator.budget
            try c.withPointers { out in
                // Chunks on every core, 8 at a time (a few ms between checks).
                try rows.forEachChunkOnEveryCore(perRound: 8, check: { try budget.check(at: args.callRange) }) { chunk, range in
                    plan.evaluate(chunk, into: out, at: range.lowerBound)
                }
            }
            return plan.record(c, isList: isList)
        }
    }
}

/// What `omega` prepares once for a set of elements — tables, the pair-enthalpy matrix, the
/// rules, what is missing — so that the compositions can then be evaluated chunk by chunk, on
/// any thread (`screen` runs it on every core).
struct OmegaPlan: Sendable {
    let elements: [String]
    let radius: [Double], tm: [Double], vec: [Double]
    /// Pair enthalpies, k × k (a missing pair as 0, and its rows made nan afterwards).
    let matrix: [Double]
    let rules: PhaseRules
    /// Elements whose value a table lacks, and pairs without an enthalpy.
    let lacking: (radius: [Int], tm: [Int], vec: [Int])
    let lackingPairs: [(Int, Int)]
    let missing: [String]
    let sources: [(String, String, Double, String)]
    let tables: (radius: String, tm: String, vec: String)

    init(_ args: Arguments, elements symbols: [String], registry: ElementRegistry) throws {
        let radiusTable = try Builtins.table(args, "radius", RadiusTable.self)
        let tmTable = try Builtins.table(args, "tm", MeltingTable.self)
        let vecTable = try Builtins.table(args, "vec", VECTable.self)
        rules = try Builtins.rules(args)
        var elements: [Element] = []
        var radius: [Double] = [], tm: [Double] = [], vec: [Double] = []
        // A value a table lacks leaves the descriptors that need it missing (nan) wherever that
        // element is present, with a note naming the table and the element; the others are computed.
        var missing: [String] = []
        var lacking: (radius: [Int], tm: [Int], vec: [Int]) = ([], [], [])
        for (i, symbol) in symbols.enumerated() {
            guard let e = registry.lookup(symbol) else {
                throw args.error("comp", .unknownElement(symbol, suggestion: registry.suggestion(for: symbol)))
            }
            func value(_ v: Double?, _ what: String, _ label: String, _ needs: String, _ others: [String],
                       _ param: String, _ list: inout [Int]) -> Double {
                if let v { return v }
                let hint = others.first.map { "; \(param): \"\($0)\" has one" } ?? ""
                missing.append("\(symbol) has no \(what) in the \(label) table: \(needs) missing\(hint)")
                list.append(i)
                return 0
            }
            elements.append(e)
            radius.append(value(radiusTable.value(e), "radius", radiusTable.rawValue, "delta is",
                                RadiusTable.allCases.filter { $0.value(e) != nil }.map(\.rawValue), "radius", &lacking.radius))
            tm.append(value(tmTable.value(e), "melting point", tmTable.rawValue, "tm and omega are",
                            MeltingTable.allCases.filter { $0.value(e) != nil }.map(\.rawValue), "tm", &lacking.tm))
            vec.append(value(vecTable.value(e), "VEC", vecTable.rawValue, "vec is",
                             VECTable.allCases.filter { $0.value(e) != nil }.map(\.rawValue), "vec", &lacking.vec))
        }
        let overrides = try Builtins.pairOverrides(args, "pairs", registry)
        let (pairMatrix, sources) = try Builtins.pairEnthalpies(elements, overrides: overrides, registry: registry,
                                                                args: args, param: "comp")
        var matrix = pairMatrix
        let k = symbols.count
        var lackingPairs: [(Int, Int)] = []
        for i in 0..<k {
            for j in (i + 1)..<max(i + 1, k) where matrix[i * k + j].isNaN {
                lackingPairs.append((i, j))
                matrix[i * k + j] = 0
                matrix[j * k + i] = 0
                missing.append("no pair enthalpy for \(symbols[i])-\(symbols[j]) (not in the Takeuchi-Inoue "
                               + "table, no Miedema parameters): dH and omega are missing; give it with pairs:")
            }
        }
        self.elements = symbols
        self.radius = radius
        self.tm = tm
        self.vec = vec
        self.matrix = matrix
        self.lacking = lacking
        self.lackingPairs = lackingPairs
        self.missing = missing
        self.sources = sources
        tables = (radiusTable.label, tmTable.label, vecTable.label)
    }

    /// The descriptors of the compositions in `chunk` (row-major, one row per composition),
    /// written to rows `offset...` of `out`.
    func evaluate(_ chunk: UnsafeBufferPointer<Double>, into out: HEADescriptors.Output, at offset: Int) {
        let k = elements.count
        guard k > 0, let f = chunk.baseAddress else { return }
        let n = chunk.count / k
        HEADescriptors.evaluate(f, rows: n, k: k, radius: radius, tm: tm, vec: vec, pairEnthalpy: matrix,
                                into: out, at: offset)
        guard !missing.isEmpty else { return }
        for row in 0..<n {
            let present = { (i: Int) in f[row * k + i] > 0 }
            let o = offset + row
            if lacking.radius.contains(where: present) { out.delta[o] = .nan }
            if lacking.vec.contains(where: present) { out.vec[o] = .nan }
            if lacking.tm.contains(where: present) { out.tm[o] = .nan; out.omega[o] = .nan }
            if lackingPairs.contains(where: { present($0.0) && present($0.1) }) { out.dH[o] = .nan; out.omega[o] = .nan }
        }
    }

    /// omega's result: a record of lists (or of values, for one composition).
    func record(_ c: HEADescriptors.Columns, isList: Bool) -> Value {
        var r = Record()
        func column(_ values: [Double], _ unit: Unit) -> Value {
            isList ? .array(QuantityArray(values, unit)) : .number(Quantity(values.first ?? .nan, unit))
        }
        // A verdict per composition, one byte each (a handful of distinct strings).
        func strings(_ f: (Int) -> String) -> Value {
            guard isList else { return .string(f(0)) }
            if let categories = Categories(count: c.omega.count, f) { return .native(categories) }
            return .list((0..<c.omega.count).map { .string(f($0)) })
        }
        r["omega"] = column(c.omega, .none)
        r["delta"] = column(c.delta, Builtins.percent)
        r["vec"] = column(c.vec, .none)
        r["tm"] = column(c.tm, Builtins.kelvin)
        r["dS"] = column(c.dS, Builtins.JPerMolK)
        r["dH"] = column(c.dH, Builtins.kJPerMol)
        let rules = self.rules
        let yz = strings { Builtins.yangZhangVerdict(rules, omega: c.omega[$0], delta: c.delta[$0]) }
        r["phase"] = yz
        r["structure"] = strings { Builtins.guoLiuVerdict(rules, vec: c.vec[$0]) }
        var verdicts = Record()
        verdicts["yang_zhang"] = yz
        verdicts["guo_liu"] = r["structure"]
        verdicts["zhang_2008"] = strings { Builtins.zhangVerdict(rules, dH: c.dH[$0], delta: c.delta[$0]) }
        r["rules"] = .record(verdicts)
        var pairs = Record(), pairSource = Record()
        for (a, b, h, source) in sources {
            pairs[a + b] = .number(Quantity(h, Builtins.kJPerMol))
            pairSource[a + b] = .string(source)
        }
        r["pairs"] = .record(pairs)
        r["pair_source"] = .record(pairSource)
        r["tables"] = .record(Record([("radius", .string(tables.radius)), ("tm", .string(tables.tm)),
                                      ("vec", .string(tables.vec))]))
        if !missing.isEmpty { r["missing"] = .list(missing.map { .string($0) }) }
        return .record(r)
    }
}
