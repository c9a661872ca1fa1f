/// Renders diagnostics as terminal text: the message, `file:line:column`, the source line and a
/// caret (`^`) under the primary range with tildes (`~`) under the secondary ones.
public struct DiagnosticRenderer: Sendable {
    /// Source lines longer than this are shown as a window around the error.
    public var maxLineWidth = 120

    public init() {}

    public func render(_ diagnostic: Diagnostic, sources: SourceMap) -> String {
        var out = "\(diagnostic.severity.rawValue)[\(diagnostic.id)]: \(diagnostic.message)\n"
        if let range = diagnostic.range, let file = sources.file(range.file) {
            out += excerpt(range: range, labels: diagnostic.labels, file: file)
        }
        for note in diagnostic.notes {
            out += "  = \(note)\n"
        }
        return out
    }

    private func excerpt(range: SourceRange, labels: [Diagnostic.Label], file: SourceFile) -> String {
        let (line, column) = file.location(of: range.start)
        let lineIndex = line - 1
        let lineText = Array(String(decoding: file.lineBytes(lineIndex), as: UTF8.self).unicodeScalars)
        let lineStart = file.lineStarts[lineIndex]
        let lineEndOffset = lineStart + file.lineBytes(lineIndex).count

        // Marks per scalar column: ' ', '~' or '^'.
        var marks = [Character](repeating: " ", count: lineText.count + 1)
        func column0(_ offset: Int) -> Int {
            file.location(of: min(max(offset, lineStart), lineEndOffset)).column - 1
        }
        func mark(_ r: SourceRange, _ c: Character) {
            guard r.file == range.file, r.end >= lineStart, r.start <= lineEndOffset else { return }
            let c0 = column0(r.start)
            let c1 = max(c0 + 1, column0(r.end))
            for i in c0..<min(c1, marks.count) where marks[i] != "^" { marks[i] = c }
        }
        for label in labels { mark(label.range, "~") }
        mark(range, "^")

        // Window very long lines around the primary column.
        var lo = 0
        var hi = lineText.count
        if lineText.count > maxLineWidth {
            lo = max(0, column - 1 - maxLineWidth / 2)
            hi = min(lineText.count, lo + maxLineWidth)
        }
        var shown = String(String.UnicodeScalarView(lineText[lo..<hi].map { $0 == "\t" ? " " : $0 }))
        var underline = String(marks[lo..<min(max(hi, lo), marks.count)])
        if hi < marks.count, marks[hi] != " " { underline.append(marks[hi]) }
        while underline.last == " " { underline.removeLast() }
        if lo > 0 {
            shown = "…" + shown
            underline = " " + underline
        }
        if hi < lineText.count { shown += "…" }

        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        var out = "\(pad)--> \(file.name):\(line):\(column)\n"
        out += "\(pad) |\n"
        out += "\(gutter) | \(shown)\n"
        out += "\(pad) | \(underline)\n"
        return out
    }
}

/// The source files a session has seen, by id, so diagnostics can be rendered later.
public final class SourceMap: @unchecked Sendable {
    private var files: [SourceFile] = []

    public init() {}

    /// Adds a text and returns its file.
    public func add(name: String, text: String) -> SourceFile {
        let file = SourceFile(id: files.count, name: name, text: text)
        files.append(file)
        return file
    }

    public func file(_ id: Int) -> SourceFile? {
        id >= 0 && id < files.count ? files[id] : nil
    }
}
