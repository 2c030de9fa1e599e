/// The one "did you mean" rule of gmm: the language, the layer and optimizer factories and the notebook all use it.

/// `" (did you mean 'x'?)"` for the candidate closest to `name`, or "" when none is close.
public func didYouMean(_ name: String, among candidates: [String]) -> String {
    nearestName(name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}

/// The candidate closest to `name` when it is close enough to be a likely typo, or nil.
///
/// Distance is Levenshtein's over the lower-cased names, so `nn.linear` finds `Linear`; an exact match in another
/// case is distance 0 and always wins. A name of three characters or fewer allows one edit, a longer one a third of
/// its length (at least two). Ties go to the candidate whose case matches exactly, then the alphabetically first.
public func nearestName(_ name: String, among candidates: [String]) -> String? {
    let lowered = name.lowercased()
    let limit = name.count <= 3 ? 1 : max(2, name.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let d = editDistance(lowered, candidate.lowercased())
        guard d <= limit else { continue }
        if let current = best, current.distance < d || (current.distance == d && current.name <= candidate) { continue }
        best = (candidate, d)
    }
    return best?.name
}

/// Levenshtein distance between two strings, by characters.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
