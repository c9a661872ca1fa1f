import SolvusCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The REPL's signal handlers, which only set flags for the REPL thread to act on.
///
/// SIGINT (Ctrl-C) sets `Interrupt`: the evaluator checks it at every call and statement and
/// stops with an "interrupted" error; the line editor checks it while it waits for a key and
/// abandons the line. SIGCONT (after Ctrl-Z and `fg`) asks the line editor to set the
/// terminal up again and redraw the line, since the shell has put the terminal back to its
/// own settings.
///
/// A handler may run on any thread (the REPL runs on `LargeStack`'s thread while the main
/// thread waits for it), which is why nothing here depends on which one is interrupted.
enum Signals {
    nonisolated(unsafe) private static var previousInterrupt = sigaction()
    nonisolated(unsafe) private static var previousContinue = sigaction()
    nonisolated(unsafe) private static var installed = false
    /// Set by SIGCONT, taken by `takeResumed()`.
    private static let resumed = Atomic<Bool>(false)

    /// Installs the handlers, remembering the ones they replace.
    static func install() {
        guard !installed else { return }
        // Touch the flags first: they are lazily initialized, which a handler must not do.
        Interrupt.reset()
        resumed.store(false, ordering: .relaxed)
        installed = set(SIGINT, onInterrupt, saving: &previousInterrupt)
        // A parent that blocked these (some test runners and process managers do) must not
        // keep Ctrl-C from reaching us.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGCONT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        _ = set(SIGCONT, onContinue, saving: &previousContinue)
    }

    /// Puts back the handlers that `install` replaced.
    static func restore() {
        guard installed else { return }
        sigaction(SIGINT, &previousInterrupt, nil)
        sigaction(SIGCONT, &previousContinue, nil)
        installed = false
    }

    /// Whether the process was continued after a stop since the last call.
    static func takeResumed() -> Bool { resumed.exchange(false, ordering: .relaxed) }

    fileprivate static func noteResumed() { resumed.store(true, ordering: .relaxed) }

    private static func set(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void,
                            saving previous: inout sigaction) -> Bool {
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = handler
        #else
        action.__sigaction_handler.sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        // Restart interrupted reads and writes (output must not be lost); poll(), which the
        // line editor waits in, returns EINTR regardless.
        action.sa_flags = Int32(SA_RESTART)
        return sigaction(signal, &action, &previous) == 0
    }
}

/// The SIGINT handler: one atomic store, which is async-signal-safe.
private let onInterrupt: @convention(c) (Int32) -> Void = { _ in Interrupt.request() }

/// The SIGCONT handler: one atomic store.
private let onContinue: @convention(c) (Int32) -> Void = { _ in Signals.noteResumed() }
