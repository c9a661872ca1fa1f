import SolvusCore
import SolvusModels

extension Builtins {
    static let models: [Builtin] = [ideal, regular, mix, critical]

    static let ideal = Builtin("ideal", params: [], signature: "ideal() -> model", doc: """
        The ideal solution: ΔH_mix = 0, ΔS_mix = -R Σ x ln x, ΔG_mix = R T Σ x ln x, for any number \
        of components. Seed 000, "The Ideal Solution".
        Example: mix(ideal(), x: 0.5, T: 1000 K).G is -5.76315 kJ/mol.
        """) { _ in
        .native(SolutionModelValue(kind: .regular(.ideal), energyUnit: kJPerMol, description: "ideal()"))
    }

    static let regular = Builtin("regular", params: [.init("omega")], signature: "regular(omega) -> model", doc: """
        The regular solution: ΔH_mix = Ω x_A x_B, with the ideal entropy of mixing, so \
        ΔG_mix = Ω x_A x_B + R T (x_A ln x_A + x_B ln x_B). Seed 000.
        omega: a molar energy (J/mol, kJ/mol, eV/atom), the same for every pair of components; or a record \
        of pairs, regular({"Cu-Ni": 10 kJ/mol, "Cu-Ag": 25 kJ/mol, "Ag-Ni": 40 kJ/mol}), for \
        ΔH_mix = Σ_{i<j} Ω_ij x_i x_j.
        Ω > 0 gives a miscibility gap below T_c = Ω/2R (critical(regular(17.5 kJ/mol)).T is 1052.38 K).
        """) { args in
        let v = try args.require("omega")
        switch v {
        case .number(let q):
            guard q.dimension == .molarEnergy else {
                throw args.error("omega", .expectedDimension("omega", expected: Dimension.molarEnergy.phrase,
                                                            found: v.typeDescription),
                                 notes: ["help: give it per mole or per atom, such as 17.5 kJ/mol or 0.18 eV/atom"])
            }
            guard q.value.isFinite else { throw args.error("omega", .domain("omega must be finite")) }
            let unit = q.unit.isNone ? kJPerMol : q.unit
            return .native(SolutionModelValue(kind: .regular(RegularSolution(omega: q.value)), energyUnit: unit,
                                              description: "regular(\(q))"))
        case .record(let r):
            return try pairwiseModel(r, args)
        default:
            throw args.error("omega", .expectedDimension("omega", expected: "a molar energy or a record of pairs",
                                                        found: v.typeDescription))
        }
    }

    private static func pairwiseModel(_ r: Record, _ args: Arguments) throws -> Value {
        var components: [String] = []
        var pairs: [(Int, Int, Double)] = []
        var unit: Unit?
        func index(_ name: String) -> Int {
            if let i = components.firstIndex(of: name) { return i }
            components.append(name)
            return components.count - 1
        }
        for (key, value) in r.fields {
            let parts = key.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != parts[1] else {
                throw args.error("omega", .domain("'\(key)' is not a pair: write two different components as \"A-B\""))
            }
            guard case .number(let q) = value, q.dimension == .molarEnergy else {
                throw args.error("omega", .expectedDimension("the interaction of \(key)",
                                                            expected: Dimension.molarEnergy.phrase, found: value.typeDescription))
            }
            let i = index(parts[0]), j = index(parts[1])
            if pairs.contains(where: { ($0.0 == i && $0.1 == j) || ($0.0 == j && $0.1 == i) }) {
                throw args.error("omega", .domain("the pair \(parts[0])-\(parts[1]) is given twice"))
            }
            pairs.append((i, j, q.value))
            if unit == nil { unit = q.unit }
        }
        guard components.count >= 2 else {
            throw args.error("omega", .domain("a record of pairs needs at least one pair such as \"A-B\""))
        }
        let n = components.count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var given = Set<[Int]>()
        for (i, j, w) in pairs {
            matrix[i][j] = w
            matrix[j][i] = w
            given.insert([min(i, j), max(i, j)])
        }
        for i in 0..<n {
            for j in (i + 1)..<n where !given.contains([i, j]) {
                throw args.error("omega", .domain("no interaction is given for the pair \(components[i])-\(components[j])"),
                                 notes: ["help: give \"\(components[i])-\(components[j])\": 0 J/mol for an ideal pair"])
            }
        }
        return .native(SolutionModelValue(kind: .pairwise(components: components, model: PairwiseRegularSolution(omega: matrix)),
                                          energyUnit: unit ?? kJPerMol,
                                          description: "regular(\(Value.record(r).nested))"))
    }

    static func model(_ args: Arguments) throws -> SolutionModelValue {
        let v = try args.require("model")
        guard case .native(let n) = v, let m = n as? SolutionModelValue else {
            throw args.error("model", .expectedType("'model'", expected: "a solution model such as regular(17.5 kJ/mol)",
                                                    found: v.typeDescription))
        }
        return m
    }

