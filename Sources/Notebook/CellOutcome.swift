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
}
