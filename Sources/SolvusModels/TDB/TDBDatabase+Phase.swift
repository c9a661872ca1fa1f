extension TDBDatabase {
    /// The constituents of each sublattice that are among `components` or VA (all of them for nil).
    func active(_ p: Phase, _ components: [String]?) -> [[String]] {
        guard let c = components else { return p.constituents }
        return p.constituents.map { $0.filter { $0 == "VA" || c.contains($0) } }
    }

    /// Why a phase, for the given components (nil: all its constituents), is not a substitutional
    /// solution on one sublattice with any others holding only VA; nil when it is.
    public func unsupportedReason(_ p: Phase, components: [String]? = nil) -> String? {
        guard !p.constituents.isEmpty else { return "it has no CONSTITUENT command" }
        let subl = active(p, components)
        if let empty = subl.firstIndex(where: { $0.isEmpty }) {
            return "none of the components sits on its sublattice \(empty + 1) (\(p.constituents[empty].joined(separator: ",")))"
        }
        let mixing = subl.indices.filter { subl[$0] != ["VA"] }
        if mixing.count != 1 {
            return "it has \(mixing.count) sublattices with constituents other than VA "
                + "(\(subl.map { "(" + $0.joined(separator: ",") + ")" }.joined()), a sublattice model Solvus does not handle yet"
        }
        let s = subl[mixing[0]]
        if s.contains("VA") { return "vacancies mix with atoms on sublattice \(mixing[0] + 1) (an interstitial model)" }
        let elementNames = Set(elements.map(\.name))
        if let sp = s.first(where: { !elementNames.contains($0) }) {
            return "its constituent \(sp) is a species, not an element (an associate or molecular model)"
        }
        for code in p.typeCodes {
            if case .other(let text)? = typeDefinitions[code] {
                return "its type definition \(code) (\(text)) is not supported (an order-disorder description)"
            }
        }
        return nil
    }

    /// The model of a phase for the given components (element names, any case).
    public func phaseModel(_ name: String, components: [String]) throws -> TDBPhaseModel {
        guard let p = phase(named: name) else {
            throw TDBModelError("the database has no phase \(name.uppercased())",
                                notes: ["note: its phases are " + phases.map(\.name).joined(separator: ", ")])
        }
        let comps = components.map { $0.uppercased() }
        if let why = unsupportedReason(p, components: comps) {
            throw TDBModelError("phase \(p.name) is not supported: \(why)",
                                notes: ["note: Solvus models phases whose constituents sit on one sublattice (with any others holding only VA)"])
        }
        guard !comps.isEmpty else { throw TDBModelError("give at least one component of \(p.name)") }
        guard Set(comps).count == comps.count else { throw TDBModelError("a component is named twice") }
        let mix = active(p, comps).firstIndex { $0 != ["VA"] } ?? 0
        for c in comps where !p.constituents[mix].contains(c) {
            throw TDBModelError("\(c) is not a constituent of \(p.name)",
                                notes: ["note: its constituents are " + p.constituents[mix].joined(separator: ", ")])
        }
        var magnetic: (Double, Double)?
        for code in p.typeCodes {
            if case .magnetic(_, let afm, let pp)? = typeDefinitions[code] { magnetic = (afm, pp) }
        }
        // The parameters of this phase whose constituents are all among the components.
        var endmembers: [TDBPhaseModel.Term?] = Array(repeating: nil, count: comps.count)
        var excess: [TDBPhaseModel.Term] = [], curie: [TDBPhaseModel.Term] = [], moment: [TDBPhaseModel.Term] = []
        var ternaryOrders: [[Int]: Set<Int>] = [:]
        for prm in parameters where prm.phase == p.name {
            guard prm.constituents.count == p.constituents.count else { continue }
            var ok = true
            for (s, list) in prm.constituents.enumerated() where s != mix {
                if !(list == ["VA"] || list == ["*"]) { ok = false }
            }
            let species = prm.constituents[mix].sorted()
            guard ok, species.allSatisfy({ comps.contains($0) }) else { continue }
            let indices = species.compactMap { comps.firstIndex(of: $0) }
            let label = "\(prm.type)(\(p.name),\(prm.constituents.map { $0.joined(separator: ",") }.joined(separator: ":"));\(prm.order))"
            let term = TDBPhaseModel.Term(indices: indices, order: prm.order, function: prm.function, label: label)
            if indices.count == 3 {
                guard prm.order <= 2 else { throw TDBModelError("\(label): a ternary parameter has order 0, 1 or 2") }
                ternaryOrders[indices, default: []].insert(prm.order)
            }
            switch prm.type {
            case "G", "L":
                if indices.count == 1 {
                    guard prm.order == 0 else { continue }
                    if endmembers[indices[0]] != nil {
                        throw TDBModelError("\(label) is given twice")
                    }
                    endmembers[indices[0]] = term
                } else {
                    excess.append(term)
                }
            case "TC": curie.append(term)
            case "BMAGN": moment.append(term)
            default: continue
            }
        }
        // A ternary with only ;0 is symmetric: y_i y_j y_k L0.
        func symmetric(_ ts: inout [TDBPhaseModel.Term]) {
            for i in ts.indices where ts[i].indices.count == 3 && ts[i].order == 0 && ternaryOrders[ts[i].indices] == [0] {
                ts[i].order = -1
            }
        }
        symmetric(&excess)
        symmetric(&curie)
        symmetric(&moment)
        var ends: [TDBPhaseModel.Term] = []
        for (i, e) in endmembers.enumerated() {
            guard let e else {
                throw TDBModelError("phase \(p.name) has no Gibbs energy for pure \(comps[i]) (no G(\(p.name),\(comps[i])\(p.constituents.count > 1 ? ":VA" : "");0) parameter)")
            }
            ends.append(e)
        }
        // The functions reachable from the terms; undefined ones are reported now.
        var reach: [String: TDBPiecewise] = [:]
        var stack = (ends + excess + curie + moment).flatMap { t in t.function.pieces.flatMap { $0.expression.references }.map { (t.label, $0) } }
        while let (from, n) = stack.popLast() {
            if reach[n] != nil { continue }
            guard let f = functions[n] else { throw TDBModelError("\(from) uses the function \(n), which the database does not define") }
            reach[n] = f
            stack += f.pieces.flatMap { $0.expression.references }.map { (n, $0) }
        }
        return TDBPhaseModel(phase: p.name, components: comps, sites: p.sites[mix], allSites: p.sites, mixingSublattice: mix,
                             endmembers: ends, excess: excess, curie: curie, moment: moment,
                             magnetic: magnetic.map { (afm: $0.0, p: $0.1) }, functions: reach)
    }
}
