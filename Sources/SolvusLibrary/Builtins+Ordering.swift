import SolvusCore
import SolvusModels

/// What `braggwilliams(...)` returns: a Bragg-Williams order-disorder model.
struct OrderingModelValue: NativeValue {
    var model: BraggWilliams
    var energyUnit: Unit
    var description: String

    var typeName: String { "an order-disorder model" }
    var fieldNames: [String] { ["omega", "lattice"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "omega": return .number(Quantity(model.omega, energyUnit))
        case "lattice": return .string(model.lattice.name)
        default: return nil
        }
    }
}

extension Builtins {
    static let ordering: [Builtin] = [braggwilliams, order, tcOrder, orderPlot]

    static func lattice(_ args: Arguments) throws -> OrderingLattice {
        guard let v = args.value("lattice") else { return .b2 }
        switch v {
        case .string(let s):
            switch s.replacing("_", with: "") {
            case "B2": return .b2
            case "L10": return .l10
            case "L12": return .l12
            default:
                throw args.error("lattice", .domain("unknown ordering type '\(s)'"),
                                 notes: ["help: \"B2\" (bcc), \"L1_0\" or \"L1_2\" (fcc), or {a:, z:, z_ab:}"])
            }
        case .record(let r):
            var a: Double?, z: Double?, zab: Double?
            for (k, f) in r.fields {
                guard case .number(let q) = f, q.dimension.isDimensionless, ["a", "z", "z_ab"].contains(k) else {
                    throw args.error("lattice", .domain("a lattice is {a: fraction of sites on the first sublattice, z: neighbours, "
                                                        + "z_ab: neighbours of a first-sublattice site on the second}; '\(k)' is not one"))
                }
                if k == "a" { a = q.value } else if k == "z" { z = q.value } else { zab = q.value }
            }
            guard let a, let z, let zab else {
                throw args.error("lattice", .domain("a lattice record needs a, z and z_ab"))
            }
            guard let l = OrderingLattice(name: "custom", a: a, z: z, zab: zab) else {
                throw args.error("lattice", .domain("no such lattice: it needs 0 < a ≤ 1/2, 0 < z_ab ≤ z and a z_ab ≤ (1 - a) z"))
            }
            return l
        default:
            throw args.error("lattice", .expectedType("'lattice'", expected: "\"B2\", \"L1_0\", \"L1_2\" or {a:, z:, z_ab:}",
                                                      found: v.typeDescription))
        }
    }

    static let braggwilliams = Builtin(
        "braggwilliams", params: [.init("omega"), .init("lattice", optional: true)],
        signature: "braggwilliams(omega, lattice: \"B2\") -> order-disorder model",
        doc: """
            The Bragg-Williams (mean-field) order-disorder model of a binary A-B on a lattice that splits \
            into two sublattices (seed 000, "Ordering versus Random Mixing"; W. L. Bragg and E. J. Williams, \
            Proc. R. Soc. A 145 (1934) 699). Each sublattice is a random mixture; with B fractions \
            x_α, x_β the enthalpy counts A-B nearest-neighbour pairs and S = -R Σ_s a_s (x_s ln x_s + \
            (1-x_s) ln(1-x_s)). Disordered it is the regular solution ΔH = Ω x(1-x).
            omega: Ω = z N_A (ε_AB - (ε_AA + ε_BB)/2), a molar energy; ordering needs Ω < 0.
            lattice: "B2" (bcc, default: every neighbour on the other sublattice), "L1_0" (fcc, 8 of 12), \
            "L1_2" (fcc, corners against face centres: a first-order transition), or \
            {a:, z:, z_ab:}: the fraction a ≤ 1/2 of sites on the first sublattice, the coordination z and \
            the neighbours z_ab of a first-sublattice site on the second.
            Use it with order(m, x:, T:) and tc_order(m, x:). Equiatomic B2: T_c = -Ω/2R.
            Example: tc_order(braggwilliams(-17.5 kJ/mol), x: 0.5).T is 1052.38 K.
            """
    ) { args in
        let (a, b, unit) = try energyFunction(try args.require("omega"), args, "omega")
        guard b == 0 else { throw args.error("omega", .domain("braggwilliams takes a constant Ω")) }
        let l = try lattice(args)
        let text = "braggwilliams(\(try args.require("omega").nested), lattice: \"\(l.name)\")"
        return .native(OrderingModelValue(model: BraggWilliams(omega: a, lattice: l), energyUnit: unit, description: text))
    }

