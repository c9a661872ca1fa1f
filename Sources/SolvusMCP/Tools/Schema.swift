import SolvusServer

/// JSON Schema pieces.
enum Schema {
    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        .object([("type", .string("object")), ("properties", .object(properties)),
                 ("required", .array(required.map { .string($0) })), ("additionalProperties", .bool(false))])
    }

    static func string(_ description: String, enum values: [String]? = nil) -> JSONValue {
        var f: [(String, JSONValue)] = [("type", .string("string")), ("description", .string(description))]
        if let values { f.append(("enum", .array(values.map { .string($0) }))) }
        return .object(f)
    }

    static func typed(_ types: [String], _ description: String) -> JSONValue {
        .object([("type", types.count == 1 ? .string(types[0]) : .array(types.map { .string($0) })),
                 ("description", .string(description))])
    }

    static let session = string("""
        The name of a persistent session: bindings made by earlier calls with the same name are \
        visible, and this call's bindings are kept. Omit for a fresh session.
        """)
    static let reset = typed(["boolean"], "With session: start that session anew, forgetting its bindings.")

    /// A Solvus value as `solvus/evaluate` gives it: a quantity is {value, unit, dimension}.
    static let anyValue: JSONValue = .object([("description", .string(
        "A Solvus value: a quantity is {value, unit, dimension} with the value in its unit; a list is an array, "
        + "a record an object, strings and booleans themselves, a model {type, text}."))])
}
