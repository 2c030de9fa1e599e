import Lang

/// What running one input gave: its number, what it printed, its value, its error and its time.
struct CellOutcome {
    var number: Int
    /// Everything printed, followed by the value's display when it was shown.
    var output: String
    /// The value shown at the prompt; nil when there was none or the input ended with `;`.
    var shownValue: Value?
    var error: ScriptError?
    var seconds: Double
    /// Where interrupts stopped it, as the interpreter's steps (`interruptPollCount`) from the cell's start: the
    /// step of an "interrupted" error, and of any interrupt an `interruptible` block inside it absorbed.
    var interrupts: [Int] = []
    /// Interrupts replay scheduled that the cell ended before reaching (steps from its start).
    var unreached: [Int] = []
}
