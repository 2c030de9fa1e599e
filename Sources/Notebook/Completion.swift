/// The result of completing at the cursor: where the replaced text starts and what may replace it.
struct Completion: Equatable {
    /// UTF-8 offset in the line where the completed word starts; the word runs to the cursor.
    var start: Int
    /// Full replacements for the word, sorted, without duplicates.
    var candidates: [String]

    static let none = Completion(start: 0, candidates: [])
}
