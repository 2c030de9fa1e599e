/// Levenshtein distance, for "did you mean" suggestions.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
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

    /// The name among `candidates` closest to `name`, if any is close enough to be a likely typo.
    static func nearest(_ name: String, among candidates: [String]) -> String? {
        let limit = name.count <= 3 ? 1 : max(2, name.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = between(name, candidate)
            guard distance <= limit else { continue }
            if let current = best, current.distance < distance || current.distance == distance && current.name <= candidate {
                continue
            }
            best = (candidate, distance)
        }
        return best?.name
    }
}
