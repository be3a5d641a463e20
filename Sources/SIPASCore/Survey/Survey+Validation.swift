import Foundation

/// A rule a survey definition breaks. `path` locates the offending value in the definition
/// ("elements.0.items.2.code"), so that a file loader can name the line.
public struct SurveyProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

extension Survey {
    /// Codes of items that the tally and questionnaire formats reserve for themselves.
    public static let reservedItemCodes: Set<String> = [
        "questionnaires", "unit", "date", "channel", "period", "item", "option", "count", "id",
    ]

    /// Every rule this definition breaks; empty when it is valid.
    public func problems() -> [SurveyProblem] {
        var problems: [SurveyProblem] = []
        func add(_ path: String, _ message: String) {
            problems.append(SurveyProblem(path: path, message: message))
        }

        if code.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) == nil {
            add("code", "survey code \"\(code)\" must be lower-case letters, digits and '-'")
        }
        if version < 1 { add("version", "version must be a whole number from 1, found \(version)") }
        if title.vi.trimmed.isEmpty { add("title.vi", "the Vietnamese title is empty") }
        if title.en.trimmed.isEmpty { add("title.en", "the English title is empty") }
        if source.trimmed.isEmpty { add("source", "source (the decision the survey follows) is empty") }

        // Index settings.
        if index.satisfiedLevels.isEmpty {
            add("index.satisfied_levels", "at least one level must count as satisfied")
        }
        for (i, level) in index.satisfiedLevels.enumerated() where !SatisfactionScale.levels.contains(level) {
            add("index.satisfied_levels.\(i)", "level \(level) is not on the 1–5 scale")
        }
        if Set(index.satisfiedLevels).count != index.satisfiedLevels.count {
            add("index.satisfied_levels", "a level is listed twice")
        }
        if !(index.target > 0 && index.target <= 100) {
            add("index.target", "target must be a percentage above 0 and at most 100, found \(index.target)")
        }
        if !(index.parWeight > 0) { add("index.par_weight", "par_weight must be positive") }
        if index.minRespondents < 0 { add("index.min_respondents", "min_respondents must not be negative") }
        if !(index.confidence > 0.5 && index.confidence < 1) {
            add("index.confidence", "confidence must lie between 0.5 and 1, e.g. 0.95")
        }

        // Parts.
        var partCodes = Set<String>()
        for (i, part) in parts.enumerated() {
            if part.code.trimmed.isEmpty { add("parts.\(i).code", "part code is empty") }
            if !partCodes.insert(part.code).inserted {
                add("parts.\(i).code", "part code \"\(part.code)\" is used twice")
            }
        }

