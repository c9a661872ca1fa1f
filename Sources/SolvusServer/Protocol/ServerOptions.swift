import SolvusCore

/// The budgets an editor may set in `initializationOptions`:
/// `{"timeLimit": 2, "maxElements": 10000000, "maxMemory": 1000, "maxCallDepth": 10000, "inlayHintLength": 60}`.
struct ServerOptions: Equatable {
    /// Seconds one evaluation may take; 0 for no limit.
    var timeLimit = 2.0
    /// Most values one list, range or grid may hold.
    var maxElements = 10_000_000
    /// Megabytes of values one evaluation may hold; 0 for no limit.
    var maxMemory = 1000.0
    /// Deepest chain of user-function calls (at most 10,000, what the interpreter's stack allows).
    var maxCallDepth = 10_000
    /// Longest value text shown in an inlay hint, in characters.
    var inlayHintLength = 60

    /// The options from the client's JSON; a wrong type or an out-of-range value is an error
    /// message naming the option.
    init(_ json: JSONValue?) throws(ResponseError) {
        guard let json, json != .null, json != .array([]) else { return }
        guard case .object = json else {
            throw ResponseError(.invalidParams, "initializationOptions must be an object")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws(ResponseError) -> Double? {
            guard let v = json[key], v != .null else { return nil }
            guard case .number(let x) = v, range.contains(x) else {
                throw ResponseError(.invalidParams, "initializationOptions.\(key) must be a number from "
                                    + "\(NumberFormat.format(range.lowerBound)) to \(NumberFormat.format(range.upperBound))")
            }
            return x
        }
        timeLimit = try number("timeLimit", 0...86_400) ?? timeLimit
        maxElements = Int(try number("maxElements", 1...5e7) ?? Double(maxElements))
        maxMemory = try number("maxMemory", 0...1_000_000) ?? maxMemory
        maxCallDepth = Int(try number("maxCallDepth", 1...10_000) ?? Double(maxCallDepth))
        inlayHintLength = Int(try number("inlayHintLength", 8...10_000) ?? Double(inlayHintLength))
    }

    init() {}

    /// The evaluator's limits for these budgets.
    var limits: EvaluationLimits {
        var l = EvaluationLimits()
        l.timeLimit = timeLimit > 0 ? .milliseconds(Int64(timeLimit * 1000)) : nil
        l.maxElements = maxElements
        l.maxMemory = maxMemory > 0 ? Int(maxMemory * 1e6) : nil  // at most 10^12: checked above
        l.maxCallDepth = maxCallDepth
        return l
    }
}
