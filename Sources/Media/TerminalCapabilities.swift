#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the output terminal can draw, decided from the environment so callers (and tests) can pass it explicitly.
public struct TerminalCapabilities: Equatable, Sendable {
    /// How pictures are drawn.
    public enum Graphics: String, Sendable {
        /// Not a terminal (a pipe, a file, a dumb terminal): pictures become one-line text summaries.
        case none
        /// Unicode upper half blocks `▀` with foreground and background colours, two pixel rows per text line.
        case halfBlocks
        /// The kitty graphics protocol (PNG data in APC escapes).
        case kitty
        /// iTerm2's inline images (OSC 1337).
        case iTerm2
    }

    /// Wider settings are taken as this, so a wrong `COLUMNS` cannot make pictures enormous.
    public static let maxColumns = 1000

    /// How pictures are drawn.
    public var graphics: Graphics
    /// Whether half blocks may use 24-bit colour; otherwise they use the xterm 256-colour palette.
    public var trueColor: Bool
    /// The width of the terminal in character cells.
    public var columns: Int

    /// Explicit capabilities (tests, or a REPL option that overrides detection).
    public init(graphics: Graphics, trueColor: Bool = true, columns: Int = 80) {
        self.graphics = graphics
        self.trueColor = trueColor
        self.columns = min(max(columns, 1), TerminalCapabilities.maxColumns)
    }

    /// Output that is not a terminal.
    public static let none = TerminalCapabilities(graphics: .none, trueColor: false)

    /// Decides from environment variables and whether the output is a terminal:
    /// not a terminal or `TERM=dumb` → none; `TERM=xterm-kitty` or `KITTY_WINDOW_ID` → kitty;
    /// `TERM_PROGRAM=iTerm.app` or `LC_TERMINAL=iTerm2` → iTerm2; otherwise half blocks, in 24-bit colour when
    /// `COLORTERM` is `truecolor` or `24bit`. Inside tmux (`TMUX` set) graphics protocols are not used, because tmux
    /// does not pass them through by default. `COLUMNS` gives the width when it is a positive number.
    public static func detect(environment env: [String: String], isTerminal: Bool) -> TerminalCapabilities {
        guard isTerminal, env["TERM"] != "dumb" else { return .none }
        let columns = env["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? min($0, maxColumns) : nil } ?? 80
        let colorTerm = env["COLORTERM"]?.lowercased()
        let trueColor = colorTerm == "truecolor" || colorTerm == "24bit"
        if env["TMUX"] == nil {
            if env["TERM"] == "xterm-kitty" || env["KITTY_WINDOW_ID"] != nil {
                return TerminalCapabilities(graphics: .kitty, trueColor: true, columns: columns)
            }
            if env["TERM_PROGRAM"] == "iTerm.app" || env["LC_TERMINAL"] == "iTerm2" {
                return TerminalCapabilities(graphics: .iTerm2, trueColor: true, columns: columns)
            }
        }
        return TerminalCapabilities(graphics: .halfBlocks, trueColor: trueColor, columns: columns)
    }

    /// The capabilities of this process's standard output, with the width from the terminal itself when it says.
    public static func current() -> TerminalCapabilities {
        var env: [String: String] = [:]
        for key in ["TERM", "KITTY_WINDOW_ID", "TERM_PROGRAM", "LC_TERMINAL", "COLORTERM", "TMUX", "COLUMNS"] {
            if let value = getenv(key) { env[key] = String(cString: value) }
        }
        var caps = detect(environment: env, isTerminal: isatty(STDOUT_FILENO) != 0)
        var size = winsize()
        if caps.graphics != .none, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            caps.columns = min(Int(size.ws_col), maxColumns)
        }
        return caps
    }
}
