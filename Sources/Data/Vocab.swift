import Engine

/// A word-level vocabulary for captions: lowercase words split on anything but letters and digits.
///
/// Index 0 is `<pad>` and 1 is `<unk>`; the other words follow in order of first appearance, so the same captions
/// always give the same indices.
public struct Vocab: Equatable, Sendable {
    public static let padToken = "<pad>", unknownToken = "<unk>"
    public static let padIndex = 0, unknownIndex = 1

    /// The words by index.
    public private(set) var words: [String]
    private var indices: [String: Int]

    /// Builds the vocabulary of the words in `texts`.
    public init(_ texts: [String]) {
        words = [Vocab.padToken, Vocab.unknownToken]
        indices = [Vocab.padToken: Vocab.padIndex, Vocab.unknownToken: Vocab.unknownIndex]
        for text in texts {
            for word in Vocab.split(text) where indices[word] == nil {
                indices[word] = words.count
                words.append(word)
            }
        }
    }

    /// The number of entries, including `<pad>` and `<unk>` (the `num_embeddings` an `Embedding` needs at least).
    public var count: Int { words.count }

    /// The index of `word` (lowercased), or 1 (`<unk>`) when it is not in the vocabulary.
    public func index(of word: String) -> Int { indices[word.lowercased()] ?? Vocab.unknownIndex }

    /// The word at `index`, or nil when out of range.
    public func word(at index: Int) -> String? { words.indices.contains(index) ? words[index] : nil }

    /// The indices of the words of `text`.
    public func encode(_ text: String) -> [Int] { Vocab.split(text).map { index(of: $0) } }

    /// The words of `indices` joined by spaces, leaving out padding (unknown indices read as `<unk>`).
    public func decode(_ indices: [Int]) -> String {
        indices.filter { $0 != Vocab.padIndex }.map { word(at: $0) ?? Vocab.unknownToken }.joined(separator: " ")
    }

    /// The lowercase words of `text`: runs of letters and digits.
    public static func split(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }
}

/// The token indices of `text` as an int64 [L] tensor; with `length`, padded with 0 or truncated to it.
public func tokenize(_ text: String, _ vocab: Vocab, length: Int? = nil) throws -> Tensor {
    try tokenize([text], vocab, length: length).view([-1])
}

/// The most tokens `tokenize` makes at once (2 GiB of int64): a `length` beyond it is an error, not an abort.
public let maxTokens = 1 << 28

/// The token indices of each text as one int64 [B, L] tensor, padded with 0 to `length` (or the longest text) and
/// truncated to `length`.
public func tokenize(_ texts: [String], _ vocab: Vocab, length: Int? = nil) throws -> Tensor {
    if let length, length < 0 { throw DataError("tokenize", "length must be non-negative, got \(length)") }
    let encoded = texts.map { vocab.encode($0) }
    let width = length ?? encoded.map(\.count).max() ?? 0
    let (total, overflow) = texts.count.multipliedReportingOverflow(by: width)
    guard !overflow && total <= maxTokens else {
        throw DataError("tokenize", "cannot allocate \(texts.count) x \(width) tokens: too large "
                        + "(at most \(maxTokens) in all)")
    }
    var flat: [Int64] = []
    flat.reserveCapacity(total)
    for ids in encoded {
        let kept = ids.prefix(width)
        flat += kept.map { Int64($0) }
        flat += repeatElement(Int64(Vocab.padIndex), count: width - kept.count)
    }
    return try Tensor(int64s: flat, shape: [texts.count, width])
}
