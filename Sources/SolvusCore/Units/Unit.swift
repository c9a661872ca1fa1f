/// One named unit raised to a power, as written by the user: `kJ`, `mol^-1`.
public struct UnitFactor: Hashable, Sendable {
    public var name: String
    /// SI value of one of this unit (1000 for kJ).
    public var scale: Double
    public var dimension: Dimension
    public var power: Int

    public init(name: String, scale: Double, dimension: Dimension, power: Int = 1) {
        self.name = name
        self.scale = scale
        self.dimension = dimension
        self.power = power
    }
}

/// A unit: a product of named units with integer powers. It fixes a quantity's dimension and how
/// it is displayed; the value itself is always kept in SI.
public struct Unit: Hashable, Sendable, CustomStringConvertible {
    public private(set) var factors: [UnitFactor]
    public private(set) var dimension: Dimension
    /// SI value of one of this unit.
    public private(set) var scale: Double

    public init(_ factors: [UnitFactor]) {
        self.factors = factors.filter { $0.power != 0 }
        var d = Dimension.none
        var s = 1.0
        for f in self.factors {
            d = d * f.dimension.power(f.power)
            s *= pow(f.scale, Double(f.power))
        }
        dimension = d
        scale = s
    }

    public static let none = Unit([])

    /// A single named unit.
    public init(name: String, scale: Double, dimension: Dimension) {
        self.init([UnitFactor(name: name, scale: scale, dimension: dimension)])
    }

    public var isNone: Bool { factors.isEmpty }

    /// Largest power of a base dimension a unit may have: dimensions are kept in 8 bits.
    public static let maxExponent = 127

    /// Whether the powers of every base dimension stay within ±`maxExponent`, computed from the
    /// factors in full-width integers, so that a product that wrapped the 8-bit dimension is seen.
    public var exponentsFit: Bool {
        var sums = [Int](repeating: 0, count: 7)
        for f in factors {
            guard abs(f.power) <= 1 << 20 else { return false }
            for i in 0..<7 { sums[i] += Int(f.dimension.exponents[i]) * f.power }
        }
        return sums.allSatisfy { abs($0) <= Unit.maxExponent }
    }

    /// The product as written: factors of the same name add their powers (`kJ/mol * mol` is `kJ`).
    public static func * (a: Unit, b: Unit) -> Unit {
        var result = a.factors
        for f in b.factors {
            if let i = result.firstIndex(where: { $0.name == f.name }) {
                result[i].power += f.power
            } else {
                result.append(f)
            }
        }
        return Unit(result)
    }

    /// The unit of a product of two quantities, simplified for display: factors of one dimension
    /// are expressed in the left one (`kJ / J` cancels, `J/(mol K) * K` is `J/mol`), and pure-number
    /// units (%, at%, ppm) survive only alone and to the first power: 50 % * 2 is 100 %, but
    /// 50 % * 50 % is 0.25 and 50 % * 3 K is 1.5 K. Only for quantities already in SI: the scale of
    /// the result is not the product of the scales.
    public func simplifiedProduct(_ b: Unit) -> Unit {
        var result = factors
        for f in b.factors {
            if let i = result.firstIndex(where: { $0.name == f.name }) {
                result[i].power += f.power
            } else if let i = result.firstIndex(where: { $0.dimension == f.dimension && !$0.dimension.isDimensionless }) {
                result[i].power += f.power
            } else {
                result.append(f)
            }
        }
        let pure = result.filter { $0.dimension.isDimensionless && $0.power != 0 }
        if !pure.isEmpty, result.filter({ $0.power != 0 }).count > 1 || pure[0].power != 1 {
            result.removeAll { $0.dimension.isDimensionless }
        }
        return Unit(result)
    }

    public var inverse: Unit {
        Unit(factors.map { var f = $0; f.power = -f.power; return f })
    }

    public static func / (a: Unit, b: Unit) -> Unit { a * b.inverse }

    public func power(_ n: Int) -> Unit {
        Unit(factors.map { var f = $0; f.power *= n; return f })
    }

    /// The unit raised to a real power, if every factor keeps an integer power.
    public func power(_ p: Double) -> Unit? {
        var out: [UnitFactor] = []
        for var f in factors {
            let e = Double(f.power) * p
            guard e == e.rounded(), abs(e) < 100 else { return nil }
            f.power = Int(e)
            out.append(f)
        }
        return Unit(out)
    }

    /// Base SI units for a dimension, used when no named unit fits.
    public static func base(for dimension: Dimension) -> Unit {
        let names = ["m", "kg", "s", "A", "K", "mol", "cd"]
        var factors: [UnitFactor] = []
        for i in 0..<7 where dimension.exponents[i] != 0 {
            var e = SIMD8<Int8>()
            e[i] = 1
            factors.append(UnitFactor(name: names[i], scale: 1, dimension: Dimension(e), power: Int(dimension.exponents[i])))
        }
        return Unit(factors)
    }

    /// `kJ/mol`, `J/(mol K)`, `m^3`, `K^-1`.
    public var description: String {
        let num = factors.filter { $0.power > 0 }
        let den = factors.filter { $0.power < 0 }
        func show(_ f: UnitFactor, _ p: Int) -> String { p == 1 ? f.name : "\(f.name)^\(p)" }
        if num.isEmpty {
            return den.map { show($0, $0.power) }.joined(separator: " ")
        }
        var s = num.map { show($0, $0.power) }.joined(separator: " ")
        if !den.isEmpty {
            let d = den.map { show($0, -$0.power) }
            s += d.count == 1 ? "/\(d[0])" : "/(\(d.joined(separator: " ")))"
        }
        return s
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
