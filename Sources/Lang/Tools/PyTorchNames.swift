/// What each of gmm's global builtins and `data` members becomes in an exported PyTorch program (`gmm export`).
///
/// One table for the exporter; a test checks it against the bindings' registry, so a builtin added without a
/// mapping here fails CI instead of exporting as a name PyTorch does not have. The `nn`, `optim`, `F`, `math` and
/// `torch` namespaces carry PyTorch's own names, so their members export unchanged.
public enum PyTorchNames {
    public enum Mapping: Hashable, Sendable {
        /// Python has the same builtin (`len`, `print`, `isinstance`).
        case same
        /// This Python expression (`torch.randn`).
        case python(String)
        /// A helper the exporter emits into the program under this name (`mnist`, `show`, `save`).
        case helper(String)
        /// No PyTorch counterpart yet: exporting a program that uses it is an error with this reason.
        case refused(String)
    }

    /// Global builtins by name.
    public static let globals: [String: Mapping] = {
        var table: [String: Mapping] = [:]
        for name in ["abs", "all", "any", "bool", "dict", "dir", "enumerate", "float", "getattr", "hasattr", "help",
                     "int", "isinstance", "len", "list", "max", "min", "print", "range", "repr", "reversed", "round",
                     "setattr", "sorted", "str", "sum", "super", "tuple", "type", "zip"] {
            table[name] = .same
        }
        for name in ["arange", "cat", "exp", "eye", "full", "full_like", "linspace", "log", "log_softmax", "matmul",
                     "ones", "ones_like", "rand", "rand_like", "randint", "randn", "randn_like", "randperm", "relu",
                     "sigmoid", "softmax", "sqrt", "stack", "tanh", "tensor", "where", "zeros", "zeros_like"] {
            table[name] = .python("torch." + name)
        }
        table["seed"] = .python("torch.manual_seed")
        table["leaky_relu"] = .python("F.leaky_relu")
        for name in ["load", "save", "show", "picture", "progress", "save_image", "save_video", "plot", "save_plot"] {
            table[name] = .helper(name)
        }
        return table
    }()

    /// Members of gmm's `data` namespace (`data.mnist`, `data.DataLoader`).
    public static let data: [String: Mapping] = [
        "DataLoader": .helper("DataLoader"),
        "TensorDataset": .python("TensorDataset"),
        "Subset": .python("Subset"),
        "random_split": .python("random_split"),
        "mnist": .helper("mnist_dataset"),
        "moving_mnist": .helper("moving_mnist"),
        "Vocab": .helper("Vocab"),
        "tokenize": .helper("tokenize"),
    ]

    /// Global values that are not builtins: dtype names and the script's arguments.
    public static let values: [String: String] = [
        "float32": "torch.float32", "int64": "torch.int64", "long": "torch.long", "args": "ARGV",
    ]

    /// Namespaces whose members keep their names (`nn.Linear`, `F.relu`, `optim.Adam`, `math.pi`).
    public static let namespaces: Set<String> = ["nn", "F", "optim", "torch", "math"]

    /// dtype strings (`dtype='int64'`) as PyTorch dtypes.
    public static let dtypes: Set<String> = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16",
                                             "int8", "uint8", "bool", "long", "float", "double", "int"]
}
