import Data
import Engine
import Foundation
import Lang
import Media

/// `torchvision`: the parts pytorch/examples use, under its names: `datasets.MNIST`, `transforms.Compose ToTensor
/// Normalize Resize CenterCrop`, `utils.save_image make_grid`.
///
/// `import torchvision`, `from torchvision import datasets, transforms`, `import torchvision.utils as vutils` and
/// `from torchvision.utils import save_image` all resolve here, as `import torch.nn.functional as F` does.
enum TorchvisionBindings {
    static func install(_ interpreter: Interpreter) {
        let datasets = namespace("torchvision.datasets", [
            ("MNIST", builtin("torchvision.datasets.MNIST",
                              "torchvision.datasets.MNIST(root, train=true, transform=nil, target_transform=nil, download=false)",
                              "MNIST as torchvision gives it: items (transform(image), int label), image a PIL-like 28x28 'L' picture. Reads the IDX files under root in torchvision's layout (root/MNIST/raw/train-images-idx3-ubyte[.gz], ...) when they are there, else the embedded 5,000-digit subset (train = its 4,000, test = the 1,000 held out, as data.mnist splits it), and prints one line saying which. download=true never touches the network.") { [unowned interpreter] a in
                try VisionMNIST.make(a, interpreter)
            }),
        ])
        let transforms = namespace("torchvision.transforms", [
            ("Compose", builtin("torchvision.transforms.Compose", "torchvision.transforms.Compose(transforms)",
                                "Applies each transform of the list in order.") { [unowned interpreter] a in
                let args = try Args(a, "Compose", ["transforms"])
                guard let steps = Convert.items(try args.required("transforms")) else {
                    throw RuntimeError("Compose() transforms must be a list")
                }
                return .object(VisionTransform(.compose(steps), interpreter))
            }),
            ("ToTensor", builtin("torchvision.transforms.ToTensor", "torchvision.transforms.ToTensor()",
                                 "A PIL-like image (H x W, 0-255) to a float tensor [C, H, W] in [0, 1] (divided by 255).") { [unowned interpreter] a in
                _ = try Args(a, "ToTensor", [])
                return .object(VisionTransform(.toTensor, interpreter))
            }),
            ("Normalize", builtin("torchvision.transforms.Normalize", "torchvision.transforms.Normalize(mean, std, inplace=false)",
                                  "(tensor - mean[c]) / std[c] for each channel c of a tensor [..., C, H, W].") { [unowned interpreter] a in
                let args = try Args(a, "Normalize", ["mean", "std", "inplace"])
                let mean = try floats(try args.required("mean"), "Normalize() mean")
                let std = try floats(try args.required("std"), "Normalize() std")
                guard mean.count == std.count, !mean.isEmpty else { throw RuntimeError("Normalize() mean and std must have the same number of channels") }
                if std.contains(0) { throw RuntimeError("std evaluated to zero after conversion to torch.float32, leading to division by zero.") }
                _ = try args.bool("inplace", false)
                return .object(VisionTransform(.normalize(mean: mean, std: std), interpreter))
            }),
            ("Resize", builtin("torchvision.transforms.Resize", "torchvision.transforms.Resize(size, interpolation='bilinear', max_size=nil, antialias=true)",
                               "Resizes a PIL-like image: an int size makes the smaller edge that long (keeping the aspect ratio), (h, w) sets both. Bilinear, computed as Pillow does (its fixed-point filter, rounded to 0-255), so the pixels equal torchvision's on PIL images. Tensors are not resized: put Resize before ToTensor, as pytorch/examples do.") { [unowned interpreter] a in
                let args = try Args(a, "Resize", ["size", "interpolation", "max_size", "antialias"])
                let size = try sizePair(try args.required("size"), "Resize")
                let interpolation = try args.string("interpolation", "bilinear").lowercased()
                guard interpolation == "bilinear" || interpolation == "interpolationmode.bilinear" else {
                    throw RuntimeError("Resize() interpolation '\(interpolation)' is not supported: gmm resizes bilinearly only")
                }
                if LoaderObject.given(args.value("max_size")) != nil { throw RuntimeError("Resize() max_size is not supported") }
                _ = try args.bool("antialias", true)
                return .object(VisionTransform(.resize(size), interpreter))
            }),
            ("CenterCrop", builtin("torchvision.transforms.CenterCrop", "torchvision.transforms.CenterCrop(size)",
                                   "The central size x size (or h x w) part of an image or tensor, padded with zeros where the crop is larger, as torchvision does.") { [unowned interpreter] a in
                let args = try Args(a, "CenterCrop", ["size"])
                let size = try sizePair(try args.required("size"), "CenterCrop")
                return .object(VisionTransform(.centerCrop(h: size.0 ?? size.1, w: size.1), interpreter))
            }),
        ])
        let utils = namespace("torchvision.utils", [
            ("save_image", interpreter.builtins["save_image"].map { Value.builtin($0) } ?? .nil),
            ("make_grid", builtin("torchvision.utils.make_grid",
                                  "torchvision.utils.make_grid(tensor, nrow=8, padding=2, normalize=false, value_range=nil, scale_each=false, pad_value=0)",
                                  "The images [B, C, H, W] (C = 1 or 3) laid out in a grid as one tensor [3, H', W'], as torchvision makes it: nrow images per row, padding pixels of pad_value between them; normalize=true maps [min, max] (or value_range) to [0, 1]. save_image writes the same grid.") { a in
                let args = try Args(a, "make_grid", ["tensor", "nrow", "padding", "normalize", "value_range", "scale_each", "pad_value"])
                if try args.bool("scale_each", false) { throw RuntimeError("make_grid() scale_each=true is not supported") }
                let options = GridOptions(nrow: try args.int("nrow", 8), padding: try args.int("padding", 2),
                                          normalize: try args.bool("normalize", false), valueRange: try MediaBindings.range(args),
                                          padValue: Float(try args.double("pad_value", 0)))
                return Convert.wrap(try makeGridTensor(try args.tensor("tensor").detach(), options))
            }),
        ])
        let torchvision = namespace("torchvision", [("datasets", datasets), ("transforms", transforms), ("utils", utils)])
        interpreter.builtinModules["torchvision"] = torchvision
        interpreter.builtinModules["torchvision.datasets"] = datasets
        interpreter.builtinModules["torchvision.transforms"] = transforms
        interpreter.builtinModules["torchvision.utils"] = utils
    }

