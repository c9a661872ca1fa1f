/// Weighted linear least squares by Householder QR: minimise Σ w_i (y_i - Σ_p A_ip θ_p)².
public enum LeastSquares {
    public struct Solution: Sendable {
        /// The fitted parameters.
        public var parameters: [Double]
        /// Standard errors: sqrt of the diagonal of s² (AᵀWA)⁻¹, s² = Σ w r² / (n - p).
        public var standardErrors: [Double]
        /// y - A θ, unweighted, per point.
        public var residuals: [Double]
        /// sqrt(Σ r² / n), unweighted.
        public var rms: Double
    }

    public enum Failure: Error, Equatable {
        /// Fewer points than parameters.
        case underdetermined(points: Int, parameters: Int)
        /// The columns of A are linearly dependent (a parameter the data cannot fix).
        case rankDeficient(column: Int)
    }

    /// Solves for θ. `a` is row-major n × p.
    public static func solve(a: [Double], rows n: Int, columns p: Int, y: [Double], weights: [Double]? = nil) throws -> Solution {
        guard n >= p, p > 0 else { throw Failure.underdetermined(points: n, parameters: p) }
        // Scale rows by sqrt(w): the weighted problem becomes an ordinary one.
        var m = a
        var b = y
        if let w = weights {
            for i in 0..<n {
                let s = w[i].squareRoot()
                b[i] *= s
                for j in 0..<p { m[i * p + j] *= s }
            }
        }
        // Householder QR, in place: R in the upper triangle, Qᵀb in b.
        var diagonal = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var norm = 0.0
            for i in j..<n { norm += m[i * p + j] * m[i * p + j] }
            norm = norm.squareRoot()
            let scale = Swift.max(1, Swift.abs(m[j * p + j]))
            guard norm > 1e-12 * scale else { throw Failure.rankDeficient(column: j) }
            let alpha = m[j * p + j] > 0 ? -norm : norm
            // v = x - alpha e1, stored in column j below the diagonal.
            m[j * p + j] -= alpha
            var vnorm2 = 0.0
            for i in j..<n { vnorm2 += m[i * p + j] * m[i * p + j] }
            if vnorm2 > 0 {
                for c in (j + 1)..<Swift.max(j + 1, p) {
                    var dot = 0.0
                    for i in j..<n { dot += m[i * p + j] * m[i * p + c] }
                    let f = 2 * dot / vnorm2
                    for i in j..<n { m[i * p + c] -= f * m[i * p + j] }
                }
                var dot = 0.0
                for i in j..<n { dot += m[i * p + j] * b[i] }
                let f = 2 * dot / vnorm2
                for i in j..<n { b[i] -= f * m[i * p + j] }
            }
            diagonal[j] = alpha
        }
        func r(_ i: Int, _ j: Int) -> Double { i == j ? diagonal[i] : m[i * p + j] }
        // Back substitution R θ = (Qᵀb)[0..<p].
        var theta = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = b[i]
            for j in (i + 1)..<Swift.max(i + 1, p) { s -= r(i, j) * theta[j] }
            theta[i] = s / r(i, i)
        }
        // Residuals on the original, unweighted data.
        var residuals = [Double](repeating: 0, count: n)
        var rss = 0.0, wrss = 0.0
        for i in 0..<n {
            var f = 0.0
            for j in 0..<p { f += a[i * p + j] * theta[j] }
            residuals[i] = y[i] - f
            rss += residuals[i] * residuals[i]
            wrss += (weights?[i] ?? 1) * residuals[i] * residuals[i]
        }
        // (RᵀR)⁻¹ = R⁻¹ R⁻ᵀ: invert the triangle, then the diagonal of R⁻¹ R⁻ᵀ.
        var rinv = [Double](repeating: 0, count: p * p)
        for col in 0..<p {
            for i in stride(from: p - 1, through: 0, by: -1) {
                var s = i == col ? 1.0 : 0.0
                for j in (i + 1)..<Swift.max(i + 1, p) { s -= r(i, j) * rinv[j * p + col] }
                rinv[i * p + col] = s / r(i, i)
            }
        }
        let s2 = n > p ? wrss / Double(n - p) : 0
        var errors = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var d = 0.0
            for j in 0..<p { d += rinv[i * p + j] * rinv[i * p + j] }
            errors[i] = (s2 * d).squareRoot()
        }
        return Solution(parameters: theta, standardErrors: errors, residuals: residuals,
                        rms: (rss / Double(n)).squareRoot())
    }
}
