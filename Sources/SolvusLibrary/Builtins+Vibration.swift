import SolvusCore
import SolvusModels
import SolvusStdlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Debye temperatures of `stdlib/debye_temperatures.csv`, read on first use.
enum DebyeTable {
    static let values: [String: Double] = {
        var out: [String: Double] = [:]
        for line in Stdlib.debyeTemperaturesCSV.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f.count >= 2, let t = Double(f[1]) { out[String(f[0])] = t }
        }
        return out
    }()
}

/// Θ_AB(x) written in Solvus, evaluated on a jet in x so that ln Θ_AB comes with its
/// x-derivatives to the fourth.
final class FunctionTheta: @unchecked Sendable {
    let function: Function
    let evaluator: Evaluator
    let range: SourceRange
    private(set) var failure: Diagnostic?
    private var cache: (x: Double, ln: [Double])?

    init(function: Function, evaluator: Evaluator, range: SourceRange) {
        self.function = function
        self.evaluator = evaluator
        self.range = range
    }

    /// d^k/dx^k ln Θ_AB(x), k = 0...4; nil after an error.
    func lnDerivatives(_ x: Double) -> [Double]? {
        if let c = cache, c.x == x { return c.ln }
        guard failure == nil else { return nil }
        do {
            let v = try evaluator.call(function, [(nil, nil, .jet(JetQuantity(.x(x))), range)], range: range)
            guard let j = v.jet(in: .temperature) else {
                failure = Diagnostic(.expectedType("the value of Θ_AB(x)", expected: "a temperature such as 300 K",
                                                   found: v.typeDescription), at: range)
                return nil
            }
            guard j.value > 0, j.value.isFinite else {
                failure = Diagnostic(.domain("Θ_AB(\(NumberFormat.format(x))) is \(NumberFormat.format(j.value)) K; it must be positive"),
                                     at: range)
                return nil
            }
            let l = j.logarithm
            let ln = (0...4).map { l.derivative($0) }
            cache = (x, ln)
            return ln
        } catch {
            failure = Diagnostic.of(error, at: range)
            return nil
        }
    }
}

/// The vibrational term a model carries after `vibrational(...)`.
struct VibrationTerm {
    /// The components' names when Θ was given by element or in a record; nil for a list [Θ_A, Θ_B].
    var names: [String]?
    /// Einstein temperatures of the components (K).
    var thetas: [Double]
    enum Alloy {
        case constant(Double)
        case perComposition([Double])
        case function(FunctionTheta)
    }
    var alloy: Alloy
}

/// A binary model with its vibrational term, for the phase-diagram solvers.
final class VibratingGibbs: GibbsFunction, @unchecked Sendable {
    let model: VibrationalGibbs
    let theta: FunctionTheta?

    init(_ model: VibrationalGibbs, theta: FunctionTheta?) {
        self.model = model
        self.theta = theta
    }

    func g(_ d: Int, _ x: Double, _ T: Double) -> Double { model.g(d, x, T) }
    func gT(_ d: Int, _ x: Double, _ T: Double) -> Double { model.gT(d, x, T) }
    func linearSplit(_ d: Int, _ x: Double) -> (E: Double, F: Double)? { model.linearSplit(d, x) }
    func jumps(T: Double) -> [Double] { model.jumps(T: T) }

    /// The first error of Θ_AB(x) or of the base model's own function.
    func check() throws {
        if let f = model.base as? FunctionGibbs { try f.check() }
        if let failure = theta?.failure { throw failure }
    }
}

extension VibrationTerm {
    /// The model the solvers see: the base plus -T ΔS_vib(x).
    func wrap(_ base: any GibbsFunction, _ args: Arguments) throws -> VibratingGibbs {
        guard thetas.count == 2 else {
            throw args.error("model", .domain("the vibrational term has \(thetas.count) components; this needs a binary"))
        }
        switch alloy {
        case .constant(let t):
            let l = log(t)
            return VibratingGibbs(VibrationalGibbs(base: base, thetaA: thetas[0], thetaB: thetas[1], lnAlloy: { _ in [l, 0, 0, 0, 0] }),
                                  theta: nil)
        case .function(let f):
            return VibratingGibbs(VibrationalGibbs(base: base, thetaA: thetas[0], thetaB: thetas[1], lnAlloy: { f.lnDerivatives($0) }),
                                  theta: f)
        case .perComposition:
            throw args.error("model", .domain("a Θ_AB given per composition only serves mix and svib"),
                             notes: ["help: for phase diagrams give theta_ab as a temperature or a function of x, theta_ab: t(x)"])
        }
    }