    static func orderingModel(_ args: Arguments) throws -> OrderingModelValue {
        let v = try args.require("model")
        guard case .native(let n) = v, let m = n as? OrderingModelValue else {
            throw args.error("model", .expectedType("'model'", expected: "an order-disorder model such as braggwilliams(-17.5 kJ/mol)",
                                                    found: v.typeDescription))
        }
        return m
    }

    static func fractions(_ args: Arguments) throws -> (values: [Double], isList: Bool) {
        let x = try args.numeric("x", .none)
        let xs: [Double]
        switch x {
        case .scalar(let v): xs = [v]
        case .array(let a): xs = a
        }
        for (i, v) in xs.enumerated() where !(v > 0 && v < 1) {
            throw args.error("x", .domain("x must be strictly between 0 and 1, not \(NumberFormat.format(v))"),
                             notes: x.count != nil ? ["note: at item \(i) of the list"] : [])
        }
        return (xs, x.count != nil)
    }

    static let order = Builtin(
        "order", params: [.init("model", broadcast: .lists), .init("x"), .init("T")],
        signature: "order(model, x:, T:) -> {eta, G, H, S, G_disordered, H_disordered, S_disordered}",
        doc: """
            The equilibrium long-range order of a Bragg-Williams model at x = x_B and T (K): the order \
            parameter η that minimises ΔG (η = 1 the most order x allows, 0 disorder; negative when B \
            prefers the larger sublattice), found on a grid and refined by Newton steps, with G, H \
            (the unit of Ω) and S (J/(mol K)) of that state and of the disordered (random) solution. \
            x and T may be lists (of one length, or one of them a single value); then each field is a list.
            Example: order(braggwilliams(-17.5 kJ/mol), x: 0.5, T: 900 K).eta is 0.619934.
            """
    ) { args in
        let m = try orderingModel(args)
        let (xs, xList) = try fractions(args)
        let (ts, tList) = try temperatureList(args)
        let n = try pointCount(args, x: xs.count, xList: xList, T: ts.count, tList: tList)
        var eta: [Double] = [], g: [Double] = [], h: [Double] = [], s: [Double] = []
        var gd: [Double] = [], hd: [Double] = [], sd: [Double] = []
        for i in 0..<n {
            try args.evaluator.checkBudget(args.callRange)
            let x = xs.count == 1 ? xs[0] : xs[i], t = ts.count == 1 ? ts[0] : ts[i]
            let e = m.model.equilibrium(x: x, T: t), d = m.model.state(x: x, T: t, eta: 0)
            eta.append(e.eta); g.append(e.G); h.append(e.H); s.append(e.S)
            gd.append(d.G); hd.append(d.H); sd.append(d.S)
        }
        let u = m.energyUnit
        func column(_ v: [Double], _ unit: Unit) -> Value {
            xList || tList ? .array(QuantityArray(v, unit)) : .number(Quantity(v[0], unit))
        }
        return .record(Record([
            ("eta", column(eta, .none)), ("G", column(g, u)), ("H", column(h, u)), ("S", column(s, JPerMolK)),
            ("G_disordered", column(gd, u)), ("H_disordered", column(hd, u)), ("S_disordered", column(sd, JPerMolK)),
        ]))
    }

