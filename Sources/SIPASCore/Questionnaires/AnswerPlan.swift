/// What ``QuestionnaireValidator`` works out once per survey so that the common answers of a
/// file (a level "4", an option code "yes", options "time|fees", "na") are read straight from
/// the cell's bytes and counted by walking arrays, without a `String`, a dictionary or a copy of
/// a `SurveyItem` per answer.
///
/// Everything here is a shortcut with an exact fallback: whatever the plan does not recognise
/// (other text, whitespace, non-ASCII, labels, errors) goes through the general code, so the
/// results are those of the general code.
struct AnswerPlan: Sendable {
    /// How answers to an item are read from bytes.
    enum Reading: Sendable {
        /// A satisfaction level: one digit.
        case level
        /// One option code (yes/no, single choice, profile with options).
        case option
        /// Option codes separated by `|`, `;`, `,` or spaces (multiple choice).
        case options
        /// Only through the general code (free-text profile answers, unusual option codes).
        case general
    }

    /// The outcome of reading a cell.
    enum Answer {
        /// "na" in any case: no answer.
        case none
        /// The coded answer (see ``AnswerCodec``).
        case code(Int16)
        /// Not recognised: the general code must read the cell.
        case general
    }

    let readings: [Reading]
    /// Each item's option codes as UTF-8 (all ASCII where the reading uses them).
    let optionCodes: [[[UInt8]]]
    let maxChoices: [Int?]
    /// Which one-digit answers are satisfaction levels, by digit.
    let isLevel: [Bool]

    /// Per item, the count slot of each answer code it can have (0 = no answer): a slot, or
    /// ``noSlot`` when the answer counts towards no option. Multiple-choice items list only
    /// code 0 here.
    let codeSlots: [[Int]]
    /// Per multiple-choice item, the slot of each option.
    let optionSlots: [[Int]]
    /// Items whose answers are counted through the general code (an option without a slot).
    let countsGenerally: [Bool]
    /// The most slots one questionnaire can count towards (slot 0 included).
    let maxSlotsPerRow: Int

    static let noSlot = -1

    init(codec: AnswerCodec, slots: CountSlots) {
        var readings: [Reading] = []
        var optionCodes: [[[UInt8]]] = []
        var maxChoices: [Int?] = []
        var codeSlots: [[Int]] = []
        var optionSlots: [[Int]] = []
        var countsGenerally: [Bool] = []
        var maxSlots = 1
        for (index, item) in codec.items.enumerated() {
            let codes = item.options.map { Array($0.code.utf8) }
            let asciiCodes = codes.allSatisfy { $0.allSatisfy { $0 < 0x80 } }
            switch item.kind {
            case .satisfaction:
                readings.append(.level)
            case .yesNo, .singleChoice:
                readings.append(asciiCodes ? .option : .general)
            case .profile:
                readings.append(asciiCodes && !item.options.isEmpty ? .option : .general)
            case .multipleChoice:
                // At most 15 options: their bits stay clear of the sign bit of an Int16 mask.
                readings.append(asciiCodes && item.options.count <= 15 ? .options : .general)
            }
            optionCodes.append(codes)
            maxChoices.append(item.maxChoices)

            // The slots of every answer code, from the very functions the general code uses.
            var general = false
            let highestCode: Int
            switch item.kind {
            case .satisfaction: highestCode = SatisfactionScale.levels.upperBound
            case .multipleChoice: highestCode = 0
            case .yesNo, .singleChoice, .profile: highestCode = item.options.count
            }
            var table: [Int] = []
            for code in 0...max(0, highestCode) {
                let options = codec.options(of: Int16(truncatingIfNeeded: code), item: item)
                if options.isEmpty {
                    table.append(Self.noSlot)
                } else if options.count == 1, let slot = slots.slot(item: index, option: options[0]) {
                    table.append(slot)
                } else {
                    general = true
                    table.append(Self.noSlot)
                }
            }
            var perOption: [Int] = []
            if item.kind == .multipleChoice {
                for option in item.options {
                    if let slot = slots.slot(item: index, option: option.code) {
                        perOption.append(slot)
                    } else {
                        general = true
                        perOption.append(Self.noSlot)
                    }
                }
            }
            codeSlots.append(table)
            optionSlots.append(perOption)
            countsGenerally.append(general)
            maxSlots += max(1, item.options.count)
        }
        self.readings = readings
        self.optionCodes = optionCodes
        self.maxChoices = maxChoices
        self.isLevel = (0...9).map { SatisfactionScale.levels.contains($0) }
        self.codeSlots = codeSlots
        self.optionSlots = optionSlots
        self.countsGenerally = countsGenerally
        self.maxSlotsPerRow = maxSlots
    }

    /// Reads a non-empty cell answering item `item`, or says the general code must.
    ///
    /// Only ASCII text without whitespace at either end is read here: it is its own trimmed
    /// text, and compares equal to an ASCII option code exactly when their bytes are equal.
    func read(_ cell: UnsafeBufferPointer<UInt8>, item: Int) -> Answer {
        let count = cell.count
        guard count > 0, !Self.isASCIIWhitespace(cell[0]), !Self.isASCIIWhitespace(cell[count - 1]) else { return .general }
        var bits: UInt8 = 0
        for byte in cell { bits |= byte }
        guard bits < 0x80 else { return .general }
        if count == 2 && cell[0] | 0x20 == UInt8(ascii: "n") && cell[1] | 0x20 == UInt8(ascii: "a") { return .none }
        switch readings[item] {
        case .level:
            guard count == 1, cell[0] >= UInt8(ascii: "0"), cell[0] <= UInt8(ascii: "9") else { return .general }
            let digit = Int(cell[0] - UInt8(ascii: "0"))
            return isLevel[digit] ? .code(Int16(digit)) : .general
        case .option:
            guard let index = optionIndex(cell, item: item) else { return .general }
            return .code(Int16(index + 1))
        case .options:
            var mask: Int16 = 0
            var chosen = 0
            var start = 0
            for end in 0...count where end == count || Self.isOptionSeparator(cell[end]) {
                if end > start {
                    guard let index = optionIndex(UnsafeBufferPointer(rebasing: cell[start..<end]), item: item) else { return .general }
                    if mask & (1 << index) == 0 { chosen += 1 }
                    mask |= 1 << index
                }
                start = end + 1
            }
            if let max = maxChoices[item], chosen > max { return .general }
            return .code(mask)
        case .general:
            return .general
        }
    }

    /// The first option whose code has exactly these bytes.
    private func optionIndex(_ text: UnsafeBufferPointer<UInt8>, item: Int) -> Int? {
        let codes = optionCodes[item]
        for index in codes.indices where codes[index].count == text.count {
            if codes[index].withUnsafeBufferPointer({ $0.elementsEqual(text) }) { return index }
        }
        return nil
    }

    /// The characters `Character.isWhitespace` accepts among ASCII: tab, line feed, vertical
    /// tab, form feed, carriage return and space.
    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The separators of multiple-choice answers.
    @inline(__always)
    static func isOptionSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "|") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ")
    }

    /// True when `text` is ASCII without whitespace at either end, so that trimming whitespace
    /// leaves it as it is.
    static func isTrimmedASCII(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return true }
        guard !isASCIIWhitespace(first), !isASCIIWhitespace(last) else { return false }
        return utf8.allSatisfy { $0 < 0x80 }
    }
}
