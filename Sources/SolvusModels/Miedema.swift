#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A crystal structure for the Miedema structural term.
public enum LatticeStructure: String, Sendable {
    case fcc, bcc, hcp
    /// Cu, Ag, Au: the fcc and bcc tables give the same value at z = 11.
    case fccOrBcc = "fcc/bcc"

    public init?(label: String) {
        self.init(rawValue: label)
    }
}

/// The Miedema parameters of one element, in the model's customary units.
public struct MiedemaParameters: Sendable, Equatable {
    /// Electronegativity φ* (V).
    public var phi: Double
    /// Electron density at the Wigner-Seitz cell boundary, n_ws^(1/3) (d.u.^(1/3)).
    public var nws13: Double
    /// V^(2/3), molar volume to the power 2/3, in cm² (Miedema's customary unit of (cm³/mol)^(2/3)).
    public var V23: Double
    /// Volume-correction constant a (0.14 alkali, 0.10 divalent, 0.07 trivalent and Cu/Ag/Au, 0.04 others).
    public var a: Double
    /// Hybridisation factor R/P of the element.
    public var RoverP: Double
    /// Semiconductor-to-metal transformation enthalpy (J/mol), 0 for metals.
    public var Htrans: Double
    /// Transition-metal class (decides P and the hybridisation term).
    public var isTransitionMetal: Bool
    /// Valence electrons z for the lattice-stability term.
    public var valence: Double
    /// Reference structure for the structural term; nil: no structural term.
    public var structure: LatticeStructure?
    /// Bulk and shear modulus (Pa), molar volume (m³/mol), melting point (K).
    public var bulkModulus: Double
    public var shearModulus: Double
    public var molarVolume: Double
    public var meltingPoint: Double

    public init(phi: Double, nws13: Double, V23: Double, a: Double, RoverP: Double, Htrans: Double,
                isTransitionMetal: Bool, valence: Double, structure: LatticeStructure?, bulkModulus: Double,
                shearModulus: Double, molarVolume: Double, meltingPoint: Double) {
        self.phi = phi
        self.nws13 = nws13
        self.V23 = V23
        self.a = a
        self.RoverP = RoverP
        self.Htrans = Htrans
        self.isTransitionMetal = isTransitionMetal
        self.valence = valence
        self.structure = structure
        self.bulkModulus = bulkModulus
        self.shearModulus = shearModulus
        self.molarVolume = molarVolume
        self.meltingPoint = meltingPoint
    }
}

/// Lattice stabilities E_fcc(z), E_bcc(z), E_hcp(z) (J/mol), interpolated linearly in z.
public struct LatticeStability: Sendable {
    public var z: [Double]
    public var fcc: [Double]
    public var bcc: [Double]
    public var hcp: [Double]

    public init(z: [Double], fcc: [Double], bcc: [Double], hcp: [Double]) {
        self.z = z
        self.fcc = fcc
        self.bcc = bcc
        self.hcp = hcp
    }

    private func interpolate(_ values: [Double], _ x: Double) -> Double {
        interpolate(values, at: bracket(x))
    }

    /// Where x falls in the table: before its first z (-1), past its last (count), or between
    /// entries i - 1 and i at the fraction t.
    private func bracket(_ x: Double) -> (i: Int, t: Double) {
        guard let first = z.first, let last = z.last, x > first else { return (-1, 0) }
        if x >= last { return (z.count, 0) }
        var i = 1
        while i < z.count && z[i] < x { i += 1 }
        return (i, (x - z[i - 1]) / (z[i] - z[i - 1]))
    }

    private func interpolate(_ values: [Double], at b: (i: Int, t: Double)) -> Double {
        if b.i < 0 { return values.first ?? 0 }
        if b.i >= z.count || b.i >= values.count { return values.last ?? 0 }
        return values[b.i - 1] + b.t * (values[b.i] - values[b.i - 1])
    }

