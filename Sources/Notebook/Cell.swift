import Foundation

/// One input of a session and what came of it, as kept for `:save`, `:export` and the journal.
struct Cell {
    /// The input's number (`_N` holds its value).
    var number: Int
    /// The code as typed (several lines for a multi-line input).
    var code: String
    /// What it printed, then its value as the prompt showed it.
    var output: String
    /// Wall-clock seconds it ran.
    var seconds: Double
    /// The error it stopped with, rendered; nil for a successful cell.
    var error: String?
    /// The error's message without its location (what a saved session records); nil for a successful cell.
    var errorMessage: String?
    /// True when the error is Ctrl-C's "interrupted" (the cell's code stays live in a saved session).
    var stoppedByInterrupt = false
    /// Where Ctrl-C stopped it, in interpreter steps from its start (see `CellOutcome.interrupts`).
    var interrupts: [Int] = []
    /// PNG files of the value (an image batch or clip) and of pictures `show` drew, for `:export`.
    var pictures: [[UInt8]] = []

    /// True when the cell ran to the end.
    var succeeded: Bool { error == nil }
}