    /// ΔS_vib (J/(mol K)) at each composition (each a list of fractions in the order of `order`,
    /// the component names, or A, B for a binary in x).
    func entropies(_ fractions: [[Double]], names order: [String]?, _ args: Arguments, _ param: String) throws -> [Double] {
        var thetaOf: [Double] = thetas
        if let order, let names {
            thetaOf = try order.map { n in
                guard let i = names.firstIndex(of: n) else {
                    throw args.error(param, .domain("no Einstein temperature is given for '\(n)'"),
                                     notes: ["note: theta names " + names.joined(separator: ", ")])
                }
                return thetas[i]
            }
        } else if let first = fractions.first, first.count != thetas.count {
            throw args.error(param, .domain("the composition has \(first.count) components and theta gives \(thetas.count)"))
        }
        var out: [Double] = []
        for (i, f) in fractions.enumerated() {
            let alloyTheta: Double
            switch alloy {
            case .constant(let t): alloyTheta = t
            case .perComposition(let ts):
                guard ts.count == fractions.count else {
                    throw args.error(param, .domain("theta_ab gives \(ts.count) values for \(fractions.count) compositions"))
                }
                alloyTheta = ts[i]
            case .function(let fn):
                guard f.count == 2 else {
                    throw args.error(param, .domain("a function Θ_AB(x) is for a binary; the composition has \(f.count) components"))
                }
                guard let ln = fn.lnDerivatives(f[1]) else {
                    throw fn.failure ?? args.error(param, .domain("Θ_AB(\(NumberFormat.format(f[1]))) could not be evaluated"))
                }
                alloyTheta = exp(ln[0])
            }
            out.append(VibrationalEntropy.entropy(fractions: f, thetas: thetaOf, alloy: alloyTheta))
        }
        return out
    }

    /// G - T ΔS_vib and S + ΔS_vib for `mix`; H does not change (ΔS_vib does not depend on T).
    func apply(to props: MixingProperties, x: Value, temps: [Double], _ args: Arguments) throws -> MixingProperties {
        let fractions: [[Double]]
        var order: [String]?
        if case .record(let r) = x {
            let c = try Compositions.single(.record(r), args, "x", .anyName)
            fractions = [c.fractions]
            order = c.elements
        } else {
            let xs: [Double]
            switch try args.numeric("x", .none) {
            case .scalar(let v): xs = [v]
            case .array(let a): xs = a
            }
            fractions = xs.map { [1 - $0, $0] }
        }
        let ds = try entropies(fractions, names: order, args, "x")
        var p = props
        for i in p.G.indices {
            let s = ds.count == 1 ? ds[0] : ds[i], t = temps.count == 1 ? temps[0] : temps[i]
            p.G[i] -= t * s
            p.S[i] += s
        }
        return p
    }
}

extension Builtins {
    static let vibration: [Builtin] = [vibrational, svib, debyeTemperature, einsteinTemperature]

