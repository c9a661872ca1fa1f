import Testing
@testable import SolvusModels

/// Checks of the ideal and regular solution (BinaryModel) against seed 000 (textbook chapter "Principles and
/// Mechanisms" of mixing) and the exact SI 2019 gas constant.
struct RegularSolutionTests {
    let R = 8.314462618153241

    @Test func gasConstantIsTheExactProduct() {
        // CODATA 2018: R = N_A k_B = 8.314 462 618... J/(mol K), exact.
        #expect(abs(Constants.gas - 8.314462618) < 2e-10)
    }

    @Test func criticalTemperatureOfSeed000Example() throws {
        // Seed 000: Ω = +17.50 kJ/mol gives T_c = Ω/2R ≈ 1052 K.
        let cp = try #require(BinaryModel.regular(a: 17_500).criticalPoints().first)
        #expect(abs(cp.T - 1052.38) < 0.01)
        #expect(abs(cp.T - 17_500 / (2 * R)) < 1e-9)
        #expect(abs(cp.x - 0.5) < 1e-15)
    }

    @Test func noCriticalPointWithoutRepulsion() {
        #expect(BinaryModel.regular(a: 0).criticalPoints().isEmpty)
        #expect(BinaryModel.regular(a: -10_000).criticalPoints().isEmpty)
    }

    @Test func mixingAtThirtyPerCentAndNineHundredKelvin() {
        // ΔH = Ω x(1-x) = 17500 * 0.21 = 3675 J/mol exactly.
        // ΔS = -R (0.3 ln 0.3 + 0.7 ln 0.7) = 5.07901 J/(mol K); ΔG = ΔH - T ΔS = -896.108 J/mol.
        let p = BinaryModel.regular(a: 17_500).mixing(x: [0.3], T: [900])
        #expect(abs(p.H[0] - 3675) < 1e-9)
        #expect(abs(p.S[0] + R * (0.3 * log(0.3) + 0.7 * log(0.7))) < 1e-12)
        #expect(abs(p.S[0] - 5.07901) < 1e-5)
        #expect(abs(p.G[0] - (-896.108)) < 1e-3)
    }

    @Test func idealEntropyIsRLnTwoAtHalf() {
        // Seed 000: ΔS_mix = -R(x_A ln x_A + x_B ln x_B); at x = 1/2 this is R ln 2.
        let p = BinaryModel.ideal.mixing(x: [0.5], T: [1000])
        #expect(abs(p.S[0] - R * 0.6931471805599453) < 1e-12)
        #expect(p.H[0] == 0)
        #expect(abs(p.G[0] + 1000 * R * 0.6931471805599453) < 1e-9)
    }

    @Test func pureEndsHaveNoMixing() {
        let p = BinaryModel.regular(a: 17_500).mixing(x: [0, 1], T: [900])
        #expect(p.G == [0, 0])
        #expect(p.S == [0, 0])
    }

    @Test func broadcastsOverTemperatures() {
        let p = BinaryModel.regular(a: 17_500).mixing(x: [0.5], T: [500, 1000, 1500])
        #expect(p.G.count == 3)
        #expect(p.H == [4375, 4375, 4375])
        #expect(p.G[0] > p.G[1] && p.G[1] > p.G[2])
    }

    @Test func pairwiseModelReducesToTheBinary() {
        let binary = BinaryModel.regular(a: 12_000).mixing(x: [0.25], T: [800])
        let pairwise = PairwiseRegularSolution(omega: [[0, 12_000], [12_000, 0]]).mixing(fractions: [0.75, 0.25], T: [800])
        #expect(abs(binary.G[0] - pairwise.G[0]) < 1e-9)
        #expect(abs(binary.S[0] - pairwise.S[0]) < 1e-12)
    }

    @Test func ternaryPairSum() {
        // ΔH = Σ_{i<j} Ω_ij x_i x_j for x = (0.2, 0.3, 0.5).
        let m = PairwiseRegularSolution(omega: [[0, 10_000, 20_000], [10_000, 0, 30_000], [20_000, 30_000, 0]])
        let p = m.mixing(fractions: [0.2, 0.3, 0.5], T: [1000])
        let h = 10_000 * 0.2 * 0.3 + 20_000 * 0.2 * 0.5 + 30_000 * 0.3 * 0.5
        #expect(abs(p.H[0] - h) < 1e-9)
        let s = -R * (0.2 * log(0.2) + 0.3 * log(0.3) + 0.5 * log(0.5))
        #expect(abs(p.S[0] - s) < 1e-12)
    }
}

#if canImport(Glibc)
import Glibc
#endif
