import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The files examples write (SVG pictures, CSV tables) are checked in beside them; running the
/// examples must write them again, the same in structure: the same text, and every number within
/// a tolerance (floating-point formatting may differ between platforms). SVG must be valid XML.
struct ArtifactTests {
    static let folder = "examples/plots"

    static func artifacts() -> [String] {
        let dir = CommandRunner.root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".svg") || $0.hasSuffix(".csv") }.sorted()
    }

    /// Text and numbers, split apart.
    static func tokens(_ s: String) -> [Any] {
        var out: [Any] = []
        var text = ""
        var number = ""
        func flushNumber() {
            if let v = Double(number) { out.append(v) } else { text += number }
            number = ""
        }
        for c in s {
            if c.isNumber || c == "." || (c == "-" && number.isEmpty) || ((c == "e" || c == "E") && !number.isEmpty && Double(number) != nil) {
                if number.isEmpty, !text.isEmpty { out.append(text); text = "" }
                number.append(c)
            } else {
                if !number.isEmpty { flushNumber() }
                text.append(c)
            }
        }
        if !number.isEmpty { flushNumber() }
        if !text.isEmpty { out.append(text) }
        return out
    }

    static func sameStructure(_ a: String, _ b: String) -> String? {
        let ta = tokens(a), tb = tokens(b)
        guard ta.count == tb.count else { return "different numbers of parts: \(ta.count) and \(tb.count)" }
        for (x, y) in zip(ta, tb) {
            switch (x, y) {
            case (let u as Double, let v as Double):
                if abs(u - v) > 0.02 + 1e-6 * max(abs(u), abs(v)) { return "numbers differ: \(u) and \(v)" }
            case (let u as String, let v as String):
                if u != v { return "text differs: \(u.prefix(80)) and \(v.prefix(80))" }
            default:
                return "a number where text was expected: \(x) and \(y)"
            }
        }
        return nil
    }

    @Test func examplesRewriteTheirPicturesAndTables() throws {
        let names = ArtifactTests.artifacts()
        #expect(names.count >= 5)
        let dir = CommandRunner.root.appendingPathComponent(ArtifactTests.folder)
        var expected: [String: String] = [:]
        for n in names { expected[n] = try String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8) }
        let recording = ProcessInfo.processInfo.environment["SOLVUS_RECORD"] == "1"
        defer {
            // Leave the checked-in files as they were, unless recording.
            if !recording {
                for (n, text) in expected { try? text.write(to: dir.appendingPathComponent(n), atomically: true, encoding: .utf8) }
            }
        }
        let scripts = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".solvus") }.sorted()
        for script in scripts {
            let r = try CommandRunner.run(["\(ArtifactTests.folder)/\(script)"])
            #expect(r.status == 0, "\(script): \(r.stderr)")
        }
        for n in names {
            let now = try String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8)
            if let problem = ArtifactTests.sameStructure(expected[n] ?? "", now) {
                Issue.record("\(n): \(problem)")
            }
        }
    }

    @Test func picturesAreValidXML() throws {
        let dir = CommandRunner.root.appendingPathComponent(ArtifactTests.folder)
        for n in ArtifactTests.artifacts() where n.hasSuffix(".svg") {
            let data = try Data(contentsOf: dir.appendingPathComponent(n))
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(n): \(parser.parserError.map { "\($0)" } ?? "")")
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(text.contains("<path d=\"M"))
        }
    }
}
