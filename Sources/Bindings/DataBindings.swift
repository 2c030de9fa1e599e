import Engine
import Data
import Lang

/// The `data` namespace: MNIST, loaders, tensor data sets, splits, moving digits with captions, vocabularies.
enum DataBindings {
    static func namespaceValue(_ interpreter: Interpreter) -> Value {
        namespace("data", [
            ("mnist", builtin("data.mnist", "data.mnist(train=true, root=nil, normalize=nil)",
                              "MNIST from IDX files (gzip or raw): the embedded 5,000-image subset (4,000 train, 1,000 test) when root is nil, else the files in root. Items are (image [1, 28, 28], label); normalize=[0.5, 0.5] maps pixels to [-1, 1].") { a in
                let args = try Args(a, "mnist", ["train", "root", "normalize"])
                var normalize: (mean: Float, std: Float)?
                if let n = args.value("normalize") {
                    let pair = try pairOf(n)
                    normalize = (Float(pair[0]), Float(pair[1]))
                }
                let root = args.value("root") == nil ? nil : try args.string("root")
                return .object(DatasetObject(try MNIST(train: try args.bool("train", true), root: root, normalize: normalize), name: "MNIST"))
            }),
            ("DataLoader", builtin("data.DataLoader",
                                   "data.DataLoader(dataset, batch_size=1, shuffle=false, sampler=nil, num_workers=0, collate_fn=nil, pin_memory=false, drop_last=false)",
                                   "Batches of a data set, one stacked tensor per field (images [B, 1, 28, 28], labels [B] for MNIST), in order unless shuffle=true (then reshuffled every epoch from the session's random generator) or a sampler gives the order. collate_fn(list of items) makes each batch instead of stacking; num_workers and pin_memory are accepted and do nothing (gmm loads on the calling thread, on the CPU).") { [unowned interpreter] a in
                try LoaderObject.make(a, interpreter)
            }),
            ("TensorDataset", builtin("data.TensorDataset", "data.TensorDataset(*tensors)",
                                      "Tensors sharing their first dimension as a data set of rows.") { a in
                try a.expect("TensorDataset", count: 1...Int.max)
                let tensors = try a.positional.map { try Convert.tensor($0, "TensorDataset() argument") }
                return .object(DatasetObject(try TensorDataset(tensors), name: "TensorDataset"))
            }),
            ("Subset", builtin("data.Subset", "data.Subset(dataset, indices)", "The items of dataset at indices.") { a in
                let args = try Args(a, "Subset", ["dataset", "indices"])
                let ds = try dataset(try args.required("dataset"), "Subset")
                return .object(DatasetObject(try Subset(ds.dataset, try Convert.ints(try args.required("indices"), "Subset() indices")), name: "Subset"))
            }),
            ("random_split", builtin("data.random_split", "data.random_split(dataset, lengths)",
                                     "Disjoint random subsets with the given lengths (or fractions summing to 1), drawn from the session's generator.") { a in
                let args = try Args(a, "random_split", ["dataset", "lengths"])
                let ds = try dataset(try args.required("dataset"), "random_split")
                let lengths = try args.required("lengths")
                guard let items = Convert.items(lengths) else { throw RuntimeError("random_split() lengths must be a list") }
                let allInts = items.allSatisfy { if case .int = $0 { return true } else { return false } }
                let subsets = allInts
                    ? try randomSplit(ds.dataset, try items.map { try Convert.int($0, "length") })
                    : try randomSplit(ds.dataset, fractions: try items.map { try Convert.double($0, "fraction") })
                return .list(ListBox(subsets.map { .object(DatasetObject($0, name: "Subset")) }))
            }),
            ("moving_mnist", builtin("data.moving_mnist", "data.moving_mnist(n, frames=16, size=64, digits=1, seed=0)",
                                     "n clips [1, T, H, W] in [0, 1] of MNIST digits moving at constant velocity and bouncing off the edges, each with a caption such as 'digit 7 moving down-left'. Items are (clip, first frame, labels); .clips, .first_frames, .labels and .captions hold them all.") { a in
                let args = try Args(a, "moving_mnist", ["n", "frames", "size", "digits", "seed"])
                let seed = try args.int("seed", 0)
                guard seed >= 0 else { throw RuntimeError("moving_mnist() seed must not be negative") }
                let clips = try movingMNIST(n: try args.int("n"), frames: try args.int("frames", 16), size: try args.int("size", 64),
                                            digits: try args.int("digits", 1), seed: UInt64(seed))
                return .object(DatasetObject(clips, name: "MovingMNIST"))
            }),
            ("Vocab", builtin("data.Vocab", "data.Vocab(texts)",
                              "A vocabulary of the lowercase words of texts: 0 is <pad>, 1 is <unk>, then words in order of first appearance.") { a in
                let args = try Args(a, "Vocab", ["texts"])
                return .object(VocabObject(Vocab(try strings(try args.required("texts"), "Vocab"))))
            }),
            ("tokenize", builtin("data.tokenize", "data.tokenize(text, vocab, length=nil)",
                                 "Token indices of a string ([L] int64) or a list of strings ([B, L], padded with 0 to length or the longest).") { a in
                let args = try Args(a, "tokenize", ["text", "vocab", "length"])
                guard case .object(let v as VocabObject) = try args.required("vocab") else {
                    throw RuntimeError("tokenize() vocab must be a data.Vocab")
                }
                let length = try args.optionalInt("length")
                if case .string(let s) = try args.required("text") { return Convert.wrap(try tokenize(s, v.vocab, length: length)) }
                return Convert.wrap(try tokenize(try strings(try args.required("text"), "tokenize"), v.vocab, length: length))
            }),
        ])
    }

