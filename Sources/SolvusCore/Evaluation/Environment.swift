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

    /// Forgets every name, breaking the cycles between this scope and the functions defined in
    /// it when nothing can reach them any more.
    public func removeAll() {
        names.removeAll()
        docs.removeAll()
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

extension Environment {
    /// Empties this scope and every scope that a function reachable from it was defined in
    /// (with the scopes around those), so that the cycles between scopes and their functions
    /// are broken. For the end of an evaluator, whose values are then unreachable.
    public func breakCycles() {
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var scopes: [Environment] = [self]
        var pending: [Environment] = [self]
        func visit(_ env: Environment?) {
            guard let env, seen.insert(ObjectIdentifier(env)).inserted else { return }
            scopes.append(env)
            pending.append(env)
        }
        var values: [Value] = []
        while let env = pending.popLast() {
            visit(env.parent)
            values.append(contentsOf: env.names.values)
            while let v = values.popLast() {
                switch v {
                case .function(let f):
                    if case .user(let u) = f.kind { visit(u.closure) }
                case .list(let items): values.append(contentsOf: items)
                case .record(let r): values.append(contentsOf: r.values)
                case .native(let n): values.append(contentsOf: n.heldValues)
                case .number, .array, .bool, .string, .jet: break
                }
            }
        }
        for env in scopes { env.removeAll() }
    }
}
