import SolvusCore
import SolvusModels

/// A solution model as a Solvus value: what `ideal()`, `regular(...)`, `subregular(...)`,
/// `floryhuggins(...)` and `clusters(...)` return.
struct SolutionModelValue: NativeValue {
    enum Kind {
        /// A binary A-B in x = x_B.
        case binary(BinaryModel)
        /// Named components with an Ω for each pair.
        case pairwise(components: [String], model: PairwiseRegularSolution)
        /// A binary whose G(x, T) is a Solvus function.
        case function(FunctionGibbs)
    }

    var kind: Kind
    /// The unit G and H of results are shown in.
    var energyUnit: Unit
    var description: String
    /// A constant Ω that applies to every pair, so that the model also takes compositions of any
    /// number of components (ideal: 0).
    var uniformOmega: Double?
    /// Cluster sizes A_m-B_n, for the cluster fraction at critical points.
    var clusters: (m: Double, n: Double)?
    /// A vibrational entropy of mixing added by `vibrational(...)`.
    var vibration: VibrationTerm?

    var typeName: String { "a solution model" }

    var heldValues: [Value] {
        if case .function(let g) = kind { return [.function(g.function)] }
        return []
    }
    var fieldNames: [String] { uniformOmega != nil ? ["omega"] : (components != nil ? ["components", "omega"] : []) }

    private var components: [String]? {
        if case .pairwise(let c, _) = kind { return c }
        return nil
    }

    func field(_ name: String) -> Value? {
        switch (kind, name) {
        case (.binary, "omega"), (.function, "omega"):
            return uniformOmega.map { .number(Quantity($0, energyUnit)) }
        case (.pairwise(let c, _), "components"):
            return .list(c.map { .string($0) })
        case (.pairwise(let c, let m), "omega"):
            var r = Record()
            for i in 0..<c.count {
                for j in (i + 1)..<max(i + 1, c.count) {
                    r["\(c[i])-\(c[j])"] = .number(Quantity(m.omega[i][j], energyUnit))
                }
            }
            return .record(r)
        default:
            return nil
        }
    }
}
