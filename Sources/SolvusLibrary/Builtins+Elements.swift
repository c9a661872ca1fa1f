import SolvusCore
import SolvusModels

extension Builtins {
    static let picometre = Unit(name: "pm", scale: 1e-12, dimension: .length)
    static let gigapascal = Unit(name: "GPa", scale: 1e9, dimension: .pressure)
    static let cm3PerMol = Unit([UnitFactor(name: "cm", scale: 0.01, dimension: .length, power: 3),
                                 UnitFactor(name: "mol", scale: 1, dimension: .amount, power: -1)])
    static let volt = Unit(name: "V", scale: 1, dimension: Dimension(length: 2, mass: 1, time: -3, current: -1))
    static let percent = Unit(name: "%", scale: 0.01, dimension: .none)

    static func elementBuiltins(_ registry: ElementRegistry) -> [Builtin] {
        [element(registry), grid(registry), equiatomic(registry), omega(registry), miedema(registry), screen(registry)]
    }

    // MARK: - element

    static func element(_ registry: ElementRegistry) -> Builtin {
        let customParams = ["like", "radius", "tm", "vec", "phi", "nws13", "V23", "a", "R_over_P", "H_trans",
                            "transition_metal", "valence", "miedema_structure", "bulk_modulus", "shear_modulus",
                            "molar_volume"]
        return Builtin(
            "element", params: [.init("symbol", broadcast: .lists)] + customParams.map { .init($0, optional: true) },
            signature: "element(symbol, like:, radius:, tm:, vec:, phi:, nws13:, V23:, ...) -> record",
            doc: """
                The data of an element: element("Cu") is a record of its radii, melting points, VEC, moduli, \
                molar volume, ground-state structure and Miedema parameters (stdlib/elements.csv; \
                sources in stdlib/SOURCES.md).
                With more arguments it defines a custom element for this session or script, usable in \
                formulas and records everywhere a real one is: element("X", radius: 140 pm, tm: 1800 K, vec: 7). \
                like: "Fe" starts from Fe's data; the Miedema parameters are phi (V), nws13 (d.u.^1/3), V23 \
                (cm², a plain number), a, R_over_P, H_trans (kJ/mol), transition_metal (true/false), valence, \
                miedema_structure ("fcc", "bcc", "hcp"), bulk_modulus and shear_modulus (GPa), molar_volume \
                (cm^3/mol); a custom element needs all of phi, nws13 and V23 for miedema and for pair \
                enthalpies that are not given.
                Example: element("Cu").radius is 128 pm.
                """
        ) { args in
            let symbol = try args.string("symbol")
            let defining = customParams.contains { args.value($0) != nil }
            if !defining {
                guard let e = registry.lookup(symbol) else {
                    throw args.error("symbol", .unknownElement(symbol, suggestion: registry.suggestion(for: symbol)))
                }
                return .record(record(of: e))
            }
            return .record(record(of: try defineCustom(symbol, args, registry)))
        }
    }