    /// A number or a sequence of numbers as floats (Normalize's `(0.1307,)`).
    static func floats(_ v: Value, _ what: String) throws -> [Float] {
        try (Convert.items(v) ?? [v]).map { try Convert.float($0, what) }
    }

    /// torchvision's size argument: an int (the smaller edge; first element nil) or (h, w).
    static func sizePair(_ v: Value, _ function: String) throws -> (Int?, Int) {
        let sizes = try Convert.items(v).map { try $0.map { try Convert.int($0, "\(function)() size") } } ?? [try Convert.int(v, "\(function)() size")]
        guard sizes.allSatisfy({ $0 > 0 }) else { throw RuntimeError("\(function)() size must be positive, got \(sizes)") }
        switch sizes.count {
        case 1: return (nil, sizes[0])
        case 2: return (sizes[0], sizes[1])
        default: throw RuntimeError("\(function)() size must be an int or (h, w), got \(sizes.count) numbers")
        }
    }
}

/// A PIL-like grayscale picture (mode 'L'): what torchvision's MNIST hands its transform before `ToTensor`.
final class VisionImage: HostObject {
    let width: Int
    let height: Int
    /// Row-major bytes, 0 black to 255 white.
    let pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    var typeName: String { "Image" }
    var description: String { "<PIL.Image.Image image mode=L size=\(width)x\(height)>" }
    var memberNames: [String] { ["height", "mode", "size", "width"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "size": return .tuple([.int(width), .int(height)])
        case "width": return .int(width)
        case "height": return .int(height)
        case "mode": return .string("L")
        default: return nil
        }
    }

    /// Pillow's `resize((w, h), BILINEAR)` on an 8-bit image, reproduced step for step: two passes, each with its
    /// triangle filter (widened when shrinking), weights in 22-bit fixed point and the result rounded to a byte
    /// (Pillow's `ImagingResample`, `precompute_coeffs`, `normalize_coeffs_8bpc`).
    ///
    /// Pillow 13 chooses which pass goes first; horizontal first, except vertical first when the height shrinks and
    /// the width grows, gives its bytes exactly for every enlargement (dcgan's 28 -> 64) and in 388 of 400 random
    /// sizes of a digit; the other 12 shrink both sides, where a few pixels differ by 1 (checked with Pillow 13.0).
    func resized(width outW: Int, height outH: Int) -> VisionImage {
        if outH < height && outW > width {
            return pass(horizontal: false, outSize: outH).pass(horizontal: true, outSize: outW)
        }
        var image = self
        if outW != width { image = image.pass(horizontal: true, outSize: outW) }
        if outH != height { image = image.pass(horizontal: false, outSize: outH) }
        return image
    }

