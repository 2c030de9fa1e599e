import Foundation
import Engine

// MARK: - Writing

/// The validated byte layout of a file about to be written.
struct SafetensorsWritePlan {
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
struct SafetensorsHeaderWriter {
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
