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

// MARK: - Dtypes

/// The supported element types, declared in Python's alignment order so that the writer can sort like it.
private enum SafetensorsDType: String, CaseIterable {
    case bool = "BOOL", u8 = "U8", i8 = "I8", i16 = "I16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", f32 = "F32", f64 = "F64", i64 = "I64"

    /// Bytes per element.
    var size: Int {
        switch self {
        case .bool, .u8, .i8: return 1
        case .i16, .f16, .bf16: return 2
        case .i32, .f32: return 4
        case .f64, .i64: return 8
        }
    }

    /// Position in Python's dtype enum; higher is written first.
    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    static let supportedList = allCases.map(\.rawValue).joined(separator: ", ")

    /// The product of `shape`, or nil when a dimension is negative or the product overflows.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dim in shape {
            guard dim >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The byte count for `shape`, or nil when it is negative or overflows.
    func byteCount(_ shape: [Int]) -> Int? {
        guard let count = Self.elementCount(shape) else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
        return overflow ? nil : bytes
    }

    /// Byte-wise comparison, matching Rust's `String` ordering (Swift's `<` compares Unicode scalars after normalisation).
    static func utf8Less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

// MARK: - Element conversion

/// Converts raw little-endian element bytes to and from Swift arrays.
private enum SafetensorsConvert {
    /// Decodes every whole element of `data` to Float.
    static func floats(_ data: [UInt8], _ type: SafetensorsDType) -> [Float] {
        switch type {
        case .f32: return f32s(data)
        case .f64: return map(data, UInt64.self) { Float(Double(bitPattern: $0)) }
        case .f16: return map(data, UInt16.self, halfToFloat)
        case .bf16: return map(data, UInt16.self) { Float(bitPattern: UInt32($0) << 16) }
        case .i64: return map(data, Int64.self) { Float($0) }
        case .i32: return map(data, Int32.self) { Float($0) }
        case .i16: return map(data, Int16.self) { Float($0) }
        case .i8: return map(data, Int8.self) { Float($0) }
        case .u8: return map(data, UInt8.self) { Float($0) }
        case .bool: return map(data, UInt8.self) { $0 == 0 ? 0 : 1 }
        }
    }

    /// Decodes every whole element of `data` to Int64, truncating floats toward zero.
    static func int64s(_ data: [UInt8], _ type: SafetensorsDType) -> [Int64] {
        switch type {
        case .f32: return map(data, UInt32.self) { truncated(Double(Float(bitPattern: $0))) }
        case .f64: return map(data, UInt64.self) { truncated(Double(bitPattern: $0)) }
        case .f16: return map(data, UInt16.self) { truncated(Double(halfToFloat($0))) }
        case .bf16: return map(data, UInt16.self) { truncated(Double(Float(bitPattern: UInt32($0) << 16))) }
        case .i64: return map(data, Int64.self) { $0 }
        case .i32: return map(data, Int32.self) { Int64($0) }
        case .i16: return map(data, Int16.self) { Int64($0) }
        case .i8: return map(data, Int8.self) { Int64($0) }
        case .u8: return map(data, UInt8.self) { Int64($0) }
        case .bool: return map(data, UInt8.self) { $0 == 0 ? 0 : 1 }
        }
    }

    /// Loads each little-endian `T` in `data` (unaligned) and transforms it.
    static func map<T: FixedWidthInteger, R>(_ data: [UInt8], _: T.Type, _ transform: (T) -> R) -> [R] {
        let stride = MemoryLayout<T>.size
        let count = data.count / stride
        return data.withUnsafeBytes { raw in
            [R](unsafeUninitializedCapacity: count) { out, initialized in
                initialized = 0
                guard let base = out.baseAddress else { return }
                for i in 0..<count {
                    let bits = T(littleEndian: raw.loadUnaligned(fromByteOffset: i * stride, as: T.self))
                    (base + i).initialize(to: transform(bits))
                }
                initialized = count
            }
        }
    }