    private static let precisionBits = 32 - 8 - 2

    private func pass(horizontal: Bool, outSize: Int) -> VisionImage {
        let inSize = horizontal ? width : height
        let scale = Double(inSize) / Double(outSize)
        let filterScale = Swift.max(scale, 1.0)
        let support = 1.0 * filterScale
        var bounds: [(Int, Int)] = []
        var weights: [[Int32]] = []
        for xx in 0..<outSize {
            let center = (Double(xx) + 0.5) * scale
            let xmin = Swift.max(Int(center - support + 0.5), 0)
            let xmax = Swift.min(Int(center + support + 0.5), inSize) - xmin
            var k = (0..<Swift.max(xmax, 0)).map { x -> Double in
                let t = abs((Double(x + xmin) - center + 0.5) * (1.0 / filterScale))
                return t < 1 ? 1 - t : 0
            }
            let total = k.reduce(0, +)
            if total != 0 { k = k.map { $0 / total } }
            let one = Double(1 << VisionImage.precisionBits)
            weights.append(k.map { $0 < 0 ? Int32(-0.5 + $0 * one) : Int32(0.5 + $0 * one) })
            bounds.append((xmin, Swift.max(xmax, 0)))
        }
        let outW = horizontal ? outSize : width, outH = horizontal ? height : outSize
        var out = [UInt8](repeating: 0, count: outW * outH)
        let half = Int64(1) << (VisionImage.precisionBits - 1)
        for y in 0..<outH {
            for x in 0..<outW {
                let index = horizontal ? x : y
                let (start, count) = bounds[index]
                var sum = half
                for j in 0..<count {
                    let pixel = horizontal ? pixels[y * width + start + j] : pixels[(start + j) * width + x]
                    sum += Int64(pixel) * Int64(weights[index][j])
                }
                out[y * outW + x] = sum <= 0 ? 0 : UInt8(Swift.min(sum >> Int64(VisionImage.precisionBits), 255))
            }
        }
        return VisionImage(width: outW, height: outH, pixels: out)
    }

    /// torchvision's `center_crop`: offsets `round((size - crop) / 2)` (Python's round, halves to even), zero padding
    /// where the crop reaches past the picture.
    func cropped(height cropH: Int, width cropW: Int) -> VisionImage {
        let top = VisionTransform.centerOffset(height, cropH), left = VisionTransform.centerOffset(width, cropW)
        var out = [UInt8](repeating: 0, count: cropW * cropH)
        for y in 0..<cropH {
            let sy = y + top
            guard sy >= 0 && sy < height else { continue }
            for x in 0..<cropW {
                let sx = x + left
                if sx >= 0 && sx < width { out[y * cropW + x] = pixels[sy * width + sx] }
            }
        }
        return VisionImage(width: cropW, height: cropH, pixels: out)
    }
}

/// One of torchvision's transforms, callable on an item: `transform(image)`.
final class VisionTransform: HostObject {
    enum Kind {
        case compose([Value])
        case toTensor
        case normalize(mean: [Float], std: [Float])
        /// (nil, n): the smaller edge becomes n; (h, w): both.
        case resize((Int?, Int))
        case centerCrop(h: Int, w: Int)
    }

    let kind: Kind
    unowned let interpreter: Interpreter

    init(_ kind: Kind, _ interpreter: Interpreter) {
        self.kind = kind
        self.interpreter = interpreter
    }

    var typeName: String {
        switch kind {
        case .compose: return "Compose"
        case .toTensor: return "ToTensor"
        case .normalize: return "Normalize"
        case .resize: return "Resize"
        case .centerCrop: return "CenterCrop"
        }
    }