    static func pairOf(_ v: Value) throws -> [Double] {
        let items = Convert.items(v) ?? [v]
        guard items.count == 2 else { throw RuntimeError("normalize must be [mean, std]") }
        return try items.map { try Convert.double($0, "normalize") }
    }

    static func dataset(_ v: Value, _ function: String) throws -> DatasetObject {
        if case .object(let d as DatasetObject) = v { return d }
        // Any object with len() and [i] (torchvision's MNIST): its items are read one by one and batched as
        // PyTorch's default_collate does.
        if case .object(let host) = v, case .int(let count)? = try host.getAttribute("__len__") {
            return DatasetObject(HostItems(host, count: count), name: host.typeName)
        }
        throw RuntimeError("\(function)() dataset must be a data set (data.mnist(), data.TensorDataset(...), torchvision.datasets.MNIST(...)), not \(v.typeName)")
    }

    static func strings(_ v: Value, _ function: String) throws -> [String] {
        guard let items = Convert.items(v) else { throw RuntimeError("\(function)() takes a list of strings, not \(v.typeName)") }
        return try items.map {
            guard case .string(let s) = $0 else { throw RuntimeError("\(function)() takes strings, not \($0.typeName)") }
            return s
        }
    }
}

/// A data set as a gmm value: `len(ds)`, `ds[i]` (a tuple of its fields) and the set's own attributes.
final class DatasetObject: HostObject {
    let dataset: Dataset
    let name: String

    init(_ dataset: Dataset, name: String) {
        self.dataset = dataset
        self.name = name
    }

    var typeName: String { name }
    var description: String { "<\(name): \(dataset.count) items>" }
    var memberNames: [String] {
        switch dataset {
        case is MNIST: return ["images", "labels", "label_counts"]
        case is MovingDigits: return ["clips", "first_frames", "labels", "captions"]
        default: return []
        }
    }

    func getAttribute(_ name: String) throws -> Value? {
        if name == "__len__" { return .int(dataset.count) }
        if let m = dataset as? MNIST {
            switch name {
            case "images": return Convert.wrap(m.images)
            case "labels": return Convert.wrap(m.labels)
            case "label_counts":
                return builtin("label_counts", "label_counts()", "How many images of each digit 0-9.") { _ in
                    .list(ListBox(m.labelCounts().map { .int($0) }))
                }
            default: return nil
            }
        }
        if let d = dataset as? MovingDigits {
            switch name {
            case "clips": return Convert.wrap(d.clips)
            case "first_frames": return Convert.wrap(d.firstFrames)
            case "labels": return Convert.wrap(d.labels)
            case "captions": return .list(ListBox(d.captions.map { .string($0) }))
            default: return nil
            }
        }
        return nil
    }

