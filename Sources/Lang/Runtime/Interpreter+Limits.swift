/// Caps on how large values that grow may get, so that runaway growth is an error rather than an abort.
///
/// Swift traps when an allocation fails or a size overflows, which would end the whole notebook; checking the size
/// before building the value turns `s = s + s` in a loop, `[0] * 2**62` or `a.extend(a)` repeated into a gmm error.
/// Python has no such caps: gmm's are deliberate and say so ("cannot allocate ...: the limit is ...").
extension Interpreter {
    /// The longest string, in UTF-8 bytes, an operation may build (256 MiB).
    public static let maxStringLength = 1 << 28

    /// Throws unless a string of `bytes` UTF-8 bytes is within `maxStringLength`.
    static func checkStringLength(_ bytes: Int) throws {
        guard bytes <= maxStringLength else {
            throw RuntimeError("cannot allocate a string of \(bytes) bytes: too large (the limit is \(maxStringLength))", kind: .memoryError)
        }
    }

    /// Throws unless a string of `a` + `b` bytes is within `maxStringLength`.
    static func checkStringLength(_ a: Int, plus b: Int) throws {
        let (total, overflow) = a.addingReportingOverflow(b)
        try checkStringLength(overflow ? Int.max : total)
    }

    /// Throws unless a `kind` (list, tuple) of `a` + `b` elements is within `maxSequenceLength`.
    static func checkSequenceLength(_ a: Int, plus b: Int, _ kind: String) throws {
        let (total, overflow) = a.addingReportingOverflow(b)
        guard !overflow && total <= maxSequenceLength else {
            throw RuntimeError("cannot allocate a \(kind) of \(overflow ? "more than \(Int.max)" : String(total)) "
                               + "elements: too large (the limit is \(maxSequenceLength))", kind: .memoryError)
        }
    }

    /// Concatenates `x` and `y`, or throws when the result would pass `maxStringLength`.
    static func concatenate(_ x: String, _ y: String) throws -> String {
        try checkStringLength(x.utf8.count, plus: y.utf8.count)
        return x + y
    }
}
