import Foundation
import Support
/// The slow paths of name lookup: unassigned enclosing variables, unbound globals, builtins and "not defined".
extension Interpreter {
    /// Looks `name` up by string from `start` outward (slots, extras, then the globals at the root), then among
    /// the builtins. `origin` is the frame the lookup began in, for the "did you mean" suggestion.
    func lookupOutward(_ name: String, from start: Frame?, origin: Frame, at location: SourceLocation) throws -> Value {
        var frame = start
        while let f = frame {
            if let value = f.variables[name] { return value }
            frame = f.parent
        }
        if let builtin = builtins[name] { return .builtin(builtin) }
        throw undefinedName(name, in: origin, at: location)
    }

    /// Reads a global whose cell is unbound: a variable set by name on an enclosing frame (unless declared
    /// `global`), else the builtin of that name, else "name is not defined".
    func unboundGlobal(_ cell: GlobalCell, declared: Bool, in frame: Frame, at location: SourceLocation) throws -> Value {
        if !declared {
            var f: Frame? = frame
            while let g = f {
                if let value = g.extras?[cell.name] { return value }
                f = g.parent
            }
        }
        if let builtin = cell.builtin { return .builtin(builtin) }
        if let builtin = builtins[cell.name] {
            cell.builtin = builtin
            return .builtin(builtin)
        }
        throw undefinedName(cell.name, in: frame, at: location)
    }

    func undefinedName(_ name: String, in frame: Frame, at location: SourceLocation) -> RuntimeError {
        var names = Set(builtins.keys)
        var f: Frame? = frame
        while let g = f {
            names.formUnion(g.variables.keys)
            if let scope = g.scope { names.formUnion(scope.locals) }
            f = g.parent
        }
        if isImportable(name) {
            return RuntimeError("name '\(name)' is not defined; it is a module: write 'import \(name)' first", kind: .nameError, at: location)
        }
        return RuntimeError("name '\(name)' is not defined" + didYouMean(name, among: Array(names)), kind: .nameError, at: location)
    }

    /// True when `import name` would find a module (`torch`, or a file such as stdlib's `train.gmm`).
    private func isImportable(_ name: String) -> Bool {
        if builtinModules[name] != nil { return true }
        return importSearchPath().contains { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(name + ".gmm")) }
    }
}
