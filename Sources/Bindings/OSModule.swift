import Foundation
import Lang

/// Python's `os` and `os.path`: the file and directory calls training scripts make, with Python's results.
///
/// `os.environ` is a dict read from the environment when gmm starts; assigning into it does not change the
/// environment of programs gmm starts (there are none). `os.listdir` lists names sorted (Python's order is arbitrary).
enum OSModule {
    /// The `os` module and its `os.path`.
    static func modules() -> (os: Value, path: Value) {
        let path = namespace("os.path", [
            ("join", builtin("os.path.join", "os.path.join(path, *paths)",
                             "The paths joined with '/'; an absolute part starts over from itself.") { a in
                try a.expect("os.path.join", count: 1...Int.max)
                return .string(join(try a.positional.map { try text($0, "join") }))
            }),
            ("exists", predicate("exists", "Whether a file or directory exists at path.") { path in
                FileManager.default.fileExists(atPath: path)
            }),
            ("isfile", predicate("isfile", "Whether path is an existing regular file.") { path in
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
            }),
            ("isdir", predicate("isdir", "Whether path is an existing directory.") { path in
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
            }),
            ("isabs", predicate("isabs", "Whether path starts with '/'.") { $0.hasPrefix("/") }),
            ("basename", transform("basename", "The last part of path, after its last '/'.") { split($0).tail }),
            ("dirname", transform("dirname", "path without its last part (what basename drops).") { split($0).head }),
            ("split", builtin("os.path.split", "os.path.split(path)", "(dirname(path), basename(path)).") { a in
                let (head, tail) = split(try text(try Args(a, "split", ["path"]).required("path"), "split"))
                return .tuple([.string(head), .string(tail)])
            }),
            ("splitext", builtin("os.path.splitext", "os.path.splitext(path)",
                                 "(root, ext): ext is the last '.' suffix of the last part ('' when none; a leading dot is not one).") { a in
                let (root, ext) = splitext(try text(try Args(a, "splitext", ["path"]).required("path"), "splitext"))
                return .tuple([.string(root), .string(ext)])
            }),
            ("expanduser", transform("expanduser", "path with a leading '~' replaced by the home directory.") { path in
                guard path == "~" || path.hasPrefix("~/") else { return path }
                let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
                return home + path.dropFirst()
            }),
            ("abspath", transform("abspath", "path made absolute (from the working directory) and normalised.") { path in
                let absolute = path.hasPrefix("/") ? path : join([FileManager.default.currentDirectoryPath, path])
                return (absolute as NSString).standardizingPath
            }),
            ("getsize", builtin("os.path.getsize", "os.path.getsize(path)", "The size of the file at path, in bytes.") { a in
                let path = try text(try Args(a, "getsize", ["path"]).required("path"), "getsize")
                guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else {
                    throw RuntimeError("[Errno 2] No such file or directory: '\(path)'", kind: .fileNotFoundError)
                }
                return .int(size.intValue)
            }),
            ("sep", .string("/")),
        ])
        let environment = DictBox()
        for (key, value) in ProcessInfo.processInfo.environment.sorted(by: { $0.key < $1.key }) {
            try? environment.set(.string(key), .string(value))
        }
        let os = namespace("os", [
            ("path", path),
            ("sep", .string("/")),
            ("environ", .dict(environment)),
            ("getenv", builtin("os.getenv", "os.getenv(key, default=None)", "The environment variable key, or default when it is not set.") { a in
                let args = try Args(a, "getenv", ["key", "default"])
                let key = try text(try args.required("key"), "getenv")
                return ProcessInfo.processInfo.environment[key].map { .string($0) } ?? args.value("default") ?? .nil
            }),
            ("getcwd", builtin("os.getcwd", "os.getcwd()", "The working directory.") { a in
                try a.expect("os.getcwd", count: 0...0)
                return .string(FileManager.default.currentDirectoryPath)
            }),
            ("makedirs", builtin("os.makedirs", "os.makedirs(name, mode=0o777, exist_ok=False)",
                                 "Creates a directory and any missing parents; an existing one is an error unless exist_ok.") { a in
                let args = try Args(a, "makedirs", ["name", "mode", "exist_ok"])
                let path = try text(try args.required("name"), "makedirs")
                if path.isEmpty { throw RuntimeError("[Errno 2] No such file or directory: ''", kind: .fileNotFoundError) }
                var directory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &directory) {
                    if directory.boolValue, args.value("exist_ok")?.isTruthy == true { return .nil }
                    throw RuntimeError("[Errno 17] File exists: '\(path)'", kind: .fileExistsError)
                }
                do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                    throw RuntimeError("os.makedirs: cannot create '\(path)': \(error.localizedDescription)", kind: .osError)
                }
                return .nil
            }),
            ("listdir", builtin("os.listdir", "os.listdir(path='.')", "The names in the directory path (sorted; Python's order is arbitrary).") { a in
                let path = try args(a, "listdir").value("path").map { try text($0, "listdir") } ?? "."
                var directory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
                    throw RuntimeError("[Errno 2] No such file or directory: '\(path)'", kind: .fileNotFoundError)
                }
                guard directory.boolValue else { throw RuntimeError("[Errno 20] Not a directory: '\(path)'", kind: .osError) }
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                return .list(ListBox(names.sorted().map { .string($0) }))
            }),
            ("remove", builtin("os.remove", "os.remove(path)", "Deletes the file at path.") { a in
                let path = try text(try Args(a, "remove", ["path"]).required("path"), "remove")
                var directory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
                    throw RuntimeError("[Errno 2] No such file or directory: '\(path)'", kind: .fileNotFoundError)
                }
                if directory.boolValue { throw RuntimeError("[Errno 21] Is a directory: '\(path)'", kind: .osError) }
                do { try FileManager.default.removeItem(atPath: path) } catch {
                    throw RuntimeError("os.remove: cannot delete '\(path)': \(error.localizedDescription)", kind: .osError)
                }
                return .nil
            }),
        ])
        return (os, path)
    }

    private static func args(_ a: CallArguments, _ function: String) throws -> Args { try Args(a, function, ["path"]) }

    /// A path argument: Python's TypeError wording for anything but a string.
    static func text(_ value: Value, _ function: String) throws -> String {
        guard case .string(let s) = value else {
            throw RuntimeError("\(function)(): expected str, not \(value.typeName)", kind: .typeError)
        }
        return s
    }

    private static func predicate(_ name: String, _ doc: String, _ test: @escaping (String) -> Bool) -> (Value) {
        builtin("os.path.\(name)", "os.path.\(name)(path)", doc) { a in
            .bool(test(try text(try Args(a, name, ["path"]).required("path"), name)))
        }
    }

    private static func transform(_ name: String, _ doc: String, _ f: @escaping (String) -> String) -> Value {
        builtin("os.path.\(name)", "os.path.\(name)(path)", doc) { a in
            .string(f(try text(try Args(a, name, ["path"]).required("path"), name)))
        }
    }

    /// posixpath.join: each absolute part restarts the path; parts are joined with one '/' unless one is there.
    static func join(_ parts: [String]) -> String {
        var path = parts.first ?? ""
        for part in parts.dropFirst() {
            if part.hasPrefix("/") { path = part } else if path.isEmpty || path.hasSuffix("/") { path += part } else { path += "/" + part }
        }
        return path
    }

    /// posixpath.split: the head keeps no trailing '/' unless it is all slashes.
    static func split(_ path: String) -> (head: String, tail: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let head = String(path[...slash])
        let tail = String(path[path.index(after: slash)...])
        let trimmed = head.allSatisfy { $0 == "/" } ? head : String(head.reversed().drop { $0 == "/" }.reversed())
        return (trimmed, tail)
    }

    /// posixpath.splitext: the extension starts at the last '.' of the last part, unless only dots precede it.
    static func splitext(_ path: String) -> (root: String, ext: String) {
        let tail = split(path).tail
        guard let dot = tail.lastIndex(of: "."), tail[..<dot].contains(where: { $0 != "." }) else { return (path, "") }
        let ext = String(tail[dot...])
        return (String(path.dropLast(ext.count)), ext)
    }
}