    /// E_bcc, E_fcc, E_hcp at z in one search of the table: as `energy` (referenced to bcc) or
    /// `absoluteEnergy` (as tabulated) gives them one by one, to the bit.
    public func energies(z x: Double, absolute: Bool) -> (bcc: Double, fcc: Double, hcp: Double) {
        if x >= 12 { return (0, 0, 0) }
        let b = bracket(x)
        let bcc = interpolate(bcc, at: b), fcc = interpolate(fcc, at: b), hcp = interpolate(hcp, at: b)
        return absolute ? (bcc, fcc, hcp) : (0, fcc - bcc, hcp - bcc)
    }

    /// E_α(z) as tabulated (not referenced to bcc); zero for z ≥ 12. For Cu/Ag/Au (fcc/bcc) the fcc value.
    public func absoluteEnergy(_ s: LatticeStructure, z x: Double) -> Double {
        if x >= 12 { return 0 }
        switch s {
        case .bcc: return interpolate(bcc, x)
        case .fcc, .fccOrBcc: return interpolate(fcc, x)
        case .hcp: return interpolate(hcp, x)
        }
    }

    /// E_α(z) referenced to E_bcc(z) = 0, the form seed 002 states; zero for z ≥ 12.
    public func energy(_ s: LatticeStructure, z x: Double) -> Double {
        if x >= 12 { return 0 }
        switch s {
        case .bcc, .fccOrBcc: return 0
        case .fcc: return interpolate(fcc, x) - interpolate(bcc, x)
        case .hcp: return interpolate(hcp, x) - interpolate(bcc, x)
        }
    }
}

/// The Miedema model: interfacial enthalpy, volume correction and the equiatomic pair enthalpy
/// (seed 002, sections 7 and the quick reference; de Boer, Boom, Mattens, Miedema & Niessen,
/// Cohesion in Metals, North-Holland 1988). Energies in J/mol; V^(2/3) in cm², so that
/// Γ (J/mol per cm²) times V^(2/3) is J/mol.
public enum Miedema {
    /// Choices that differ between published implementations.
    public struct Options: Sendable, Equatable {
        /// P for two transition metals, one of each class, two non-transition metals. Seed 002 and
        /// qmpy: 14.2; matminer: 14.1.
        public var pTT = 14.2
        public var pTN = 12.35
        public var pNN = 10.7
        /// Q/P (9.4 in every implementation).
        public var qOverP = 9.4
        /// Scale of the hybridisation term R = P (R/P)_A (R/P)_B, applied to transition /
        /// non-transition pairs only: 1 for solids, 0.73 for liquids (de Boer et al. 1988).
        public var hybridizationScale = 1.0
        /// Iterate the volume correction V*^(2/3) = V^(2/3) (1 + a c^s_other (φ_self - φ_other)).
        public var volumeCorrection = true
        /// Rounds of the volume correction: nil iterates to convergence (seed 002: "solved
        /// iteratively"); matminer and qmpy apply it once.
        public var volumeCorrectionRounds: Int? = nil
        /// matminer and qmpy put the ordering factor (1 + γ (c^s_A c^s_B)²) inside the volume
        /// correction (γ = 8 for compounds); seed 002 does not.
        public var orderingInVolumeCorrection = false
        /// The size factor S_C of Zhang et al. (2016) for compounds.
        public var sizeFactor: SizeFactor = .recent
        /// The reference of the lattice stabilities in the structural term.
        public var structureReference: StructureReference = .bcc
        /// β of the topological term ΔH_topo = β Σ c_i T_m,i (J/(mol K)); Bakker 1998: 3.5.
        public var beta = 3.5

        public init() {}

        /// The liquid convention of the Takeuchi-Inoue (2005) table.
        public static var liquid: Options {
            var o = Options()
            o.hybridizationScale = 0.73
            return o
        }
    }

    /// The atomic-size-difference factor S_C of Zhang, Zhang, He, Jing & Sheng (2016), seed 002 section 9.
    public enum SizeFactor: String, Sendable, CaseIterable {
        /// Composition-independent: S_C = V_A V_B / [½ (V_A + V_B)]² (the default of seed 002).
        case recent
        /// Composition-dependent: S_C = 1 - |V_B - V_A| / (c^s_A V_A + c^s_B V_B)², as seed 002 writes it.
        case original
        /// S_C = 1: Miedema's compound enthalpy without the size factor (matminer, qmpy).
        case none
    }

