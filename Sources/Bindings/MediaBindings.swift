import Engine
import Foundation
import Lang
import Media

/// Pictures, charts and progress bars: `save_image`, `save_video`, `show`, `plot`, `save_plot`, `progress`.
enum MediaBindings {
    static func install(_ i: Interpreter, _ session: Session) {
        let gridNames = ["tensor", "fp", "nrow", "padding", "normalize", "value_range", "pad_value"]
        i.registerBridged("save_image", "save_image(tensor, fp, nrow=8, padding=2, normalize=false, value_range=nil, pad_value=0)",
                          "Writes a batch of images [B, C, H, W] (C = 1 or 3) as one PNG grid, like torchvision's save_image; normalize=true maps [min, max] (or value_range) to [0, 1].") { a in
            let args = try Args(a, "save_image", gridNames)
            try saveImage(try args.tensor("tensor").detach(), try args.string("fp"), nrow: try args.int("nrow", 8),
                          padding: try args.int("padding", 2), normalize: try args.bool("normalize", false),
                          valueRange: try range(args), padValue: Float(try args.double("pad_value", 0)))
            return .nil
        }
        i.registerBridged("save_video", "save_video(tensor, fp, fps=8, nrow=8, padding=2, normalize=false, value_range=nil)",
                          "Writes a clip [C, T, H, W] or a batch of clips [B, C, T, H, W] side by side as an animated GIF.") { a in
            let args = try Args(a, "save_video", ["tensor", "fp", "fps", "nrow", "padding", "normalize", "value_range"])
            try saveVideo(try args.tensor("tensor").detach(), try args.string("fp"), fps: try args.double("fps", 8),
                          nrow: try args.int("nrow", 8), padding: try args.int("padding", 2),
                          normalize: try args.bool("normalize", false), valueRange: try range(args))
            return .nil
        }
        i.registerBridged("show", "show(tensor, nrow=8, padding=2, normalize=false, value_range=nil, layout='auto')",
                          "Prints a one-line summary of images [B, C, H, W] or a clip's frames and, on a terminal, draws them: kitty or iTerm2 graphics when the terminal has them, coloured half-blocks otherwise. layout='images' or 'clip' overrides the guess.") { [unowned i] a in
            let args = try Args(a, "show", ["tensor", "nrow", "padding", "normalize", "value_range", "layout"])
            guard let layout = PictureLayout(rawValue: try args.string("layout", "auto")) else {
                throw RuntimeError("show() layout must be 'auto', 'images' or 'clip'")
            }
            let t = try args.tensor("tensor").detach()
            let nrow = try args.int("nrow", 8), padding = try args.int("padding", 2)
            // The summary line is the recorded output; the drawing goes straight to the terminal, unrecorded.
            i.output(try pictureSummary(t, nrow: nrow, padding: padding, layout: layout) + "\n")
            let caps = session.terminal()
            if caps.graphics != .none {
                let text = try show(t, caps, nrow: nrow, padding: padding, normalize: try args.bool("normalize", false),
                                    valueRange: try range(args), layout: layout)
                Session.draw(text)
            }
            session.recordPicture(t, normalize: try args.bool("normalize", false), layout: layout)
            return .nil
        }
        i.registerBridged("plot", "plot(values, width=72, height=16)",
                          "Draws a line chart in the terminal of a list of numbers, or of a dict of name -> list (one line per series, with a legend).") { [unowned i] a in
            let args = try Args(a, "plot", ["values", "width", "height"])
            let text = try Media.plot(series: try series(try args.required("values")), width: try args.int("width", 72),
                                      height: try args.int("height", 16))
            i.output(text.hasSuffix("\n") ? text : text + "\n")
            return .nil
        }
        i.registerBridged("save_plot", "save_plot(values, fp, width=640, height=360)",
                          "Writes the chart plot() draws as a PNG file.") { a in
            let args = try Args(a, "save_plot", ["values", "fp", "width", "height"])
            try savePlot(series: try series(try args.required("values")), path: try args.string("fp"),
                         width: try args.int("width", 640), height: try args.int("height", 360))
            return .nil
        }
        i.registerBridged("progress", "progress(iterable, desc='', total=nil)",
                          "Wraps a loop with a progress bar (count/total, rate, elapsed, time left, and values set with bar.set(loss=...)); redraws in place on a terminal, a line every 10% otherwise. Iterate it: for batch in (bar = progress(loader)) { ... }.") { [unowned i] a in
            let args = try Args(a, "progress", ["iterable", "desc", "total"])
            let iterable = try args.required("iterable")
            let total = try args.optionalInt("total") ?? ProgressObject.length(of: iterable)
            return .object(ProgressObject(iterable, interpreter: i, total: total, description: try args.string("desc", "")))
        }
    }

