import Engine
import Lang

/// `view_as`, `reshape_as`, `expand_as`: the shape methods that take their shape from another tensor.
extension TensorMethods {
    static let likeMethods: [Entry] = [
        method("view_as", "view_as(other)", "t.view(other.size()): the same elements in other's shape.", ["other"]) { t, a in
            wrap(try t.view(try a.tensor("other").shape))
        },
        method("reshape_as", "reshape_as(other)", "t.reshape(other.size()): the same elements in other's shape, copied when they must be.",
               ["other"]) { t, a in wrap(try t.reshape(try a.tensor("other").shape)) },
        method("expand_as", "expand_as(other)", "t.expand(other.size()): a broadcast view to other's shape.", ["other"]) { t, a in
            wrap(try t.expand(try a.tensor("other").shape))
        },
    ]
}
