import SolvusCore
import SolvusModels

/// A binary model whose Gibbs energy of mixing is a function the user wrote in Solvus, G(x, T).
/// Its derivatives come from evaluating the function once on jets, x = x₀ + ε and T = T₀ + δ:
/// automatic differentiation through the interpreter, so the phase-diagram solvers work on it
/// unchanged.
final class FunctionGibbs: GibbsFunction, @unchecked Sendable {
    let function: Function
    /// Weak: the model lives in the evaluator's globals, and a strong reference back would be a
    /// cycle that keeps the whole session alive.
    private weak var evaluator: Evaluator?
    let range: SourceRange
    /// The first error the function raised; the solvers then see NaN and the binding reports it.
    private(set) var failure: Diagnostic?
    private var cache: (x: Double, T: Double, jet: Jet)?

    init(function: Function, evaluator: Evaluator, range: SourceRange) {
        self.function = function
        self.evaluator = evaluator
        self.range = range
    }

    /// Whether G is linear in T (checked when the model is made), for the direct critical condition.
    var isLinearInT = false
    /// The temperature the linear split is read at (any works when G is linear in T).
    static let referenceT = 1000.0

    func linearSplit(_ d: Int, _ x: Double) -> (E: Double, F: Double)? {
        guard isLinearInT, let j = jet(x, FunctionGibbs.referenceT) else { return nil }
        let f = j.temperatureDerivative(d)
        return (j.derivative(d) - FunctionGibbs.referenceT * f, f)
    }

    /// G(x, T₂) = G(x, T₁) + (T₂ - T₁) ∂G/∂T(x, T₁) at a few points, for G and its x-derivatives.
    func detectLinearity() {
        var linear = true
        for x in [0.23, 0.5, 0.77] {
            guard let a = jet(x, 400), let b = jet(x, 1600) else { return }
            for d in 0...3 {
                let predicted = a.derivative(d) + 1200 * a.temperatureDerivative(d)
                let scale = max(abs(b.derivative(d)), abs(a.derivative(d)), 1e-12)
                if abs(predicted - b.derivative(d)) > 1e-9 * scale { linear = false }
                if abs(a.temperatureDerivative(d) - b.temperatureDerivative(d)) > 1e-9 * max(abs(a.temperatureDerivative(d)), 1e-12) {
                    linear = false
                }
            }
        }
        isLinearInT = linear
    }

    func jet(_ x: Double, _ T: Double) -> Jet? {
        if let c = cache, c.x == x, c.T == T { return c.jet }
        guard failure == nil else { return nil }
        guard let evaluator else {
            failure = Diagnostic(.custom("E599", "the session that defined this Gibbs function has ended"), at: range)
            return nil
        }
        do {
            let xv = Value.jet(JetQuantity(.x(x)))
            let tv = Value.jet(JetQuantity(.t(T), Builtins.kelvin))
            let v = try evaluator.call(function, [(nil, nil, xv, range), (nil, nil, tv, range)], range: range)
            guard let j = v.jet(in: .molarEnergy) else {
                failure = Diagnostic(.expectedType("the Gibbs function's value", expected: "a molar energy such as J/mol",
                                                   found: v.typeDescription), at: range)
                return nil
            }
            cache = (x, T, j)
            return j
        } catch {
            failure = Diagnostic.of(error, at: range)
            return nil
        }
    }

    func g(_ d: Int, _ x: Double, _ T: Double) -> Double { jet(x, T)?.derivative(d) ?? .nan }
    func gT(_ d: Int, _ x: Double, _ T: Double) -> Double { jet(x, T)?.temperatureDerivative(d) ?? .nan }

    /// Throws the function's first error, if any.
    func check() throws {
        if let failure { throw failure }
    }
}

extension Builtins {
    static let gibbs = Builtin(
        "gibbs", params: [.init("G")], signature: "gibbs(G) -> model",
        doc: """
            A binary model from your own Gibbs energy of mixing: G is a Solvus function G(x, T) of the \
            fraction x of the second component and the temperature, returning a molar energy. \
            critical, spinodal, binodal, gap, scc0 and mix take it like any model; their derivatives \
            (to ∂⁴G/∂x⁴ and ∂/∂T) come from automatic differentiation through your function, exactly. \
            The function may use + - * / ^, ln, exp, sqrt, xlnx, abs and if.
            For instance with g(x, T) = 17.5 kJ/mol * x * (1 - x) + R * T * (xlnx(x) + xlnx(1 - x)), critical(gibbs(g)).T is 1052.38 K.
            """
    ) { args in
        let v = try args.require("G")
        guard case .function(let f) = v else {
            throw args.error("G", .expectedType("'G'", expected: "a function G(x, T) such as g(x, T) = ...", found: v.typeDescription))
        }
        let model = FunctionGibbs(function: f, evaluator: args.evaluator, range: args.range("G"))
        // It must depend on composition: some derivative in x at some point.
        var varies = false
        for (x, T) in [(0.3, 1000.0), (0.5, 500.0), (0.8, 2000.0)] {
            guard let j = model.jet(x, T) else { break }
            if (1...4).contains(where: { j.derivative($0) != 0 }) { varies = true }
        }
        model.detectLinearity()
        try model.check()
        guard varies else {
            throw args.error("G", .domain("this Gibbs energy does not depend on composition"),
                             notes: ["help: G(x, T) must vary with x, as x * (1 - x) * Ω + R * T * (xlnx(x) + xlnx(1 - x)) does"])
        }
        return .native(SolutionModelValue(kind: .function(model), energyUnit: JPerMol, description: "gibbs(\(f.name))"))
    }
}

extension Value {
    /// The value of a user function run on jets, as a jet, if it has `dimension` (a constant
    /// quantity is a jet with no derivatives); nil for any other value.
    func jet(in dimension: Dimension) -> Jet? {
        switch self {
        case .jet(let q) where q.dimension == dimension: return q.jet
        case .number(let q) where q.dimension == dimension: return Jet(constant: q.value)
        default: return nil
        }
    }
}

extension Diagnostic {
    /// The error a Solvus function threw while a model called it: its own diagnostic, or E599.
    static func of(_ error: any Error, at range: SourceRange) -> Diagnostic {
        error as? Diagnostic ?? Diagnostic(.custom("E599", "\(error)"), at: range)
    }
}
