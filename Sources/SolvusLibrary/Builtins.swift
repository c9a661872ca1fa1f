import SolvusCore

/// The native functions of Solvus, grouped by concern in `Builtins+*.swift`.
public enum Builtins {
    public static func registerAll(in evaluator: Evaluator) {
        let registry = ElementRegistry()
        for b in math + lists + output + precision + models + elementBuiltins(registry) + rkBuiltins + data + plotting
                + vibration + ordering + tdbBuiltins + equilibriumBuiltins {
            evaluator.register(b)
        }
    }

    /// Display units for results.
    static let kelvin = Unit(name: "K", scale: 1, dimension: .temperature)
    static let mole = Unit(name: "mol", scale: 1, dimension: .amount)
    static let joule = Unit(name: "J", scale: 1, dimension: .energy)
    static let kilojoule = Unit(name: "kJ", scale: 1000, dimension: .energy)
    static let kJPerMol = kilojoule / mole
    static let JPerMol = joule / mole
    static let JPerMolK = joule / (mole * kelvin)
}