    static let tcOrder = Builtin(
        "tc_order", params: [.init("model", broadcast: .lists), .init("x")],
        signature: "tc_order(model, x:) -> {x, T, order, eta, T_instability, T_estimate, dH_order, dS_disorder}",
        doc: """
            The order-disorder temperature of a Bragg-Williams model at x = x_B (a number or a list):
            T: the mean-field T_c (K); order: "second" (η goes continuously to 0 at T_s(x), where the \
            disordered state turns unstable: for B2, T_s = -2Ω x(1-x)/R) or "first" (η jumps, at the \
            temperature where the ordered and the disordered ΔG are equal, found by bisection); eta: η \
            just below T_c (0 for second order); T_instability: T_s(x).
            T_estimate: the seed's estimate T_c ≈ ΔH_order / ΔS_disorder, with dH_order = ΔH(random) - \
            ΔH(η = 1) (the unit of Ω) and dS_disorder = -R (x ln x + (1-x) ln(1-x)) (J/(mol K)), beside the \
            mean-field T so that the two can be compared. Without ordering (Ω ≥ 0) T is NaN. \
            phase_diagram(gap(...), ordering: tc_order(m, x: 0.01..0.99 step 0.01)) draws the line T_c(x).
            Example: tc_order(braggwilliams(-17.5 kJ/mol), x: 0.5).T_estimate is 759.134 K.
            """
    ) { args in
        let m = try orderingModel(args)
        let (xs, isList) = try fractions(args)
        var T: [Double] = [], kind: [Value] = [], eta: [Double] = [], ts: [Double] = []
        var est: [Double] = [], dh: [Double] = [], ds: [Double] = []
        for x in xs {
            try args.evaluator.checkBudget(args.callRange)
            let t = m.model.transition(x: x)
            T.append(t?.T ?? .nan)
            kind.append(.string(t?.order.rawValue ?? "none"))
            eta.append(t?.eta ?? .nan)
            ts.append(t?.instability ?? .nan)
            let e = m.model.estimate(x: x)
            est.append(e.dH > 0 ? e.T : .nan)
            dh.append(e.dH)
            ds.append(e.dS)
        }
        func column(_ v: [Double], _ unit: Unit) -> Value {
            isList ? .array(QuantityArray(v, unit)) : .number(Quantity(v[0], unit))
        }
        return .record(Record([
            ("x", column(xs, .none)), ("T", column(T, kelvin)), ("order", isList ? .list(kind) : kind[0]), ("eta", column(eta, .none)),
            ("T_instability", column(ts, kelvin)), ("T_estimate", column(est, kelvin)),
            ("dH_order", column(dh, m.energyUnit)), ("dS_disorder", column(ds, JPerMolK)),
        ]))
    }

    static let orderPlot = Builtin(
        "order_plot", params: [.init("model"), .init("x"), .init("T"), .init("title", namedOnly: true)],
        signature: "order_plot(model, x:, T:, title:) -> plot",
        doc: """
            The equilibrium long-range order parameter η against temperature of a Bragg-Williams model, \
            one curve for each composition x (a number or a list), over the temperatures T (a list, K); \
            each curve is labelled with its x. Below T_c η rises from 0 (continuously for a second-order \
            transition, as (T_c - T)^{1/2}; with a jump for a first-order one) towards 1 at low T \
            (seed 000, "Ordering versus Random Mixing"; Bragg-Williams mean field, see braggwilliams).
            """
    ) { args in
        let m = try orderingModel(args)
        let (xs, _) = try fractions(args)
        let (ts, _) = try temperatureList(args)
        var series: [Series] = []
        for x in xs {
            var eta: [Double] = []
            for t in ts {
                try args.evaluator.checkBudget(args.callRange)
                eta.append(m.model.equilibrium(x: x, T: t).eta)
            }
            series.append(Series(style: .line, x: ts, y: eta, label: "x = \(NumberFormat.format(x))"))
        }
        return .native(PlotValue(kind: .cartesian, series: series, xUnit: kelvin, yUnit: .none, xLabel: "T", yLabel: "η",
                                 title: try optionalString(args, "title"), xRange: nil, yRange: (0, 1)))
    }
}

extension Builtins {
    /// The line T_c(x) of a tc_order(model, x: [...]) table, for phase_diagram.
    static func orderingLine(_ v: Value, _ args: Arguments) throws -> Series {
        guard case .record(let r) = v, case .array(let x)? = r["x"], case .array(let T)? = r["T"],
              T.dimension == .temperature else {
            throw args.error("ordering", .expectedType("'ordering'", expected: "the table tc_order(model, x: [...]) returns",
                                                       found: v.typeDescription))
        }
        let keep = x.values.indices.filter { T.values[$0].isFinite }
        return Series(style: .line, x: keep.map { x.values[$0] }, y: keep.map { T.values[$0] }, label: "order-disorder T_c")
    }
}
