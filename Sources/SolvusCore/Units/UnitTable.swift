/// The units Solvus knows, with SI prefixes where they make sense.
///
/// Values are exact SI definitions (SI Brochure, 9th edition, 2019): the calorie is the
/// thermochemical calorie (4.184 J), `atom` is one entity (1/N_A mol), so `eV/atom` is a molar
/// energy (96.485 kJ/mol).
public enum UnitTable {
    public struct Entry: Sendable {
        public let name: String
        public let scale: Double
        public let dimension: Dimension
        public let prefixes: Bool
        public let doc: String
    }

    /// Avogadro constant, exact (SI 2019), used by `atom`.
    public static let avogadro = 6.02214076e23
    /// Electron volt in joules, exact (SI 2019).
    public static let electronVolt = 1.602176634e-19

    public static let entries: [Entry] = [
        Entry(name: "m", scale: 1, dimension: .length, prefixes: true, doc: "metre"),
        Entry(name: "Å", scale: 1e-10, dimension: .length, prefixes: false, doc: "ångström, 1e-10 m"),
        Entry(name: "angstrom", scale: 1e-10, dimension: .length, prefixes: false, doc: "ångström, 1e-10 m"),
        Entry(name: "g", scale: 1e-3, dimension: .mass, prefixes: true, doc: "gram"),
        Entry(name: "s", scale: 1, dimension: .time, prefixes: true, doc: "second"),
        Entry(name: "min", scale: 60, dimension: .time, prefixes: false, doc: "minute"),
        Entry(name: "h", scale: 3600, dimension: .time, prefixes: false, doc: "hour"),
        Entry(name: "A", scale: 1, dimension: .current, prefixes: true, doc: "ampere"),
        Entry(name: "K", scale: 1, dimension: .temperature, prefixes: true, doc: "kelvin (absolute temperature)"),
        Entry(name: "mol", scale: 1, dimension: .amount, prefixes: true, doc: "mole"),
        Entry(name: "atom", scale: 1 / avogadro, dimension: .amount, prefixes: false,
              doc: "one atom: 1/N_A mol, so eV/atom = 96.485 kJ/mol"),
        Entry(name: "cd", scale: 1, dimension: .luminous, prefixes: false, doc: "candela"),
        Entry(name: "J", scale: 1, dimension: .energy, prefixes: true, doc: "joule"),
        Entry(name: "eV", scale: electronVolt, dimension: .energy, prefixes: true, doc: "electron volt, 1.602176634e-19 J"),
        Entry(name: "cal", scale: 4.184, dimension: .energy, prefixes: true, doc: "thermochemical calorie, 4.184 J"),
        Entry(name: "Pa", scale: 1, dimension: .pressure, prefixes: true, doc: "pascal"),
        Entry(name: "bar", scale: 1e5, dimension: .pressure, prefixes: true, doc: "bar, 1e5 Pa"),
        Entry(name: "atm", scale: 101_325, dimension: .pressure, prefixes: false, doc: "standard atmosphere, 101325 Pa"),
        Entry(name: "N", scale: 1, dimension: Dimension(length: 1, mass: 1, time: -2), prefixes: true, doc: "newton"),
        Entry(name: "W", scale: 1, dimension: Dimension(length: 2, mass: 1, time: -3), prefixes: true, doc: "watt"),
        Entry(name: "V", scale: 1, dimension: Dimension(length: 2, mass: 1, time: -3, current: -1), prefixes: true,
              doc: "volt (Miedema's electronegativity φ* is in V)"),
        Entry(name: "L", scale: 1e-3, dimension: .volume, prefixes: true, doc: "litre, 1e-3 m^3"),
        Entry(name: "%", scale: 0.01, dimension: .none, prefixes: false, doc: "per cent, 0.01"),
        Entry(name: "at%", scale: 0.01, dimension: .none, prefixes: false, doc: "atomic per cent, 0.01 (a mole fraction)"),
        Entry(name: "ppm", scale: 1e-6, dimension: .none, prefixes: false, doc: "parts per million, 1e-6"),
    ]

    static let prefixes: [(String, Double)] = [
        ("G", 1e9), ("M", 1e6), ("k", 1e3), ("c", 1e-2), ("m", 1e-3),
        ("µ", 1e-6), ("μ", 1e-6), ("u", 1e-6), ("n", 1e-9), ("p", 1e-12), ("f", 1e-15),
    ]

    private static let byName: [String: Entry] = {
        var d: [String: Entry] = [:]
        for e in entries { d[e.name] = e }
        return d
    }()

    /// The unit called `name` (`kJ`, `pm`, `at%`), or nil.
    public static func lookup(_ name: String) -> UnitFactor? {
        if let e = byName[name] {
            return UnitFactor(name: name, scale: e.scale, dimension: e.dimension)
        }
        for (p, factor) in prefixes where name.hasPrefix(p) {
            let rest = String(name.dropFirst(p.count))
            if let e = byName[rest], e.prefixes {
                return UnitFactor(name: name, scale: factor * e.scale, dimension: e.dimension)
            }
        }
        return nil
    }

    public static func isUnit(_ name: String) -> Bool { lookup(name) != nil }

    /// Whether `name` is a relative temperature scale (`°C`, `degC`, `°F`, ...). Solvus keeps
    /// temperatures absolute: these are not units, and the message points to `celsius(...)`.
    public static func isRelativeTemperature(_ name: String) -> Bool {
        ["°", "°C", "degC", "℃", "°F", "degF", "℉", "oC"].contains(name)
    }

    /// Names offered for completion and suggestions: every unit, and its common prefixed forms.
    public static let commonNames: [String] = {
        var names = entries.map(\.name)
        names += ["km", "cm", "mm", "µm", "nm", "pm", "kg", "mg", "ms", "kJ", "MJ", "meV", "keV",
                  "kcal", "kPa", "MPa", "GPa", "mbar", "kbar", "kmol", "mmol", "mL", "cm^3"]
            .filter { !$0.contains("^") }
        return names
    }()

    public static func doc(_ name: String) -> String? {
        if let e = byName[name] { return e.doc }
        guard let u = lookup(name) else { return nil }
        return "\(name): \(NumberFormat.format(u.scale)) \(Unit.base(for: u.dimension))"
    }
}
