/// Operator expressions, from lowest precedence to postfix.
extension Parser {
    /// expr_list = expression { ',' expression } [','] — a bare tuple where a statement allows one.
    func expressionList() throws -> Expr {
        let first = try displayItem()
        guard check(.comma) else { return try alone(first) }
        var items = [first]
        while match(.comma) {
            if !Parser.canStartExpression(peek()) && !check(.star) { break }
            items.append(try displayItem())
        }
        return try node(.tuple(items), at: first.location)
    }

    /// target_list = sum { ',' sum } [','] — parsed below comparisons so the `in` of a `for` stays free.
    func targetList() throws -> Expr {
        let first = try displayItem(sum)
        guard check(.comma) else { return try alone(first) }
        var items = [first]
        while match(.comma) {
            if check(.in) { break }
            items.append(try displayItem(sum))
        }
        return try node(.tuple(items), at: first.location)
    }

    /// display_item = '*' sum | expression — an item of a list or tuple display (or target list).
    func displayItem(_ item: () throws -> Expr) throws -> Expr {
        guard check(.star) else { return try item() }
        let star = advance()
        return try node(.starred(try sum()), at: star.location)
    }

    func displayItem() throws -> Expr { try displayItem(expression) }

    /// A lone item that is not a tuple: `*xs` alone is Python's "can't use starred expression here".
    func alone(_ item: Expr) throws -> Expr {
        if item.isStarred { throw report("can't use starred expression here", at: item.location) }
        return item
    }

    /// expression = disjunction ['if' disjunction 'else' expression]
    func expression() throws -> Expr {
        let value = try disjunction()
        guard check(.if) else { return value }
        let keyword = advance()
        let test = try disjunction()
        guard match(.else) else {
            throw unexpected("'else' to complete the conditional 'value if condition else other'")
        }
        // `a if b else c if d else ...` recurses here without passing through `postfix`.
        try descend()
        defer { ascend() }
        return try node(.conditional(test: test, then: value, else: expression()), at: keyword.location)
    }

    /// disjunction = conjunction { 'or' conjunction }
    func disjunction() throws -> Expr {
        var left = try conjunction()
        while check(.or) {
            let op = advance()
            left = try node(.logical(.or, left, conjunction()), at: op.location)
        }
        return left
    }

    /// conjunction = inversion { 'and' inversion }
    func conjunction() throws -> Expr {
        var left = try inversion()
        while check(.and) {
            let op = advance()
            left = try node(.logical(.and, left, inversion()), at: op.location)
        }
        return left
    }

    /// inversion = 'not' inversion | comparison
    func inversion() throws -> Expr {
        guard check(.not) else { return try comparison() }
        let op = advance()
        try descend()
        defer { ascend() }
        return try node(.unary(.not, inversion()), at: op.location)
    }

    /// comparison = sum { COMPARE_OP sum } — chained as in Python: `a < b < c` is `a < b and b < c`.
    func comparison() throws -> Expr {
        let first = try sum()
        var steps: [ComparisonStep] = []
        while let (op, location) = comparisonOperator() {
            steps.append(ComparisonStep(op, try sum(), at: location))
        }
        guard let firstStep = steps.first else { return first }
        return try node(.comparison(first, steps), at: firstStep.location)
    }

    /// Consumes a comparison operator, including the two-word `not in` and `is not`.
    func comparisonOperator() -> (ComparisonOperator, SourceLocation)? {
        let kind = peek().kind
        if let op = Parser.comparisonOperators[kind] {
            return (op, advance().location)
        }
        if kind == .not && peek(1).kind == .in {
            let location = advance().location
            advance()
            return (.notIn, location)
        }
        if kind == .is {
            let location = advance().location
            return (match(.not) ? .isNot : .is, location)
        }
        return nil
    }

    static let comparisonOperators: [TokenKind: ComparisonOperator] = [
        .equalEqual: .equal, .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
        .greater: .greater, .greaterEqual: .greaterEqual, .in: .in,
    ]

    /// sum = term { ('+' | '-') term }
    func sum() throws -> Expr {
        var left = try term()
        while let op = Parser.additiveOperators[peek().kind] {
            let token = advance()
            left = try node(.binary(op, left, term()), at: token.location)
        }
        return left
    }

    static let additiveOperators: [TokenKind: BinaryOperator] = [.plus: .add, .minus: .subtract]

    /// term = factor { ('*' | '/' | '//' | '%' | '@') factor }
    func term() throws -> Expr {
        var left = try factor()
        while let op = Parser.multiplicativeOperators[peek().kind] {
            let token = advance()
            left = try node(.binary(op, left, factor()), at: token.location)
        }
        return left
    }

    static let multiplicativeOperators: [TokenKind: BinaryOperator] = [
        .star: .multiply, .slash: .divide, .slashSlash: .floorDivide, .percent: .modulo, .at: .matmul,
    ]

    /// factor = ('-' | '+') factor | power
    func factor() throws -> Expr {
        guard check(.minus) || check(.plus) else { return try power() }
        let op = advance()
        try descend()
        defer { ascend() }
        let operand = try factor()
        return try node(.unary(op.kind == .minus ? .negate : .plus, operand), at: op.location)
    }