    func getItem(_ key: Value) throws -> Value? {
        let i = try Convert.int(key, "\(name) index")
        return .tuple(try bridge { try dataset.item(i).map(DatasetObject.field) })
    }

    func iterate() throws -> AnyIterator<Value>? {
        var i = 0
        let ds = dataset
        return HostIterator.make {
            guard i < ds.count else { return nil }
            defer { i += 1 }
            return .tuple(try bridge { try ds.item(i).map(DatasetObject.field) })
        }
    }

    /// A field of an item: a 0-d int64 tensor (a label) becomes an int, as PyTorch's MNIST gives labels.
    static func field(_ t: Tensor) -> Value {
        if t.rank == 0 && t.dtype == .int64, let v = try? t.itemInt64() { return .int(Int(v)) }
        return Convert.wrap(t)
    }
}

/// A data loader as a gmm value: `for (images, labels) in loader`, `len(loader)`.
///
/// The defaults are PyTorch's (`batch_size=1`, `shuffle=false`). A `sampler` (any iterable of indices) fixes the
/// order of every epoch; a `collate_fn` gets each batch as a list of items (tuples of fields) and its result is the
/// batch.
final class LoaderObject: HostObject {
    let loader: DataLoader
    /// The item order from `sampler`, read again at the start of every epoch.
    let sampler: Value?
    let collate: Value?
    /// The data set as the program gave it, for `loader.dataset`.
    var source: Value?
    unowned let interpreter: Interpreter

    init(_ loader: DataLoader, sampler: Value? = nil, collate: Value? = nil, interpreter: Interpreter) {
        self.loader = loader
        self.sampler = sampler
        self.collate = collate
        self.interpreter = interpreter
    }

