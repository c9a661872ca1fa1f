/// A scope: names bound to values, and the scope it sits in.
public final class Environment: @unchecked Sendable {
    public private(set) var names: [String: Value] = [:]
    /// Documentation of names defined with `#` comments above them.
    public private(set) var docs: [String: String] = [:]
    public let parent: Environment?

    public init(parent: Environment? = nil) { self.parent = parent }

    public func lookup(_ name: String) -> Value? {
        var env: Environment? = self
        while let e = env {
            if let v = e.names[name] { return v }
            env = e.parent
        }
        return nil
    }

    public func define(_ name: String, _ value: Value, doc: String? = nil) {
        names[name] = value
        if let doc { docs[name] = doc }
    }

    public func doc(for name: String) -> String? {
        var env: Environment? = self
        while let e = env {
            if let d = e.docs[name] { return d }
            env = e.parent
        }
        return nil
    }

    /// Every name visible from here.
    public var allNames: Set<String> {
        var out = Set<String>()
        var env: Environment? = self
        while let e = env {
            out.formUnion(e.names.keys)
            env = e.parent
        }
        return out
    }
}
