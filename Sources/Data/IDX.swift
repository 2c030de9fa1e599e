import CZlib
import Engine
import Foundation

/// The images of an IDX image file: `count` images of `rows`×`cols` uint8 pixels, row-major, one after another.
public struct IDXImages: Sendable {
    public let count: Int
    public let rows: Int
    public let cols: Int
    public let pixels: [UInt8]
}

/// Reader for the IDX files MNIST ships in (big-endian header, then uint8 data), gzip-compressed or raw.
///
/// Every failure is a `DataError` naming the file: missing, not gzip, corrupt, bad magic, or counts that disagree
/// with the file's size.
public enum IDX {
    /// Magic of an IDX file of unsigned bytes with 3 dimensions (count, rows, cols).
    public static let imageMagic: UInt32 = 0x0000_0803
    /// Magic of an IDX file of unsigned bytes with 1 dimension (count).
    public static let labelMagic: UInt32 = 0x0000_0801

    /// Reads an image file (magic 0x00000803).
    public static func readImages(_ path: String) throws -> IDXImages {
        let bytes = try readBytes(path, magic: imageMagic, kind: "image")
        let (dims, body) = try parse(bytes, path: path, magic: imageMagic, kind: "image")
        return IDXImages(count: dims[0], rows: dims[1], cols: dims[2], pixels: body)
    }

    /// Reads a label file (magic 0x00000801): one byte per item.
    public static func readLabels(_ path: String) throws -> [UInt8] {
        let bytes = try readBytes(path, magic: labelMagic, kind: "label")
        return try parse(bytes, path: path, magic: labelMagic, kind: "label").body
    }

    /// The most bytes an IDX file may hold, whatever its header claims: far above MNIST's 47 MB, far below what
    /// a lying header (or a gzip bomb) would otherwise make gmm allocate.
    public static let maxBytes = 1 << 32

    /// The file's bytes, decompressed when they start with the gzip magic 1f 8b.
    ///
    /// With `magic`, decompression stops as soon as the output passes the size the IDX header promises, so a small
    /// file that inflates to gigabytes is refused after reading its header, not after inflating it.
    public static func readBytes(_ path: String, magic: UInt32? = nil, kind: String = "IDX") throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(path, "no such file")
        }
        guard !isDirectory.boolValue else { throw DataError(path, "is a directory, expected an IDX file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let limit = Swift.min(maxBytes, Shape.availableMemory())
        guard size <= limit else {
            throw DataError(path, "is \(size) bytes, more than the \(limit)-byte limit for an IDX file")
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw DataError(path, "cannot be read (check its permissions)")
        }
        let bytes = [UInt8](contents)
        if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
            guard let magic else { return try Gzip.decompress(bytes, path: path) }
            return try Gzip.decompress(bytes, path: path, headerBytes: 4 + 4 * Int(magic & 0xff)) { header in
                try promisedSize(header, path: path, magic: magic, kind: kind)
            }
        }
        if path.hasSuffix(".gz") {
            let found = bytes.prefix(2).map { hex($0) }.joined(separator: " ")
            throw DataError(path, "is named .gz but is not gzip data (expected magic 1f 8b, found \(found.isEmpty ? "an empty file" : found))")
        }
        return bytes
    }

    // MARK: Parsing

    /// The whole file size a header promises (header plus data), checked against `maxBytes` and available memory.
    static func promisedSize(_ header: [UInt8], path: String, magic: UInt32, kind: String) throws -> Int {
        let rank = Int(magic & 0xff)
        guard header.count >= 4 + 4 * rank else { return maxBytes }
        let found = bigEndian32(header, at: 0)
        guard found == magic else { throw DataError(path, badMagic(found, expected: magic, kind: kind)) }
        let dims = (0..<rank).map { Int(bigEndian32(header, at: 4 + 4 * $0)) }
        let total = try bodySize(dims, path: path) + 4 + 4 * rank
        let limit = Swift.min(maxBytes, Shape.availableMemory())
        guard total <= limit else {
            throw DataError(path, "the header promises \(dims.map(String.init).joined(separator: "x")) bytes of data (\(total) bytes), more than the \(limit)-byte limit for an IDX file")
        }
        return total
    }

    /// Checks the magic and that the dimensions in the header account for exactly the bytes that follow it.
    static func parse(_ bytes: [UInt8], path: String, magic: UInt32, kind: String) throws -> (dims: [Int], body: [UInt8]) {
        let rank = Int(magic & 0xff)
        let headerSize = 4 + 4 * rank
        guard bytes.count >= 4 else {
            throw DataError(path, "truncated: \(bytes.count) bytes is shorter than the \(headerSize)-byte header of an IDX \(kind) file")
        }
        let found = bigEndian32(bytes, at: 0)
        guard found == magic else { throw DataError(path, badMagic(found, expected: magic, kind: kind)) }
        guard bytes.count >= headerSize else {
            throw DataError(path, "truncated: \(bytes.count) bytes is shorter than the \(headerSize)-byte header of an IDX \(kind) file")
        }
        let dims = (0..<rank).map { Int(bigEndian32(bytes, at: 4 + 4 * $0)) }
        let expected = try bodySize(dims, path: path)
        let actual = bytes.count - headerSize
        guard actual == expected else {
            throw DataError(path, sizeMismatch(dims, kind: kind, expected: expected, actual: actual))
        }
        return (dims, Array(bytes[headerSize...]))
    }

    /// The number of data bytes the header's dimensions promise, or an error if they are too large to be real.
    ///
    /// A zero count does not excuse the other sizes: 0 images of 2^31x2^31 pixels would make tensors whose shapes
    /// overflow, so the sizes multiplied without their zeros must stay within `maxBytes` too.
    private static func bodySize(_ dims: [Int], path: String) throws -> Int {
        var extent = 1
        for d in dims {
            let (product, overflow) = extent.multipliedReportingOverflow(by: Swift.max(d, 1))
            guard !overflow, product <= maxBytes else { throw DataError(path, "header dimensions \(dims) are too large to be real") }
            extent = product
        }
        return dims.contains(0) ? 0 : extent
    }

    /// Explains a wrong magic number, recognising the other MNIST file kind (a swapped images/labels path).
    private static func badMagic(_ found: UInt32, expected: UInt32, kind: String) -> String {
        var message = "bad magic \(hex32(found)), expected \(hex32(expected)) for an IDX \(kind) file"
        if found == imageMagic { message += " (this is an IDX image file)" }
        if found == labelMagic { message += " (this is an IDX label file)" }
        return message
    }

    /// Says how the header's counts disagree with the bytes present: truncated or with extra bytes.
    private static func sizeMismatch(_ dims: [Int], kind: String, expected: Int, actual: Int) -> String {
        let what = kind == "image" && dims.count == 3
            ? "\(dims[0]) images of \(dims[1])x\(dims[2]) pixels"
            : "\(dims.first ?? 0) \(kind)s"
        if actual < expected {
            return "truncated: the header promises \(what) (\(expected) bytes) but only \(actual) bytes follow it"
        }
        return "the header promises \(what) (\(expected) bytes) but \(actual) bytes follow it (\(actual - expected) extra)"
    }

    private static func bigEndian32(_ bytes: [UInt8], at i: Int) -> UInt32 {
        UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }

    private static func hex(_ byte: UInt8) -> String { String(format: "%02x", byte) }
    private static func hex32(_ value: UInt32) -> String { String(format: "0x%08X", value) }
}

