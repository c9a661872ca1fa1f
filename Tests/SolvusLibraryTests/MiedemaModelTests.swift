import SolvusCore
import Testing
import SolvusModels
@testable import SolvusLibrary

/// The Miedema model of seed 002 sections 7-11, checked by hand from the tables and against
/// matminer's published test values.
struct MiedemaModelTests {
    let data = ElementData.shared

    func params(_ s: String) throws -> MiedemaParameters { try #require(data.elements[s]?.miedema) }

    @Test func nickelAluminiumCompoundIsStronglyNegative() throws {
        // Issue 3: with the qmpy transition-metal flag (Al is not a transition metal) the equiatomic
        // NiAl compound enthalpy is about -48 kJ/mol; a valence-count flag gives +6.6.
        let t = Miedema.alloy([try params("Ni"), try params("Al")], x: [0.5, 0.5], lattice: data.latticeStability)
        #expect(t.compound < -45_000 && t.compound > -50_000, "\(t.compound)")
    }

    @Test func matminerConventionsReproduceItsTests() throws {
        // matminer/featurizers/composition/tests/test_alloy.py (Miedema 'inter', eV/atom):
        // TiZr -0.003445022152, Mg10Cu50Ca40 -0.235125978427. matminer's conventions: P = 14.1,
        // one round of volume correction with the ordering factor inside it, no size factor.
        var o = Miedema.Options()
        o.pTT = 14.1
        o.volumeCorrectionRounds = 1
        o.orderingInVolumeCorrection = true
        o.sizeFactor = .none
        let eV = 96_485.33212331001
        let tizr = Miedema.alloy([try params("Ti"), try params("Zr")], x: [0.5, 0.5], lattice: data.latticeStability, o)
        #expect(abs(tizr.compound / eV - -0.003445022152) < 2e-5, "\(tizr.compound / eV)")
        let mcc = Miedema.alloy([try params("Mg"), try params("Cu"), try params("Ca")], x: [0.1, 0.5, 0.4],
                                lattice: data.latticeStability, o)
        #expect(abs(mcc.compound / eV - -0.235125978427) < 2e-4, "\(mcc.compound / eV)")
    }

    @Test func structuralTermDependsOnTheReference() throws {
        // FeNi, z̄ = 9, each element referred to the most stable structure at its own z.
        // bcc reference: min(E_fcc-E_bcc = -17.5, 0, E_hcp-E_bcc = -16.5) = -17.5, minus
        // ½ min(-19.5, 0, -20.5) at z = 8 and ½ min(-3.5, 0, -2.5) at z = 10: -5.5 kJ/mol.
        // Tabulated (absolute): min(-9, 8.5, -8) = -9, minus ½ min(-9.5, 10, -10.5) and
        // ½ min(-2, 1.5, -1): -2.75 kJ/mol.
        let fe = try params("Fe"), ni = try params("Ni")
        let bcc = Miedema.alloy([fe, ni], x: [0.5, 0.5], lattice: data.latticeStability)
        #expect(abs(bcc.structural - -5_500) < 1e-6)
        #expect(bcc.alloyStructure == .fcc)
        var o = Miedema.Options()
        o.structureReference = .absolute
        let abs_ = Miedema.alloy([fe, ni], x: [0.5, 0.5], lattice: data.latticeStability, o)
        #expect(abs(abs_.structural - -2_750) < 1e-6)
    }

    @Test(arguments: ["Fe", "Mn", "Co", "Ni", "Cr", "Al", "Cu"])
    func pureElementsHaveNoMixingEnthalpy(_ symbol: String) throws {
        for reference in [Miedema.StructureReference.bcc, .absolute] {
            var o = Miedema.Options()
            o.structureReference = reference
            let t = Miedema.alloy([try params(symbol)], x: [1], lattice: data.latticeStability, o)
            #expect(t.chemical == 0 && t.elastic == 0 && t.structural == 0 && t.compound == 0, "\(symbol) \(reference)")
        }
    }

    @Test func aPairDoesNotJumpWhenOneFractionIsZero() throws {
        let cr = try params("Cr"), fe = try params("Fe")
        let zero = Miedema.alloy([cr, fe], x: [0, 1], lattice: data.latticeStability)
        let small = Miedema.alloy([cr, fe], x: [1e-9, 1 - 1e-9], lattice: data.latticeStability)
        #expect(abs(zero.pairs[0].gamma - small.pairs[0].gamma) < 1e-9)
        #expect(abs(zero.pairs[0].vA - small.pairs[0].vA) < 1e-6)
        #expect(abs(zero.structural - small.structural) < 1e-3)
        #expect(zero.pairs[0].chemical == 0 && zero.structural == 0)
    }

    /// Many compositions (a grid read in chunks, on every core, by a system prepared once) get
    /// the terms `Miedema.alloy` gives one composition at a time, to the bit: 23,426 rows, six
    /// chunks, the corners and edges (absent elements) included, both structure references.
    @Test(arguments: ["bcc", "absolute"])
    func aGridOnEveryCoreEqualsOneCompositionAtATime(_ reference: String) throws {
        let s = Session(output: { _ in })
        let elements = ["Fe", "Ni", "Cr", "Al"]
        var outcome = Session.Outcome()
        LargeStack.run {
            outcome = s.run(#"m = miedema(grid(["Fe", "Ni", "Cr", "Al"], n: 50), structure_reference: "\#(reference)")"#)
        }
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        guard case .record(let m)? = s.evaluator.globals.lookup("m") else {
            Issue.record("no record")
            return
        }
        func column(_ name: String) -> [Double] {
            if case .array(let a)? = m[name] { return a.values }
            return []
        }
        guard case .native(let native)? = m["structure"], let structures = native as? Categories else {
            Issue.record("structure is not a compact list")
            return
        }
        let lattice = SimplexLattice(parts: 4, divisions: 50)
        let n = try #require(lattice.count)
        let fractions = try lattice.fractions(0..<n) { _ in }
        let params = try elements.map(params)
        var o = Miedema.Options()
        o.structureReference = reference == "bcc" ? .bcc : .absolute
        let names = ["dH_chem", "dH_elast", "dH_struct", "dH_ss", "dH_compound", "dH_trans", "dH_topo", "dH_am", "z"]
        let columns = names.map(column)
        #expect(n == 23_426 && columns.allSatisfy { $0.count == n } && structures.count == n)
        var differences = 0, structured = 0
        for r in 0..<n {
            let t = Miedema.alloy(params, x: Array(fractions[(4 * r)..<(4 * r + 4)]), lattice: data.latticeStability, o,
                                  absentPairs: false)
            let expected = [t.chemical, t.elastic, t.structural, t.solidSolution, t.compound, t.transformation,
                            t.topological, t.amorphous, t.meanValence]
            if zip(columns, expected).contains(where: { $0[r].bitPattern != $1.bitPattern })
                || structures.levels[Int(structures.codes[r])] != (t.alloyStructure?.rawValue ?? "none") {
                differences += 1
            }
            if t.alloyStructure != nil { structured += 1 }
        }
        #expect(differences == 0)
        // Al alone has no structure: the grid has rows with and without a structural term.
        #expect(structured > 0 && structured < n)
    }

    @Test func copperTitaniumDecomposition() throws {
        // Equiatomic Cu-Ti by hand from the table (seed 002's equations):
        let cu = try params("Cu"), ti = try params("Ti")
        let t = Miedema.alloy([cu, ti], x: [0.5, 0.5], lattice: data.latticeStability)
        let p = t.pairs[0]
        // Γ = [-P Δφ² + Q Δn² - R] / ½(1/n_Cu + 1/n_Ti), both transition metals: R = 0.
        let g = (-14.2 * 0.65 * 0.65 + 14.2 * 9.4 * pow(1.470536 - 1.519739, 2)) / (0.5 * (1 / 1.470536 + 1 / 1.519739))
        #expect(abs(p.gamma / 1000 - g) < 1e-9)
        // The chemical term equals the equiatomic pair enthalpy at x = ½.
        #expect(abs(t.chemical - Miedema.equiatomicPairEnthalpy(cu, ti)) < 1e-6)
        // Elastic term: Eshelby-Friedel with the table's K, G and molar volumes (1 GPa cm³/mol = 1 kJ/mol).
        func e(_ kA: Double, _ gB: Double, _ wA: Double, _ wB: Double) -> Double {
            2 * kA * gB * (wA - wB) * (wA - wB) / (3 * kA * wB + 4 * gB * wA)
        }
        let el = 0.25 * (0.5 * e(cu.bulkModulus / 1e9, ti.shearModulus / 1e9, cu.molarVolume * 1e6, ti.molarVolume * 1e6)
                         + 0.5 * e(ti.bulkModulus / 1e9, cu.shearModulus / 1e9, ti.molarVolume * 1e6, cu.molarVolume * 1e6))
        #expect(abs(t.elastic / 1000 - el) < 1e-9)
        #expect(t.elastic > 0)
        // Topological term: β Σ c T_m with β = 3.5 J/(mol K).
        #expect(abs(t.topological - 3.5 * 0.5 * (cu.meltingPoint + ti.meltingPoint)) < 1e-9)
        #expect(abs(t.amorphous - (t.chemical + t.topological)) < 1e-9)
        // The compound is more negative than the random solution's chemical term (f > c^s c^s).
        #expect(t.compound < t.chemical)
    }

    @Test func sizeFactors() throws {
        let cu = try params("Cu"), ti = try params("Ti")
        let recent = Miedema.pair(cu, ti, xA: 0.5, xB: 0.5)
        let mean = 0.5 * (cu.V23 + ti.V23)
        #expect(abs(recent.sizeFactor - cu.V23 * ti.V23 / (mean * mean)) < 1e-12)
        var o = Miedema.Options()
        o.sizeFactor = .none
        #expect(Miedema.pair(cu, ti, xA: 0.5, xB: 0.5, o).sizeFactor == 1)
        o.sizeFactor = .original
        let original = Miedema.pair(cu, ti, xA: 0.5, xB: 0.5, o)
        #expect(original.sizeFactor < 1 && original.sizeFactor > 0.9)
    }

    @Test func siliconTransformationEnthalpyEntersTheCompound() throws {
        // H_trans(Si) = 34 kJ/mol (de Boer et al. 1988): ΔH_trans = c_Si × 34 kJ/mol.
        let t = Miedema.alloy([try params("Ni"), try params("Si")], x: [0.5, 0.5], lattice: data.latticeStability)
        #expect(abs(t.transformation - 17_000) < 1e-9)
        #expect(abs(t.compound - (t.compoundMiedema + 17_000)) < 1e-9)
    }
}

#if canImport(Glibc)
import Glibc
#endif
