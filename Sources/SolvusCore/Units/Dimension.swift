/// A physical dimension: integer exponents of the seven SI base dimensions.
public struct Dimension: Hashable, Sendable {
    /// Exponents of length, mass, time, current, temperature, amount, luminous intensity.
    public var exponents: SIMD8<Int8>

    public init(_ exponents: SIMD8<Int8>) { self.exponents = exponents }

    public init(length: Int8 = 0, mass: Int8 = 0, time: Int8 = 0, current: Int8 = 0,
                temperature: Int8 = 0, amount: Int8 = 0, luminous: Int8 = 0) {
        exponents = SIMD8(length, mass, time, current, temperature, amount, luminous, 0)
    }

    public static let none = Dimension()
    public static let length = Dimension(length: 1)
    public static let mass = Dimension(mass: 1)
    public static let time = Dimension(time: 1)
    public static let current = Dimension(current: 1)
    public static let temperature = Dimension(temperature: 1)
    public static let amount = Dimension(amount: 1)
    public static let luminous = Dimension(luminous: 1)
    public static let energy = Dimension(length: 2, mass: 1, time: -2)
    public static let molarEnergy = energy / amount
    public static let molarEntropy = energy / amount / temperature
    public static let entropy = energy / temperature
    public static let pressure = Dimension(length: -1, mass: 1, time: -2)
    public static let volume = Dimension(length: 3)
    public static let molarVolume = volume / amount

    public var isDimensionless: Bool { self == .none }

    public static func * (a: Dimension, b: Dimension) -> Dimension { Dimension(a.exponents &+ b.exponents) }
    public static func / (a: Dimension, b: Dimension) -> Dimension { Dimension(a.exponents &- b.exponents) }

    public func power(_ n: Int) -> Dimension { Dimension(exponents &* SIMD8(repeating: Int8(truncatingIfNeeded: n))) }

    /// The dimension raised to `p`, if every exponent stays an integer.
    public func power(_ p: Double) -> Dimension? {
        var result = SIMD8<Int8>()
        for i in 0..<7 {
            let e = Double(exponents[i]) * p
            guard e == e.rounded(), abs(e) < 100 else { return nil }
            result[i] = Int8(e)
        }
        return Dimension(result)
    }

    private static let baseSymbols = ["m", "kg", "s", "A", "K", "mol", "cd"]

    /// A name for people: "a molar energy", "a temperature"; base units for unnamed dimensions.
    public var phrase: String {
        if let name = Dimension.names[self] { return name }
        return "a quantity of dimension \(baseUnits)"
    }

    /// The dimension in SI base units, such as `m^2 kg s^-2`.
    public var baseUnits: String {
        var parts: [String] = []
        for i in 0..<7 where exponents[i] != 0 {
            parts.append(exponents[i] == 1 ? Dimension.baseSymbols[i] : "\(Dimension.baseSymbols[i])^\(exponents[i])")
        }
        return parts.isEmpty ? "1" : parts.joined(separator: " ")
    }

    /// A short name without article: "molar energy", "temperature".
    public var name: String {
        var p = phrase
        if p.hasPrefix("a ") { p.removeFirst(2) } else if p.hasPrefix("an ") { p.removeFirst(3) }
        return p
    }

    static let names: [Dimension: String] = [
        .none: "a dimensionless number",
        .length: "a length",
        .mass: "a mass",
        .time: "a time",
        .current: "an electric current",
        .temperature: "a temperature",
        .amount: "an amount of substance",
        .luminous: "a luminous intensity",
        .energy: "an energy",
        .molarEnergy: "a molar energy",
        .molarEntropy: "a molar entropy",
        .entropy: "an entropy",
        .pressure: "a pressure",
        .volume: "a volume",
        .molarVolume: "a molar volume",
        Dimension(length: 2): "an area",
        Dimension(length: 1, time: -1): "a speed",
        Dimension(time: -1): "a frequency",
        Dimension(length: 1, mass: 1, time: -2): "a force",
        Dimension(length: 2, mass: 1, time: -3): "a power",
        Dimension(time: 1, current: 1): "an electric charge",
        Dimension(length: 2, mass: 1, time: -3, current: -1): "an electric potential",
        Dimension(amount: -1): "a per-amount quantity",
        Dimension(time: 1, current: 1, amount: -1): "a molar charge",
        Dimension(length: -3): "a number density",
        Dimension(mass: 1, amount: -1): "a molar mass",
        Dimension(length: -3, mass: 1): "a density",
        Dimension(length: 2, mass: 1, time: -1): "an action",
    ]
}
