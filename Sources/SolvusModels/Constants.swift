/// Physical constants in SI, exact by the 2019 definition of the SI.
public enum Constants {
    /// Avogadro constant N_A, 1/mol (exact, SI 2019).
    public static let avogadro = 6.02214076e23
    /// Boltzmann constant k_B, J/K (exact, SI 2019).
    public static let boltzmann = 1.380649e-23
    /// Molar gas constant R = N_A k_B, J/(mol K): 8.314462618... (exact product, CODATA 2018).
    public static let gas = avogadro * boltzmann
}
