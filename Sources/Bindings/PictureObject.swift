import Engine
import Lang
import Media

/// Images or a clip to look at: a cell whose value is a picture draws it in the notebook and exports it as a PNG.
final class PictureObject: HostObject {
    let tensor: Tensor
    let normalize: Bool
    let nrow: Int
    let layout: PictureLayout

    init(_ tensor: Tensor, normalize: Bool, nrow: Int, layout: PictureLayout) {
        self.tensor = tensor
        self.normalize = normalize
        self.nrow = nrow
        self.layout = layout
    }

    var typeName: String { "picture" }
    /// A picture reads as its one-line summary; the notebook draws it as well.
    var description: String {
        (try? pictureSummary(tensor, nrow: nrow, layout: layout)) ?? "<picture \(shapeString(tensor.shape))>"
    }
    var memberNames: [String] { ["tensor", "save"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "tensor": return Convert.wrap(tensor)
        case "save":
            return .builtin(Builtin("picture.save", "save(fp)",
                                    "Writes the picture to fp: images as a PNG grid, a clip as an animated GIF (fp ending in .gif).") { [self] a in
                try bridge {
                    let fp = try Args(a, "picture.save", ["fp"]).string("fp")
                    try save(to: fp)
                    return .nil
                }
            })
        default: return nil
        }
    }

    /// Writes the picture as `save_image` or `save_video` would, with the picture's own layout and scaling.
    func save(to path: String) throws {
        if layout.isClip(tensor.shape) {
            guard path.lowercased().hasSuffix(".gif") else {
                throw RuntimeError("picture.save: a clip \(shapeString(tensor.shape)) is saved as an animated GIF; name the file *.gif, not '\(path)'")
            }
            try saveVideo(tensor, path, nrow: nrow, normalize: normalize)
        } else {
            try saveImage(tensor, path, nrow: nrow, normalize: normalize)
        }
    }

    /// The text that draws the picture on a terminal with `caps`.
    func render(_ caps: TerminalCapabilities) throws -> String {
        try show(tensor, caps, nrow: nrow, normalize: normalize, layout: layout)
    }

    /// The picture as PNG bytes (the first frame of a clip).
    var png: [UInt8]? { Session.png(of: tensor, normalize: normalize, layout: layout) }

    static func install(_ i: Interpreter) {
        i.registerBridged("picture", "picture(tensor, nrow=8, normalize=false, layout='auto')",
                          "Marks images [B, C, H, W] or a clip as a picture: as a cell's value it draws in the terminal, and :export saves it as a PNG.") { a in
            let args = try Args(a, "picture", ["tensor", "nrow", "normalize", "layout"])
            guard let layout = PictureLayout(rawValue: try args.string("layout", "auto")) else {
                throw RuntimeError("picture() layout must be 'auto', 'images' or 'clip'")
            }
            let p = PictureObject(try args.tensor("tensor").detach(), normalize: try args.bool("normalize", false),
                                  nrow: try args.int("nrow", 8), layout: layout)
            _ = try p.render(.none)  // checks the shape now, so a bad tensor fails at the call
            return .object(p)
        }
    }
}
