import SolvusCore
import SolvusModels

extension Builtins {
    static func miedema(_ registry: ElementRegistry) -> Builtin {
        Builtin(
            "miedema",
            params: [.init("comp"), .init("size_factor", default: .string("recent")),
                     .init("structure_reference", default: .string("bcc")), .init("beta", optional: true),
                     .init("P", optional: true)],
            signature: "miedema(comp, size_factor:, structure_reference:, beta:, P:) -> {dH_ss, dH_compound, dH_am, ...}",
            doc: """
                The Miedema model of seed 002 (sections 7-11; de Boer, Boom, Mattens, Miedema & Niessen, \
                Cohesion in Metals, 1988; Zhang et al., Comput. Phys. Commun. 209 (2016) 58). All enthalpies \
                in kJ/mol of atoms.
                Γ_AB = [-P (Δφ*)² + Q (Δn_ws^1/3)² - R] / [½ (1/n_A^1/3 + 1/n_B^1/3)], P = 14.2, 12.35, 10.7 \
                for two, one, no transition metals (class from the qmpy flag, never from a valence count), \
                Q = 9.4 P, R = P (R/P)_A (R/P)_B for transition / non-transition pairs only. \
                V*^2/3 = V^2/3 (1 + a c^s_other (φ_self - φ_other)), iterated to convergence with the surface \
                concentrations c^s of the pair.
                pairs: for each pair, gamma (kJ/mol per cm² of V^2/3, a plain number), the corrected V^2/3 \
                (cm², plain numbers), dH_equiatomic = ½ V_A* V_B* / (V_A* + V_B*) Γ (the factor 4 is never \
                applied here), and the pair's share of dH_chem, dH_elast and dH_compound.
                dH_chem = Σ_pairs x_A x_B V_A* V_B* / (x_A V_A* + x_B V_B*) Γ; dH_elast = Σ_pairs \
                x_A x_B (x_B E_A in B + x_A E_B in A), E_A in B = 2 K_A G_B (W_A - W_B)² / (3 K_A W_B + 4 G_B W_A) \
                (Eshelby-Friedel; K, G and W the table's moduli and molar volumes); dH_struct = \
                min_α E_α(z̄) - Σ c_i E_α_i(z_i), z̄ = Σ c_i z_i, lattice stabilities referenced to \
                E_bcc = 0 (structure_reference: "bcc", the seed's form) or as tabulated ("absolute", \
                matminer's); dH_ss = dH_chem + dH_elast + dH_struct.
                dH_compound = Σ_pairs S_C f(c^s) (x_A V_A* + x_B V_B*) Γ + dH_trans, f = c^s_A c^s_B \
                (1 + 8 (c^s_A c^s_B)²), dH_trans = Σ c_i H_trans,i; S_C (size_factor) "recent" = \
                V_A V_B / [½ (V_A + V_B)]² (default), "original" = 1 - |V_B - V_A| / (c^s_A V_A + c^s_B V_B)², \
                or "none".
                dH_am = dH_chem + dH_topo, dH_topo = β Σ c_i T_m,i, β = 3.5 J/(mol K) (Bakker 1998; beta:).
                A list of compositions or grid(...) gives a record of lists, without the per-pair detail.
                Example: miedema("CuTi").pairs.CuTi.dH_equiatomic is -8.96065 kJ/mol.
                """
        ) { args in
            let (rows, isList) = try Compositions.rows(args, "comp", vocabulary: .elements(registry))
            let plan = try MiedemaPlan(args, elements: rows.elements, registry: registry)
            if isList {
                // Many compositions: read in chunks (a grid is never stored), a record of lists.
                try args.evaluator.checkSize(Double(rows.count), at: args.callRange)
                try args.evaluator.budget.reserve(bytes: rows.count * 73, at: args.callRange)
                var c = MiedemaPlan.Columns(count: rows.count)
                let budget = args.evaluator.budget
                try c.withOutput { out in
                    // Chunks on every core, 8 at a time (a few ms between checks).
                    try rows.forEachChunkOnEveryCore(perRound: 8, check: { try budget.check(at: args.callRange) }) { chunk, range in
                        if let f = chunk.baseAddress { plan.system.evaluate(f, rows: range.count, into: out, at: range.lowerBound) }
                    }
                }
                return plan.record(c)
            }
            // One composition: its terms and the detail of each pair.
            guard case .set(let set) = rows, set.count == 1 else { return plan.record(MiedemaPlan.Columns(count: 0)) }
            let params = plan.params
            let k = set.elements.count
            let t = Miedema.alloy(params, x: Array(set.fractions[0..<k]), lattice: plan.lattice, plan.options, absentPairs: true)
            let values = MiedemaPlan.values(t)
            var r = Record()
            for (c, name) in MiedemaPlan.termNames.enumerated() { r[name] = .number(Quantity(values[c], kJPerMol)) }
            r["z"] = .number(values[8])
            r["structure"] = .string(t.alloyStructure?.rawValue ?? "none")
            var pairs = Record()
            var p = 0
            for i in 0..<k {
                for j in (i + 1)..<max(i + 1, k) {
                    let pt = t.pairs[p]
                    p += 1
                    let eq = Miedema.correctedVolumes(params[i], params[j], cA: 0.5, cB: 0.5, plan.options)
                    var pr = Record()
                    pr["gamma"] = .number(pt.gamma / 1000)
                    pr["V_a"] = .number(pt.vA)
                    pr["V_b"] = .number(pt.vB)
                    pr["dH_equiatomic"] = .number(Quantity(0.5 * eq.vA * eq.vB / (eq.vA + eq.vB) * pt.gamma, kJPerMol))
                    pr["dH_chem"] = .number(Quantity(pt.chemical, kJPerMol))
                    pr["dH_elast"] = .number(Quantity(pt.elastic, kJPerMol))
                    pr["dH_compound"] = .number(Quantity(pt.compound, kJPerMol))
                    pr["S_C"] = .number(pt.sizeFactor)
                    pairs[set.elements[i] + set.elements[j]] = .record(pr)
                }
            }
            r["pairs"] = .record(pairs)
            r["options"] = plan.optionsRecord
            return .record(r)
        }
    }
}