    /// Einstein temperatures: [Θ_A, Θ_B, ...] (K), element symbols (from the Debye table), or a
    /// record {Cu: 280 K, Au: 140 K}.
    static func thetas(_ args: Arguments, _ param: String = "theta") throws -> (names: [String]?, values: [Double]) {
        let v = try args.require(param)
        func check(_ t: Double, _ what: String) throws -> Double {
            guard t > 0, t.isFinite else { throw args.error(param, .domain("\(what) must be above 0 K, not \(NumberFormat.format(t)) K")) }
            return t
        }
        switch v {
        case .array(let a) where a.dimension == .temperature && a.values.count >= 2:
            return (nil, try a.values.map { try check($0, "an Einstein temperature") })
        case .list(let items) where items.count >= 2:
            var names: [String] = [], values: [Double] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw args.error(param, .expectedType("each item of '\(param)'", expected: "an element symbol such as \"Cu\"",
                                                          found: item.typeDescription))
                }
                guard let d = DebyeTable.values[s] else {
                    throw args.error(param, .domain("no Debye temperature for '\(s)' in stdlib/debye_temperatures.csv"),
                                     notes: ["help: give it yourself, theta: {\(s): 300 K, ...}; the table has "
                                             + DebyeTable.values.keys.sorted().joined(separator: ", ")])
                }
                guard !names.contains(s) else { throw args.error(param, .domain("'\(s)' is given twice")) }
                names.append(s)
                values.append(d * VibrationalEntropy.einsteinPerDebye)
            }
            return (names, values)
        case .record(let r) where r.count >= 2:
            var names: [String] = [], values: [Double] = []
            for (k, f) in r.fields {
                guard case .number(let q) = f, q.dimension == .temperature else {
                    throw args.error(param, .expectedDimension("Θ of \(k)", expected: Dimension.temperature.phrase, found: f.typeDescription))
                }
                names.append(k)
                values.append(try check(q.value, "Θ of \(k)"))
            }
            return (names, values)
        default:
            throw args.error(param, .expectedType("'\(param)'",
                                                  expected: "Einstein temperatures: [Θ_A, Θ_B] in K, [\"Cu\", \"Au\"] or {Cu: 280 K, Au: 140 K}",
                                                  found: v.typeDescription))
        }
    }

    static func vibrationTerm(_ args: Arguments) throws -> VibrationTerm {
        let (names, values) = try thetas(args)
        let v = try args.require("theta_ab")
        let alloy: VibrationTerm.Alloy
        switch v {
        case .number(let q) where q.dimension == .temperature:
            guard q.value > 0, q.value.isFinite else { throw args.error("theta_ab", .domain("Θ_AB must be above 0 K")) }
            alloy = .constant(q.value)
        case .array(let a) where a.dimension == .temperature:
            guard a.values.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw args.error("theta_ab", .domain("Θ_AB must be above 0 K")) }
            alloy = .perComposition(a.values)
        case .function(let f):
            guard values.count == 2 else {
                throw args.error("theta_ab", .domain("a function Θ_AB(x) is for a binary; theta gives \(values.count) components"))
            }
            alloy = .function(FunctionTheta(function: f, evaluator: args.evaluator, range: args.range("theta_ab")))
        default:
            throw args.error("theta_ab", .expectedType("'theta_ab'", expected: "a temperature, a list of them, or a function t(x) returning one",
                                                       found: v.typeDescription))
        }
        return VibrationTerm(names: names, thetas: values, alloy: alloy)
    }

    static let vibrational = Builtin(
        "vibrational", params: [.init("model"), .init("theta"), .init("theta_ab")],
        signature: "vibrational(model, theta:, theta_ab:) -> model",
        doc: """
            A model with the vibrational entropy of mixing added (seed 000, "Non-Configurational Entropy \
            Contributions"; Einstein model, high-temperature limit): G = G_model - T ΔS_vib with \
            ΔS_vib = 3R ln(Θ_A^{x_A} Θ_B^{x_B} / Θ_AB), J/(mol K), and ΔH unchanged. mix, critical, \
            spinodal, binodal, gap, scc0 and the plots all see it, with exact x-derivatives.
            model: any binary model (regular, subregular, rk, gibbs, floryhuggins, clusters), or a \
            multicomponent regular model for mix.
            theta: Einstein temperatures (K) of the components, A first: [Θ_A, Θ_B]; element symbols \
            ["Cu", "Au"], whose Θ_E = e^{-1/3} Θ_D comes from stdlib/debye_temperatures.csv (Kittel's \
            table; see debye_temperature); or a record {Cu: 280 K, Au: 140 K} for any number of components \
            (ΔS_vib = 3R (Σ x_i ln Θ_i - ln Θ_alloy)).
            theta_ab: the alloy's Einstein temperature (K): a constant (then the term is linear in x and \
            moves no phase boundary), a list with one value per composition (mix only), or a function \
            t(x) of x = x_B returning a temperature (differentiated exactly through jets).
            With t(x) = 300 K * exp(0.1 * x * (1 - x)), ΔS_vib = -0.3 R x(1-x) and \
            critical(vibrational(regular(17.5 kJ/mol), theta: [300 K, 300 K], theta_ab: t)).T is 1238.1 K, \
            Ω/(1.7 R) instead of Ω/(2 R).
            Example: critical(vibrational(regular(17.5 kJ/mol), theta: [200 K, 400 K], theta_ab: 300 K)).T is 1052.38 K.
            """
    ) { args in
        var m = try model(args)
        guard m.vibration == nil else {
            throw args.error("model", .domain("this model already has a vibrational term"))
        }
        var term = try vibrationTerm(args)
        if case .pairwise(let c, _) = m.kind, let names = term.names {
            // In the model's order of components, so that a binary's A and B agree with x.
            term.thetas = try c.map { n in
                guard let i = names.firstIndex(of: n) else {
                    throw args.error("theta", .domain("no Einstein temperature is given for the component '\(n)'"))
                }
                return term.thetas[i]
            }
            term.names = c
        }
        if case .function = term.alloy {
            // Evaluate once so that a wrong Θ_AB(x) is reported here.
            let f = term.alloy
            if case .function(let fn) = f {
                for x in [0.3, 0.5, 0.7] { _ = fn.lnDerivatives(x) }
                if let failure = fn.failure { throw failure }
            }
        }
        m.vibration = term
        m.description = "vibrational(\(m.description), theta: \(try args.require("theta").nested), theta_ab: \(try args.require("theta_ab").nested))"
        return .native(m)
    }

    static let svib = Builtin(
        "svib", params: [.init("x"), .init("theta"), .init("theta_ab")],
        signature: "svib(x:, theta:, theta_ab:) -> J/(mol K)",
        doc: """
            The vibrational entropy of mixing in the Einstein model's high-temperature limit (seed 000): \
            ΔS_vib = 3R ln(Θ_A^{x_A} Θ_B^{x_B} / Θ_AB) in J/(mol K); for more components \
            3R (Σ x_i ln Θ_i - ln Θ_alloy). Zero when Θ_AB is the geometric mean of the Θ_i, negative \
            when the alloy is stiffer than that mean (a soft with a stiff element and a stiff alloy).
            x: the fraction of B (a number or a list) with theta: [Θ_A, Θ_B] or ["Cu", "Au"]; or a \
            composition record {Cu: 0.5, Au: 0.5} with theta naming its components.
            theta, theta_ab: as for vibrational (theta_ab a temperature, one per composition, or t(x)).
            Example: svib(x: 0.5, theta: [200 K, 400 K], theta_ab: 300 K) is -1.46895 J/(mol K).
            """
    ) { args in
        let term = try vibrationTerm(args)
        let xv = try args.require("x")
        if case .record(let r) = xv {
            let c = try Compositions.single(.record(r), args, "x", .anyName)
            return .number(Quantity(try term.entropies([c.fractions], names: term.names == nil ? nil : c.elements, args, "x")[0], JPerMolK))
        }
        guard term.thetas.count == 2 else {
            throw args.error("x", .domain("with \(term.thetas.count) components give x as a composition record"))
        }
        let x = try args.numeric("x", .none)
        let xs: [Double]
        switch x {
        case .scalar(let v): xs = [v]
        case .array(let a): xs = a
        }
        for (i, v) in xs.enumerated() where !(v >= 0 && v <= 1) {
            throw args.error("x", .domain("the mole fraction x = \(NumberFormat.format(v)) is outside 0 ... 1"),
                             notes: x.count != nil ? ["note: at item \(i) of the list"] : [])
        }
        let s = try term.entropies(xs.map { [1 - $0, $0] }, names: nil, args, "theta_ab")
        return x.count != nil ? .array(QuantityArray(s, JPerMolK)) : .number(Quantity(s[0], JPerMolK))
    }

    static func debyeLookup(_ args: Arguments) throws -> Double {
        let s = try args.string("symbol")
        guard let d = DebyeTable.values[s] else {
            throw args.error("symbol", .domain("no Debye temperature for '\(s)' in stdlib/debye_temperatures.csv"),
                             notes: ["note: the table has " + DebyeTable.values.keys.sorted().joined(separator: ", ")])
        }
        return d
    }

    static let debyeTemperature = Builtin(
        "debye_temperature", params: [.init("symbol", broadcast: .lists)], signature: "debye_temperature(symbol) -> K",
        doc: """
            The Debye temperature Θ_D of an element (K), from the low-temperature heat capacity: \
            stdlib/debye_temperatures.csv, the table of Wikipedia's "Debye model" that cites C. Kittel, \
            Introduction to Solid State Physics (23 elements; see stdlib/SOURCES.md).
            Example: debye_temperature("Cu") is 343 K.
            """
    ) { args in
        .number(Quantity(try debyeLookup(args), kelvin))
    }

    static let einsteinTemperature = Builtin(
        "einstein_temperature", params: [.init("symbol", broadcast: .lists)], signature: "einstein_temperature(symbol) -> K",
        doc: """
            The Einstein temperature of an element for the high-temperature vibrational entropy, \
            Θ_E = e^{-1/3} Θ_D (K): the Einstein solid with the same high-temperature entropy as a \
            Debye solid, since a Debye spectrum's ⟨ln ω⟩ is ln ω_D - 1/3. Θ_D from debye_temperature.
            Example: einstein_temperature("Cu") is 245.77 K.
            """
    ) { args in
        .number(Quantity(try debyeLookup(args) * VibrationalEntropy.einsteinPerDebye, kelvin))
    }
}