    /// `data.DataLoader(...)` with PyTorch's arguments and defaults.
    static func make(_ a: CallArguments, _ interpreter: Interpreter) throws -> Value {
        let args = try Args(a, "DataLoader", ["dataset", "batch_size", "shuffle", "sampler", "num_workers", "collate_fn",
                                              "pin_memory", "drop_last"])
        let ds = try DataBindings.dataset(try args.required("dataset"), "DataLoader")
        let shuffle = try args.bool("shuffle", false)
        let sampler = LoaderObject.given(args.value("sampler"))
        if sampler != nil && shuffle {
            throw RuntimeError("DataLoader() sampler option is mutually exclusive with shuffle")
        }
        let workers = try args.int("num_workers", 0)
        guard workers >= 0 else {
            throw RuntimeError("DataLoader() num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        }
        _ = try args.bool("pin_memory", false)
        let collate = LoaderObject.given(args.value("collate_fn"))
        let loader = try DataLoader(ds.dataset, batchSize: try args.int("batch_size", 1), shuffle: shuffle,
                                    dropLast: try args.bool("drop_last", false))
        let object = LoaderObject(loader, sampler: sampler, collate: collate, interpreter: interpreter)
        object.source = try args.required("dataset")
        return .object(object)
    }

    /// An optional argument, nil when left out or passed as nil.
    static func given(_ v: Value?) -> Value? {
        if case .nil? = v { return nil }
        return v
    }

    var typeName: String { "DataLoader" }
    var description: String {
        "<DataLoader: \(loader.count) batches of \(loader.batchSize) from \(loader.dataset.count) items\(loader.shuffle ? ", shuffled" : "")>"
    }
    var memberNames: [String] { ["batch_size", "dataset"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "__len__": return .int(try count())
        case "batch_size": return .int(loader.batchSize)
        case "dataset": return source ?? .object(DatasetObject(loader.dataset, name: "Dataset"))
        default: return nil
        }
    }

    /// The number of batches in an epoch (of the sampler's indices when there is one).
    private func count() throws -> Int {
        guard sampler != nil else { return loader.count }
        let n = try order().count, size = loader.batchSize
        return loader.dropLast ? n / size : (n + size - 1) / size
    }

    /// This epoch's item order: the sampler's indices, or the loader's own (in order or shuffled).
    private func order() throws -> [Int] {
        guard let sampler else { return loader.makeIterator().order }
        let n = loader.dataset.count
        return try interpreter.elements(of: sampler).map { v in
            let i = try Convert.int(v, "DataLoader() sampler index")
            guard i >= 0 && i < n else { throw RuntimeError("DataLoader() sampler index \(i) is out of range for a data set of \(n) items") }
            return i
        }
    }

    func iterate() throws -> AnyIterator<Value>? {
        let order = try order()
        let size = loader.batchSize, dropLast = loader.dropLast, dataset = loader.dataset
        var position = 0
        return HostIterator.make { [self] in
            let end = Swift.min(position + size, order.count)
            guard end > position, !(dropLast && end - position < size) else { return nil }
            let indices = Array(order[position..<end])
            position = end
            if let collate {
                let items = try indices.map { i in Value.tuple(try bridge { try dataset.item(i).map(DatasetObject.field) }) }
                return try interpreter.invoke(collate, CallArguments([.list(ListBox(items))]))
            }
            return .tuple(try bridge { try dataset.batch(indices) }.map(Convert.wrap))
        }
    }
}

/// A vocabulary as a gmm value: `len(v)`, `v.encode(text)`, `v.decode(indices)`, `v.words`.
final class VocabObject: HostObject {
    let vocab: Vocab

    init(_ vocab: Vocab) { self.vocab = vocab }

    var typeName: String { "Vocab" }
    var description: String { "<Vocab: \(vocab.count) words>" }
    var memberNames: [String] { ["decode", "encode", "words"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "__len__": return .int(vocab.count)
        case "words": return .list(ListBox((0..<vocab.count).compactMap { vocab.word(at: $0) }.map { .string($0) }))
        case "encode":
            return builtin("Vocab.encode", "encode(text)", "The token indices of text, as a list of ints.") { [vocab] a in
                let args = try Args(a, "encode", ["text"])
                return .list(ListBox(vocab.encode(try args.string("text")).map { .int($0) }))
            }
        case "decode":
            return builtin("Vocab.decode", "decode(indices)", "The words of indices (a list or an int64 tensor), padding left out.") { [vocab] a in
                let args = try Args(a, "decode", ["indices"])
                return .string(vocab.decode(try Convert.ints(try args.required("indices"), "decode() indices")))
            }
        default: return nil
        }
    }
}

/// The items of a host object with `len()` and `[i]`, as a data set for the loader: each item (a tuple of tensors
/// and numbers) becomes tensor fields, an int a 0-d int64 tensor and a float a 0-d float one, as PyTorch's
/// `default_collate` batches them.
final class HostItems: Dataset {
    let host: HostObject
    let count: Int

    init(_ host: HostObject, count: Int) {
        self.host = host
        self.count = count
    }

    func item(_ index: Int) throws -> [Tensor] {
        guard let value = try host.getItem(.int(index)) else { throw RuntimeError("'\(host.typeName)' object is not subscriptable") }
        let fields: [Value]
        if case .tuple(let parts) = value { fields = parts } else { fields = Convert.items(value) ?? [value] }
        return try fields.map { field in
            switch field {
            case .object(let t as TensorObject): return t.tensor
            case .int(let n): return try Tensor(int64s: [Int64(n)], shape: [])
            case .bool(let b): return try Tensor(int64s: [b ? 1 : 0], shape: [])
            case .float(let x): return try Tensor([Float(x)], shape: [])
            default:
                throw RuntimeError("default_collate: batch must contain tensors or numbers; found \(field.typeName)"
                                   + (field.typeName == "Image" ? " (add transforms.ToTensor() to the data set's transform)" : ""))
            }
        }
    }
}