    var description: String {
        func numbers(_ xs: [Float]) -> String { "(" + xs.map { "\($0)" }.joined(separator: ", ") + (xs.count == 1 ? ",)" : ")") }
        switch kind {
        case .compose(let steps): return "Compose(\n" + steps.map { "    \($0.str)\n" }.joined() + ")"
        case .toTensor: return "ToTensor()"
        case .normalize(let mean, let std): return "Normalize(mean=\(numbers(mean)), std=\(numbers(std)))"
        case .resize(let size): return "Resize(size=\(size.0.map { "(\($0), \(size.1))" } ?? "\(size.1)"), interpolation=bilinear, max_size=None, antialias=True)"
        case .centerCrop(let h, let w): return "CenterCrop(size=(\(h), \(w)))"
        }
    }

    func call(arguments: CallArguments) throws -> Value {
        guard arguments.positional.count == 1, arguments.keywords.isEmpty else {
            throw RuntimeError("\(typeName)() takes one picture or tensor")
        }
        return try apply(arguments.positional[0])
    }

    func apply(_ input: Value) throws -> Value {
        switch kind {
        case .compose(let steps):
            var value = input
            for step in steps { value = try interpreter.invoke(step, CallArguments([value])) }
            return value
        case .toTensor:
            guard case .object(let image as VisionImage) = input else {
                throw RuntimeError("ToTensor: pic should be PIL Image or ndarray. Got \(input.typeName)")
            }
            return Convert.wrap(try Tensor(image.pixels.map { Float($0) / 255 }, shape: [1, image.height, image.width]))
        case .normalize(let mean, let std):
            guard case .object(let t as TensorObject) = input else {
                throw RuntimeError("Normalize: the input should be a tensor (put ToTensor() first), got \(input.typeName)")
            }
            return Convert.wrap(try normalized(t.tensor, mean, std))
        case .resize(let size):
            guard case .object(let image as VisionImage) = input else {
                throw RuntimeError("Resize: gmm resizes PIL-like images only, got \(input.typeName); put Resize before ToTensor")
            }
            let (w, h): (Int, Int)
            if let height = size.0 {
                (w, h) = (size.1, height)
            } else if image.width <= image.height {
                (w, h) = (size.1, size.1 * image.height / image.width)
            } else {
                (w, h) = (size.1 * image.width / image.height, size.1)
            }
            return .object(image.resized(width: w, height: h))
        case .centerCrop(let h, let w):
            if case .object(let image as VisionImage) = input { return .object(image.cropped(height: h, width: w)) }
            guard case .object(let t as TensorObject) = input, t.tensor.rank >= 2 else {
                throw RuntimeError("CenterCrop: expected a picture or a tensor [..., H, W], got \(input.typeName)")
            }
            return Convert.wrap(try cropped(t.tensor, h, w))
        }
    }

    /// `(t - mean[c]) / std[c]` over the channel dimension (third from the end), in float32 as torchvision computes it.
    private func normalized(_ t: Tensor, _ mean: [Float], _ std: [Float]) throws -> Tensor {
        guard t.rank >= 3 else { throw RuntimeError("Normalize: expected a tensor image [..., C, H, W], got shape \(t.shape)") }
        let channels = t.shape[t.rank - 3]
        guard mean.count == channels || mean.count == 1 else {
            throw RuntimeError("Normalize: \(mean.count) means for a tensor of \(channels) channels")
        }
        let plane = t.shape[t.rank - 2] * t.shape[t.rank - 1]
        var values = t.contiguous().toFloats()
        for i in values.indices {
            let c = mean.count == 1 ? 0 : (i / plane) % channels
            values[i] = (values[i] - mean[c]) / std[c]
        }
        return try Tensor(values, shape: t.shape)
    }

    private func cropped(_ t: Tensor, _ cropH: Int, _ cropW: Int) throws -> Tensor {
        let h = t.shape[t.rank - 2], w = t.shape[t.rank - 1]
        let top = VisionTransform.centerOffset(h, cropH), left = VisionTransform.centerOffset(w, cropW)
        let planes = t.count / Swift.max(h * w, 1)
        let values = t.contiguous().toFloats()
        var out = [Float](repeating: 0, count: planes * cropH * cropW)
        for p in 0..<planes {
            for y in 0..<cropH where y + top >= 0 && y + top < h {
                for x in 0..<cropW where x + left >= 0 && x + left < w {
                    out[(p * cropH + y) * cropW + x] = values[(p * h + y + top) * w + x + left]
                }
            }
        }
        return try Tensor(out, shape: Array(t.shape.dropLast(2)) + [cropH, cropW])
    }