    /// power = postfix ['**' factor] — right-associative, and tighter than a unary minus on its left:
    /// `-2**2` is `-(2**2)`, while `2**-1` is `2**(-1)`.
    func power() throws -> Expr {
        let base = try postfix()
        guard check(.starStar) else { return base }
        let op = advance()
        try descend()
        defer { ascend() }
        let exponent = try factor()
        return try node(.binary(.power, base, exponent), at: op.location)
    }

    /// postfix = primary { '(' arguments ')' | '[' subscripts ']' | '.' NAME }
    ///
    /// Every recursive rule except the unary operators and the conditional's `else` passes through here (brackets,
    /// calls, subscripts, comprehension clauses, f-string fields, lambdas, `if` expressions), so this is where
    /// the nesting budget is charged: no grammar path can recurse without being counted.
    func postfix() throws -> Expr {
        try descend()
        defer { ascend() }
        var expr = try primary()
        while true {
            switch peek().kind {
            case .leftParen:
                let paren = advance()
                let location = Parser.callLocation(of: expr, paren: paren)
                expr = try node(.call(expr, argumentList(open: paren)), at: location)
            case .leftBracket:
                let bracket = advance()
                expr = try node(.index(expr, subscriptList(open: bracket)), at: bracket.location)
            case .dot:
                advance()
                let name = try attributeName()
                expr = try node(.attribute(expr, name.lexeme), at: name.location)
            default:
                return expr
            }
        }
    }

    /// A call is located at its callee's name (`f` in `f(x)`, `view` in `t.view(...)`), else at its '('.
    static func callLocation(of callee: Expr, paren: Token) -> SourceLocation {
        switch callee.kind {
        case .name, .attribute: return callee.location
        default: return paren.location
        }
    }

    /// Any word may follow '.', keywords included (`torch.no_grad`, `data.module`).
    func attributeName() throws -> Token {
        let token = peek()
        guard token.kind == .identifier || token.kind.isKeyword else { throw unexpected("an attribute name after '.'") }
        return advance()
    }

    /// arguments = [argument { ',' argument } [',']] | expression comp_clauses — positional ones first, then
    /// keywords and unpacking; or one bracketless comprehension.
    func argumentList(open: Token) throws -> [Argument] {
        setNewlines(ignored: true)
        defer { restoreNewlines() }
        var arguments: [Argument] = []
        while !check(.rightParen) {
            let mark = jumps.count
            var argument = try self.argument()
            if check(.for) { argument = try generatorArgument(argument, alone: arguments.isEmpty, jumpsFrom: mark) }
            checkOrder(of: argument, after: arguments)
            arguments.append(argument)
            if !match(.comma) { break }
        }
        try close(.rightParen, opener: open, inList: true)
        return arguments
    }

    /// argument = '*' expression | '**' expression | NAME '=' expression | expression
    func argument() throws -> Argument {
        let token = peek()
        if match(.star) { return Argument(.unpack, try expression(), at: token.location) }
        if match(.starStar) { return Argument(.unpackKeywords, try expression(), at: token.location) }
        if token.kind == .identifier && peek(1).kind == .equal {
            advance()
            advance()
            return Argument(.keyword(token.lexeme), try expression(), at: token.location)
        }
        return Argument(.positional, try expression(), at: token.location)
    }

    /// Python's ordering rules for arguments, reported without stopping the parse.
    func checkOrder(of argument: Argument, after earlier: [Argument]) {
        let sawKeyword = earlier.contains { if case .keyword = $0.kind { return true } else { return false } }
        let sawKeywordUnpack = earlier.contains { $0.kind == .unpackKeywords }
        switch argument.kind {
        case .positional where sawKeyword || sawKeywordUnpack:
            report("positional argument follows keyword argument", at: argument.location)
        case .unpack where sawKeywordUnpack:
            report("'*' unpacking follows '**' unpacking", at: argument.location)
        case .keyword(let name) where earlier.contains(where: { $0.kind == .keyword(name) }):
            report("keyword argument '\(name)' repeated", at: argument.location)
        default:
            break
        }
    }

    /// subscripts = subscript { ',' subscript } [',']
    func subscriptList(open: Token) throws -> [Subscript] {
        setNewlines(ignored: true)
        defer { restoreNewlines() }
        var items: [Subscript] = []
        while !check(.rightBracket) {
            items.append(try subscriptItem())
            if !match(.comma) { break }
        }
        if items.isEmpty { throw unexpected("an index or slice between '[' and ']'") }
        try close(.rightBracket, opener: open, inList: true)
        return items
    }

    /// subscript = expression | [expression] ':' [expression] [':' [expression]]
    func subscriptItem() throws -> Subscript {
        let lower = check(.colon) ? nil : try expression()
        guard match(.colon) else {
            guard let lower else { throw unexpected("an index") }
            return .index(lower)
        }
        let upper = sliceBoundFollows() ? try expression() : nil
        var step: Expr?
        if match(.colon) { step = sliceBoundFollows() ? try expression() : nil }
        return .slice(lower: lower, upper: upper, step: step)
    }

    /// True unless the next token ends this part of a slice (`:`, `,` or `]`).
    func sliceBoundFollows() -> Bool {
        let kind = peek().kind
        return kind != .colon && kind != .comma && kind != .rightBracket
    }
}
