import SolvusCore

/// The elements a session can use: the table's, and the custom ones defined with
/// `element("X", ...)`, which take precedence in that session only.
public final class ElementRegistry: @unchecked Sendable {
    private var loaded: ElementData?
    public private(set) var custom: [String: Element] = [:]

    public init(data: ElementData? = nil) { loaded = data }

    /// The tables, read on first use so that start-up does not pay for them.
    public var data: ElementData {
        if let loaded { return loaded }
        let d = ElementData.shared
        loaded = d
        return d
    }

    public func lookup(_ symbol: String) -> Element? { custom[symbol] ?? data.elements[symbol] }

    public func define(_ e: Element) { custom[e.symbol] = e }

    public var allSymbols: [String] { data.symbols + custom.keys.sorted() }

    /// The symbol closest to a mistyped one, for "did you mean".
    public func suggestion(for symbol: String) -> String? {
        // Element symbols are case-sensitive: prefer the same letters in the right case.
        if let exact = allSymbols.first(where: { $0.lowercased() == symbol.lowercased() }) { return exact }
        return Suggest.closest(to: symbol, in: allSymbols)
    }
}