    /// `int(round((size - crop) / 2.0))` with Python's round (halves to even).
    static func centerOffset(_ size: Int, _ crop: Int) -> Int {
        Int((Double(size - crop) / 2.0).rounded(.toNearestOrEven))
    }
}

/// torchvision's MNIST: `len(ds)`, `ds[i]` = (transform(image), label), `ds.data`, `ds.targets`, `ds.classes`.
final class VisionMNIST: HostObject {
    let mnist: MNIST
    let pixels: [UInt8]
    let labels: [Int]
    let transform: Value?
    let targetTransform: Value?
    unowned let interpreter: Interpreter

    init(_ mnist: MNIST, transform: Value?, targetTransform: Value?, interpreter: Interpreter) {
        self.mnist = mnist
        // The embedded floats are byte / 255, so rounding recovers the bytes exactly.
        pixels = mnist.images.contiguous().toFloats().map { UInt8(Swift.min(Swift.max(($0 * 255).rounded(), 0), 255)) }
        labels = mnist.labels.toInt64s().map { Int($0) }
        self.transform = transform
        self.targetTransform = targetTransform
        self.interpreter = interpreter
    }

    static func make(_ a: CallArguments, _ interpreter: Interpreter) throws -> Value {
        let args = try Args(a, "MNIST", ["root", "train", "transform", "target_transform", "download"])
        let root = try args.string("root")
        let train = try args.bool("train", true)
        let download = try args.bool("download", false)
        let raw = (root as NSString).appendingPathComponent("MNIST/raw")
        let stem = train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte"
        let fm = FileManager.default
        let split = train ? "train" : "test"
        let mnist: MNIST
        if fm.fileExists(atPath: (raw as NSString).appendingPathComponent(stem)) || fm.fileExists(atPath: (raw as NSString).appendingPathComponent(stem + ".gz")) {
            mnist = try bridge { try MNIST(train: train, root: root) }
            interpreter.output("MNIST \(split): \(mnist.count) digits from \(raw)\n")
        } else {
            mnist = try bridge { try MNIST(train: train) }
            let note = download ? "; download=True does not touch the network" : ""
            interpreter.output("MNIST \(split): no IDX files in \(raw), so the embedded subset's \(mnist.count) digits\(note)\n")
        }
        return .object(VisionMNIST(mnist, transform: LoaderObject.given(args.value("transform")),
                                   targetTransform: LoaderObject.given(args.value("target_transform")), interpreter: interpreter))
    }

    var typeName: String { "MNIST" }
    var description: String {
        "Dataset MNIST\n    Number of datapoints: \(mnist.count)\n    Split: \(mnist.train ? "Train" : "Test")"
            + (transform.map { "\n    StandardTransform\nTransform: \($0.str)" } ?? "")
    }
    var memberNames: [String] { ["classes", "data", "targets", "train", "transform"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "__len__": return .int(mnist.count)
        case "train": return .bool(mnist.train)
        case "transform": return transform ?? .nil
        case "targets": return Convert.wrap(mnist.labels)
        case "data":
            return Convert.wrap(try bridge { try Tensor(pixels.map { Float($0) }, shape: [mnist.count, 28, 28]).to(.int64) })
        case "classes":
            let names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
            return .list(ListBox(names.enumerated().map { .string("\($0.offset) - \($0.element)") }))
        default: return nil
        }
    }

    func getItem(_ key: Value) throws -> Value? {
        var i = try Convert.int(key, "MNIST index")
        if i < 0 { i += mnist.count }
        guard i >= 0 && i < mnist.count else { throw RuntimeError("MNIST index \(i) is out of range for \(mnist.count) items") }
        var image: Value = .object(VisionImage(width: 28, height: 28, pixels: Array(pixels[(i * 784)..<((i + 1) * 784)])))
        if let transform { image = try interpreter.invoke(transform, CallArguments([image])) }
        var label: Value = .int(labels[i])
        if let targetTransform { label = try interpreter.invoke(targetTransform, CallArguments([label])) }
        return .tuple([image, label])
    }

    func iterate() throws -> AnyIterator<Value>? {
        var i = 0
        return HostIterator.make { [self] in
            guard i < mnist.count else { return nil }
            defer { i += 1 }
            return try getItem(.int(i))
        }
    }
}
