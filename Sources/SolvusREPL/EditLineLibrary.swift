#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C line-editing library behind the REPL, libedit or GNU readline, loaded at run time.
///
/// Both libraries offer the readline API, and the REPL uses only the part they share plus two
/// small differences (how a line is abandoned after Ctrl-C, and how the terminal is set up
/// again after Ctrl-Z). Loading it with `dlopen` rather than linking it means that building
/// Solvus needs no C headers at all, and that one binary works on machines with either
/// library, or with neither (then the REPL reads plain lines, see `LineEditor`).
///
/// `SOLVUS_LINE_EDITOR=libedit`, `readline` or `plain` forces a choice; without it libedit is
/// tried first (it is BSD-licensed and ships with the Swift toolchain), then GNU readline.
struct EditLineLibrary {
    /// Which library it is.
    enum Kind: String, CaseIterable {
        case libedit
        case readline

        /// The name people know it by.
        var displayName: String { self == .libedit ? "libedit" : "GNU readline" }

        /// The files tried, in order: the versioned names first, which a machine has without
        /// the development package.
        var fileNames: [String] {
            #if canImport(Darwin)
            switch self {
            case .libedit: return ["libedit.3.dylib", "libedit.dylib"]
            case .readline: return ["libreadline.8.dylib", "libreadline.dylib"]
            }
            #else
            switch self {
            case .libedit: return ["libedit.so.2", "libedit.so.0", "libedit.so"]
            case .readline: return ["libreadline.so.8", "libreadline.so.7", "libreadline.so"]
            }
            #endif
        }
    }

    /// What the user asked for in `SOLVUS_LINE_EDITOR`.
    enum Choice: Equatable {
        case automatic
        case forced(Kind)
        case plain

        /// Reads `SOLVUS_LINE_EDITOR`; nil for a value that names nothing.
        init?(environment value: String?) {
            guard let value, !value.isEmpty else { self = .automatic; return }
            switch value.lowercased() {
            case "libedit", "editline": self = .forced(.libedit)
            case "readline", "gnu-readline": self = .forced(.readline)
            case "plain", "none": self = .plain
            default: return nil
            }
        }
    }

    /// Why no library could be had.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    typealias LineHandler = @convention(c) (UnsafeMutablePointer<CChar>?) -> Void
    typealias CompletionEntry = @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias AttemptedCompletion = @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    let kind: Kind
    /// The file that was loaded, e.g. `libedit.so.2`.
    let fileName: String

    // Functions.
    let initialize: @convention(c) () -> Int32
    let usingHistory: @convention(c) () -> Void
    let stifleHistory: @convention(c) (Int32) -> Void
    let addHistory: @convention(c) (UnsafePointer<CChar>?) -> Void
    let callbackHandlerInstall: @convention(c) (UnsafePointer<CChar>?, LineHandler?) -> Void
    let callbackReadChar: @convention(c) () -> Void
    let callbackHandlerRemove: @convention(c) () -> Void
    let completionMatches: @convention(c) (UnsafePointer<CChar>?, CompletionEntry?)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    // What abandoning a line and resuming after Ctrl-Z need; see `abandonLine`, `resumeLine`.
    private let freeLineState: (@convention(c) () -> Void)?
    private let callbackSigcleanup: (@convention(c) () -> Void)?
    private let cleanupAfterSignal: (@convention(c) () -> Void)?
    private let resetAfterSignal: (@convention(c) () -> Void)?
    private let onNewLine: (@convention(c) () -> Int32)?
    private let redisplay: (@convention(c) () -> Void)?
    private let deprepTerminal: (@convention(c) () -> Void)?
    private let prepTerminal: (@convention(c) (Int32) -> Void)?
    private let forcedUpdateDisplay: (@convention(c) () -> Int32)?

    // Variables (pointers to the library's globals).
    let readlineName: UnsafeMutablePointer<UnsafePointer<CChar>?>
    let catchSignals: UnsafeMutablePointer<Int32>
    let basicWordBreakCharacters: UnsafeMutablePointer<UnsafePointer<CChar>?>
    let completerWordBreakCharacters: UnsafeMutablePointer<UnsafePointer<CChar>?>
    let attemptedCompletionFunction: UnsafeMutablePointer<AttemptedCompletion?>
    let attemptedCompletionOver: UnsafeMutablePointer<Int32>
    let completionAppendCharacter: UnsafeMutablePointer<Int32>
    let lineBuffer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    /// Loads the library `choice` asks for: nil for `.plain`, or when `.automatic` finds
    /// neither library. Throws when a forced library cannot be loaded.
    static func load(_ choice: Choice) throws -> EditLineLibrary? {
        switch choice {
        case .plain:
            return nil
        case .forced(let kind):
            return try load(kind)
        case .automatic:
            for kind in Kind.allCases {
                if let library = try? load(kind) { return library }
            }
            return nil
        }
    }