    static func range(_ args: Args) throws -> (low: Float, high: Float)? {
        guard let v = args.value("value_range") else { return nil }
        let pair = try DataBindings.pairOf(v)
        return (Float(pair[0]), Float(pair[1]))
    }

    /// Chart series from a list of numbers (or a 1-d tensor) or a dict of name -> list.
    static func series(_ v: Value) throws -> [(name: String, values: [Double])] {
        if case .dict(let box) = v {
            return try zip(box.keys, box.values).map { key, value in
                guard case .string(let name) = key else { throw RuntimeError("plot() series names must be strings") }
                return (name, try numbers(value))
            }
        }
        return [("values", try numbers(v))]
    }

    static func numbers(_ v: Value) throws -> [Double] {
        switch v {
        case .list(let box): return try box.items.map { try Convert.double($0, "plot() value") }
        case .tuple(let items): return try items.map { try Convert.double($0, "plot() value") }
        case .object(let o as TensorObject): return o.tensor.toFloats().map(Double.init)
        default: throw RuntimeError("plot() takes a list of numbers or a dict of lists, not \(v.typeName)")
        }
    }
}

/// A progress bar around an iterable: iterating it iterates the wrapped value and advances the bar.
final class ProgressObject: HostObject {
    let iterable: Value
    unowned let interpreter: Interpreter
    let bar: ProgressBar

    init(_ iterable: Value, interpreter: Interpreter, total: Int?, description: String) {
        self.iterable = iterable
        self.interpreter = interpreter
        bar = ProgressBar(total: total, description: description, isTerminal: isatty(STDERR_FILENO) != 0)
    }

    var typeName: String { "progress" }
    var description: String { "<progress \(bar.status(at: ProgressBar.monotonicSeconds()))>" }
    var memberNames: [String] { ["close", "set", "update"] }

    /// The length of a list, tuple, range, string or object with `len()`, if it has one.
    static func length(of v: Value) -> Int? {
        switch v {
        case .list(let box): return box.items.count
        case .tuple(let items): return items.count
        case .range(let start, let stop, let step):
            if step > 0 { return start < stop ? (stop - start - 1) / step + 1 : 0 }
            return start > stop ? (start - stop - 1) / (-step) + 1 : 0
        case .object(let o): return (try? o.getAttribute("__len__"))??.intValue
        default: return nil
        }
    }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "set":
            return builtin("progress.set", "set(**values)", "Shows values after the rate, e.g. bar.set(loss=0.69).") { [bar] a in
                try a.expect("set", count: 0...0, keywords: a.keywords.map(\.name))
                for (key, value) in a.keywords {
                    if let d = try? Convert.double(value, key) { bar.set(key, d) } else { bar.set(key, value.str) }
                }
                return .nil
            }
        case "update":
            return builtin("progress.update", "update(n=1)", "Advances the bar by n.") { [bar] a in
                bar.update(try Args(a, "update", ["n"]).int("n", 1))
                return .nil
            }
        case "close":
            return builtin("progress.close", "close()", "Draws the final state and ends the bar.") { [bar] _ in
                bar.close()
                return .nil
            }
        default: return nil
        }
    }

    func iterate() throws -> AnyIterator<Value>? {
        let inner = try interpreter.iterator(of: iterable)
        let bar = self.bar
        var started = false
        return HostIterator.make {
            if started { bar.update() }
            started = true
            guard let item = inner.next() else {
                bar.close()
                try HostIterator.rethrowPending()
                return nil
            }
            return item
        }
    }
}
