/// The catalogue of Solvus messages, alphabetical, each with a stable ID.
///
/// Messages are short and lowercase, say what was expected, and carry a hint where one helps.
/// IDs group by stage: E1xx text and syntax, E2xx names, E3xx units and dimensions,
/// E4xx calls and arguments, E5xx values and domains, E6xx limits and interruption.
public struct Message: Sendable, Equatable {
    public let id: String
    public let text: String
    public let hint: String?

    public init(_ id: String, _ text: String, hint: String? = nil) {
        self.id = id
        self.text = text
        self.hint = hint
    }

    public static func argumentNotAccepted(_ name: String, function: String, suggestion: String?) -> Message {
        Message("E402", "'\(function)' has no parameter named '\(name)'",
                hint: suggestion.map { "help: did you mean '\($0)'?" })
    }
    public static func assertionFailed(_ detail: String) -> Message {
        Message("E510", "assertion failed: \(detail)")
    }
    public static func cannotCall(_ type: String) -> Message {
        Message("E405", "\(type) cannot be called like a function")
    }
    public static func cannotSubtract(_ rhs: String, from lhs: String) -> Message {
        Message("E301", "cannot subtract \(rhs) from \(lhs)")
    }
    public static func conversionMismatch(from: String, to: String) -> Message {
        Message("E302", "cannot convert \(from) to \(to)")
    }
    public static func custom(_ id: String, _ text: String, hint: String? = nil) -> Message {
        Message(id, text, hint: hint)
    }
    public static func dimensionMismatch(_ verb: String, _ lhs: String, _ rhs: String) -> Message {
        Message("E301", "cannot \(verb) \(lhs) and \(rhs)")
    }
    public static func divisionByZero() -> Message {
        Message("E501", "division by zero")
    }
    public static func domain(_ text: String) -> Message {
        Message("E502", text)
    }
    public static func duplicateArgument(_ name: String) -> Message {
        Message("E403", "argument '\(name)' is given twice")
    }
    public static func duplicateField(_ name: String) -> Message {
        Message("E108", "field '\(name)' appears twice in this record")
    }
    public static func expected(_ what: String, found: String) -> Message {
        Message("E102", "expected \(what), found \(found)")
    }
    public static func expectedDimension(_ parameter: String, expected: String, found: String) -> Message {
        Message("E303", "'\(parameter)' must be \(expected), not \(found)")
    }
    public static func expectedType(_ what: String, expected: String, found: String) -> Message {
        Message("E503", "\(what) must be \(expected), not \(found)")
    }
    public static func indexOutOfRange(_ index: Int, count: Int) -> Message {
        Message("E505", "index \(index) is out of range for a list of \(count) items",
                hint: "help: indices start at 0; negative indices count from the end")
    }
    public static func interrupted() -> Message {
        Message("E600", "interrupted")
    }
    public static func invalidNumber(_ text: String) -> Message {
        Message("E104", "'\(text)' is not a valid number")
    }
    public static func invalidUTF8(line: Int, column: Int) -> Message {
        Message("E101", "the text is not valid UTF-8 (first bad byte at line \(line), column \(column))",
                hint: "help: save the file as UTF-8")
    }
    public static func lengthMismatch(_ a: Int, _ b: Int) -> Message {
        Message("E504", "cannot combine lists of different lengths (\(a) and \(b))",
                hint: "help: lists are combined element by element, so their lengths must match")
    }
    public static func memoryLimit(_ bytes: Double, limit: Double) -> Message {
        Message("E605", "this would hold \(Message.bytes(bytes)) of values, more than the limit of \(Message.bytes(limit))",
                hint: "help: keep fewer large lists, or make them smaller")
    }
    /// `1.2 GB`, `350 MB`, `12 kB`: decimal units, three significant digits.
    static func bytes(_ n: Double) -> String {
        for (unit, size) in [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where n >= size {
            return NumberFormat.format(n / size, digits: 3) + " " + unit
        }
        return NumberFormat.format(n) + " bytes"
    }
    public static func missingArgument(_ name: String, function: String) -> Message {
        Message("E401", "missing argument '\(name)' in call to '\(function)'")
    }
    public static func noField(_ name: String, in type: String, suggestion: String?, available: [String]) -> Message {
        let hint: String
        if let s = suggestion {
            hint = "help: did you mean '\(s)'?"
        } else if available.isEmpty {
            hint = "help: it has no fields"
        } else {
            hint = "help: its fields are " + available.joined(separator: ", ")
        }
        return Message("E203", "\(type) has no field '\(name)'", hint: hint)
    }
    public static func nestingTooDeep(_ limit: Int) -> Message {
        Message("E601", "expression nested too deeply (more than \(limit) levels)",
                hint: "help: split it with intermediate variables")
    }
    public static func stackExhausted(depth: Int) -> Message {
        Message("E602", "function calls nested too deeply for the stack (\(depth) calls deep)",
                hint: "help: a recursive function needs a base case; or split a deeply nested expression")
    }
    public static func recursionTooDeep(_ limit: Int) -> Message {
        Message("E602", "function calls nested more than \(limit) deep",
                hint: "help: a recursive function needs a base case, such as 'if n <= 1 then 1 else ...'")
    }
    public static func notDifferentiable(_ function: String) -> Message {
        Message("E507", "'\(function)' cannot be used in a Gibbs function: gibbs() needs the derivatives of G in x and T, and '\(function)' has none here",
                hint: "help: G may use + - * / ^, ln, exp, sqrt, xlnx, abs and if ... then ... else (for a piecewise G)")
    }
    public static func notAUnit(_ name: String, number: String) -> Message {
        Message("E202", "'\(name)' is not a unit, so it cannot follow a number",
                hint: "help: if '\(name)' is a variable, write \(number) * \(name)")
    }
    public static func rangeTooLarge(_ count: Double, limit: Int) -> Message {
        Message("E603", "this would make \(NumberFormat.format(count)) values, more than the limit of \(limit)")
    }
    public static func shadowsName(_ name: String, kind: String) -> Message {
        Message("W201", "'\(name)' now names your value and hides the \(kind) '\(name)'",
                hint: "note: the prelude's functions keep using their own; choose another name to keep both")
    }
    public static func relativeTemperature(_ name: String) -> Message {
        Message("E202", "'\(name)' is not a unit: temperatures in Solvus are absolute (K)")
    }
    public static func stringUnterminated() -> Message {
        Message("E105", "unterminated string", hint: "help: close it with '\"' on the same line")
    }
    public static func timeLimit(_ seconds: Double) -> Message {
        Message("E604", "evaluation stopped after \(NumberFormat.format(seconds)) s (time limit)")
    }
    public static func tooManyArguments(function: String, max: Int) -> Message {
        Message("E404", "too many arguments to '\(function)' (it takes \(max))")
    }
    public static func unclosed(_ open: String, line: Int, column: Int, expected close: String) -> Message {
        Message("E103", "expected '\(close)' to close '\(open)' at line \(line), column \(column)")
    }
    public static func unexpectedCharacter(_ c: String) -> Message {
        Message("E106", "unexpected character '\(c)'")
    }
    public static func unknownName(_ name: String, suggestion: String?) -> Message {
        Message("E201", "unknown name '\(name)'", hint: suggestion.map { "help: did you mean '\($0)'?" })
    }
    public static func unknownUnit(_ name: String, suggestion: String?) -> Message {
        Message("E202", "unknown unit '\(name)'", hint: suggestion.map { "help: did you mean '\($0)'?" })
    }
    public static func unitPowerTooLarge() -> Message {
        Message("E304", "the unit of the result would have a power beyond ±\(Unit.maxExponent)",
                hint: "help: divide by a unit of the same dimension first, or use a dimensionless number")
    }
    public static func unsupportedOperation(_ op: String, _ lhs: String, _ rhs: String?) -> Message {
        if let rhs {
            return Message("E506", "cannot apply '\(op)' to \(lhs) and \(rhs)")
        }
        return Message("E506", "cannot apply '\(op)' to \(lhs)")
    }
}