    /// Loads `kind` from the first of its file names that opens and has every symbol.
    static func load(_ kind: Kind) throws -> EditLineLibrary {
        var reasons: [String] = []
        for name in kind.fileNames {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                reasons.append(dlerror().map { String(cString: $0) } ?? "\(name): cannot be opened")
                continue
            }
            do {
                return try EditLineLibrary(kind: kind, fileName: name, handle: handle)
            } catch {
                reasons.append("\(name): \(error)")
                dlclose(handle)
            }
        }
        throw LoadError(description: "\(kind.displayName) could not be loaded (\(reasons.joined(separator: "; ")))")
    }

    private init(kind: Kind, fileName: String, handle: UnsafeMutableRawPointer) throws {
        func symbol(_ name: String) throws -> UnsafeMutableRawPointer {
            guard let address = dlsym(handle, name) else {
                throw LoadError(description: "no symbol '\(name)'")
            }
            return address
        }
        func function<F>(_ name: String, as type: F.Type) throws -> F {
            unsafeBitCast(try symbol(name), to: type)
        }
        func optionalFunction<F>(_ name: String, as type: F.Type) -> F? {
            dlsym(handle, name).map { unsafeBitCast($0, to: type) }
        }
        func variable<T>(_ name: String, as type: T.Type) throws -> UnsafeMutablePointer<T> {
            try symbol(name).assumingMemoryBound(to: type)
        }
        self.kind = kind
        self.fileName = fileName
        initialize = try function("rl_initialize", as: (@convention(c) () -> Int32).self)
        usingHistory = try function("using_history", as: (@convention(c) () -> Void).self)
        stifleHistory = try function("stifle_history", as: (@convention(c) (Int32) -> Void).self)
        // libedit's add_history returns int and readline's void; the result is never read.
        addHistory = try function("add_history", as: (@convention(c) (UnsafePointer<CChar>?) -> Void).self)
        callbackHandlerInstall = try function(
            "rl_callback_handler_install",
            as: (@convention(c) (UnsafePointer<CChar>?, LineHandler?) -> Void).self)
        callbackReadChar = try function("rl_callback_read_char", as: (@convention(c) () -> Void).self)
        callbackHandlerRemove = try function("rl_callback_handler_remove", as: (@convention(c) () -> Void).self)
        completionMatches = try function(
            "rl_completion_matches",
            as: (@convention(c) (UnsafePointer<CChar>?, CompletionEntry?)
                -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?).self)
        freeLineState = optionalFunction("rl_free_line_state", as: (@convention(c) () -> Void).self)
        callbackSigcleanup = optionalFunction("rl_callback_sigcleanup", as: (@convention(c) () -> Void).self)
        cleanupAfterSignal = optionalFunction("rl_cleanup_after_signal", as: (@convention(c) () -> Void).self)
        resetAfterSignal = optionalFunction("rl_reset_after_signal", as: (@convention(c) () -> Void).self)
        onNewLine = optionalFunction("rl_on_new_line", as: (@convention(c) () -> Int32).self)
        redisplay = optionalFunction("rl_redisplay", as: (@convention(c) () -> Void).self)
        deprepTerminal = optionalFunction("rl_deprep_terminal", as: (@convention(c) () -> Void).self)
        prepTerminal = optionalFunction("rl_prep_terminal", as: (@convention(c) (Int32) -> Void).self)
        forcedUpdateDisplay = optionalFunction("rl_forced_update_display", as: (@convention(c) () -> Int32).self)

        readlineName = try variable("rl_readline_name", as: UnsafePointer<CChar>?.self)
        catchSignals = try variable("rl_catch_signals", as: Int32.self)
        basicWordBreakCharacters = try variable("rl_basic_word_break_characters", as: UnsafePointer<CChar>?.self)
        completerWordBreakCharacters = try variable(
            "rl_completer_word_break_characters", as: UnsafePointer<CChar>?.self)
        attemptedCompletionFunction = try variable("rl_attempted_completion_function", as: AttemptedCompletion?.self)
        attemptedCompletionOver = try variable("rl_attempted_completion_over", as: Int32.self)
        completionAppendCharacter = try variable("rl_completion_append_character", as: Int32.self)
        lineBuffer = try variable("rl_line_buffer", as: UnsafeMutablePointer<CChar>?.self)
    }

    /// Sets the characters that end a word for completion. libedit reads
    /// `rl_basic_word_break_characters` when it completes, readline the other; set both.
    func setWordBreakCharacters(_ characters: UnsafePointer<CChar>) {
        basicWordBreakCharacters.pointee = characters
        completerWordBreakCharacters.pointee = characters
    }

    /// Abandons the line being edited in callback mode after Ctrl-C.
    ///
    /// GNU readline: the manual's pattern for an application that handles SIGINT itself
    /// (`rl_catch_signals = 0`). libedit: removing the handler leaves unbuffered mode and
    /// restores the terminal, and the next `rl_callback_handler_install` clears the line.
    func abandonLine() {
        if kind == .readline {
            freeLineState?()
            callbackSigcleanup?()
            cleanupAfterSignal?()
        }
        callbackHandlerRemove()
    }

    /// Sets the terminal up again and redraws the prompt and line after the process was
    /// stopped (Ctrl-Z) and continued (`fg`): the shell has restored its own terminal settings.
    func resumeLine() {
        switch kind {
        case .readline:
            cleanupAfterSignal?()
            resetAfterSignal?()
            _ = onNewLine?()
            redisplay?()
        case .libedit:
            // libedit believes the terminal is still raw: go through cooked mode first.
            deprepTerminal?()
            prepTerminal?(1)
            _ = forcedUpdateDisplay?()
        }
    }
}