        // Codes unique across elements and items.
        var seen: [String: String] = [:]
        func claim(_ code: String, at path: String) {
            if code.trimmed.isEmpty {
                add(path, "code is empty")
            } else if code.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0.isWhitespace }) {
                add(path, "code \"\(code)\" must not contain spaces, commas, semicolons or quotes")
            } else if let earlier = seen[code] {
                add(path, "code \"\(code)\" is already used at \(earlier)")
            } else {
                seen[code] = path
            }
        }

        if elements.isEmpty { add("elements", "a survey needs at least one element with criteria") }
        for (e, element) in elements.enumerated() {
            let base = "elements.\(e)"
            claim(element.code, at: "\(base).code")
            if element.title.vi.trimmed.isEmpty { add("\(base).title.vi", "the element's Vietnamese title is empty") }
            if let part = element.part {
                if !partCodes.contains(part) {
                    add("\(base).part", "part \"\(part)\" is not declared under parts")
                }
            } else if !parts.isEmpty {
                add("\(base).part", "element \"\(element.code)\" must name one of the parts: \(parts.map(\.code).joined(separator: ", "))")
            }
            if element.items.isEmpty {
                add("\(base).items", "element \"\(element.code)\" has no items")
            }
            for (i, item) in element.items.enumerated() {
                check(item, at: "\(base).items.\(i)", claim: claim, add: add)
                if item.kind != .satisfaction {
                    add("\(base).items.\(i).kind", "criteria of an element must be satisfaction items, found \(item.kind.rawValue)")
                }
            }
        }
        for (i, item) in items.enumerated() {
            check(item, at: "items.\(i)", claim: claim, add: add)
        }

        switch index.overallRule {
        case .directItem:
            if let code = index.overallItem {
                if let item = item(code: code) {
                    if item.kind != .satisfaction {
                        add("index.overall_item", "overall_item \"\(code)\" must be a satisfaction item")
                    }
                } else {
                    add("index.overall_item", "overall_item \"\(code)\" is not an item of this survey")
                }
            } else {
                add("index.overall_rule", "overall_rule direct_item needs overall_item")
            }
        case .meanOfParts:
            if parts.isEmpty { add("index.overall_rule", "overall_rule mean_of_parts needs parts") }
            for (i, part) in parts.enumerated() where !elements.contains(where: { $0.part == part.code }) {
                add("parts.\(i)", "part \"\(part.code)\" has no elements")
            }
        case .meanOfElements, .meanOfCriteria:
            break
        }

        if let series {
            if let earlier = series.version, earlier < 1 {
                add("series.version", "series.version must be a whole number from 1, found \(earlier)")
            }
            if series.survey == code {
                // Only an earlier version of itself: a new wording of the same questionnaire.
                if let earlier = series.version {
                    if earlier >= version {
                        add("series.version", "series.version must name an earlier version of \(code) than this one (\(version))")
                    }
                } else {
                    add("series.survey", "a survey cannot continue itself; to continue an earlier version of it, give series.version")
                }
            }
            for key in series.elements.keys.sorted() where element(code: key) == nil {
                add("series.elements.\(key)", "\"\(key)\" is not an element of this survey")
            }
            for key in series.items.keys.sorted() where item(code: key) == nil {
                add("series.items.\(key)", "\"\(key)\" is not an item of this survey")
            }
        }
        return problems
    }

    private func check(
        _ item: SurveyItem, at path: String,
        claim: (String, String) -> Void, add: (String, String) -> Void
    ) {
        claim(item.code, "\(path).code")
        if Self.reservedItemCodes.contains(item.code) {
            add("\(path).code", "\"\(item.code)\" is reserved for the file formats; choose another code")
        }
        if item.text.vi.trimmed.isEmpty { add("\(path).text.vi", "the item's Vietnamese text is empty") }
        var optionCodes = Set<String>()
        for (o, option) in item.options.enumerated() {
            if option.code.trimmed.isEmpty {
                add("\(path).options.\(o).code", "option code is empty")
            } else if option.code.contains(where: { $0 == "," || $0 == ";" || $0 == "|" || $0.isWhitespace }) {
                add("\(path).options.\(o).code", "option code \"\(option.code)\" must not contain spaces, commas, semicolons or '|'")
            } else if !optionCodes.insert(option.code).inserted {
                add("\(path).options.\(o).code", "option code \"\(option.code)\" is used twice in item \(item.code)")
            }
            if option.code == SatisfactionScale.noAnswer {
                add("\(path).options.\(o).code", "\"na\" is reserved for \"no answer\"")
            }
        }
        switch item.kind {
        case .satisfaction:
            if !item.options.isEmpty {
                add("\(path).options", "satisfaction items use the fixed levels 1–5 and na; remove options")
            }
        case .singleChoice, .multipleChoice:
            if item.options.count < 2 {
                add("\(path).options", "a \(item.kind.rawValue) item needs at least two options")
            }
            if item.kind == .multipleChoice && item.options.count > 15 {
                add("\(path).options", "a multiple_choice item has at most 15 options (answers are stored as a bit mask)")
            }
        case .yesNo:
            if Set(item.options.map(\.code)) != ["yes", "no"] {
                add("\(path).options", "a yes_no item has exactly the options yes and no")
            }
        case .profile:
            break
        }
        if let maxChoices = item.maxChoices {
            if item.kind != .multipleChoice {
                add("\(path).max_choices", "max_choices applies to multiple_choice items only")
            } else if maxChoices < 1 || maxChoices > item.options.count {
                add("\(path).max_choices", "max_choices must be from 1 to the number of options (\(item.options.count))")
            }
        }
        if item.group == .criterion && item.kind != .satisfaction {
            add("\(path).group", "group criterion is for satisfaction items")
        }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