    /// Which zero the lattice stabilities E_α(z) are measured from.
    public enum StructureReference: String, Sendable, CaseIterable {
        /// E_bcc(z) = 0: the form seed 002 states (columns E_fcc - E_bcc, E_hcp - E_bcc).
        case bcc
        /// The tabulated values as they stand (matminer's tables; Fe, z = 8, has bcc +10 kJ/mol).
        case absolute
    }

    /// P for the pair's classes.
    public static func P(_ a: MiedemaParameters, _ b: MiedemaParameters, _ o: Options) -> Double {
        switch (a.isTransitionMetal, b.isTransitionMetal) {
        case (true, true): return o.pTT
        case (false, false): return o.pNN
        default: return o.pTN
        }
    }

    /// Γ_AB = [-P (Δφ*)² + Q (Δn_ws^1/3)² - R] / [½ (1/n_ws,A^1/3 + 1/n_ws,B^1/3)], in J/mol per cm².
    public static func gamma(_ a: MiedemaParameters, _ b: MiedemaParameters, _ o: Options = Options()) -> Double {
        let p = P(a, b, o)
        let dphi = a.phi - b.phi
        let dn = a.nws13 - b.nws13
        var r = 0.0
        if a.isTransitionMetal != b.isTransitionMetal {
            r = o.hybridizationScale * p * a.RoverP * b.RoverP
        }
        let numerator = -p * dphi * dphi + p * o.qOverP * dn * dn - r
        let denominator = 0.5 * (1 / a.nws13 + 1 / b.nws13)
        return 1000 * numerator / denominator
    }

    /// Volume-corrected V*^(2/3) of A and B at fractions cA, cB (cA + cB need not be 1: only
    /// the ratio matters), with the surface concentrations c^s = c V*/(Σ c V*) of the pair,
    /// iterated until they change by less than 1e-12 (at most 100 rounds), or for
    /// `volumeCorrectionRounds`. `ordering` is γ of f = c^s_A c^s_B (1 + γ (c^s_A c^s_B)²), used
    /// inside the correction only with `orderingInVolumeCorrection`.
    public static func correctedVolumes(_ a: MiedemaParameters, _ b: MiedemaParameters, cA: Double, cB: Double,
                                        _ o: Options = Options(), ordering: Double = 0)
        -> (vA: Double, vB: Double, csA: Double, csB: Double)
    {
        var vA = a.V23, vB = b.V23
        var csA = cA * vA / (cA * vA + cB * vB)
        guard o.volumeCorrection else { return (vA, vB, csA, 1 - csA) }
        for _ in 0..<(o.volumeCorrectionRounds ?? 100) {
            let csB = 1 - csA
            let g = o.orderingInVolumeCorrection ? 1 + ordering * (csA * csB) * (csA * csB) : 1
            vA = a.V23 * (1 + a.a * csB * g * (a.phi - b.phi))
            vB = b.V23 * (1 + b.a * csA * g * (b.phi - a.phi))
            let next = cA * vA / (cA * vA + cB * vB)
            if Swift.abs(next - csA) < 1e-12 {
                csA = next
                break
            }
            csA = next
        }
        return (vA, vB, csA, 1 - csA)
    }

    /// The equiatomic pair enthalpy ΔH_AB(½, ½) = ½ V_A* V_B* / (V_A* + V_B*) Γ_AB (J/mol):
    /// the factor that turns it into Ω_AB = 4 ΔH_AB is applied by the caller, once.
    public static func equiatomicPairEnthalpy(_ a: MiedemaParameters, _ b: MiedemaParameters,
                                              _ o: Options = Options()) -> Double {
        let v = correctedVolumes(a, b, cA: 0.5, cB: 0.5, o)
        return 0.5 * v.vA * v.vB / (v.vA + v.vB) * gamma(a, b, o)
    }
}

extension Miedema {
    /// One pair's share of the enthalpies of an alloy (J/mol), at the alloy's own fractions.
    public struct PairTerms: Sendable {
        public var gamma: Double
        /// Corrected V*^(2/3) of A and B at the alloy's fractions (cm²).
        public var vA: Double
        public var vB: Double
        public var chemical: Double
        public var elastic: Double
        /// Compound formation enthalpy S_C ΔH^Mied, without ΔH_trans.
        public var compound: Double
        public var sizeFactor: Double
    }

