import Foundation
import Engine

// The safetensors format (https://github.com/huggingface/safetensors):
//   8 bytes   little-endian UInt64 N, the header length
//   N bytes   UTF-8 JSON object: name -> {"dtype", "shape", "data_offsets"}, plus optional
//             "__metadata__": {String: String}
//   rest      raw little-endian tensor data; data_offsets are relative to its first byte
//
// Reading accepts what Python's `safetensors` accepts, except duplicate JSON keys (Python keeps
// the last one silently; here they are an error). In particular, like Python, the tensors must
// tile the data area exactly: no overlaps, no gaps, no trailing bytes.
// Writing produces what Python's `safetensors` produces: tensors ordered by descending dtype
// alignment and then by name (so every tensor is aligned to its element size), header padded
// with spaces to a multiple of 8 bytes.
//
// Byte order: element data is always little-endian. Conversions use `T(littleEndian:)`, so they
// are correct on any host; only the F32 bulk-copy fast paths are compiled for little-endian hosts
// (every platform Swift runs on today), with an element-wise fallback elsewhere.

// MARK: - Public API

/// One tensor's raw entry in a safetensors file.
///
/// The entry is not validated on construction; `SafetensorsFile.serialized()` rejects entries
/// whose dtype is unknown or whose byte count disagrees with the shape.
public struct SafetensorsEntry: Equatable, Sendable {
    /// The safetensors dtype name: "F32", "F64", "F16", "BF16", "I64", "I32", "I16", "I8", "U8" or "BOOL".
    public var dtype: String
    /// The dimensions, outermost first; `[]` is a scalar with one element.
    public var shape: [Int]
    /// Little-endian raw bytes, `elementCount * elementSize` of them in a valid entry.
    public var data: [UInt8]

    /// Wraps raw bytes without validating them.
    public init(dtype: String, shape: [Int], data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// The product of the shape's dimensions, saturating at `Int.max` instead of trapping on overflow.
    public var elementCount: Int {
        SafetensorsDType.elementCount(shape) ?? Int.max
    }

    /// The values as Float; F32 directly, F64/F16/BF16/integer/bool types converted.
    ///
    /// Converts every whole element present in `data` (an entry whose data disagrees with its
    /// shape is not trapped on); an unknown dtype gives `[]`.
    public func floats() -> [Float] {
        guard let type = SafetensorsDType(rawValue: dtype) else { return [] }
        return SafetensorsConvert.floats(data, type)
    }

    /// The values as Int64; integer and bool types converted, float types truncated toward zero.
    ///
    /// Float values that do not fit saturate (NaN becomes 0) rather than trapping. Like `floats()`,
    /// converts every whole element present in `data`; an unknown dtype gives `[]`.
    public func int64s() -> [Int64] {
        guard let type = SafetensorsDType(rawValue: dtype) else { return [] }
        return SafetensorsConvert.int64s(data, type)
    }

    /// Makes an F32 entry; `floats.count` should equal the shape's element count.
    public init(floats: [Float], shape: [Int]) {
        self.init(dtype: "F32", shape: shape, data: SafetensorsConvert.littleEndianBytes(floats.map(\.bitPattern)))
    }

    /// Makes an I64 entry; `int64s.count` should equal the shape's element count.
    public init(int64s: [Int64], shape: [Int]) {
        self.init(dtype: "I64", shape: shape, data: SafetensorsConvert.littleEndianBytes(int64s))
    }
}

/// A parsed safetensors file: named entries and string metadata.
public struct SafetensorsFile: Sendable {
    /// The tensors by name.
    public var entries: [String: SafetensorsEntry]
    /// The `__metadata__` strings; an empty dictionary is written as no `__metadata__` at all.
    public var metadata: [String: String]

    /// Makes a file from entries and metadata.
    public init(entries: [String: SafetensorsEntry] = [:], metadata: [String: String] = [:]) {
        self.entries = entries
        self.metadata = metadata
    }

    /// The entry names sorted by their UTF-8 bytes, the order Python's safetensors uses.
    public var names: [String] {
        entries.keys.sorted(by: SafetensorsDType.utf8Less)
    }

    /// Parses a whole file's bytes; `source` names the file in error messages.
    public static func parse(_ bytes: [UInt8], source: String = "<memory>") throws -> SafetensorsFile {
        try SafetensorsReader(bytes: bytes, source: source).read()
    }

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws -> SafetensorsFile {
        try parse(SafetensorsIO.readAll(path: path), source: path)
    }

    /// The file's bytes, laid out as Python's safetensors would write them.
    public func serialized() throws -> [UInt8] {
        let plan = try SafetensorsWritePlan(file: self, context: "cannot serialize")
        var out = plan.prefix
        out.reserveCapacity(plan.prefix.count + plan.dataCount)
        for entry in plan.ordered { out.append(contentsOf: entry.data) }
        return out
    }

    /// Writes to a temporary file in the same directory, then renames over `path`, so a failed write never leaves a half-written file.
    ///
    /// The temporary file is synced before the rename and removed on any failure; an existing file at `path`
    /// is replaced only by a complete new one. Tensor data is streamed, not concatenated, so peak memory stays
    /// near the size of the entries themselves.
    public func write(path: String) throws {
        let plan = try SafetensorsWritePlan(file: self, context: "cannot write \"\(path)\"")
        try SafetensorsIO.writeAtomically(path: path, chunks: [plan.prefix] + plan.ordered.map(\.data))
    }
}

/// A malformed safetensors file or an unwritable one; `message` names the file and the fault.
public struct SafetensorsError: Error, CustomStringConvertible, Equatable {
    /// The full human-readable message, starting with "safetensors: ".
    public let message: String

    /// Wraps a message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
