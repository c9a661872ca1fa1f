import SolvusCore

/// What Tab offers: names and units in expressions and after `:help`, command names after `:`.
public enum Completion {
    /// The characters that end the word being completed: blanks, brackets, operators and
    /// punctuation, so that `f(cri`, `[a, cri`, `x*cri` and `:help cri` all complete `cri`.
    /// Not `_` (part of names) and no non-ASCII byte (`°`, `µ`, Greek letters are parts of
    /// names); `:` ends a word so that `:he` completes to the command `:help`.
    public static let wordBreakCharacters = " \t\n\"\\'`@$><=;|&{([,+-*/^%)]}!~?:#."

    /// The completions of `word`, given the text before it on the line and the names defined
    /// now (built-ins, the user's, units). Sorted, without duplicates.
    public static func candidates(for word: String, before: String, names: [String]) -> [String] {
        let head = before.drop(while: \.isWhitespace)
        var candidates = Set(names)
        if head.first == ":" {
            // `:he` + Tab: the command name; `:help cri` + Tab: a name; other commands take
            // no argument.
            if head == ":" { return Command.names.filter { $0.hasPrefix(word) }.sorted() }
            let command = head.dropFirst().prefix(while: { !$0.isWhitespace })
            guard command == "help" || command == "h" else { return [] }
        } else {
            // Keywords have no documentation, so only expressions offer them.
            candidates.formUnion(Keyword.allCases.map(\.rawValue))
        }
        return candidates.filter { $0.hasPrefix(word) }.sorted()
    }
}