    /// The terms of the pair A-B in an alloy where their mole fractions are xA and xB.
    /// Surface concentrations are those of the pair, c^s_A = x_A V_A*/(x_A V_A* + x_B V_B*):
    /// - chemical (solid solution): x_A x_B (c^s_B V_A* + c^s_A V_B*) Γ over the pair's fractions,
    ///   which is x_A x_B V_A* V_B* / (x_A V_A* + x_B V_B*) Γ;
    /// - compound: f(c^s) (x_A V_A* + x_B V_B*) Γ, f = c^s_A c^s_B (1 + 8 (c^s_A c^s_B)²), times S_C;
    /// - elastic (Eshelby-Friedel): x_A x_B (x_B E_A in B + x_A E_B in A), with
    ///   E_A in B = 2 K_A G_B (W_A - W_B)² / (3 K_A W_B + 4 G_B W_A) on the molar volumes W.
    /// For a binary these are seed 002's equations; an alloy sums them over its pairs.
    public static func pair(_ a: MiedemaParameters, _ b: MiedemaParameters, xA: Double, xB: Double,
                            _ o: Options = Options()) -> PairTerms {
        PairConstants(a, b, o).terms(xA: xA, xB: xB, o)
    }

    /// What a pair's terms need that does not depend on the composition: Γ, the inclusion
    /// energies of the elastic term, the size factor of `recent`.
    struct PairConstants: Sendable {
        let a: MiedemaParameters
        let b: MiedemaParameters
        let gamma: Double
        /// E_A in B and E_B in A (Eshelby-Friedel).
        let aInB: Double
        let bInA: Double
        let recentSizeFactor: Double

        init(_ a: MiedemaParameters, _ b: MiedemaParameters, _ o: Options) {
            self.a = a
            self.b = b
            gamma = Miedema.gamma(a, b, o)
            func inclusion(_ s: MiedemaParameters, in m: MiedemaParameters) -> Double {
                let ws = s.molarVolume, wm = m.molarVolume
                let den = 3 * s.bulkModulus * wm + 4 * m.shearModulus * ws
                return den > 0 ? 2 * s.bulkModulus * m.shearModulus * (ws - wm) * (ws - wm) / den : 0
            }
            aInB = inclusion(a, in: b)
            bInA = inclusion(b, in: a)
            let mean = 0.5 * (a.V23 + b.V23)
            recentSizeFactor = a.V23 * b.V23 / (mean * mean)
        }

        func terms(xA: Double, xB: Double, _ o: Options) -> PairTerms {
            let g = gamma
            let ss = correctedVolumes(a, b, cA: xA, cB: xB, o, ordering: 0)
            let chemical = xA * xB * ss.vA * ss.vB / (xA * ss.vA + xB * ss.vB) * g

            let cv = o.orderingInVolumeCorrection ? correctedVolumes(a, b, cA: xA, cB: xB, o, ordering: 8) : ss
            let p = cv.csA * cv.csB
            let f = p * (1 + 8 * p * p)
            let sc: Double
            switch o.sizeFactor {
            case .recent:
                sc = recentSizeFactor
            case .original:
                let d = cv.csA * a.V23 + cv.csB * b.V23
                sc = 1 - Swift.abs(b.V23 - a.V23) / (d * d)
            case .none:
                sc = 1
            }
            let compound = sc * f * (xA * cv.vA + xB * cv.vB) * g
            let elastic = xA * xB * (xB * aInB + xA * bInA)
            return PairTerms(gamma: g, vA: ss.vA, vB: ss.vB, chemical: chemical, elastic: elastic,
                             compound: compound, sizeFactor: sc)
        }
    }

