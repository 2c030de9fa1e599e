/// Turns Python source into the gmm token stream the gmm parser reads, so Python is a front end onto one syntax tree.
///
/// gmm's lexer already reads Python's tokens (strings, f-strings, numbers, `True`/`None`, comments); what differs
/// is the block structure and a few keywords. This pass finds Python's logical lines and their indentation
/// (INDENT/DEDENT), turns a header's ':' into '{' and each DEDENT into '}', and respells `def`, `class`, `lambda`,
/// `with torch.no_grad()`, `pass` and `if __name__ == "__main__"`. `try`/`except`/`finally`, `raise`, `assert` and
/// `del` are gmm statements too, so they only lose their ':'. Tokens keep their Python positions, so errors
/// point at the Python line and column; inserted tokens take the position of the token they stand for.
public struct PythonTranslator {
    /// One output token; `spacing` overrides the gap printed before it (`gmm port` reads it).
    public struct Output: Sendable {
        public var token: Token
        public var synthetic: Bool
        /// For a synthetic '}': the column (1-based) of the header that opened its block.
        public var indent: Int = 1
    }

    /// Modules gmm cannot import, and what to use instead.
    static let missingModules: [String: String] = [
        "numpy": "use torch tensors (torch.tensor, torch.zeros, torch.arange, ...)",
        "pandas": "read data with the data module (data.csv, data.DataLoader)",
        "matplotlib": "show images with show(t) and plots with plot(...)",
        "PIL": "load images with the data module",
        "cv2": "load and save images with the data module and picture.save",
        "scipy": "use torch tensors and math",
        "sklearn": "build the model with nn and train it with optim",
        "tensorflow": "gmm runs PyTorch programs: use torch, nn and optim",
        "pathlib": "paths are strings in gmm: os.path.join, os.path.exists, os.makedirs",
        "tqdm": "wrap the iterable in progress(iterable, desc='...')",
    ]

    /// Headers that continue the statement of the block before them: they go on its closing line (`} else {`).
    static let continuations: Set<String> = ["elif", "else", "except", "finally"]

    var input: [Token]
    var output: [Output] = []
    var diagnostics: [Diagnostic] = []
    let file: String
    /// Open blocks, innermost last: the indentation column of the block's lines and of its header.
    var blocks: [(column: Int, header: Int)] = []
    /// Set after a header's '{': the next line must be indented deeper.
    var pendingHeader: Token?
    var pendingColumn = 1

    init(tokens: [Token], file: String) {
        self.input = tokens
        self.file = file
    }

    /// Translates `source`: gmm tokens (ending in `.eof`), the comments, and lexical and indentation errors.
    public static func translate(_ source: SourceText) -> (tokens: [Output], comments: [Comment], diagnostics: [Diagnostic]) {
        let lexed = Lexer.tokenize(source)
        var translator = PythonTranslator(tokens: lexed.tokens, file: source.file)
        translator.run()
        return (translator.output, lexed.comments, lexed.diagnostics + translator.diagnostics)
    }

    /// Splits the input into logical lines (ended by a newline outside brackets) and translates each.
    mutating func run() {
        var line: [Token] = []
        for token in input {
            switch token.kind {
            case .newline where token.depth == 0:
                translateLine(line, newline: token)
                line = []
            case .eof:
                translateLine(line, newline: nil)
                closeBlocks(downTo: 1, at: token)
                if let header = pendingHeader { expectedIndent(after: header, at: token) }
                output.append(Output(token: token, synthetic: false))
            default:
                line.append(token)
            }
        }
    }

    mutating func report(_ message: String, at token: Token) {
        diagnostics.append(Diagnostic(file: file, at: token.location, message))
    }

    mutating func expectedIndent(after header: Token, at token: Token) {
        report("expected an indented block after the ':' on line \(header.line)", at: token)
        pendingHeader = nil
    }

    /// Emits `}` for every open block indented deeper than `column`; each goes on a line of its own.
    mutating func closeBlocks(downTo column: Int, at token: Token) {
        while let block = blocks.last, block.column > column {
            blocks.removeLast()
            // Before the blank and comment lines that precede `token`, right after the block's last line.
            // An `elif`/`else` joins the innermost closer (`} else {`), so that one goes just before it.
            let joins = Self.continuations.contains(token.lexeme) && blocks.last.map { $0.column <= column } ?? true
            let position = joins ? output.count : insertionPointForCloser()
            let closer = synthetic(.rightBrace, "}", at: token)
            output.insert(Output(token: closer, synthetic: true, indent: block.header), at: position)
            output.insert(Output(token: synthetic(.newline, "\n", at: token), synthetic: true), at: position + 1)
        }
    }

    /// Just after the last output newline that ends a line with tokens on it (before blank and comment lines).
    func insertionPointForCloser() -> Int {
        var index = output.count
        while index >= 2, output[index - 1].token.kind == .newline, output[index - 2].token.kind == .newline {
            index -= 1
        }
        return index
    }

