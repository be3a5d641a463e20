extension BoundaryMapper {
    /// A cell's counts divided among the successors of a split, by `shares`.
    ///
    /// Whole questionnaires first: the questionnaire count is apportioned by the shares
    /// (largest remainder). Every item is then divided in proportion to the questionnaires
    /// each part received, the same for all items, and rounded as a table
    /// (`apportionTable`): each option keeps its total exactly and no part gets more answers
    /// to an item than ⌈answers × its questionnaires / all questionnaires⌉ — so never more
    /// answers than questionnaires when each questionnaire answers the item at most once.
    /// A cell without questionnaires (or with negative counts) is divided option by option.
    public static func divide(_ counts: ItemCounts, shares: [Double]) -> [ItemCounts] {
        var parts = shares.map { _ in ItemCounts() }
        let table = counts.counts
        let total = counts.questionnaires
        let negative = table.values.contains { $0.values.contains { $0 < 0 } }
        let questionnaires = total > 0 && !negative ? apportion(total, shares: shares) : nil
        for (item, options) in table.sorted(by: { $0.key < $1.key }) {
            let codes = options.keys.sorted()
            let rows: [[Int]]
            if item == TallyEntry.questionnairesItem {
                rows = codes.map { apportion(options[$0]!, shares: shares) }
            } else if let questionnaires {
                rows = apportionTable(codes.map { options[$0]! }, weights: questionnaires)
            } else {
                rows = codes.map { apportion(options[$0]!, shares: shares) }
            }
            for (code, row) in zip(codes, rows) {
                for (i, n) in row.enumerated() where n != 0 { parts[i].add(item: item, option: code, n) }
            }
        }
        return parts
    }

    /// Divides each row total in proportion to the whole-number `weights` (a controlled
    /// rounding): every cell is its exact quota rounded down or up, every row keeps its total,
    /// and column i gets at most ⌈Σ rows × wᵢ / Σ w⌉. Extra units go first to the largest
    /// remainders (ties: earlier row, then earlier column); when that greedy pass gets stuck,
    /// augmenting paths move earlier units to make room (such a rounding always exists for a
    /// two-way table). Rows must not be negative; weights must add up to more than 0.
    public static func apportionTable(_ rows: [Int], weights: [Int]) -> [[Int]] {
        let total = weights.reduce(0, +)
        precondition(total > 0 && !weights.contains { $0 < 0 } && !rows.contains { $0 < 0 })
        let answers = rows.reduce(0, +)
        var cells = rows.map { n in weights.map { n * $0 / total } }
        let remainder = rows.map { n in weights.map { n * $0 % total } }
        var rowNeed = rows.indices.map { rows[$0] - cells[$0].reduce(0, +) }
        var columnRoom = weights.indices.map { i in
            (answers * weights[i] + total - 1) / total - cells.reduce(0) { $0 + $1[i] }
        }
        // A cell may take one extra unit when its quota is not whole.
        var extra = rows.map { _ in weights.map { _ in false } }
        var candidates: [(row: Int, column: Int)] = []
        for r in rows.indices { for c in weights.indices where remainder[r][c] > 0 { candidates.append((r, c)) } }
        candidates.sort { a, b in
            let x = remainder[a.row][a.column]
            let y = remainder[b.row][b.column]
            return x != y ? x > y : (a.row, a.column) < (b.row, b.column)
        }
        for (r, c) in candidates where rowNeed[r] > 0 && columnRoom[c] > 0 {
            extra[r][c] = true
            rowNeed[r] -= 1
            columnRoom[c] -= 1
        }
        // Augmenting paths: row → (free candidate cell) → column → (taken cell) → row …
        for start in rows.indices {
            while rowNeed[start] > 0 {
                var cameFrom: [Int: Int] = [:]  // column → the row it was reached from
                var heldBy: [Int: Int] = [:]  // row → the column whose extra unit it holds on the path
                var rowQueue = [start]
                var seenRows: Set<Int> = [start]
                var end: Int?
                search: while !rowQueue.isEmpty {
                    let r = rowQueue.removeFirst()
                    for c in weights.indices where remainder[r][c] > 0 && !extra[r][c] && cameFrom[c] == nil {
                        cameFrom[c] = r
                        if columnRoom[c] > 0 {
                            end = c
                            break search
                        }
                        for other in rows.indices where extra[other][c] && !seenRows.contains(other) {
                            seenRows.insert(other)
                            heldBy[other] = c
                            rowQueue.append(other)
                        }
                    }
                }
                guard var c = end else {
                    preconditionFailure("a controlled rounding of a two-way table always exists")
                }
                columnRoom[c] -= 1
                // Walk back: each row on the path takes column c and gives up the column it
                // held that led here.
                while true {
                    let r = cameFrom[c]!
                    extra[r][c] = true
                    if r == start { break }
                    let previous = heldBy[r]!
                    extra[r][previous] = false
                    c = previous
                }
                rowNeed[start] -= 1
            }
        }
        for r in rows.indices { for c in weights.indices where extra[r][c] { cells[r][c] += 1 } }
        return cells
    }
}
