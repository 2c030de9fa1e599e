import Foundation

/// Which files a run wrote in the working folder, so `gmm run` and walkthroughs can say where their pictures went.
///
/// A snapshot of the folder's files (modification times, a few levels deep, skipping hidden folders and `.build`)
/// before the run, compared with one after it.
public enum WrittenFiles {
    /// Folder levels looked into below the working folder.
    static let depth = 3
    /// Files looked at, at most (a huge folder is not worth a long scan).
    static let limit = 20_000

    /// Modification times of the files under `directory`, by path relative to it.
    public struct Snapshot {
        let directory: String
        var files: [String: Date]
    }

    public static func snapshot(_ directory: String) -> Snapshot {
        var files: [String: Date] = [:]
        let manager = FileManager.default
        func scan(_ relative: String, _ level: Int) {
            let path = relative.isEmpty ? directory : (directory as NSString).appendingPathComponent(relative)
            guard let names = try? manager.contentsOfDirectory(atPath: path) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                guard files.count < limit else { return }
                let child = relative.isEmpty ? name : relative + "/" + name
                let full = (directory as NSString).appendingPathComponent(child)
                guard let attributes = try? manager.attributesOfItem(atPath: full) else { continue }
                if attributes[.type] as? FileAttributeType == .typeDirectory {
                    if level < depth { scan(child, level + 1) }
                } else if let modified = attributes[.modificationDate] as? Date {
                    files[child] = modified
                }
            }
        }
        scan("", 0)
        return Snapshot(directory: directory, files: files)
    }

    /// Files created or modified since `before`, sorted, relative to its folder.
    public static func changed(since before: Snapshot) -> [String] {
        let after = snapshot(before.directory)
        return after.files.filter { path, modified in before.files[path].map { $0 != modified } ?? true }.keys.sorted()
    }

    /// "wrote 3 files in /work/x: a.png, samples/b.png, ..." (the first ten named).
    public static func report(_ files: [String], directory: String = FileManager.default.currentDirectoryPath) -> String {
        let named = files.prefix(10).joined(separator: ", ") + (files.count > 10 ? ", ... (\(files.count - 10) more)" : "")
        return "wrote \(files.count) file\(files.count == 1 ? "" : "s") in \(directory): \(named)"
    }
}