    /// The enthalpies of an alloy (J/mol), seed 002 sections 9-11, by sums over its pairs.
    public struct AlloyTerms: Sendable {
        public var chemical = 0.0
        public var elastic = 0.0
        public var structural = 0.0
        public var solidSolution: Double { chemical + elastic + structural }
        /// Σ S_C ΔH^Mied over the pairs.
        public var compoundMiedema = 0.0
        /// Σ c_i H_trans,i
        public var transformation = 0.0
        public var compound: Double { compoundMiedema + transformation }
        /// β Σ c_i T_m,i
        public var topological = 0.0
        public var amorphous: Double { chemical + topological }
        /// Mean valence z̄ of the structural term, and the structure with the lowest E(z̄).
        public var meanValence = 0.0
        public var alloyStructure: LatticeStructure?
        public var pairs: [PairTerms] = []

        public init() {}
    }

    /// ΔH_chem, ΔH_elast, ΔH_struct, ΔH_SS, ΔH_compound (with ΔH_trans), ΔH_topo and ΔH_AM of an
    /// alloy of `elements` at mole fractions `x`. `pairs` lists the terms of each pair i < j in
    /// order (0,1), (0,2), ..., (1,2), ...
    /// The structural term is min_α E_α(z̄) - Σ c_i min_α E_α(z_i), z̄ = Σ c_i z_i over every
    /// element: each element is referred to the most stable structure on the same curves at its
    /// own z, so a pure element has none. (Seed 002 writes E_α_i⁰(z_i), the element's observed
    /// structure; the two agree except for Mn, Fe and Co, whose magnetic ground states the
    /// curves do not reproduce, and with which a pure element would get -9, -20.5 and
    /// -1 kJ/mol.) An element without a reference structure (non-transition metals) contributes
    /// E = 0.
    /// With `absentPairs` false, the pair terms of absent elements are left as zeros with their
    /// tabulated V^(2/3), which costs nothing over a large grid; the enthalpies are the same.
    public static func alloy(_ elements: [MiedemaParameters], x: [Double], lattice: LatticeStability,
                             _ o: Options = Options(), absentPairs: Bool = true) -> AlloyTerms {
        // One fraction per element (missing ones 0).
        let padded = Array(x.prefix(elements.count)) + Array(repeating: 0, count: max(0, elements.count - x.count))
        return padded.withUnsafeBufferPointer {
            Alloys(elements, lattice: lattice, o).terms($0, absentPairs: absentPairs, pairDetail: true)
        }
    }

    /// An alloy system prepared for many compositions of the same elements: each pair's
    /// composition-independent quantities and each element's reference energy are computed once,
    /// and a composition's terms then need no allocation (`evaluate`), so that chunks of a grid can
    /// run side by side. The terms are those of `alloy`, to the bit.
    public struct Alloys: Sendable {
        let elements: [MiedemaParameters]
        /// Pairs i < j in the order (0,1), (0,2), ..., (1,2), ...
        let pairs: [PairConstants]
        /// min_α E_α(z_i) of each element with a reference structure (0 for the others).
        let references: [Double]
        let lattice: LatticeStability
        let options: Options

        public init(_ elements: [MiedemaParameters], lattice: LatticeStability, _ o: Options = Options()) {
            self.elements = elements
            var pairs: [PairConstants] = []
            for i in elements.indices {
                for j in (i + 1)..<max(i + 1, elements.count) { pairs.append(PairConstants(elements[i], elements[j], o)) }
            }
            self.pairs = pairs
            references = elements.map { $0.structure != nil ? stablest(lattice, $0.valence, o).1 : 0 }
            self.lattice = lattice
            options = o
        }

