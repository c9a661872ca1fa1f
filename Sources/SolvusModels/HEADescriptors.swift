#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The high-entropy-alloy descriptors of seed 002 ("Quick reference: equations at a glance"),
/// computed natively over many compositions at once.
///
/// - ΔS_mix = -R Σ c_i ln c_i (J/(mol K))
/// - ΔH_mix = Σ_{i<j} 4 ΔH_ij c_i c_j (J/mol), ΔH_ij the equiatomic pair enthalpy (the 4, once)
/// - T̄_m = Σ c_i T_m,i (K)
/// - δ = sqrt(Σ c_i (1 - r_i / r̄)²), r̄ = Σ c_i r_i (a fraction; ×100 for per cent)
/// - VEC = Σ c_i VEC_i
/// - Ω = T̄_m ΔS_mix / |ΔH_mix| (Yang & Zhang, Mater. Chem. Phys. 132 (2012) 233), +∞ when ΔH_mix = 0
public enum HEADescriptors {
    /// Descriptor columns, one entry per composition.
    public struct Columns: Sendable {
        public var dS: [Double]
        public var dH: [Double]
        public var tm: [Double]
        public var delta: [Double]
        public var vec: [Double]
        public var omega: [Double]

        init(count n: Int) {
            dS = [Double](repeating: 0, count: n)
            dH = dS; tm = dS; delta = dS; vec = dS; omega = dS
        }
    }

    /// Evaluates `n` compositions of the same `k` elements.
    /// - Parameters:
    ///   - fractions: mole fractions, row-major n × k, each row summing to 1.
    ///   - radius: atomic radii (any one length unit), k values.
    ///   - tm: melting temperatures (K), k values.
    ///   - vec: valence electrons, k values.
    ///   - pairEnthalpy: equiatomic pair enthalpies ΔH_ij (J/mol), k × k row-major, symmetric.
    public static func evaluate(fractions: [Double], k: Int, radius: [Double], tm: [Double], vec: [Double],
                                pairEnthalpy: [Double]) -> Columns {
        let n = k == 0 ? 0 : fractions.count / k
        var out = Columns(count: n)
        fractions.withUnsafeBufferPointer { c in
            guard let f = c.baseAddress else { return }
            out.withPointers { o in
                evaluate(f, rows: n, k: k, radius: radius, tm: tm, vec: vec, pairEnthalpy: pairEnthalpy, into: o, at: 0)
            }
        }
        return out
    }

    /// Where `evaluate` writes: one pointer per descriptor column.
    public struct Output {
        public var dS, dH, tm, delta, vec, omega: UnsafeMutablePointer<Double>
    }

    /// Evaluates `n` compositions read in place from `c` (row-major, `k` per row) into rows
    /// `offset...` of `out`: one pass, every descriptor of a composition computed together.
    public static func evaluate(_ c: UnsafePointer<Double>, rows n: Int, k: Int, radius: [Double], tm: [Double],
                                vec: [Double], pairEnthalpy: [Double], into out: Output, at offset: Int) {
        let R = Constants.gas
        radius.withUnsafeBufferPointer { radius in
        tm.withUnsafeBufferPointer { tm in
        vec.withUnsafeBufferPointer { vec in
        pairEnthalpy.withUnsafeBufferPointer { pairEnthalpy in
            for row in 0..<n {
                let base = row * k
                var s = 0.0, h = 0.0, t = 0.0, rbar = 0.0, v = 0.0
                for i in 0..<k {
                    let ci = c[base + i]
                    if ci > 0 { s -= ci * log(ci) }
                    t += ci * tm[i]
                    rbar += ci * radius[i]
                    v += ci * vec[i]
                    var j = i + 1
                    while j < k {
                        h += 4 * pairEnthalpy[i * k + j] * ci * c[base + j]
                        j += 1
                    }
                }
                var d2 = 0.0
                for i in 0..<k {
                    let u = 1 - radius[i] / rbar
                    d2 += c[base + i] * u * u
                }
                s *= R
                let o = offset + row
                out.dS[o] = s
                out.dH[o] = h
                out.tm[o] = t
                out.delta[o] = d2.squareRoot()
                out.vec[o] = v
                out.omega[o] = h == 0 ? .infinity : t * s / Swift.abs(h)
            }
        }
        }
        }
        }
    }
}

