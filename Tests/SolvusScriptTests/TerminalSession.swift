import Foundation
import SolvusTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The built `solvus` on a pseudo-terminal of its own, as a person at a terminal runs it: it is
/// a session leader with the terminal as its controlling terminal, so Ctrl-C typed into the
/// terminal (byte 3) reaches it as SIGINT from the line discipline, not from a `kill`.
final class TerminalSession: @unchecked Sendable {
    private let master: Int32
    private let pid: pid_t
    private let lock = NSLock()
    private var buffer = Data()
    private var reader: Thread?

    enum Failure: Error { case noExecutable, pty(String), spawn(Int32) }

    init(environment extra: [String: String], columns: UInt16 = 100, rows: UInt16 = 30) throws {
        guard let exe = BuiltCommand.executable else { throw Failure.noExecutable }
        // glibc declares these only for _XOPEN_SOURCE, which Swift's Glibc module leaves out.
        typealias OpenPT = @convention(c) (Int32) -> Int32
        typealias PTName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let libc = dlopen(nil, RTLD_NOW)
        guard let openpt = dlsym(libc, "posix_openpt"), let grant = dlsym(libc, "grantpt"),
              let unlock = dlsym(libc, "unlockpt"), let ptsname = dlsym(libc, "ptsname") else {
            throw Failure.pty("no pseudo-terminal functions")
        }
        master = unsafeBitCast(openpt, to: OpenPT.self)(O_RDWR | O_NOCTTY)
        guard master >= 0, unsafeBitCast(grant, to: OpenPT.self)(master) == 0,
              unsafeBitCast(unlock, to: OpenPT.self)(master) == 0,
              let name = unsafeBitCast(ptsname, to: PTName.self)(master) else {
            throw Failure.pty("cannot open a pseudo-terminal")
        }
        let slavePath = String(cString: name)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26): the child starts a session; opening the terminal
        // then makes it the controlling terminal.
        // POSIX_SPAWN_SETSIGMASK and SETSIGDEF: the test runner's blocked or ignored signals
        // must not reach the child, which would then never see Ctrl-C.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | 0x08 | 0x04))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTSTP, SIGCONT, SIGPIPE, SIGTERM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        for (k, v) in extra { env[k] = v }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(exe.path), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, exe.path, &actions, &attributes, argv, envp)
        guard status == 0 else { close(master); throw Failure.spawn(status) }
        pid = child
        let thread = Thread { [weak self] in self?.readLoop() }
        reader = thread
        thread.start()
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    private func readLoop() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 {
                if n < 0, errno == EINTR { continue }
                return
            }
            lock.lock()
            buffer.append(contentsOf: chunk[..<n])
            lock.unlock()
        }
    }

    /// Everything the terminal showed so far, escape sequences and all.
    var screen: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Types `text` (`\r` is Enter, `\u{3}` Ctrl-C, `\t` Tab, `\u{1b}[A` Up).
    func type(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Waits until the screen, after `offset` characters, contains `text`; true if it did
    /// within `timeout` seconds.
    @discardableResult
    func waitFor(_ text: String, after offset: Int = 0, timeout: TimeInterval = 20) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if screen.dropFirst(offset).contains(text) { return true }
            usleep(20_000)
        }
        return false
    }

    /// Ends the input (Ctrl-D) once the editor reads again: after `text` (found after `offset`)
    /// it has printed its prompt. Typed earlier, while the terminal is still in its ordinary
    /// mode, Ctrl-D is the line discipline's end of file, which the editor's raw mode then reads
    /// as a NUL: the REPL would wait on.
    func endInput(after text: String, from offset: Int = 0, timeout: TimeInterval = 20) {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            let s = screen.dropFirst(offset)
            if let r = text.isEmpty ? s.startIndex..<s.startIndex : s.range(of: text), s[r.upperBound...].contains("> ") { break }
            usleep(20_000)
        }
        type("\u{4}")
    }

    /// How many characters the screen holds now: a mark for `waitFor(_:after:)`.
    var mark: Int { screen.count }

    /// Waits for the process to end; its exit status, or nil if it did not end in time.
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let end = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < end {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            usleep(20_000)
        }
        return nil
    }
}
