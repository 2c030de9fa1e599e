/// The Python exception class a gmm runtime error is, so `except ValueError:` catches what Python's would.
///
/// Each error is classified once, where it is made (`RuntimeError(message, kind: .valueError)`); an error made
/// without a kind is a `RuntimeError`, which is also what PyTorch raises for shape and engine errors.
public enum ErrorKind: String, CaseIterable, Sendable {
    case baseException = "BaseException"
    case keyboardInterrupt = "KeyboardInterrupt"
    case systemExit = "SystemExit"
    case exception = "Exception"
    case runtimeError = "RuntimeError"
    case notImplementedError = "NotImplementedError"
    case recursionError = "RecursionError"
    case valueError = "ValueError"
    case typeError = "TypeError"
    case lookupError = "LookupError"
    case keyError = "KeyError"
    case indexError = "IndexError"
    case arithmeticError = "ArithmeticError"
    case zeroDivisionError = "ZeroDivisionError"
    case overflowError = "OverflowError"
    case attributeError = "AttributeError"
    case nameError = "NameError"
    case unboundLocalError = "UnboundLocalError"
    case assertionError = "AssertionError"
    case stopIteration = "StopIteration"
    case importError = "ImportError"
    case moduleNotFoundError = "ModuleNotFoundError"
    case osError = "OSError"
    case fileNotFoundError = "FileNotFoundError"
    case fileExistsError = "FileExistsError"
    case memoryError = "MemoryError"

    /// The class this one derives from, as in Python's hierarchy; nil for `BaseException`.
    public var base: ErrorKind? {
        switch self {
        case .baseException: return nil
        case .keyboardInterrupt, .systemExit, .exception: return .baseException
        case .notImplementedError, .recursionError: return .runtimeError
        case .keyError, .indexError: return .lookupError
        case .zeroDivisionError, .overflowError: return .arithmeticError
        case .unboundLocalError: return .nameError
        case .moduleNotFoundError: return .importError
        case .fileNotFoundError, .fileExistsError: return .osError
        default: return .exception
        }
    }

    /// This class and the ones it derives from, most specific first: what `except` and `isinstance` match.
    public var lineage: [ErrorKind] {
        var chain = [self]
        while let next = chain.last?.base { chain.append(next) }
        return chain
    }

    /// Whether an `except name:` clause catches an error of this kind.
    public func isCaught(by name: String) -> Bool {
        lineage.contains { $0.rawValue == name }
    }
}
