import SolvusLibrary

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered output to the terminal, so that values, diagnostics, `print` output and the
/// line editor's own writes appear in the order they happen.
enum Console {
    /// Writes `text` to standard output.
    static func output(_ text: String) { write(1, text) }

    /// The terminal's size in characters (80 × 24 when it cannot be read).
    static func terminalSize() -> (columns: Int, rows: Int) {
        var w = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0, w.ws_row > 0 {
            return (Int(w.ws_col), Int(w.ws_row))
        }
        return (80, 24)
    }

    /// Writes `text` to standard error.
    static func error(_ text: String) { write(2, text) }

    private static func write(_ fd: Int32, _ text: String) {
        // A failure means the terminal is gone: nothing sensible to do.
        _ = FileWriting.all(text, to: fd)
    }
}
