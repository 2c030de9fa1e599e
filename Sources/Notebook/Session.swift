import Foundation

/// One notebook session: its seed, when it started, its cells, and its journal on disk.
final class Session {
    let seed: UInt64
    /// Modules bound before the first cell (`torch`), imported in the saved file's header.
    let imports: [String]
    let started: Date
    var cells: [Cell] = []
    let journal: Journal?

    /// Starts a session with `seed`, journaled in `journals` (nil: not journaled).
    init(seed: UInt64, imports: [String] = [], journals: URL?, version: String) {
        let started = Date()
        self.seed = seed
        self.imports = imports
        self.started = started
        journal = journals.flatMap {
            Journal(directory: $0, header: SessionFile.header(seed: seed, imports: imports, date: started, version: version),
                    date: started)
        }
    }

    /// Records a finished cell, failed and interrupted ones too (replay repeats them), and journals it (flushed
    /// before the next prompt).
    func record(_ cell: Cell) {
        cells.append(cell)
        journal?.append(cell)
    }

    /// The session as a replayable script (`:save`).
    func script(version: String) -> String {
        SessionFile.render(seed: seed, imports: imports, date: started, version: version, cells: cells)
    }

    /// A seed for a new session: random, small enough to read and type.
    static func randomSeed() -> UInt64 { UInt64.random(in: 1..<1_000_000_000) }
}
