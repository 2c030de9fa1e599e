import Engine
import XCTest
@testable import Data

/// Building a vocabulary from captions and tokenizing to padded index tensors.
final class VocabTests: XCTestCase {
    private let captions = ["digit 7 moving down-left", "Digits 3 and 8 moving right and up"]

    func testWordsInOrderOfFirstAppearance() {
        let vocab = Vocab(captions)
        XCTAssertEqual(vocab.words, ["<pad>", "<unk>", "digit", "7", "moving", "down", "left",
                                     "digits", "3", "and", "8", "right", "up"])
        XCTAssertEqual(vocab.count, 13)
        XCTAssertEqual(vocab.index(of: "MOVING"), 4)
        XCTAssertEqual(vocab.index(of: "sideways"), Vocab.unknownIndex)
        XCTAssertEqual(vocab.word(at: 99), nil)
    }

    func testTokenizeRoundTrip() throws {
        let vocab = Vocab(captions)
        let tokens = try tokenize("digit 7 moving down-left", vocab)
        XCTAssertEqual(tokens.shape, [5])
        XCTAssertEqual(tokens.dtype, .int64)
        XCTAssertEqual(tokens.toInt64s(), [2, 3, 4, 5, 6])
        XCTAssertEqual(vocab.decode(tokens.toInt64s().map { Int($0) }), "digit 7 moving down left")
        XCTAssertEqual(try tokenize("digit 9 moving", vocab).toInt64s(), [2, 1, 4], "unknown words are <unk>")
    }

    func testPaddingAndTruncation() throws {
        let vocab = Vocab(captions)
        XCTAssertEqual(try tokenize("digit 7", vocab, length: 5).toInt64s(), [2, 3, 0, 0, 0])
        XCTAssertEqual(try tokenize("digit 7 moving down-left", vocab, length: 3).toInt64s(), [2, 3, 4])
        XCTAssertEqual(vocab.decode([2, 3, 0, 0]), "digit 7")
        assertThrows("tokenize", "length must be non-negative") { try tokenize("digit", vocab, length: -1) }
        assertThrows("tokenize", "too large") { try tokenize("digit", vocab, length: Int.max) }
        assertThrows("tokenize", "too large") { try tokenize(["a", "b", "c"], vocab, length: Int.max / 2) }
    }

    func testBatchTokenize() throws {
        let vocab = Vocab(captions)
        let batch = try tokenize(captions, vocab)
        XCTAssertEqual(batch.shape, [2, 8])
        XCTAssertEqual(Array(batch.toInt64s().prefix(8)), [2, 3, 4, 5, 6, 0, 0, 0])
        XCTAssertEqual(try tokenize(captions, vocab, length: 4).shape, [2, 4])
        XCTAssertEqual(try tokenize([String](), vocab).shape, [0, 0])
    }

    func testMovingDigitCaptionsTokenize() throws {
        let clips = try movingMNIST(n: 8, frames: 2, seed: 4, source: try Embedded.mnist(train: false))
        let vocab = Vocab(clips.captions)
        let tokens = try tokenize(clips.captions, vocab, length: 6)
        XCTAssertEqual(tokens.shape, [8, 6])
        XCTAssertFalse(tokens.toInt64s().contains(Int64(Vocab.unknownIndex)))
        let data = try TensorDataset(clips.clips, tokens)
        XCTAssertEqual(try data.batch([0, 1]).map(\.shape), [[2, 1, 2, 64, 64], [2, 6]])
    }
}