    func synthetic(_ kind: TokenKind, _ lexeme: String, at token: Token) -> Token {
        // A '{' spans the ':' it replaces, so a comment after it keeps its gap.
        Token(kind: kind, lexeme: lexeme, line: token.line, column: token.column,
              end: kind == .leftBrace ? token.end : token.location,
              depth: token.depth + blocks.count)
    }

    /// Translates one logical line (without its newline) and appends it and the newline.
    mutating func translateLine(_ tokens: [Token], newline: Token?) {
        guard let first = tokens.first else {
            if let newline { output.append(Output(token: newline, synthetic: false)) }
            return
        }
        let column = first.column
        var unexpected = false
        if let header = pendingHeader {
            if column > pendingColumn {
                blocks.append((column, pendingColumn))
                pendingHeader = nil
            } else {
                expectedIndent(after: header, at: first)
            }
        } else if column > (blocks.last?.column ?? 1) {
            // Reported once; the line is read as part of the current block so later lines are not echoes.
            report("unexpected indent", at: first)
            unexpected = true
        }
        closeBlocks(downTo: column, at: first)
        if !unexpected, column != (blocks.last?.column ?? 1) { report("unindent does not match any outer indentation level", at: first) }
        // `} else {`: the closer and the continuation stay on one line.
        if Self.continuations.contains(first.lexeme), output.count >= 2, output[output.count - 2].token.kind == .rightBrace,
           output.last?.synthetic == true {
            output.removeLast()
        }
        statement(tokens)
        // A lone `pass` leaves no line, so a following `else` can still join its block's '}'.
        if tokens.count == 1, tokens[0].lexeme == "pass" { return }
        if let newline { output.append(Output(token: newline, synthetic: false)) }
    }

    /// Translates the tokens of one logical line.
    mutating func statement(_ tokens: [Token]) {
        let first = tokens[0]
        let lineColumn = blocks.last?.column ?? 1
        switch (first.kind, first.lexeme) {
        case (.reserved, "pass") where tokens.count == 1:
            return
        case (.import, _), (.reserved, "from"):
            if let module = tokens.dropFirst().first(where: { $0.kind == .identifier }),
               let advice = Self.missingModules[module.lexeme] {
                report("gmm has no module '\(module.lexeme)'; \(advice)", at: module)
                return
            }
            if tokens.count > 1, tokens[1].lexeme == "__future__" { return }
            emit(tokens)
        case (.reserved, "def"):
            var rest = withoutAnnotations(tokens)
            rest[0] = retyped(first, .fn, "fn")
            header(rest, headerColumn: lineColumn)
        case (.at, _):
            report("decorators have no gmm translation; call the function instead (f = decorator(f))", at: first)
        case (.reserved, "class"):
            guard tokens.count >= 2, tokens[1].kind == .identifier else {
                report("expected a class name after 'class'", at: first)
                return
            }
            guard let colon = headerColon(tokens) else { return report("expected ':' after the class header", at: first) }
            let bases = tokens[2..<colon]
            if !bases.isEmpty, !bases.contains(where: { $0.lexeme == "Module" }) {
                report("only subclasses of nn.Module translate to gmm (as 'module \(tokens[1].lexeme) { ... }')", at: first)
                return
            }
            let keyword = Token(kind: .identifier, lexeme: "module", line: first.line, column: first.column,
                                end: first.end, depth: first.depth)
            header([keyword, tokens[1]] + tokens[colon...], headerColumn: lineColumn)
        case (.reserved, "with"):
            guard let colon = headerColon(tokens) else { return report("expected ':' after the 'with' header", at: first) }
            let managed = tokens[1..<colon].map(\.lexeme).joined()
            let blocks = ["torch.no_grad()": "no_grad", "no_grad()": "no_grad",
                          "torch.enable_grad()": "enable_grad", "enable_grad()": "enable_grad"]
            guard let block = blocks[managed] else {
                report("only 'with torch.no_grad():' and 'with torch.enable_grad():' translate to gmm (as 'no_grad { ... }' "
                       + "and 'enable_grad { ... }'); '\(managed)' does not", at: tokens[1])
                return
            }
            let keyword = Token(kind: .blockKeyword, lexeme: block, line: first.line, column: first.column,
                                end: first.end, depth: first.depth)
            header([keyword] + tokens[colon...], headerColumn: lineColumn)
        case (.if, _) where tokens.count > 4 && tokens[1].lexeme == "__name__" && tokens[2].kind == .equalEqual
            && tokens[3].value == .string("__main__") && tokens[4].kind == .colon:
            // A script run by gmm is always the main program: the guarded block is a plain `{ ... }` group.
            header(Array(tokens[4...]), headerColumn: lineColumn)
        case (.if, _), (.elif, _), (.else, _), (.for, _), (.while, _), (.reserved, "try"), (.reserved, "except"),
             (.reserved, "finally"):
            header(tokens, headerColumn: lineColumn)
        case (.reserved, let word) where word == "yield":
            report("'\(word)' has no gmm translation yet", at: first)
        default:
            emit(tokens)
        }
    }

