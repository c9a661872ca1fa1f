import SolvusCore
import SolvusModels

extension Builtins {
    static let models: [Builtin] = [ideal, regular, subregular, floryhuggins, clusters, gibbs, mix, critical, spinodal,
                                    binodal, gap, scc0]

    static let ideal = Builtin("ideal", params: [], signature: "ideal() -> model", doc: """
        The ideal solution: ΔH_mix = 0, ΔS_mix = -R Σ x ln x, ΔG_mix = R T Σ x ln x, for any number \
        of components. Seed 000, "The Ideal Solution".
        Example: mix(ideal(), x: 0.5, T: 1000 K).G is -5.76315 kJ/mol.
        """) { _ in
        .native(SolutionModelValue(kind: .binary(.ideal), energyUnit: kJPerMol, description: "ideal()", uniformOmega: 0))
    }

    /// A molar energy, or a record {a: J/mol, b: J/(mol K)} for a + bT.
    static func energyFunction(_ v: Value, _ args: Arguments, _ param: String) throws -> (a: Double, b: Double, unit: Unit) {
        switch v {
        case .number(let q) where q.dimension == .molarEnergy:
            guard q.value.isFinite else { throw args.error(param, .domain("\(param) must be finite")) }
            return (q.value, 0, q.unit.isNone ? kJPerMol : q.unit)
        case .record(let r):
            var a = 0.0, b = 0.0
            var unit = kJPerMol
            for (k, f) in r.fields {
                let want: Dimension = k == "a" ? .molarEnergy : .molarEntropy
                guard k == "a" || k == "b", case .number(let q) = f, q.dimension == want else {
                    throw args.error(param, .domain("a temperature-dependent \(param) is {a: J/mol, b: J/(mol K)} for a + b T; "
                                                    + "'\(k)' is \(f.typeDescription)"))
                }
                if k == "a" { a = q.value; unit = q.unit } else { b = q.value }
            }
            return (a, b, unit)
        default:
            throw args.error(param, .expectedDimension(param, expected: Dimension.molarEnergy.phrase, found: v.typeDescription),
                             notes: ["help: give it per mole or per atom, such as 17.5 kJ/mol or 0.18 eV/atom"])
        }
    }

    static let regular = Builtin("regular", params: [.init("omega")], signature: "regular(omega) -> model", doc: """
        The regular solution: ΔH_mix = Ω x_A x_B, with the ideal entropy of mixing, so \
        ΔG_mix = Ω x_A x_B + R T (x_A ln x_A + x_B ln x_B). Seed 000.
        omega: a molar energy (J/mol, kJ/mol, eV/atom), the same for every pair of components; \
        {a: ..., b: ...} for Ω(T) = a + b T (binary only); or a record of pairs, \
        regular({"Cu-Ni": 10 kJ/mol, "Cu-Ag": 25 kJ/mol, "Ag-Ni": 40 kJ/mol}), for \
        ΔH_mix = Σ_{i<j} Ω_ij x_i x_j.
        Ω > 0 gives a miscibility gap below T_c = Ω/2R (critical(regular(17.5 kJ/mol)).T is 1052.38 K).
        """) { args in
        let v = try args.require("omega")
        if case .record(let r) = v, r.keys.contains(where: { $0.contains("-") }) {
            return try pairwiseModel(r, args)
        }
        let (a, b, unit) = try energyFunction(v, args, "omega")
        return .native(SolutionModelValue(kind: .binary(.regular(a: a, b: b)), energyUnit: unit,
                                          description: "regular(\(v.nested))", uniformOmega: b == 0 ? a : nil))
    }

