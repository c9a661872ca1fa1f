/// Writes TDB text that `TDBReader` reads back to the same expressions, bit for bit: numbers
/// in Swift's shortest round-trip form, parentheses exactly where the grammar needs them.
public enum TDBWriter {
    /// A phase model with the functions it uses, its elements and its type definitions.
    public static func write(phase m: TDBPhaseModel, database db: TDBDatabase, header: [String]) -> String {
        var out = header.map { "$ " + $0 + "\n" }.joined() + "$\n"
        out += elementLines(m.components, db)
        out += "\n"
        for name in db.functionOrder where m.functions[name] != nil {
            if let f = m.functions[name] { out += command("FUNCTION \(name)", f) }
        }
        out += "\nTYPE_DEFINITION % SEQ * !\n"
        var codes = "%"
        if let mag = m.magnetic {
            out += "TYPE_DEFINITION & GES A_P_D \(m.phase) MAGNETIC \(number(mag.afm)) \(number(mag.p)) !\n"
            codes += "&"
        }
        out += "DEFINE_SYSTEM_DEFAULT ELEMENT 2 !\nDEFAULT_COMMAND DEF_SYS_ELEMENT VA /- !\n\n"
        out += "PHASE \(m.phase) \(codes) \(m.allSites.count) \(m.allSites.map(number).joined(separator: " ")) !\n"
        let lists = m.allSites.indices.map { $0 == m.mixingSublattice ? m.components.joined(separator: ",") : "VA" }
        out += "CONSTITUENT \(m.phase) :\(lists.joined(separator: ":")): !\n\n"
        func label(_ type: String, _ t: TDBPhaseModel.Term) -> String {
            let names = t.indices.map { m.components[$0] }.joined(separator: ",")
            let subl = m.allSites.indices.map { $0 == m.mixingSublattice ? names : "VA" }.joined(separator: ":")
            return "PARAMETER \(type)(\(m.phase),\(subl);\(max(0, t.order)))"
        }
        for t in m.endmembers { out += command(label("G", t), t.function) }
        for t in m.excess { out += command(label("G", t), t.function) }
        for t in m.curie { out += command(label("TC", t), t.function) }
        for t in m.moment { out += command(label("BMAGN", t), t.function) }
        return out
    }

    /// A Redlich-Kister system as a substitutional phase whose pure components have G = 0, so that
    /// its Gibbs energy is the excess: L(T) = a + b T + c T ln T for each term.
    public static func write(system s: RedlichKisterSystem, phase: String, header: [String]) -> String {
        let upper = s.components.map { $0.uppercased() }
        var out = header.map { "$ " + $0 + "\n" }.joined() + "$\n"
        out += elementLines(upper, nil)
        out += "\nTYPE_DEFINITION % SEQ * !\nDEFINE_SYSTEM_DEFAULT ELEMENT 2 !\nDEFAULT_COMMAND DEF_SYS_ELEMENT VA /- !\n\n"
        out += "PHASE \(phase) % 1 1.0 !\nCONSTITUENT \(phase) :\(upper.sorted().joined(separator: ",")): !\n\n"
        func f(_ p: RKParameter, sign: Double = 1) -> TDBPiecewise {
            var e: TDBExpression = .number(sign * p.a)
            if p.b != 0 { e = .add(e, .multiply(.number(sign * p.b), .temperature)) }
            if p.c != 0 { e = .add(e, .multiply(.multiply(.number(sign * p.c), .temperature), .ln(.temperature))) }
            if p.d != 0 { e = .add(e, .multiply(.number(sign * p.d), .power(.temperature, .number(2)))) }
            return TDBPiecewise(low: 1, pieces: [(e, 10000)])
        }
        for c in upper.sorted() {
            out += command("PARAMETER G(\(phase),\(c);0)", TDBPiecewise(low: 1, pieces: [(.number(0), 10000)]))
        }
        for b in s.binaries {
            // TDB tools sort the constituents: x_j - x_i when j sorts first flips the odd terms.
            let flip = upper[b.j] < upper[b.i]
            let names = flip ? [upper[b.j], upper[b.i]] : [upper[b.i], upper[b.j]]
            for (v, p) in b.terms.enumerated() {
                out += command("PARAMETER G(\(phase),\(names.joined(separator: ","));\(v))", f(p, sign: flip && v % 2 == 1 ? -1 : 1))
            }
        }
        for t in s.ternaries {
            let idx = [t.i, t.j, t.k]
            let sorted = idx.sorted { upper[$0] < upper[$1] }
            let names = sorted.map { upper[$0] }.joined(separator: ",")
            if t.terms.count == 3 {
                // L_m multiplies x of the m-th component as written; in the file, of the m-th sorted one.
                for (v, comp) in sorted.enumerated() {
                    guard let m = idx.firstIndex(of: comp) else { continue }
                    out += command("PARAMETER G(\(phase),\(names);\(v))", f(t.terms[m]))
                }
            } else if let p = t.terms.first {
                out += command("PARAMETER G(\(phase),\(names);0)", f(p))
            }
        }
        return out
    }