extension HEADescriptors.Columns {
    /// Columns of `n` entries, each written before it is read (by `evaluate(_:rows:...)`).
    public init(uninitialized n: Int) {
        func make() -> [Double] { [Double](unsafeUninitializedCapacity: n) { _, count in count = n } }
        dS = make(); dH = make(); tm = make(); delta = make(); vec = make(); omega = make()
    }

    /// The columns' storage, for `evaluate(_:rows:...)` to write into.
    public mutating func withPointers<R>(_ body: (HEADescriptors.Output) throws -> R) rethrows -> R {
        try dS.withUnsafeMutableBufferPointer { dS in
            try dH.withUnsafeMutableBufferPointer { dH in
                try tm.withUnsafeMutableBufferPointer { tm in
                    try delta.withUnsafeMutableBufferPointer { delta in
                        try vec.withUnsafeMutableBufferPointer { vec in
                            try omega.withUnsafeMutableBufferPointer { omega in
                                guard let a = dS.baseAddress, let b = dH.baseAddress, let c = tm.baseAddress,
                                      let d = delta.baseAddress, let e = vec.baseAddress, let f = omega.baseAddress
                                else {
                                    // No rows: nothing will be written; any valid pointer will do.
                                    var none = 0.0
                                    return try withUnsafeMutablePointer(to: &none) {
                                        try body(HEADescriptors.Output(dS: $0, dH: $0, tm: $0, delta: $0, vec: $0, omega: $0))
                                    }
                                }
                                return try body(HEADescriptors.Output(dS: a, dH: b, tm: c, delta: d, vec: e, omega: f))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The empirical phase-selection rules of seed 002, section 12, with every threshold a named
/// parameter.
public struct PhaseRules: Sendable, Equatable {
    /// Yang & Zhang (2012): a solid solution when Ω ≥ this ...
    public var yangZhangOmegaMin = 1.1
    /// ... and δ ≤ this (a fraction). Yang & Zhang write 6.6 %; seed 002 writes 6.5 %, the
    /// Zhang et al. (2008) figure.
    public var yangZhangDeltaMax = 0.066
    /// Guo & Liu (2011): fcc when VEC ≥ this ...
    public var guoLiuFCCMin = 8.0
    /// ... bcc when VEC < this, fcc + bcc in between.
    public var guoLiuBCCMax = 6.87
    /// Zhang et al., Adv. Eng. Mater. 10 (2008) 534: a solid solution when ΔH_mix (J/mol) lies in
    /// [min, max] and δ ≤ `zhangDeltaMax`. Seed 002: "between roughly -22 and +5 kJ/mol".
    public var zhangDHMin = -22_000.0
    public var zhangDHMax = 5_000.0
    public var zhangDeltaMax = 0.065

    public init() {}

    /// `x ≥ t`, where a value within a few ulps of `t` counts as equal: descriptors are sums of
    /// tabulated values, so a VEC of 8 on paper can be 7.999999999999999 (CrFeNi).
    public static func reaches(_ x: Double, _ t: Double) -> Bool { x >= t - slack(x, t) }
    /// `x ≤ t`, with the same slack.
    public static func staysWithin(_ x: Double, _ t: Double) -> Bool { x <= t + slack(x, t) }
    /// Eight ulps of the larger magnitude: more than the rounding of a sum of a few terms, far
    /// less than any digit a table prints.
    static func slack(_ x: Double, _ t: Double) -> Double {
        x.isFinite && t.isFinite ? 8 * max(Swift.abs(x), Swift.abs(t)).ulp : 0
    }

    public func yangZhang(omega: Double, delta: Double) -> Bool {
        PhaseRules.reaches(omega, yangZhangOmegaMin) && PhaseRules.staysWithin(delta, yangZhangDeltaMax)
    }

    /// "fcc", "bcc" or "fcc + bcc".
    public func guoLiu(vec: Double) -> String {
        if PhaseRules.reaches(vec, guoLiuFCCMin) { return "fcc" }
        if !PhaseRules.reaches(vec, guoLiuBCCMax) { return "bcc" }
        return "fcc + bcc"
    }

    public func zhang2008(dH: Double, delta: Double) -> Bool {
        PhaseRules.reaches(dH, zhangDHMin) && PhaseRules.staysWithin(dH, zhangDHMax)
            && PhaseRules.staysWithin(delta, zhangDeltaMax)
    }
}