    static let subregular = Builtin(
        "subregular", params: [.init("L0"), .init("L1")], signature: "subregular(L0, L1) -> model",
        doc: """
            The subregular binary A-B (a two-term Redlich-Kister series) in x = x_B: \
            ΔG_mix = x_A x_B (L0 + L1 (x_A - x_B)) + R T (x_A ln x_A + x_B ln x_B). Each L is a molar \
            energy or {a:, b:} for a + b T. For longer series use rk({"A-B": [L0, L1, L2, ...]}), which \
            every phase-diagram function also takes.
            Example: critical(subregular(15 kJ/mol, 4 kJ/mol)).x is 0.352333.
            """
    ) { args in
        let l0 = try energyFunction(try args.require("L0"), args, "L0")
        let l1 = try energyFunction(try args.require("L1"), args, "L1")
        let model = BinaryModel.redlichKister(a: [l0.a, l1.a], b: [l0.b, l1.b], c: [0, 0])
        let text = "subregular(\(try args.require("L0").nested), \(try args.require("L1").nested))"
        return .native(SolutionModelValue(kind: .binary(model), energyUnit: l0.unit, description: text))
    }

    static let floryhuggins = Builtin(
        "floryhuggins", params: [.init("N1"), .init("N2"), .init("chi")],
        signature: "floryhuggins(N1:, N2:, chi:) -> model",
        doc: """
            The Flory-Huggins lattice model (seed 000), per mole of lattice sites: \
            ΔG/RT = (φ₁/N₁) ln φ₁ + (φ₂/N₂) ln φ₂ + χ φ₁ φ₂, with x = φ₂ the volume fraction of \
            component 2. N1, N2: segments per chain (> 0). chi: a number, or {A: number, B: K} for \
            χ(T) = A + B/T. Critical point: χ_c = ½ (1/√N₁ + 1/√N₂)², φ₂,c = √N₁/(√N₁ + √N₂).
            Example: critical(floryhuggins(N1: 200, N2: 500, chi: {A: 0, B: 10 K})).x is 0.387426.
            """
    ) { args in
        let n1 = try args.scalar("N1", .none), n2 = try args.scalar("N2", .none)
        guard n1 > 0, n1.isFinite else { throw args.error("N1", .domain("N1 must be positive, not \(NumberFormat.format(n1))")) }
        guard n2 > 0, n2.isFinite else { throw args.error("N2", .domain("N2 must be positive, not \(NumberFormat.format(n2))")) }
        let chi = try args.require("chi")
        var A = 0.0, B = 0.0
        switch chi {
        case .number(let q) where q.dimension.isDimensionless: A = q.value
        case .record(let r):
            for (k, f) in r.fields {
                guard case .number(let q) = f, (k == "A" && q.dimension.isDimensionless) || (k == "B" && q.dimension == .temperature) else {
                    throw args.error("chi", .domain("chi(T) is {A: number, B: K} for A + B/T; '\(k)' is \(f.typeDescription)"))
                }
                if k == "A" { A = q.value } else { B = q.value }
            }
        default:
            throw args.error("chi", .expectedType("'chi'", expected: "a number or {A: number, B: K}", found: chi.typeDescription))
        }
        return .native(SolutionModelValue(kind: .binary(.floryHuggins(N1: n1, N2: n2, A: A, B: B)), energyUnit: JPerMol,
                                          description: "floryhuggins(N1: \(NumberFormat.format(n1)), N2: \(NumberFormat.format(n2)), chi: \(chi.nested))"))
    }

