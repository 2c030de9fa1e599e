/// The kinds of token; the raw value is the spelling used in messages ("expected ')'").
public enum TokenKind: String, Hashable, Sendable, CaseIterable {
    // Brackets and punctuation.
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}"
    case comma = ",", dot = ".", colon = ":", semicolon = ";", ellipsis = "..."

    // Arithmetic and assignment.
    case plus = "+", minus = "-", star = "*", slash = "/", slashSlash = "//", percent = "%", at = "@"
    case starStar = "**", equal = "="
    case plusEqual = "+=", minusEqual = "-=", starEqual = "*=", slashEqual = "/="
    case slashSlashEqual = "//=", percentEqual = "%=", atEqual = "@=", starStarEqual = "**="

    // Comparison.
    case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    // Literals and names.
    case identifier, integer, float, string, fstring

    // Keywords.
    case and, or, not, `in`, `is`, `if`, elif, `else`, `for`, `while`, `break`, `continue`, `return`
    case fn, `import`, `as`, global, nonlocal, `true`, `false`, `nil`

    /// A keyword that takes a block, like `no_grad { ... }`; the lexeme says which one.
    case blockKeyword
    /// A Python keyword gmm does not use (`def`, `class`, `lambda`, ...); the parser explains the gmm spelling.
    case reserved

    case newline, eof

    /// Keyword spellings; Python's `True`, `False` and `None` are accepted so pasted code keeps working.
    /// `module` is not here: it is a keyword only where a statement starts with `module Name`, because PyTorch
    /// code uses `module` as a variable (`for name, module in model.named_children()`).
    public static let keywords: [String: TokenKind] = [
        "and": .and, "or": .or, "not": .not, "in": .in, "is": .is, "if": .if, "elif": .elif, "else": .else,
        "for": .for, "while": .while, "break": .break, "continue": .continue, "return": .return, "fn": .fn,
        "import": .import, "as": .as, "global": .global, "nonlocal": .nonlocal,
        "true": .true, "True": .true, "false": .false, "False": .false, "nil": .nil, "None": .nil,
    ]

    /// Keywords that take a block. New block-taking builtins are added here and handled by the interpreter by name.
    public static let blockKeywords: Set<String> = ["no_grad", "enable_grad", "interruptible"]

    /// Python keywords without a token kind of their own: the statement words gmm shares with Python (`try`,
    /// `except`, `finally`, `raise`, `assert`, `del`, `pass`, `from`), which the parser reads by their lexeme, and
    /// the ones with no gmm meaning, reserved so a pasted `def` gets an explanation, not a confusing error.
    public static let reservedWords: Set<String> = [
        "def", "class", "lambda", "with", "from", "pass", "try", "except", "finally", "raise", "del", "yield", "assert",
    ]

    /// True for every word-like kind, which may also serve as an attribute name after '.'.
    public var isKeyword: Bool {
        switch self {
        case .and, .or, .not, .in, .is, .if, .elif, .else, .for, .while, .break, .continue, .return, .fn, .import,
             .as, .global, .nonlocal, .true, .false, .nil, .blockKeyword, .reserved:
            return true
        default:
            return false
        }
    }
}

/// One token: its kind, its text, where it starts and ends, and its literal value if any.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    public var lexeme: String
    public var line: Int
    public var column: Int
    /// The position just after the token's last character.
    public var end: SourceLocation
    public var value: TokenValue
    /// How many brackets of any kind are open before this token; error recovery uses it to find statement ends.
    public var depth: Int

    public init(kind: TokenKind, lexeme: String, line: Int, column: Int, end: SourceLocation,
                value: TokenValue = .none, depth: Int = 0) {
        self.kind = kind
        self.lexeme = lexeme
        self.line = line
        self.column = column
        self.end = end
        self.value = value
        self.depth = depth
    }

    public var location: SourceLocation { SourceLocation(line: line, column: column) }
}