/// What `miedema` prepares once for a set of elements — their parameters, the lattice
/// stabilities and the options — so that many compositions are then evaluated chunk by chunk,
/// on any thread (`screen` runs it on every core).
struct MiedemaPlan: Sendable {
    let params: [MiedemaParameters]
    let lattice: LatticeStability
    let options: Miedema.Options
    /// The system prepared for many compositions.
    let system: Miedema.Alloys

    init(_ args: Arguments, elements: [String], registry: ElementRegistry) throws {
        var options = Miedema.Options()
        options.sizeFactor = try Builtins.table(args, "size_factor", Miedema.SizeFactor.self)
        options.structureReference = try Builtins.table(args, "structure_reference", Miedema.StructureReference.self)
        if args.value("beta") != nil { options.beta = try args.scalar("beta", .molarEntropy) }
        if args.value("P") != nil { options.pTT = try args.scalar("P", .none) }
        var params: [MiedemaParameters] = []
        for symbol in elements {
            guard let m = registry.lookup(symbol)?.miedema else {
                throw args.error("comp", .domain("\(symbol) has no Miedema parameters"),
                                 notes: ["help: define them with element(\"\(symbol)\", phi: ..., nws13: ..., V23: ...)"])
            }
            params.append(m)
        }
        self.params = params
        self.options = options
        lattice = registry.data.latticeStability
        system = Miedema.Alloys(params, lattice: lattice, options)
    }

    /// The nine terms (J/mol, and z) and the structure of each composition: column c of
    /// `values` (`Miedema.Alloys.Output`'s order) holds rows c·count ..< (c + 1)·count.
    struct Columns: Sendable {
        var values: [Double]
        var structures: [UInt8]
        let count: Int

        init(count n: Int) {
            count = n
            values = [Double](unsafeUninitializedCapacity: Miedema.Alloys.columns * n) { _, c in c = Miedema.Alloys.columns * n }
            structures = [UInt8](repeating: 0, count: n)
        }

        /// The columns' storage, for `Miedema.Alloys.evaluate` to write into.
        mutating func withOutput<R>(_ body: (Miedema.Alloys.Output) throws -> R) rethrows -> R {
            let n = count
            return try values.withUnsafeMutableBufferPointer { v in
                try structures.withUnsafeMutableBufferPointer { s in
                    var none = 0.0, noCode: UInt8 = 0
                    // No rows: nothing is written; any valid pointer will do.
                    return try withUnsafeMutablePointer(to: &none) { d in
                        try withUnsafeMutablePointer(to: &noCode) { u in
                            try body(Miedema.Alloys.Output(values: v.baseAddress ?? d, stride: n, structure: s.baseAddress ?? u))
                        }
                    }
                }
            }
        }

        func column(_ c: Int) -> [Double] { Array(values[(c * count)..<((c + 1) * count)]) }
    }

    /// The names of the eight enthalpy terms (kJ/mol), in the order of `values`.
    static let termNames = ["dH_chem", "dH_elast", "dH_struct", "dH_ss", "dH_compound", "dH_trans", "dH_topo", "dH_am"]

    /// The eight enthalpy terms of `termNames`, then the mean valence z.
    static func values(_ t: Miedema.AlloyTerms) -> [Double] {
        [t.chemical, t.elastic, t.structural, t.solidSolution, t.compound, t.transformation, t.topological, t.amorphous,
         t.meanValence]
    }

    /// The options as the result shows them.
    var optionsRecord: Value {
        .record(Record([
            ("size_factor", .string(options.sizeFactor.rawValue)),
            ("structure_reference", .string(options.structureReference.rawValue)),
            ("beta", .number(Quantity(options.beta, Builtins.JPerMolK))), ("P", .number(options.pTT)),
        ]))
    }

    /// The compositions of `chunk` (row-major, one row per composition).
    func evaluate(_ chunk: UnsafeBufferPointer<Double>) -> Columns {
        let k = params.count
        let n = k == 0 ? 0 : chunk.count / k
        var out = Columns(count: n)
        if let f = chunk.baseAddress { out.withOutput { system.evaluate(f, rows: n, into: $0, at: 0) } }
        return out
    }

    /// miedema's result for many compositions: a record of lists.
    func record(_ c: Columns) -> Value {
        var r = Record()
        for (i, name) in MiedemaPlan.termNames.enumerated() { r[name] = .array(QuantityArray(c.column(i), Builtins.kJPerMol)) }
        r["z"] = .array(QuantityArray(c.column(8)))
        let names = ["none"] + Miedema.Alloys.structureCodes.map(\.rawValue)
        r["structure"] = Categories(count: c.count) { names[Int(c.structures[$0])] }.map { .native($0) }
            ?? .list(c.structures.map { .string(names[Int($0)]) })
        r["options"] = optionsRecord
        return .record(r)
    }
}