    static let clusters = Builtin(
        "clusters", params: [.init("m"), .init("n"), .init("omega")],
        signature: "clusters(m:, n:, omega:) -> model",
        doc: """
            The size-asymmetric model of seed 001 (its table of A_m-B_n critical points): A forms \
            clusters of m atoms and B of n, mixed on a lattice of atoms, per mole of atoms: \
            ΔG = R T [((1-x)/m) ln(1-x) + (x/n) ln x] + ω x(1-x), x = x_B the atom (site) fraction of B. \
            This is Flory-Huggins with N1 = m, N2 = n and χ = ω/RT. Its critical point is at \
            ω/(R T_c) = ½ (1/√m + 1/√n)², x_c = √m/(√m + √n); critical also gives x_A_clusters, the \
            mole fraction of A clusters, (φ_A/m)/(φ_A/m + φ_B/n): the x_c,A of seed 001's table.
            Example: critical(clusters(m: 1, n: 2, omega: 10 kJ/mol)).x_A_clusters is 0.738796.
            """
    ) { args in
        let m = try args.scalar("m", .none), n = try args.scalar("n", .none)
        guard m > 0, m.isFinite else { throw args.error("m", .domain("m must be positive")) }
        guard n > 0, n.isFinite else { throw args.error("n", .domain("n must be positive")) }
        let (a, b, unit) = try energyFunction(try args.require("omega"), args, "omega")
        let R = Constants.gas
        var model = BinaryModel.floryHuggins(N1: m, N2: n, A: b / R, B: 0)
        model.E = a * .redlichKister([1])
        return .native(SolutionModelValue(
            kind: .binary(model), energyUnit: unit,
            description: "clusters(m: \(NumberFormat.format(m)), n: \(NumberFormat.format(n)), omega: \(try args.require("omega").nested))",
            clusters: (m, n)))
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

    /// The model argument: a solution model, or a two-component Redlich-Kister system.
    static func model(_ args: Arguments, _ param: String = "model") throws -> SolutionModelValue {
        let v = try args.require(param)
        if case .native(let n) = v {
            if let m = n as? SolutionModelValue { return m }
            if let s = n as? RKSystemValue {
                guard s.system.components.count == 2, s.system.ternaries.isEmpty, let b = s.system.binaries.first else {
                    throw args.error(param, .domain("a Redlich-Kister system used as a binary model needs exactly two components; \(s.name) has \(s.system.components.count)"))
                }
                let model = BinaryModel.redlichKister(a: b.terms.map(\.a), b: b.terms.map(\.b), c: b.terms.map(\.c))
                return SolutionModelValue(kind: .binary(model), energyUnit: JPerMol, description: s.description)
            }
        }
        throw args.error(param, .expectedType("'\(param)'", expected: "a solution model such as regular(17.5 kJ/mol)",
                                              found: v.typeDescription))
    }

    static func binaryModel(_ args: Arguments) throws -> (any GibbsFunction, SolutionModelValue) {
        if let p = try phaseBinary(args) { return p }
        let (b, m) = try baseBinaryModel(args)
        return (try m.vibration.map { try $0.wrap(b, args) } ?? b, m)
    }

    private static func baseBinaryModel(_ args: Arguments) throws -> (any GibbsFunction, SolutionModelValue) {
        let m = try model(args)
        switch m.kind {
        case .binary(let b):
            guard !b.isConstant else {
                throw args.error("model", .domain("this model's Gibbs energy does not depend on composition"))
            }
            return (b, m)
        case .function(let f):
            return (f, m)
        case .pairwise(let c, let p):
            guard c.count == 2 else {
                throw args.error("model", .domain("this needs a binary model; this one has \(c.count) components"))
            }
            return (BinaryModel.regular(a: p.omega[0][1]), m)
        }
    }

    /// Runs a solver on a model, then reports any error its user-written Gibbs function raised.
    static func solving<T>(_ model: any GibbsFunction, _ body: () -> T) throws -> T {
        let result = body()
        if let f = model as? FunctionGibbs { try f.check() }
        if let v = model as? VibratingGibbs { try v.check() }
        return result
    }

    static func temperatureList(_ args: Arguments, _ param: String = "T") throws -> (values: [Double], isList: Bool) {
        let T = try args.numeric(param, .temperature)
        let ts: [Double]
        switch T {
        case .scalar(let t): ts = [t]
        case .array(let a): ts = a
        }
        for (i, t) in ts.enumerated() where !(t > 0 && t.isFinite) {
            throw args.error(param, .domain("the temperature must be above 0 K, not \(NumberFormat.format(t)) K"),
                             notes: T.count != nil ? ["note: at item \(i) of the list"] : [])
        }
        return (ts, T.count != nil)
    }

    /// How many points a list or value of x and a list or value of T make: item by item when both
    /// are lists (of one length, or E504 at T), one value with each item of the other list, and
    /// none when either list is empty.
    static func pointCount(_ args: Arguments, x: Int, xList: Bool, T: Int, tList: Bool) throws -> Int {
        if xList, tList, x != T { throw args.error("T", .lengthMismatch(x, T)) }
        return x == 0 || T == 0 ? 0 : max(x, T)
    }

    static let mix = Builtin(
        "mix", params: [.init("model", broadcast: .lists), .init("x", broadcast: .lists), .init("T")],
        signature: "mix(model, x:, T:) -> {G, H, S}",
        doc: """
            Gibbs energy, enthalpy and entropy of mixing per mole of solution, ΔG = ΔH - T ΔS, with \
            S = -∂G/∂T taken analytically.
            model: any solution model (ideal, regular, subregular, floryhuggins, clusters, a binary rk system).
            x: the mole fraction of the second component of a binary (0 ≤ x ≤ 1), a list of them, or, for \
            ideal() and regular(...), a composition record such as {Cu: 0.2, Ni: 0.3, Ag: 0.5} (amounts \
            are normalised).
            T: the absolute temperature (K), one value or a list as long as x.
            Returns {G, H, S}: G and H in the unit of the model's Ω (kJ/mol for ideal()), S in J/(mol K); \
            lists when x or T is a list. Seed 000: ΔG_mix = Ω x_A x_B + R T (x_A ln x_A + x_B ln x_B).
            Example: mix(regular(17.5 kJ/mol), x: 0.3, T: 900 K) is \
            {G: -0.896108 kJ/mol, H: 3.675 kJ/mol, S: 5.07901 J/(mol K)}.
            """
    ) { args in
        if let p = phaseArgument(args, "model") { return try phaseMix(p, args) }
        let m = try model(args)
        let (temps, tList) = try temperatureList(args)
        let xv = try args.require("x")
        var props: MixingProperties
        var isList = tList
        switch xv {
        case .record(let r):
            let c = try Compositions.single(.record(r), args, "x", .anyName)
            props = try mixComposition(m, c.elements, c.fractions, temps, args)
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
            let n = try pointCount(args, x: xs.count, xList: x.count != nil, T: temps.count, tList: tList)
            switch m.kind {
            case .binary(let b) where temps.count == 1:
                props = try mixInPlace(b, xs, T: temps[0], args)
            case .binary(let b):
                props = b.mixing(x: xs, T: temps)
            case .function(let f):
                var p = MixingProperties(G: [], H: [], S: [])
                for i in 0..<n {
                    let xi = xs.count == 1 ? xs[0] : xs[i], t = temps.count == 1 ? temps[0] : temps[i]
                    let g = f.g(0, xi, t), s = -f.gT(0, xi, t)
                    p.G.append(g)
                    p.S.append(s)
                    p.H.append(g + t * s)
                }
                try f.check()
                props = p
            case .pairwise(let c, let p):
                guard c.count == 2 else {
                    throw args.error("x", .expectedType("'x' for a model of \(c.count) components",
                                                        expected: "a composition record such as {\(c.map { "\($0): 0.2" }.joined(separator: ", "))}",
                                                        found: xv.typeDescription))
                }
                props = BinaryModel.regular(a: p.omega[0][1]).mixing(x: xs, T: temps)
            }
        }
        if let v = m.vibration { props = try v.apply(to: props, x: xv, temps: temps, args) }
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

    /// A binary model's G, H, S at many x and one T: slices written in place, on every core,
    /// the budget checked between rounds.
    private static func mixInPlace(_ b: BinaryModel, _ xs: [Double], T t: Double, _ args: Arguments) throws -> MixingProperties {
        let n = xs.count
        func column() -> [Double] { [Double](unsafeUninitializedCapacity: n) { _, count in count = n } }
        var G = column(), H = column(), S = column()
        let budget = args.evaluator.budget
        try xs.withUnsafeBufferPointer { x in
            try G.withUnsafeMutableBufferPointer { g in
                try H.withUnsafeMutableBufferPointer { h in
                    try S.withUnsafeMutableBufferPointer { s in
                        guard let xp = x.baseAddress, let gp = g.baseAddress, let hp = h.baseAddress, let sp = s.baseAddress else { return }
                        try Budget.inSlices(of: n, check: { try budget.check(at: args.callRange) }) { _, rows in
                            let i = rows.lowerBound
                            b.mixing(xp + i, count: rows.count, T: t, G: gp + i, H: hp + i, S: sp + i)
                        }
                    }
                }
            }
        }
        return MixingProperties(G: G, H: H, S: S)
    }

    private static func mixComposition(_ m: SolutionModelValue, _ names: [String], _ x: [Double], _ T: [Double],
                                       _ args: Arguments) throws -> MixingProperties {
        switch m.kind {
        case .function(let f):
            guard names.count == 2 else {
                throw args.error("x", .domain("this binary model takes two components; the composition has \(names.count)"))
            }
            let g = f.g(0, x[1], T[0]), s = -f.gT(0, x[1], T[0])
            try f.check()
            return MixingProperties(G: [g], H: [g + T[0] * s], S: [s])
        case .binary(let b):
            if let omega = m.uniformOmega {
                let n = names.count
                let matrix = [[Double]](repeating: [Double](repeating: omega, count: n), count: n)
                return PairwiseRegularSolution(omega: matrix).mixing(fractions: x, T: T)
            }
            guard names.count == 2 else {
                throw args.error("x", .domain("this binary model takes two components; the composition has \(names.count)"))
            }
            return b.mixing(x: [x[1]], T: T)
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
            The critical point of a binary model's miscibility gap, where ∂²G/∂x² = ∂³G/∂x³ = 0 (and \
            ∂⁴G/∂x⁴ > 0): {T, x}, x = x_B. For the regular solution T_c = Ω/2R at x = 0.5 (seed 000). \
            A model with several critical points gives a list of them; one with none (the ideal \
            solution, Ω ≤ 0) gives an empty list []. Found from the stationary points of the spinodal \
            temperature, with analytic derivatives. A gap that a magnetic term opens beside its Curie \
            line (where ∂²G/∂x² jumps) closes on that line in a cusp, not a critical point: its top is \
            given too, with kind: "cusp on the Curie line" (the one-sided ∂²G/∂x² is 0 there).
            Example: critical(regular(17.5 kJ/mol)) is {T: 1052.38 K, x: 0.5}.
            """
    ) { args in
        let (b, m) = try binaryModel(args)
        let points = try solving(b) { b.closingPoints() }.map { p -> Value in
            var r = Record([("T", .number(Quantity(p.T, kelvin))), ("x", .number(p.x))])
            if p.cusp { r["kind"] = .string("cusp on the Curie line") }
            if let c = m.clusters {
                let a = (1 - p.x) / c.m, bb = p.x / c.n
                r["x_A_clusters"] = .number(a / (a + bb))
            }
            return .record(r)
        }
        return points.count == 1 ? points[0] : .list(points)
    }

    /// A function of (model, T) returning compositions, broadcast over a list of T.
    static func compositionsAt(_ name: String, doc: String, _ f: @escaping (any GibbsFunction, Double) -> [Double]) -> Builtin {
        Builtin(name, params: [.init("model", broadcast: .lists), .init("T")], signature: "\(name)(model, T:) -> [x1, x2]",
                doc: doc) { args in
            let (b, _) = try binaryModel(args)
            let (ts, isList) = try temperatureList(args)
            let lists = try solving(b) { ts.map { Value.array(QuantityArray(f(b, $0))) } }
            return isList ? .list(lists) : lists[0]
        }
    }

    static let spinodal = compositionsAt("spinodal", doc: """
        The spinodal compositions at T, where ∂²G/∂x² = 0, in increasing order: [x1, x2] for one gap, \
        [] above T_c. T may be a list.
        Example: spinodal(regular(17.5 kJ/mol), T: 900 K) is [0.309738, 0.690262].
        """) { $0.spinodal(T: $1) }

    static let binodal = compositionsAt("binodal", doc: """
        The coexisting compositions at T, by the common tangent (equal chemical potentials of both \
        components in both phases): [x1, x2] for one gap (more pairs for several), [] above T_c. \
        Robust up to T → T_c and for strongly asymmetric models (solved in ln(x/(1-x))). T may be a list.
        Example: binodal(regular(17.5 kJ/mol), T: 900 K) is [0.190033, 0.809967].
        """) { $0.binodal(T: $1) }

    static let gap = Builtin(
        "gap", params: [.init("model"), .init("T")], signature: "gap(model, T: range) -> {T, binodal_left, ...}",
        doc: """
            The miscibility gap across temperatures, as a table (a record of columns): T, binodal_left, \
            binodal_right, spinodal_left, spinodal_right; nan where a temperature has no gap (above T_c). \
            When the range crosses a critical point (or a cusp where a gap closes on a Curie line), \
            its row (T_c, with x_c in every column) is added, so that the dome closes. For a model with several gaps, the first (lowest-x) one.
            Example: len(gap(regular(17.5 kJ/mol), T: 600 K..1100 K step 100 K).T) is 7.
            """
    ) { args in
        let (b, _) = try binaryModel(args)
        var (ts, _) = try temperatureList(args)
        var bl: [Double] = [], br: [Double] = [], sl: [Double] = [], sr: [Double] = []
        for t in ts {
            let (bi, sp) = try solving(b) { (b.binodal(T: t), b.spinodal(T: t)) }
            bl.append(bi.count >= 2 ? bi[0] : .nan)
            br.append(bi.count >= 2 ? bi[1] : .nan)
            sl.append(sp.count >= 2 ? sp[0] : .nan)
            sr.append(sp.count >= 2 ? sp[1] : .nan)
        }
        // Where the range crosses a critical point of this gap, its row (T_c, x_c) closes the dome:
        // between two rows, one of them with a gap at or near x_c (a cusp on a Curie line lies
        // just beside the last gap below it, which moves with the line).
        for c in try solving(b, { b.closingPoints() }) {
            guard let i = ts.indices.dropLast().first(where: { i in
                guard min(ts[i], ts[i + 1]) < c.T, c.T < max(ts[i], ts[i + 1]) else { return false }
                return [i, i + 1].contains { bl[$0] - 0.05 < c.x && c.x < br[$0] + 0.05 }
            }) else { continue }
            ts.insert(c.T, at: i + 1)
            bl.insert(c.x, at: i + 1)
            br.insert(c.x, at: i + 1)
            sl.insert(c.x, at: i + 1)
            sr.insert(c.x, at: i + 1)
        }
        return .record(Record([
            ("T", .array(QuantityArray(ts, kelvin))), ("binodal_left", .array(QuantityArray(bl))),
            ("binodal_right", .array(QuantityArray(br))), ("spinodal_left", .array(QuantityArray(sl))),
            ("spinodal_right", .array(QuantityArray(sr))),
        ]))
    }

    static let scc0 = Builtin(
        "scc0", params: [.init("model"), .init("x"), .init("T")], signature: "scc0(model, x:, T:)",
        doc: """
            The Bhatia-Thornton concentration-concentration structure factor in the long-wavelength \
            limit, S_cc(0) = R T / (∂²G/∂x²) (seed 001): x(1-x) for the ideal solution; it grows \
            without bound towards the spinodal, where demixing sets in. x in (0, 1) and T may be lists.
            Example: scc0(ideal(), x: 0.25, T: 1000 K) is 0.1875.
            """
    ) { args in
        let (b, _) = try binaryModel(args)
        let (ts, tList) = try temperatureList(args)
        let (xs, xList) = try fractions(args)
        let n = try pointCount(args, x: xs.count, xList: xList, T: ts.count, tList: tList)
        let values = try solving(b) {
            (0..<n).map { i -> Double in
                let x = xs.count == 1 ? xs[0] : xs[i], t = ts.count == 1 ? ts[0] : ts[i]
                return Constants.gas * t / b.g(2, x, t)
            }
        }
        return xList || tList ? .array(QuantityArray(values)) : .number(values[0])
    }
}
