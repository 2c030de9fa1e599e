import Foundation
import Engine

// MARK: - Dtypes

/// The supported element types, declared in Python's alignment order so that the writer can sort like it.
enum SafetensorsDType: String, CaseIterable {
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
enum SafetensorsConvert {
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
