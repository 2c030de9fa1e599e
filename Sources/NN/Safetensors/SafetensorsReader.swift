import Foundation
import Engine

// MARK: - Reading

/// One tensor's validated place in the data area.
struct SafetensorsLayout {
    let name: String
    let dtype: SafetensorsDType
    let shape: [Int]
    let begin: Int
    let end: Int
}

/// Validates and decodes one file's bytes; every fault becomes a `SafetensorsError` naming `source`.
struct SafetensorsReader {
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
