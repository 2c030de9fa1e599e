/// A compiled function: its slot layout, its body and how arguments map to parameter slots.
final class FunctionCode {
    let function: Function
    let scope: FunctionScope
    let layout: SlotLayout
    let body: BlockNode
    /// Parameters bound by position (those before a `*rest`); parameter `i` lives in slot `i`.
    let plain: [ParameterSlot]
    /// Parameters after `*rest` or a bare `*`: keyword only.
    let keywordOnly: [ParameterSlot]
    /// Parameters whose default is evaluated once, in the enclosing frame, when the function is made.
    let pinned: [ParameterSlot]
    /// The slot of `*rest`, if any.
    let variadic: ParameterSlot?
    /// The slot of `**options`, if any.
    let keywords: ParameterSlot?
    /// The number of positional arguments a call can store straight into the parameter slots (every plain
    /// parameter given, nothing else to bind), or -1 when the function has `*rest`, `**options` or keyword-only
    /// parameters.
    let fastArity: Int
    /// The text the function was compiled from (nil when not known).
    let source: SourceText?

    init(function: Function, scope: FunctionScope, layout: SlotLayout, body: BlockNode, defaults: [ExprNode?],
         pinned: [ExprNode?] = [], source: SourceText? = nil) {
        self.function = function
        self.source = source
        self.scope = scope
        self.layout = layout
        self.body = body
        var plain: [ParameterSlot] = [], keywordOnly: [ParameterSlot] = []
        var variadic: ParameterSlot?, keywords: ParameterSlot?
        var pinnedSlots: [ParameterSlot] = []
        for (i, parameter) in function.parameters.enumerated() {
            let slot = layout.index[parameter.name] ?? i
            let p = ParameterSlot(name: parameter.name, slot: slot, defaultValue: i < defaults.count ? defaults[i] : nil,
                                  pinnedDefault: i < pinned.count ? pinned[i] : nil)
            if p.pinnedDefault != nil { pinnedSlots.append(p) }
            switch parameter.kind {
            case .positional:
                if variadic == nil && !parameter.keywordOnly { plain.append(p) } else { keywordOnly.append(p) }
            case .variadic: variadic = p
            case .keywords: keywords = p
            }
        }
        self.plain = plain
        self.pinned = pinnedSlots
        self.keywordOnly = keywordOnly
        self.variadic = variadic
        self.keywords = keywords
        // The fast path stores argument i in slot i, which the layout guarantees for unique parameter names.
        let slotsInOrder = plain.enumerated().allSatisfy { $0.offset == $0.element.slot }
        fastArity = variadic == nil && keywords == nil && keywordOnly.isEmpty && slotsInOrder ? plain.count : -1
    }

    deinit {
        // Spare frames refer to the layout, which refers to them: break the cycle.
        layout.spareFrames = []
    }

    /// The function's name, `<lambda>` for a lambda.
    var name: String { function.name ?? "<lambda>" }
}

/// A parameter's name, slot and compiled default.
struct ParameterSlot {
    let name: String
    let slot: Int
    let defaultValue: ExprNode?
    /// The default compiled for the enclosing scope, when it reads parameters that are not bound yet.
    var pinnedDefault: ExprNode? = nil
}
