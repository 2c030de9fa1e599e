/// A host object whose `str()` differs from its `repr()`, as Python's `__str__` and `__repr__` may:
/// `print(torch.device("cpu"))` shows `cpu`, while `repr` (and a list holding it) shows `device(type='cpu')`.
public protocol HostObjectStr: HostObject {
    /// What `str`, `print` and an f-string field show; `description` stays the `repr`.
    var strDescription: String { get }
}
