/// A constructor declared once: its PyTorch name, its signature after the leading argument, and its doc.
///
/// Optimizers (after `params`) and learning-rate schedulers (after `optimizer`) are tables of these; `help` shows
/// `usage`, and `signature` checks a call's arguments and fills in the defaults.
public struct ConstructorSpec: Sendable {
    public let name: String
    public let signature: Signature
    public let doc: String
    /// Where it lives (`optim`) and the argument that comes before the signature (`params`).
    public let namespace: String
    public let leading: String

    init(_ name: String, _ signature: String, _ doc: String, namespace: String, leading: String) {
        self.name = name
        self.signature = Signature(signature)
        self.doc = doc
        self.namespace = namespace
        self.leading = leading
    }

    /// `optim.Adam(params, lr=0.001, ...)`.
    public var usage: String {
        "\(namespace).\(name)(\(leading)" + (signature.text.isEmpty ? "" : ", \(signature.text)") + ")"
    }
}
