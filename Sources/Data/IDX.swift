import CZlib
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
        let bytes = try readBytes(path)
        let (dims, body) = try parse(bytes, path: path, magic: imageMagic, kind: "image")
        return IDXImages(count: dims[0], rows: dims[1], cols: dims[2], pixels: body)
    }

    /// Reads a label file (magic 0x00000801): one byte per item.
    public static func readLabels(_ path: String) throws -> [UInt8] {
        let bytes = try readBytes(path)
        return try parse(bytes, path: path, magic: labelMagic, kind: "label").body
    }

    /// The file's bytes, decompressed when they start with the gzip magic 1f 8b.
    public static func readBytes(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(path, "no such file")
        }
        guard !isDirectory.boolValue else { throw DataError(path, "is a directory, expected an IDX file") }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw DataError(path, "cannot be read (check its permissions)")
        }
        let bytes = [UInt8](contents)
        if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b { return try Gzip.decompress(bytes, path: path) }
        if path.hasSuffix(".gz") {
            let found = bytes.prefix(2).map { hex($0) }.joined(separator: " ")
            throw DataError(path, "is named .gz but is not gzip data (expected magic 1f 8b, found \(found.isEmpty ? "an empty file" : found))")
        }
        return bytes
    }

    // MARK: Parsing

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

    /// The number of data bytes the header's dimensions promise, or an error if that overflows.
    private static func bodySize(_ dims: [Int], path: String) throws -> Int {
        var size = 1
        for d in dims {
            let (product, overflow) = size.multipliedReportingOverflow(by: d)
            guard !overflow else { throw DataError(path, "header dimensions \(dims) are too large to be real") }
            size = product
        }
        return size
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
    static func decompress(_ input: [UInt8], path: String) throws -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw DataError(path, "is too large to decompress in one piece") }
        var stream = z_stream()
        // windowBits 15 + 16: expect a gzip header and trailer around the deflate data.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(path, "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: initialCapacity(input))
        var produced = 0
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                if produced == output.count { output += [UInt8](repeating: 0, count: output.count) }
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