    func retyped(_ token: Token, _ kind: TokenKind, _ lexeme: String) -> Token {
        var copy = token
        copy.kind = kind
        copy.lexeme = lexeme
        return copy
    }

    /// A `def` header without its type hints: `x: int` keeps `x`, `-> T` goes (gmm has no annotations; they
    /// do nothing at run time in Python either).
    func withoutAnnotations(_ tokens: [Token]) -> [Token] {
        guard tokens.count > 2, tokens[2].kind == .leftParen else { return tokens }
        let inner = tokens[2].depth + 1
        var kept: [Token] = []
        var skipping = false
        var dropped = false
        var shift = 0
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.depth == inner, token.kind == .colon {
                skipping = true
            } else if skipping, token.depth == inner, [.comma, .equal, .rightParen].contains(token.kind) {
                skipping = false
            }
            if token.depth == tokens[0].depth, token.kind == .minus, i + 1 < tokens.count, tokens[i + 1].kind == .greater,
               tokens[i + 1].column == token.end.column, let colon = headerColon(tokens) {
                // `-> T` up to the header's ':'.
                i = colon
                dropped = true
                continue
            }
            if !skipping {
                var token = token
                if let last = kept.last, last.end.line == token.line {
                    // Close the hole a hint leaves, so `gmm port` prints `y: float = 2.0` as `y = 2.0`.
                    if dropped { shift = token.column - (last.end.column + (token.kind == .equal ? 1 : 0)) }
                } else {
                    shift = 0
                }
                if shift != 0 {
                    token.column -= shift
                    if token.end.line == token.line { token.end = SourceLocation(line: token.line, column: token.end.column - shift) }
                }
                kept.append(token)
                dropped = false
            } else {
                dropped = true
            }
            i += 1
        }
        return kept
    }

    /// The index of a compound statement's ':' — the first outside brackets and lambdas.
    func headerColon(_ tokens: [Token]) -> Int? {
        guard let depth = tokens.first?.depth else { return nil }
        var lambdas = 0
        for (i, token) in tokens.enumerated() where token.depth == depth {
            if token.lexeme == "lambda" { lambdas += 1 }
            if token.kind == .colon {
                if lambdas == 0 { return i }
                lambdas -= 1
            }
        }
        return nil
    }

    /// A compound statement's header: its ':' becomes '{'; a body on the same line is closed with '}' at once.
    /// `headerColumn` is where the header's line starts.
    mutating func header(_ tokens: [Token], headerColumn: Int) {
        guard let first = tokens.first else { return }
        guard let colon = headerColon(tokens) else {
            report("expected ':' at the end of the '\(first.lexeme)' header", at: tokens.last ?? first)
            return
        }
        emit(Array(tokens[..<colon]))
        output.append(Output(token: synthetic(.leftBrace, "{", at: tokens[colon]), synthetic: true, indent: headerColumn))
        let body = Array(tokens[(colon + 1)...])
        if body.isEmpty {
            pendingHeader = tokens[colon]
            pendingColumn = headerColumn
        } else {
            if !(body.count == 1 && body[0].lexeme == "pass") { emit(body) }
            let closer = synthetic(.rightBrace, "}", at: body.last ?? tokens[colon])
            output.append(Output(token: closer, synthetic: true, indent: headerColumn))
        }
    }

    /// Emits expression tokens, respelling `lambda a, b: e` as `fn(a, b) e`.
    mutating func emit(_ tokens: [Token]) {
        var i = 0
        var pendingLambdaColons: [Int] = []
        while i < tokens.count {
            let token = tokens[i]
            if token.kind == .reserved, token.lexeme == "lambda" {
                output.append(Output(token: retyped(token, .fn, "fn"), synthetic: false))
                output.append(Output(token: synthetic(.leftParen, "(", at: token), synthetic: true))
                pendingLambdaColons.append(token.depth)
            } else if token.kind == .colon, let depth = pendingLambdaColons.last, depth == token.depth {
                pendingLambdaColons.removeLast()
                output.append(Output(token: synthetic(.rightParen, ")", at: token), synthetic: true))
            } else if token.kind == .fstring, case .fstring(let parts) = token.value {
                var copy = token
                copy.value = .fstring(parts.map { part in
                    guard case .interpolation(var field) = part else { return part }
                    var inner = PythonTranslator(tokens: [], file: file)
                    inner.emit(Array(field.tokens.dropLast()))
                    field.tokens = inner.output.map(\.token) + field.tokens.suffix(1)
                    return .interpolation(field)
                })
                output.append(Output(token: copy, synthetic: false))
            } else {
                output.append(Output(token: token, synthetic: false))
            }
            i += 1
        }
    }
}
