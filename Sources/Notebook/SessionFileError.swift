/// Why a session file cannot be replayed: what is wrong and on which line.
struct SessionFileError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var message: String

    init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    var description: String { "line \(line): \(message)" }
}