    private static func defineCustom(_ symbol: String, _ args: Arguments, _ registry: ElementRegistry) throws -> Element {
        let bytes = Array(symbol.utf8)
        guard let first = bytes.first, first >= 65, first <= 90, bytes.dropFirst().allSatisfy({ $0 >= 97 && $0 <= 122 }) else {
            throw args.error("symbol", .domain("a custom element's symbol is a capital letter and lower-case letters, such as \"X\" or \"Xa\", not \"\(symbol)\""))
        }
        if registry.data.elements[symbol] != nil {
            // Suggest a symbol that is free, never one that is taken (or the one just refused).
            let free = (["X"] + (97...122).map { "X" + String(UnicodeScalar(UInt8($0))) })
                .first { registry.lookup($0) == nil } ?? "Xq"
            throw args.error("symbol", .domain("\(symbol) is in the element table; give the custom element another symbol"),
                             notes: ["help: element(\"\(free)\", like: \"\(symbol)\", ...) copies \(symbol)'s data"])
        }
        var e = Element(symbol: symbol)
        if args.value("like") != nil {
            let base = try args.string("like")
            guard let b = registry.lookup(base) else {
                throw args.error("like", .unknownElement(base, suggestion: registry.suggestion(for: base)))
            }
            e = b
            e.symbol = symbol
            e.Z = nil
        }
        e.isCustom = true
        func opt(_ name: String, _ d: Dimension) throws -> Double? {
            args.value(name) == nil ? nil : try args.scalar(name, d)
        }
        if let r = try opt("radius", .length) {
            guard r > 0 else { throw args.error("radius", .domain("the radius must be positive")) }
            e.radiusHEABench = r; e.radiusCN12 = r; e.radiusMiracle = r
        }
        if let t = try opt("tm", .temperature) {
            guard t > 0 else { throw args.error("tm", .domain("the melting point must be above 0 K")) }
            e.tmHEABench = t; e.tmPymatgen = t; e.tmMagpie = t
            e.miedema?.meltingPoint = t
        }
        if let v = try opt("vec", .none) { e.vecHEABench = v; e.vecGuoLiu = v }
        if let k = try opt("bulk_modulus", .pressure) { e.bulkModulus = k; e.miedema?.bulkModulus = k }
        if let g = try opt("shear_modulus", .pressure) { e.shearModulus = g; e.miedema?.shearModulus = g }
        if let v = try opt("molar_volume", .molarVolume) { e.molarVolume = v; e.miedema?.molarVolume = v }
        let phi = try opt("phi", volt.dimension), n = try opt("nws13", .none), v23 = try opt("V23", .none)
        if e.miedema == nil, phi != nil || n != nil || v23 != nil {
            guard let phi, let n, let v23 else {
                throw args.error(.domain("a custom element's Miedema parameters need phi, nws13 and V23 together"))
            }
            guard n > 0, v23 > 0 else { throw args.error("nws13", .domain("nws13 and V23 must be positive")) }
            e.miedema = MiedemaParameters(
                phi: phi, nws13: n, V23: v23, a: 0.04, RoverP: 0, Htrans: 0, isTransitionMetal: true,
                valence: e.vecHEABench ?? 0, structure: nil, bulkModulus: e.bulkModulus ?? 0,
                shearModulus: e.shearModulus ?? 0, molarVolume: e.molarVolume ?? pow(v23, 1.5) * 1e-6,
                meltingPoint: e.tmHEABench ?? 0)
        } else {
            if let phi { e.miedema?.phi = phi }
            if let n { e.miedema?.nws13 = n }
            if let v23 { e.miedema?.V23 = v23 }
        }
        if e.miedema != nil {
            if let a = try opt("a", .none) { e.miedema?.a = a }
            if let r = try opt("R_over_P", .none) { e.miedema?.RoverP = r }
            if let h = try opt("H_trans", .molarEnergy) { e.miedema?.Htrans = h }
            if let z = try opt("valence", .none) { e.miedema?.valence = z }
            if let t = args.value("transition_metal") {
                guard case .bool(let b) = t else {
                    throw args.error("transition_metal", .expectedType("'transition_metal'", expected: "true or false", found: t.typeDescription))
                }
                e.miedema?.isTransitionMetal = b
            }
            if args.value("miedema_structure") != nil {
                let s = try args.string("miedema_structure")
                guard let st = LatticeStructure(label: s) else {
                    throw args.error("miedema_structure", .domain("the structure must be \"fcc\", \"bcc\" or \"hcp\", not \"\(s)\""))
                }
                e.miedema?.structure = st
            }
        }
        registry.define(e)
        return e
    }