        /// The terms at fractions `x` (one per element). With `pairDetail`, each pair's terms are
        /// listed (`AlloyTerms.pairs`); without, nothing is allocated.
        func terms(_ x: UnsafeBufferPointer<Double>, absentPairs: Bool, pairDetail: Bool) -> AlloyTerms {
            var t = AlloyTerms()
            let k = elements.count
            let o = options
            if pairDetail { t.pairs.reserveCapacity(pairs.count) }
            var p = 0
            for i in 0..<k {
                for j in (i + 1)..<max(i + 1, k) {
                    let c = pairs[p]
                    p += 1
                    // An absent element (x = 0, as in a grid's corners) adds nothing, but the pair's own
                    // quantities (Γ, V*, S_C) are those of the limit x -> 0, as at any small x; with
                    // both absent, those of the equiatomic pair.
                    if !absentPairs, x[i] == 0 || x[j] == 0 {
                        if pairDetail {
                            t.pairs.append(PairTerms(gamma: 0, vA: c.a.V23, vB: c.b.V23, chemical: 0,
                                                     elastic: 0, compound: 0, sizeFactor: 1))
                        }
                        continue
                    }
                    guard x[i] > 0 || x[j] > 0 else {
                        if pairDetail {
                            var q = c.terms(xA: 0.5, xB: 0.5, o)
                            q.chemical = 0
                            q.elastic = 0
                            q.compound = 0
                            t.pairs.append(q)
                        }
                        continue
                    }
                    let q = c.terms(xA: x[i], xB: x[j], o)
                    t.chemical += q.chemical
                    t.elastic += q.elastic
                    t.compoundMiedema += q.compound
                    if pairDetail { t.pairs.append(q) }
                }
            }
            var zbar = 0.0, reference = 0.0, tm = 0.0, trans = 0.0
            var structured = false
            for i in 0..<k {
                let e = elements[i]
                zbar += x[i] * e.valence
                if e.structure != nil {
                    reference += x[i] * references[i]
                    if x[i] > 0 { structured = true }
                }
                tm += x[i] * e.meltingPoint
                trans += x[i] * e.Htrans
            }
            // Only transition metals carry a structural term: none when no element has a structure.
            if structured {
                let best = stablest(lattice, zbar, o)
                t.structural = best.1 - reference
                t.alloyStructure = best.0
            }
            t.meanValence = zbar
            t.transformation = trans
            t.topological = o.beta * tm
            return t
        }

        /// Where `evaluate` writes: `columns` columns of `stride` values each, in the order of
        /// `columnTerms` (J/mol, then z̄), and the structure of the lowest E_α(z̄) of each row
        /// (`structureCodes`: 0 none, then bcc, fcc, hcp).
        public struct Output {
            public var values: UnsafeMutablePointer<Double>
            public var stride: Int
            public var structure: UnsafeMutablePointer<UInt8>

            public init(values: UnsafeMutablePointer<Double>, stride: Int, structure: UnsafeMutablePointer<UInt8>) {
                self.values = values
                self.stride = stride
                self.structure = structure
            }
        }

        /// The columns of `Output.values`: chemical, elastic, structural, solid solution,
        /// compound, transformation, topological, amorphous (J/mol), mean valence.
        public static let columns = 9

        /// The structures `Output.structure` codes, from 1.
        public static let structureCodes: [LatticeStructure] = [.bcc, .fcc, .hcp]

        /// The terms of `rows` compositions read from `f` (row-major, one fraction per element),
        /// written to rows `offset...` of `out`; the pair terms of absent elements are skipped.
        public func evaluate(_ f: UnsafePointer<Double>, rows: Int, into out: Output, at offset: Int) {
            let k = elements.count
            for r in 0..<rows {
                let t = terms(UnsafeBufferPointer(start: f + r &* k, count: k), absentPairs: false, pairDetail: false)
                let w = offset + r, v = out.values + w, n = out.stride
                v[0] = t.chemical
                v[n] = t.elastic
                v[2 &* n] = t.structural
                v[3 &* n] = t.solidSolution
                v[4 &* n] = t.compound
                v[5 &* n] = t.transformation
                v[6 &* n] = t.topological
                v[7 &* n] = t.amorphous
                v[8 &* n] = t.meanValence
                switch t.alloyStructure {
                case .bcc?: out.structure[w] = 1
                case .fcc?: out.structure[w] = 2
                case .hcp?: out.structure[w] = 3
                case .fccOrBcc?, nil: out.structure[w] = 0
                }
            }
        }
    }

    /// The structure with the lowest E_α(z), and that energy (bcc first among equals).
    static func stablest(_ lattice: LatticeStability, _ z: Double, _ o: Options) -> (LatticeStructure, Double) {
        let e = lattice.energies(z: z, absolute: o.structureReference == .absolute)
        var best: (LatticeStructure, Double) = (.bcc, e.bcc)
        if e.fcc < best.1 { best = (.fcc, e.fcc) }
        if e.hcp < best.1 { best = (.hcp, e.hcp) }
        return best
    }
}
