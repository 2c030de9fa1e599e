import Foundation

/// Where the notebook keeps its state: `$XDG_STATE_HOME/gmm`, else `~/.local/state/gmm`.
///
/// History and session journals live here, so two gmm processes of one user share them.
public struct StateDirectory {
    /// The `gmm` directory itself (created on first use).
    public let url: URL

    /// The directory for `environment`; a relative `XDG_STATE_HOME` is ignored, as the XDG spec requires.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            url = URL(fileURLWithPath: state).appendingPathComponent("gmm")
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            url = URL(fileURLWithPath: home).appendingPathComponent(".local/state/gmm")
        }
    }

    /// The readline history file.
    public var history: URL { url.appendingPathComponent("history") }
    /// The lock that serialises history writes between processes.
    public var historyLock: URL { url.appendingPathComponent("history.lock") }
    /// One journal per session.
    public var journals: URL { url.appendingPathComponent("journal") }

    /// Creates `directory` (and its parents) with owner-only permissions; false when that fails.
    @discardableResult
    static func ensure(_ directory: URL) -> Bool {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            return true
        } catch {
            return false
        }
    }
}
