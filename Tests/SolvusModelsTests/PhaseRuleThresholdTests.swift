import Testing
@testable import SolvusModels

/// Thresholds compare sums of tabulated values: equal on paper counts as equal.
struct PhaseRuleThresholdTests {
    @Test func valueEqualToAThresholdOnPaperMeetsIt() {
        // Σ c_i VEC_i with c = 1/3 (Cr 6, Fe 8, Ni 10), as CrFeNi's VEC is summed: 7.999999999999999.
        let c = 1.0 / 3
        let vec = c * 6 + c * 8 + c * 10
        #expect(vec < 8)
        let rules = PhaseRules()
        #expect(rules.guoLiu(vec: vec) == "fcc")
        #expect(rules.guoLiu(vec: 7.99) == "fcc + bcc")
        #expect(rules.guoLiu(vec: 6.87 - 1e-9) == "bcc")
        #expect(rules.guoLiu(vec: 6.87 * (1 - 2 * Double.ulpOfOne)) == "fcc + bcc")
        #expect(rules.yangZhang(omega: 1.1 * (1 - 2 * Double.ulpOfOne), delta: 0.066 * (1 + 2 * Double.ulpOfOne)))
        #expect(!rules.yangZhang(omega: 1.0999, delta: 0.05))
        #expect(rules.yangZhang(omega: .infinity, delta: 0.05))
        #expect(!rules.yangZhang(omega: .nan, delta: 0.05))
        #expect(rules.zhang2008(dH: -22_000 * (1 + 2 * Double.ulpOfOne), delta: 0.065))
        #expect(!rules.zhang2008(dH: -22_001, delta: 0.065))
    }
}
