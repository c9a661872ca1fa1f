/// A CALPHAD database read from a TDB file: elements, species, functions, type definitions,
/// phases and their parameters, as the file states them (names in upper case).
public struct TDBDatabase: Sendable, Equatable {
    public struct Element: Sendable, Equatable {
        public var name: String
        public var referencePhase: String
        public var mass: Double
        public var h298: Double
        public var s298: Double
    }

    public struct Species: Sendable, Equatable {
        public var name: String
        public var formula: String
    }

    /// What a TYPE_DEFINITION code does.
    public enum TypeDefinition: Sendable, Equatable {
        /// `SEQ *`: nothing for the models.
        case sequence
        /// `GES A_P_D phase MAGNETIC afm p`: the Inden-Hillert-Jarl magnetic term.
        case magnetic(phase: String, afm: Double, p: Double)
        /// Anything else (`DIS_PART`, ...), kept as written.
        case other(String)
    }

    public struct Phase: Sendable, Equatable {
        public var name: String
        /// The type codes after the name (`%&`), each naming a TYPE_DEFINITION.
        public var typeCodes: String
        public var sites: [Double]
        /// Constituents per sublattice, from CONSTITUENT (empty until it is read).
        public var constituents: [[String]]
        /// Byte offset of the PHASE command in the text.
        public var offset: Int
    }

    public struct Parameter: Sendable, Equatable {
        /// G, L, TC or BMAGN (BM is read as BMAGN), or another type as written.
        public var type: String
        public var phase: String
        /// Constituents per sublattice, in the order written.
        public var constituents: [[String]]
        public var order: Int
        public var function: TDBPiecewise
        /// Byte offset of the PARAMETER command in the text.
        public var offset: Int
    }

    public struct Warning: Sendable, Equatable {
        public var message: String
        public var offset: Int
        public var length: Int
    }

    public var elements: [Element] = []
    public var species: [Species] = []
    /// Functions by upper-case name, and the order they were defined in.
    public var functions: [String: TDBPiecewise] = [:]
    public var functionOrder: [String] = []
    public var typeDefinitions: [Character: TypeDefinition] = [:]
    public var phases: [Phase] = []
    public var parameters: [Parameter] = []
    /// REFERENCE / LIST_OF_REFERENCES entries: id and text.
    public var references: [(id: String, text: String)] = []
    /// One per keyword that was skipped because it does not affect the supported models.
    public var warnings: [Warning] = []

    public init() {}

    public static func == (l: TDBDatabase, r: TDBDatabase) -> Bool {
        l.elements == r.elements && l.species == r.species && l.functions == r.functions
            && l.functionOrder == r.functionOrder && l.typeDefinitions == r.typeDefinitions && l.phases == r.phases
            && l.parameters == r.parameters && l.references.map(\.id) == r.references.map(\.id)
            && l.references.map(\.text) == r.references.map(\.text)
    }

    public func phase(named name: String) -> Phase? {
        let n = name.uppercased()
        return phases.first { $0.name == n }
    }
}

/// An error in a TDB text, at a byte offset.
public struct TDBError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
    public var length: Int

    public init(_ message: String, offset: Int, length: Int = 1) {
        self.message = message
        self.offset = offset
        self.length = max(1, length)
    }
}