    static func record(of e: Element) -> Record {
        var r = Record()
        r["symbol"] = .string(e.symbol)
        if let z = e.Z { r["Z"] = .number(Double(z)) }
        func q(_ key: String, _ v: Double?, _ unit: Unit) { if let v { r[key] = .number(Quantity(v, unit)) } }
        q("radius", e.radiusHEABench, picometre)
        q("radius_cn12", e.radiusCN12, picometre)
        q("radius_miracle", e.radiusMiracle, picometre)
        q("tm", e.tmHEABench, kelvin)
        q("tm_pymatgen", e.tmPymatgen, kelvin)
        q("tm_magpie", e.tmMagpie, kelvin)
        q("vec", e.vecHEABench, .none)
        q("vec_guo_liu", e.vecGuoLiu, .none)
        q("bulk_modulus", e.bulkModulus, gigapascal)
        q("shear_modulus", e.shearModulus, gigapascal)
        q("molar_volume", e.molarVolume, cm3PerMol)
        if let s = e.structure { r["structure"] = .string(s) }
        if let m = e.miedema {
            var mr = Record()
            mr["phi"] = .number(Quantity(m.phi, volt))
            mr["nws13"] = .number(m.nws13)
            mr["V23"] = .number(m.V23)
            mr["a"] = .number(m.a)
            mr["R_over_P"] = .number(m.RoverP)
            mr["H_trans"] = .number(Quantity(m.Htrans, kJPerMol))
            mr["transition_metal"] = .bool(m.isTransitionMetal)
            mr["valence"] = .number(m.valence)
            if let s = m.structure { mr["structure"] = .string(s.rawValue) }
            mr["bulk_modulus"] = .number(Quantity(m.bulkModulus, gigapascal))
            mr["shear_modulus"] = .number(Quantity(m.shearModulus, gigapascal))
            mr["molar_volume"] = .number(Quantity(m.molarVolume, cm3PerMol))
            mr["tm"] = .number(Quantity(m.meltingPoint, kelvin))
            r["miedema"] = .record(mr)
        }
        r["custom"] = .bool(e.isCustom)
        return r
    }

    // MARK: - grid