    /// F32 data as Float; a single memcpy on little-endian hosts.
    static func f32s(_ data: [UInt8]) -> [Float] {
        #if _endian(little)
        let count = data.count / 4
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            data.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<count * 4]))
            }
            initialized = count
        }
        #else
        return map(data, UInt32.self) { Float(bitPattern: $0) }
        #endif
    }

    /// The little-endian bytes of `values`; a single memcpy on little-endian hosts.
    static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        #if _endian(little)
        return values.withUnsafeBytes { [UInt8]($0) }
        #else
        return values.map(\.littleEndian).withUnsafeBytes { [UInt8]($0) }
        #endif
    }

    /// IEEE 754 binary16 to Float; exact, including subnormals, infinities and NaN payloads.
    static func halfToFloat(_ half: UInt16) -> Float {
        let sign = UInt32(half & 0x8000) << 16
        let exponent = UInt32(half >> 10) & 0x1F
        let mantissa = UInt32(half & 0x3FF)
        switch exponent {
        case 0:
            // Subnormal (or zero): mantissa * 2^-24, which Float represents exactly.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }

    /// Truncates toward zero, saturating instead of trapping on NaN or out-of-range values.
    static func truncated(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 0x1p63 { return .max }
        if value < -0x1p63 { return .min }
        return Int64(value)
    }
}

// MARK: - Reading

/// One tensor's validated place in the data area.
private struct SafetensorsLayout {
    let name: String
    let dtype: SafetensorsDType
    let shape: [Int]
    let begin: Int
    let end: Int
}

/// Validates and decodes one file's bytes; every fault becomes a `SafetensorsError` naming `source`.
private struct SafetensorsReader {
    let bytes: [UInt8]
    let source: String

    /// Python's MAX_HEADER_SIZE: larger headers are treated as corrupt rather than allocated.
    static let maxHeaderLength = 100_000_000
    static let metadataKey = "__metadata__"

    /// Parses the whole file, validating the header before copying any tensor data.
    func read() throws -> SafetensorsFile {
        let headerLength = try readHeaderLength()
        let dataStart = 8 + headerLength
        let members = try readHeaderObject(bytes[8..<dataStart])
        let dataCount = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var layouts: [SafetensorsLayout] = []
        for (name, value) in members {
            if name == Self.metadataKey {
                metadata = try readMetadata(value)
            } else {
                layouts.append(try readLayout(name: name, value, dataCount: dataCount))
            }
        }
        try checkTiling(layouts, dataCount: dataCount)
        var file = SafetensorsFile(metadata: metadata)
        for layout in layouts {
            let data = Array(bytes[(dataStart + layout.begin)..<(dataStart + layout.end)])
            file.entries[layout.name] = SafetensorsEntry(dtype: layout.dtype.rawValue, shape: layout.shape, data: data)
        }
        return file
    }

    /// An error naming the source, so that a failure deep inside a loader still says which file is bad.
    func fail(_ what: String) -> SafetensorsError {
        SafetensorsError("safetensors: \(source): \(what)")
    }

    /// The header length from the 8-byte prefix, checked against the file size before any allocation.
    func readHeaderLength() throws -> Int {
        guard bytes.count >= 8 else {
            throw fail("file is \(bytes.count) bytes long, shorter than the 8-byte header length prefix")
        }
        var length: UInt64 = 0
        for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[i]) }
        guard length <= UInt64(Self.maxHeaderLength) else {
            throw fail("header length \(length) exceeds the \(Self.maxHeaderLength)-byte limit; the file is corrupt or not safetensors")
        }
        guard Int(length) <= bytes.count - 8 else {
            throw fail("header length \(length) is larger than the \(bytes.count - 8) bytes that follow the length prefix")
        }
        return Int(length)
    }

    /// The header's top-level JSON object members, in file order.
    func readHeaderObject(_ header: ArraySlice<UInt8>) throws -> [(key: String, value: SafetensorsJSON)] {
        // Decoding replaces invalid sequences with U+FFFD, so a round trip that changes nothing proves validity
        // (and, unlike String(validating:), needs no macOS 15 availability).
        guard String(decoding: header, as: UTF8.self).utf8.elementsEqual(header) else {
            throw fail("header is not valid UTF-8")
        }
        let json: SafetensorsJSON
        do {
            var parser = SafetensorsJSONParser(bytes: Array(header))
            json = try parser.parseDocument()
        } catch let error as SafetensorsJSONParser.SyntaxError {
            throw fail("header is not valid JSON: \(error.message)")
        }
        guard case .object(let members) = json else {
            throw fail("header is \(json.summary), expected a JSON object")
        }
        return members
    }

    /// The `__metadata__` strings.
    func readMetadata(_ value: SafetensorsJSON) throws -> [String: String] {
        // Python treats `"__metadata__": null` as absent.
        if case .null = value { return [:] }
        guard case .object(let members) = value else {
            throw fail("\"\(Self.metadataKey)\" is \(value.summary), expected an object of strings")
        }
        var metadata: [String: String] = [:]
        for (key, item) in members {
            guard case .string(let text) = item else {
                throw fail("\"\(Self.metadataKey)\" value for key \"\(key)\" is \(item.summary), expected a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    /// One tensor's entry, checked on its own: field types, dtype, offsets inside the data area, byte count.
    func readLayout(name: String, _ value: SafetensorsJSON, dataCount: Int) throws -> SafetensorsLayout {
        let tensor = "tensor \"\(name)\""
        guard case .object(let members) = value else {
            throw fail("\(tensor): entry is \(value.summary), expected an object with dtype, shape and data_offsets")
        }
        func field(_ key: String) throws -> SafetensorsJSON {
            guard let found = members.first(where: { $0.key == key }) else { throw fail("\(tensor): missing \"\(key)\"") }
            return found.value
        }
        let dtype = try readDtype(field("dtype"), tensor)
        let shape = try readShape(field("shape"), tensor)
        let (begin, end) = try readOffsets(field("data_offsets"), tensor, dataCount: dataCount)
        guard let needed = dtype.byteCount(shape) else {
            throw fail("\(tensor): shape \(shape) of \(dtype.rawValue) has more bytes than can be addressed")
        }
        guard needed == end - begin else {
            throw fail("\(tensor): shape \(shape) of \(dtype.rawValue) needs \(needed) bytes but data_offsets give \(end - begin)")
        }
        // Python accepts [0, 2^62, 4] (no bytes); here it is refused, because a tensor of that shape would
        // overflow as soon as an op reduced or sliced its zero away. The engine checks every shape the same way.
        guard (try? Shape.elementCount(shape, op: "safetensors")) != nil else {
            throw fail("\(tensor): shape \(shape) has too many elements (its sizes multiply past 2^63)")
        }
        return SafetensorsLayout(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// A supported dtype name.
    func readDtype(_ value: SafetensorsJSON, _ tensor: String) throws -> SafetensorsDType {
        guard case .string(let text) = value else {
            throw fail("\(tensor): \"dtype\" is \(value.summary), expected a string")
        }
        guard let dtype = SafetensorsDType(rawValue: text) else {
            throw fail("\(tensor): unknown dtype \"\(text)\" (supported: \(SafetensorsDType.supportedList))")
        }
        return dtype
    }

    /// An array of non-negative integer dimensions.
    func readShape(_ value: SafetensorsJSON, _ tensor: String) throws -> [Int] {
        guard case .array(let items) = value else {
            throw fail("\(tensor): \"shape\" is \(value.summary), expected an array of non-negative integers")
        }
        return try items.enumerated().map { index, item in
            guard let dim = item.nonNegativeInt else {
                throw fail("\(tensor): shape dimension \(index) is \(item.summary), expected a non-negative integer")
            }
            return dim
        }
    }

    /// `[begin, end]` within the data area.
    func readOffsets(_ value: SafetensorsJSON, _ tensor: String, dataCount: Int) throws -> (Int, Int) {
        guard case .array(let items) = value, items.count == 2,
              let begin = items[0].nonNegativeInt, let end = items[1].nonNegativeInt else {
            throw fail("\(tensor): \"data_offsets\" is \(value.summary), expected two non-negative integers [begin, end]")
        }
        guard begin <= end else {
            throw fail("\(tensor): data_offsets [\(begin), \(end)] begin after they end")
        }
        guard end <= dataCount else {
            throw fail("\(tensor): data_offsets [\(begin), \(end)] extend past the \(dataCount)-byte data area")
        }
        return (begin, end)
    }

    /// Requires the tensors to cover the data area exactly once, as Python does.
    func checkTiling(_ layouts: [SafetensorsLayout], dataCount: Int) throws {
        let sorted = layouts.sorted {
            ($0.begin, $0.end) != ($1.begin, $1.end) ? ($0.begin, $0.end) < ($1.begin, $1.end) : SafetensorsDType.utf8Less($0.name, $1.name)
        }
        var covered = 0
        var previous: SafetensorsLayout?
        for layout in sorted {
            if layout.begin < covered, let previous {
                throw fail("tensors \"\(previous.name)\" (bytes \(previous.begin)..<\(previous.end)) and \"\(layout.name)\" (bytes \(layout.begin)..<\(layout.end)) overlap")
            }
            if layout.begin > covered {
                throw fail("bytes \(covered)..<\(layout.begin) of the data area belong to no tensor")
            }
            covered = layout.end
            previous = layout
        }
        guard covered == dataCount else {
            throw fail("\(dataCount - covered) trailing bytes after the last tensor (the tensors cover \(covered) of \(dataCount) data bytes)")
        }
    }
}

// MARK: - Writing

/// The validated byte layout of a file about to be written.
private struct SafetensorsWritePlan {
    /// The length prefix and the padded header.
    let prefix: [UInt8]
    /// The entries in data order.
    let ordered: [SafetensorsEntry]
    let dataCount: Int

    /// Validates every entry and lays them out; `context` starts each error message.
    init(file: SafetensorsFile, context: String) throws {
        func fail(_ what: String) -> SafetensorsError { SafetensorsError("safetensors: \(context): \(what)") }
        var items: [(name: String, dtype: SafetensorsDType, entry: SafetensorsEntry)] = []
        for (name, entry) in file.entries {
            guard !name.isEmpty else { throw fail("a tensor name is empty") }
            guard name != SafetensorsReader.metadataKey else { throw fail("\"\(name)\" is reserved for metadata and cannot name a tensor") }
            guard let dtype = SafetensorsDType(rawValue: entry.dtype) else {
                throw fail("tensor \"\(name)\": unknown dtype \"\(entry.dtype)\" (supported: \(SafetensorsDType.supportedList))")
            }
            guard let needed = dtype.byteCount(entry.shape) else {
                throw fail("tensor \"\(name)\": shape \(entry.shape) has a negative dimension or too many elements")
            }
            guard needed == entry.data.count else {
                throw fail("tensor \"\(name)\": shape \(entry.shape) of \(dtype.rawValue) needs \(needed) bytes but data has \(entry.data.count)")
            }
            items.append((name, dtype, entry))
        }
        // Python's order: larger alignment first, so every tensor starts at a multiple of its element size.
        items.sort { $0.dtype.rank != $1.dtype.rank ? $0.dtype.rank > $1.dtype.rank : SafetensorsDType.utf8Less($0.name, $1.name) }
        var header = SafetensorsHeaderWriter()
        header.begin(metadata: file.metadata)
        var offset = 0
        for item in items {
            header.add(name: item.name, dtype: item.dtype.rawValue, shape: item.entry.shape, begin: offset, end: offset + item.entry.data.count)
            offset += item.entry.data.count
        }
        prefix = header.finish()
        ordered = items.map(\.entry)
        dataCount = offset
    }
}

/// Builds the compact JSON header exactly as Python's serde_json writes it.
private struct SafetensorsHeaderWriter {
    var json: [UInt8] = []

    /// Opens the object and writes `__metadata__` first, as Python does, with keys sorted for reproducible output.
    mutating func begin(metadata: [String: String]) {
        json.append(UInt8(ascii: "{"))
        guard !metadata.isEmpty else { return }
        appendString(SafetensorsReader.metadataKey)
        json.append(contentsOf: Array(":{".utf8))
        for (index, key) in metadata.keys.sorted(by: SafetensorsDType.utf8Less).enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            appendString(key)
            json.append(UInt8(ascii: ":"))
            appendString(metadata[key] ?? "")
        }
        json.append(UInt8(ascii: "}"))
    }

    /// Appends one tensor's entry.
    mutating func add(name: String, dtype: String, shape: [Int], begin: Int, end: Int) {
        if json.count > 1 { json.append(UInt8(ascii: ",")) }
        appendString(name)
        let dims = shape.map(String.init).joined(separator: ",")
        json.append(contentsOf: Array(":{\"dtype\":\"\(dtype)\",\"shape\":[\(dims)],\"data_offsets\":[\(begin),\(end)]}".utf8))
    }

    /// Closes the object, pads it with spaces to a multiple of 8 bytes (so the data area is aligned) and prepends its length.
    mutating func finish() -> [UInt8] {
        json.append(UInt8(ascii: "}"))
        json.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
        let length = UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json
    }

    /// Appends a JSON string literal, escaping as serde_json does.
    mutating func appendString(_ text: String) {
        json.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): json.append(contentsOf: Array("\\\"".utf8))
            case UInt8(ascii: "\\"): json.append(contentsOf: Array("\\\\".utf8))
            case 0x08: json.append(contentsOf: Array("\\b".utf8))
            case 0x0C: json.append(contentsOf: Array("\\f".utf8))
            case 0x0A: json.append(contentsOf: Array("\\n".utf8))
            case 0x0D: json.append(contentsOf: Array("\\r".utf8))
            case 0x09: json.append(contentsOf: Array("\\t".utf8))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                json.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }
}

// MARK: - JSON
