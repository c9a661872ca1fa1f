import Synchronization

/// The Ctrl-C flag: set from a signal handler, read by the evaluator between steps.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func reset() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Whether an interrupt was requested, clearing the request.
    public static func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}