/// In-memory gzip decompression with zlib's inflate.
enum Gzip {
    /// Decompresses gzip data (one or more concatenated members); errors name `path` and zlib's reason.
    ///
    /// With `limit`, the first `headerBytes` of output are inflated alone and passed to it; it returns the most bytes
    /// the whole output may have (or throws), and inflating more than that is an error, so the output never grows
    /// past what the header promised, whatever the compressed data would expand to.
    static func decompress(_ input: [UInt8], path: String, headerBytes: Int = 0,
                           limit: (([UInt8]) throws -> Int)? = nil) throws -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw DataError(path, "is too large to decompress in one piece") }
        var stream = z_stream()
        // windowBits 15 + 16: expect a gzip header and trailer around the deflate data.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(path, "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: limit == nil ? initialCapacity(input) : Swift.max(headerBytes, 1))
        var produced = 0
        var cap: Int?
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                if produced == output.count {
                    if let limit, cap == nil { cap = try limit(output) }
                    if let cap {
                        guard produced <= cap else {
                            throw DataError(path, "decompresses to more than the \(cap) bytes its header promises")
                        }
                        // Room for one byte past the promise, so an overlong stream shows itself.
                        output += [UInt8](repeating: 0, count: Swift.min(output.count, cap + 1 - output.count))
                    } else {
                        output += [UInt8](repeating: 0, count: output.count)
                    }
                }
                let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
                    guard let base = out.baseAddress else { return Z_MEM_ERROR }
                    stream.next_out = base + produced
                    stream.avail_out = uInt(out.count - produced)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    produced = out.count - Int(stream.avail_out)
                    return status
                }
                switch status {
                case Z_STREAM_END:
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)   // another gzip member follows, as `cat a.gz b.gz` makes
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // There was room for output, so inflate stopped for want of input.
                    throw DataError(path, "truncated gzip data: the file ends before the compressed stream does")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw DataError(path, "corrupt gzip data: \(reason)")
                }
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    /// A first output size: the gzip trailer's ISIZE (the uncompressed size mod 2^32) when it is plausible.
    ///
    /// Deflate expands at most about 1032:1, so a larger ISIZE comes from a corrupt or cut-off file and is not
    /// allowed to allocate gigabytes; the output grows as needed anyway.
    private static func initialCapacity(_ input: [UInt8]) -> Int {
        let n = input.count, fallback = max(4 * n, 1 << 16)
        guard n >= 4 else { return fallback }
        let isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
        // A little slack so inflate can finish the trailer without the buffer doubling.
        return isize > 0 && isize <= 1032 * n ? isize + 64 : fallback
    }
}
