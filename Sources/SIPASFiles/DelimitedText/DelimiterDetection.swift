/// Guesses the delimiter from the first lines (up to `maxLines`): a template's title line has
/// no delimiter at all, so the first record alone would say "comma" for a semicolon file.
enum DelimiterDetection {
    /// Candidates in tie-breaking order: comma, semicolon (Excel in a Vietnamese locale), tab.
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    /// Lines looked at.
    static let maxLines = 20

    /// Counts the candidates outside quotes in the lines starting at `bytes[start...]`, up to
    /// `maxLines` unquoted line ends or the first `limit` bytes. `state` carries the scan across calls
    /// as more text arrives; returns true once the scan is complete.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, state: inout State) -> Bool {
        var index = start + state.scanned
        defer { state.scanned = index - start }
        let end = bytes.count - start > limit ? start + limit : bytes.count
        while index < end {
            let byte = bytes[index]
            index += 1
            let afterCR = state.afterCR
            state.afterCR = false
            if byte == RecordParser.quote {
                // Toggling on every quote also handles doubled quotes inside a quoted field.
                state.inQuotes.toggle()
            } else if !state.inQuotes {
                // A CR ends a line, and an LF right after it belongs to the same line end. That
                // LF used to be looked for in the same buffer only, so CR LF split between two
                // chunks counted as two lines and a file's delimiter depended on where its chunks
                // ended (a hand-made input, caught by the chunk-size check of the FuzzCSV target
                // of Scripts/fuzz, 2026-11-27).
                if byte == RecordParser.cr || (byte == RecordParser.lf && !afterCR) {
                    state.afterCR = byte == RecordParser.cr
                    state.lines += 1
                    if state.lines >= maxLines { return true }
                }
                if let slot = candidates.firstIndex(of: byte) { state.counts[slot] += 1 }
            }
        }
        return index - start >= limit
    }

    struct State {
        var scanned = 0
        var inQuotes = false
        var counts = [0, 0, 0]
        var lines = 0
        /// The last byte scanned was a CR outside quotes.
        var afterCR = false

        /// The most frequent candidate; ties go to the earlier one, none at all to comma.
        var best: UInt8 {
            var bestSlot = 0
            for slot in counts.indices where counts[slot] > counts[bestSlot] { bestSlot = slot }
            return candidates[bestSlot]
        }
    }
}
