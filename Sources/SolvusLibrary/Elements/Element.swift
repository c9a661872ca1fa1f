import SolvusModels

/// What Solvus knows of one element, from `stdlib/elements.csv` or defined by the user.
/// Values are in SI (m, K, Pa, m^3/mol) except the Miedema parameters, which keep the model's
/// customary units (see `MiedemaParameters`). Nil: no value in the source.
public struct Element: Sendable {
    public var symbol: String
    public var Z: Int?
    public var isCustom = false

    public var radiusHEABench: Double?
    public var radiusCN12: Double?
    public var radiusMiracle: Double?
    public var tmHEABench: Double?
    public var tmPymatgen: Double?
    public var tmMagpie: Double?
    public var vecHEABench: Double?
    public var vecGuoLiu: Double?
    public var bulkModulus: Double?
    public var shearModulus: Double?
    public var molarVolume: Double?
    public var structure: String?
    public var miedema: MiedemaParameters?

    public init(symbol: String) { self.symbol = symbol }
}

/// The tables an HEA descriptor can take its radius, melting point and VEC from.
public enum RadiusTable: String, CaseIterable, Sendable {
    case heaBench = "hea_bench", cn12, miracle
    var label: String {
        switch self {
        case .heaBench: return "hea_bench (Goldschmidt CN12 radii, Teatum et al. 1968)"
        case .cn12: return "cn12 (pymatgen metallic radii, CN12)"
        case .miracle: return "miracle (Miracle et al. 2010)"
        }
    }
    func value(_ e: Element) -> Double? {
        switch self {
        case .heaBench: return e.radiusHEABench
        case .cn12: return e.radiusCN12
        case .miracle: return e.radiusMiracle
        }
    }
}

public enum MeltingTable: String, CaseIterable, Sendable {
    case heaBench = "hea_bench", pymatgen, magpie, miedema
    var label: String {
        switch self {
        case .heaBench: return "hea_bench (CRC Handbook, 97th ed.)"
        case .pymatgen: return "pymatgen"
        case .magpie: return "magpie (matminer)"
        case .miedema: return "miedema (matminer Miedema table)"
        }
    }
    func value(_ e: Element) -> Double? {
        switch self {
        case .heaBench: return e.tmHEABench
        case .pymatgen: return e.tmPymatgen
        case .magpie: return e.tmMagpie
        case .miedema: return e.miedema?.meltingPoint
        }
    }
}

public enum VECTable: String, CaseIterable, Sendable {
    case heaBench = "hea_bench", guoLiu = "guo_liu"
    var label: String {
        switch self {
        case .heaBench: return "hea_bench (s+d, Guo et al. 2011)"
        case .guoLiu: return "guo_liu (Guo & Liu 2011; rare earths 3)"
        }
    }
    func value(_ e: Element) -> Double? {
        switch self {
        case .heaBench: return e.vecHEABench
        case .guoLiu: return e.vecGuoLiu
        }
    }
}
