/// The Solvus standard library: Solvus source and data files, embedded into the binary at build
/// time so that an installed `solvus` works from any directory.
public enum Stdlib {
    /// The Solvus files loaded at start-up, in order, as (name, text).
    public static var files: [(name: String, text: String)] {
        [("<prelude>", String(decoding: PackageResources.prelude_solvus, as: UTF8.self))]
    }

    /// Per-element data (`elements.csv`): radii, melting points, VEC, moduli, Miedema parameters.
    public static var elementsCSV: String { String(decoding: PackageResources.elements_csv, as: UTF8.self) }

    /// Takeuchi & Inoue (2005) equiatomic pair enthalpies (`pairs_takeuchi_inoue.csv`), kJ/mol.
    public static var pairsCSV: String { String(decoding: PackageResources.pairs_takeuchi_inoue_csv, as: UTF8.self) }

    /// Lattice stabilities against valence (`lattice_stability.csv`), kJ/mol.
    public static var latticeStabilityCSV: String {
        String(decoding: PackageResources.lattice_stability_csv, as: UTF8.self)
    }

    /// Debye temperatures of elements (`debye_temperatures.csv`), K.
    public static var debyeTemperaturesCSV: String {
        String(decoding: PackageResources.debye_temperatures_csv, as: UTF8.self)
    }

    /// Where every table's values come from (`SOURCES.md`).
    public static var sourcesMarkdown: String { String(decoding: PackageResources.SOURCES_md, as: UTF8.self) }
}