    static let mix = Builtin(
        "mix", params: [.init("model", broadcast: .lists), .init("x", broadcast: .lists), .init("T")],
        signature: "mix(model, x:, T:) -> {G, H, S}",
        doc: """
            Gibbs energy, enthalpy and entropy of mixing per mole of solution, ΔG = ΔH - T ΔS.
            model: ideal() or regular(...).
            x: the mole fraction of the second component of a binary (0 ≤ x ≤ 1), a list of them, or a \
            composition record such as {Cu: 0.2, Ni: 0.3, Ag: 0.5} (amounts are normalised).
            T: the absolute temperature (K), one value or a list as long as x.
            Returns {G, H, S}: G and H in the unit of the model's Ω (kJ/mol for ideal()), S in J/(mol K); \
            lists when x or T is a list. Seed 000: ΔG_mix = Ω x_A x_B + R T (x_A ln x_A + x_B ln x_B).
            Example: mix(regular(17.5 kJ/mol), x: 0.3, T: 900 K) is \
            {G: -0.896108 kJ/mol, H: 3.675 kJ/mol, S: 5.07901 J/(mol K)}.
            """
    ) { args in
        let m = try model(args)
        let T = try args.numeric("T", .temperature)
        func checkT(_ t: Double, _ i: Int?) throws {
            guard t > 0, t.isFinite else {
                throw args.error("T", .domain("the temperature must be above 0 K, not \(NumberFormat.format(t)) K"),
                                 notes: i.map { ["note: at item \($0) of the list"] } ?? [])
            }
        }
        let temps: [Double]
        switch T {
        case .scalar(let t): try checkT(t, nil); temps = [t]
        case .array(let ts): for (i, t) in ts.enumerated() { try checkT(t, i) }; temps = ts
        }
        let xv = try args.require("x")
        let props: MixingProperties
        var isList = T.count != nil
        switch xv {
        case .record(let r):
            let (names, fractions) = try ComponentAmounts.fractions(r, args, "x")
            props = try mixComposition(m, names, fractions, temps, args)
        default:
            let x = try args.numeric("x", .none)
            let xs: [Double]
            switch x {
            case .scalar(let v): xs = [v]
            case .array(let vs): xs = vs; isList = true
            }
            for (i, v) in xs.enumerated() where !(v >= 0 && v <= 1) {
                throw args.error("x", .domain("the mole fraction x = \(NumberFormat.format(v)) is outside 0 ... 1"),
                                 notes: x.count != nil ? ["note: at item \(i) of the list"] : [])
            }
            if let a = x.count, let b = T.count, a != b {
                throw args.error("T", .lengthMismatch(a, b))
            }
            switch m.kind {
            case .regular(let r):
                props = r.mixing(x: xs, T: temps)
            case .pairwise(let c, let p):
                guard c.count == 2 else {
                    throw args.error("x", .expectedType("'x' for a model of \(c.count) components",
                                                        expected: "a composition record such as {\(c.map { "\($0): 0.2" }.joined(separator: ", "))}",
                                                        found: xv.typeDescription))
                }
                props = RegularSolution(omega: p.omega[0][1]).mixing(x: xs, T: temps)
            }
        }
        var r = Record()
        if isList {
            r["G"] = .array(QuantityArray(props.G, m.energyUnit))
            r["H"] = .array(QuantityArray(props.H, m.energyUnit))
            r["S"] = .array(QuantityArray(props.S, JPerMolK))
        } else {
            r["G"] = .number(Quantity(props.G[0], m.energyUnit))
            r["H"] = .number(Quantity(props.H[0], m.energyUnit))
            r["S"] = .number(Quantity(props.S[0], JPerMolK))
        }
        return .record(r)
    }

    private static func mixComposition(_ m: SolutionModelValue, _ names: [String], _ x: [Double], _ T: [Double],
                                       _ args: Arguments) throws -> MixingProperties {
        switch m.kind {
        case .regular(let r):
            let n = names.count
            let matrix = [[Double]](repeating: [Double](repeating: r.omega, count: n), count: n)
            return PairwiseRegularSolution(omega: matrix).mixing(fractions: x, T: T)
        case .pairwise(let components, let p):
            var fractions = [Double](repeating: 0, count: components.count)
            for (name, value) in zip(names, x) {
                guard let i = components.firstIndex(of: name) else {
                    let s = Suggest.closest(to: name, in: components)
                    throw args.error("x", .domain("the model has no component '\(name)'"
                                                  + (s.map { "; did you mean '\($0)'?" } ?? "")),
                                     notes: ["note: its components are " + components.joined(separator: ", ")])
                }
                fractions[i] = value
            }
            return p.mixing(fractions: fractions, T: T)
        }
    }

    static let critical = Builtin(
        "critical", params: [.init("model", broadcast: .lists)], signature: "critical(model) -> {T, x}",
        doc: """
            The critical point of a binary model's miscibility gap, where ∂²G/∂x² = ∂³G/∂x³ = 0: \
            {T, x}. For the regular solution T_c = Ω/2R at x = 0.5 (seed 000). A model with no \
            critical point (the ideal solution, Ω ≤ 0) gives an empty list [].
            Example: critical(regular(17.5 kJ/mol)) is {T: 1052.38 K, x: 0.5}.
            """
    ) { args in
        let m = try model(args)
        let solution: RegularSolution
        switch m.kind {
        case .regular(let r): solution = r
        case .pairwise(let c, let p):
            guard c.count == 2 else {
                throw args.error("model", .domain("critical needs a binary model; this one has \(c.count) components"))
            }
            solution = RegularSolution(omega: p.omega[0][1])
        }
        guard let cp = solution.criticalPoint else { return .list([]) }
        return .record(Record([("T", .number(Quantity(cp.T, kelvin))), ("x", .number(cp.x))]))
    }
}