    static func grid(_ registry: ElementRegistry) -> Builtin {
        Builtin(
            "grid", params: [.init("elements"), .init("step", optional: true), .init("n", optional: true)],
            signature: "grid(elements, step:) or grid(elements, n:) -> compositions",
            doc: """
                Every composition of the given elements on a simplex lattice: mole fractions that are \
                multiples of step (or of 1/n) and add up to 1, C(n+k-1, k-1) compositions for k elements. \
                Order: the first element varies slowest, from 1 down to 0; then the second; and so on \
                (grid(["A", "B"], n: 2) is A1B0, A0.5B0.5, A0B1). The result is a set of compositions \
                held as its elements and step, made chunk by chunk as a model reads it (omega, rkm and \
                screen never store it; other models store it within the size limit); g.Co is the list \
                of Co fractions.
                Example: len(omega(grid(["Co", "Cr", "Fe", "Ni"], step: 0.01)).omega) is 176851.
                """
        ) { args in
            let ev = try args.require("elements")
            var symbols: [String] = []
            for i in 0..<(ev.listCount ?? 0) {
                guard case .string(let s) = ev.item(i) else {
                    throw args.error("elements", .expectedType("'elements'", expected: "a list of element symbols such as [\"Co\", \"Cr\"]",
                                                               found: ev.typeDescription))
                }
                guard registry.lookup(s) != nil else {
                    throw args.error("elements", .unknownElement(s, suggestion: registry.suggestion(for: s)))
                }
                guard !symbols.contains(s) else { throw args.error("elements", .domain("\(s) appears twice")) }
                symbols.append(s)
            }
            guard symbols.count >= 1 else {
                throw args.error("elements", .expectedType("'elements'", expected: "a non-empty list of element symbols",
                                                           found: ev.typeDescription))
            }
            let divisions: Double
            switch (args.value("step"), args.value("n")) {
            case (.some, nil):
                let step = try args.scalar("step", .none)
                guard step > 0, step <= 1 else { throw args.error("step", .domain("the step must be in (0, 1]")) }
                let n = (1 / step).rounded()
                guard Swift.abs(n * step - 1) < 1e-9 else {
                    throw args.error("step", .domain("1 is not a whole number of steps of \(NumberFormat.format(step))"),
                                     notes: ["help: use a step such as 0.1, 0.05 or 0.01, or n: divisions"])
                }
                divisions = n
            case (nil, .some):
                divisions = try args.scalar("n", .none)
                guard divisions >= 1, divisions == divisions.rounded() else {
                    throw args.error("n", .domain("n must be a whole number of at least 1"))
                }
            default:
                throw args.error(.custom("E406", "grid needs either step: or n:, not both and not neither"))
            }
            // A column takes n + 1 values; more than the size limit is absurd (and not an Int).
            try args.evaluator.checkSize(divisions + 1, at: args.value("n") == nil ? args.range("step") : args.range("n"))
            let lattice = SimplexLattice(parts: symbols.count, divisions: Int(divisions))  // checked above
            guard lattice.count != nil else {
                throw args.error(.domain("the grid would have more than 9.2e18 compositions"))
            }
            // A grid is its elements and step; models read it chunk by chunk, and it is stored
            // whole only where a computation needs the matrix.
            return .native(CompositionGrid(elements: symbols, lattice: lattice))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension Builtins {
    static func equiatomic(_ registry: ElementRegistry) -> Builtin {
        Builtin(
            "equiatomic", params: [.init("elements"), .init("k")],
            signature: "equiatomic(elements, k:) -> compositions",
            doc: """
                Every equiatomic alloy of k elements drawn from the list elements: C(n, k) compositions, each \
                with 1/k of k elements, as a set that omega and miedema evaluate natively (the columns of \
                absent elements are 0). Order: lexicographic in the positions of the list \
                (AB, AC, ..., BC, ...).
                Example: len(omega(equiatomic(["Co", "Cr", "Fe", "Mn", "Ni"], k: 4)).omega) is 5.
                """
        ) { args in
            let ev = try args.require("elements")
            var symbols: [String] = []
            for i in 0..<(ev.listCount ?? 0) {
                guard case .string(let s) = ev.item(i), registry.lookup(s) != nil else {
                    let shown = ev.item(i).nested
                    throw args.error("elements", .domain("\(shown) is not an element symbol"))
                }
                guard !symbols.contains(s) else { throw args.error("elements", .domain("\(s) appears twice")) }
                symbols.append(s)
            }
            let kv = try args.scalar("k", .none)
            guard kv >= 1, kv == kv.rounded(), kv <= Double(symbols.count) else {
                throw args.error("k", .domain("k must be a whole number from 1 to \(symbols.count)"))
            }
            let k = Int(kv), n = symbols.count
            var count = 1.0
            for i in 0..<k { count = count * Double(n - i) / Double(i + 1) }
            try args.evaluator.checkSize(count * Double(n), at: args.callRange)
            var fractions: [Double] = []
            fractions.reserveCapacity(Int(count) * n)
            let budget = args.evaluator.budget
            try budget.reserve(bytes: Int(count) * n * MemoryLayout<Double>.stride, at: args.callRange)
            var chosen = Array(0..<k)
            var rows = 0
            while true {
                rows += 1
                try budget.check(item: rows, at: args.callRange)
                var row = [Double](repeating: 0, count: n)
                for c in chosen { row[c] = 1 / Double(k) }
                fractions += row
                // Next combination in lexicographic order.
                var i = k - 1
                while i >= 0 && chosen[i] == n - k + i { i -= 1 }
                if i < 0 { break }
                chosen[i] += 1
                for j in (i + 1)..<k { chosen[j] = chosen[j - 1] + 1 }
            }
            return .native(CompositionSet(elements: symbols, fractions: fractions))
        }
    }
}
