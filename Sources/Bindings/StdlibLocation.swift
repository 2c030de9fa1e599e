import Foundation

/// Where gmm's own library (the `.gmm` files of `stdlib/`) is read from.
///
/// The repository's top-level `stdlib/` is the single source: a build run from a checkout reads it in place, so
/// what `import train`, reprs and `?` show is the file a user edits, and an edit takes effect without a rebuild.
/// An installed `gmm` finds a copy beside its executable, and `GMM_STDLIB` overrides both.
public enum StdlibLocation {
    /// The environment variable naming a directory to use instead.
    public static let environmentVariable = "GMM_STDLIB"

    /// The first candidate directory that holds `article.gmm`, or nil when none does.
    public static var directory: String? {
        candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("article.gmm")) }
    }

    /// Places the stdlib can be, most specific first.
    public static var candidates: [String] {
        var out: [String] = []
        if let dir = ProcessInfo.processInfo.environment[environmentVariable], !dir.isEmpty { out.append(dir) }
        // An installed `gmm` is often a symlink; the copy sits beside the real executable.
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            out.append(exe.appendingPathComponent("stdlib").path)
        }
        // A build from a checkout: Sources/Bindings/ -> the repository's stdlib/.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        out.append(repository.appendingPathComponent("stdlib").standardizedFileURL.path)
        return out
    }
}