    static func elementLines(_ names: [String], _ db: TDBDatabase?) -> String {
        var out = "ELEMENT /-   ELECTRON_GAS 0.0 0.0 0.0 !\nELEMENT VA   VACUUM 0.0 0.0 0.0 !\n"
        for n in names {
            if let e = db?.elements.first(where: { $0.name == n }) {
                out += "ELEMENT \(n) \(e.referencePhase.isEmpty ? "BLANK" : e.referencePhase) \(number(e.mass)) \(number(e.h298)) \(number(e.s298)) !\n"
            } else {
                out += "ELEMENT \(n) BLANK 0.0 0.0 0.0 !\n"
            }
        }
        return out
    }

    /// `head low expr; high Y expr; high N [reference] !`, wrapped at about 78 columns.
    static func command(_ head: String, _ f: TDBPiecewise) -> String {
        var parts: [String] = [head, number(f.low)]
        for (i, p) in f.pieces.enumerated() {
            parts.append(expression(p.expression) + ";")
            let last = i == f.pieces.count - 1
            parts.append(number(p.high) + (last ? " N" + (f.reference.map { " " + $0 } ?? "") : " Y"))
        }
        parts.append("!")
        return wrap(parts) + "\n"
    }

    /// Joins words with spaces, breaking lines before 78 columns (inside long expressions, before
    /// a '+' or '-' that starts a term).
    static func wrap(_ words: [String]) -> String {
        var lines: [String] = []
        var line = ""
        func add(_ w: String) {
            if line.isEmpty { line = w } else if line.count + 1 + w.count <= 78 { line += " " + w } else { lines.append(line); line = "   " + w }
        }
        for w in words {
            if w.count <= 70 { add(w); continue }
            // Split a long expression at term boundaries.
            var chunk = ""
            let chars = Array(w)
            for (i, ch) in chars.enumerated() {
                let boundary = (ch == "+" || ch == "-") && i > 0 && !"E(*/+-".contains(chars[i - 1])
                if boundary && chunk.count >= 40 { add(chunk); chunk = "" }
                chunk.append(ch)
            }
            add(chunk)
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// A number that reads back to the same Double.
    static func number(_ v: Double) -> String {
        "\(v)".uppercased()
    }

    private static func precedence(_ e: TDBExpression) -> Int {
        switch e {
        case .add, .subtract: return 1
        case .multiply, .divide: return 2
        case .negate: return 3
        case .number(let v): return v < 0 || (v == 0 && v.sign == .minus) ? 3 : 5
        case .power: return 4
        default: return 5
        }
    }

    private static func isSigned(_ e: TDBExpression) -> Bool { precedence(e) == 3 }

    /// The expression in TDB syntax.
    public static func expression(_ e: TDBExpression) -> String {
        func p(_ e: TDBExpression, _ min: Int) -> String {
            let s = text(e)
            return precedence(e) < min ? "(" + s + ")" : s
        }
        func right(_ e: TDBExpression, _ min: Int) -> String {
            isSigned(e) ? "(" + text(e) + ")" : p(e, min)
        }
        func text(_ e: TDBExpression) -> String {
            switch e {
            case .number(let v): return number(v)
            case .temperature: return "T"
            case .pressure: return "P"
            case .function(let n): return n + "#"
            case .negate(let a): return "-" + p(a, 3)
            case .add(let a, let b): return p(a, 1) + "+" + right(b, 2)
            case .subtract(let a, let b): return p(a, 1) + "-" + right(b, 2)
            case .multiply(let a, let b): return p(a, 2) + "*" + right(b, 3)
            case .divide(let a, let b): return p(a, 2) + "/" + right(b, 3)
            case .power(let a, let b): return p(a, 5) + "**" + (precedence(b) == 5 ? text(b) : "(" + text(b) + ")")
            case .ln(let a): return "LN(" + text(a) + ")"
            case .exp(let a): return "EXP(" + text(a) + ")"
            }
        }
        return text(e)
    }
}
