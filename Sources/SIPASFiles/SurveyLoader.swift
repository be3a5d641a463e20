import Foundation
import SIPASCore
import Yams

/// Reads a survey definition from YAML (the format of `Surveys/README.md`) and checks it,
/// naming the line of every problem.
public enum SurveyLoader {
    /// Loads and validates; throws `FileProblems` listing every problem with its line.
    public static func load(yaml: String, file: String) throws -> Survey {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw FileProblems([problem(from: error, file: file)])
        }
        guard let node else {
            throw FileProblems([FileProblem(file: file, line: 1, message: "the file is empty; expected a survey definition")])
        }
        // An alias (`*name`) stands for its whole anchored value (`&name`) and is read again
        // wherever it is used, so lists of aliases nested elements × items × options let a 2 KB
        // file stand for a million options, and loading it never ended (a hand-made input, shown
        // to hang the FuzzSurveyYAML target of Scripts/fuzz, 2026-11-27). Refuse trees larger
        // than any survey before reading them.
        if valueCount(node, atMost: maxValues) > maxValues {
            throw FileProblems([
                FileProblem(
                    file: file, line: nil,
                    message:
                        "the survey has more than 100,000 values once its aliases (*name) are expanded; "
                        + "a survey has a few thousand: write the repeated parts out, or use fewer aliases")
            ])
        }
        var reader = NodeReader(file: file)
        let survey = reader.survey(node)
        var problems = reader.problems
        if let survey, problems.isEmpty {
            for p in survey.problems() {
                problems.append(FileProblem(file: file, line: reader.line(for: p.path), message: p.message))
            }
        }
        guard let survey, problems.isEmpty else {
            throw FileProblems(problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return survey
    }

    /// Loads a survey file from disk.
    public static func load(contentsOf url: URL) throws -> Survey {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FileProblems([FileProblem(file: url.path, line: nil, message: "cannot read the file (\(error.localizedDescription))")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileProblems([FileProblem(file: url.path, line: nil, message: "the file is not UTF-8 text")])
        }
        return try load(yaml: text, file: url.path)
    }

    /// The most YAML values (scalars, lists, mappings; an alias counted again each time it is
    /// used) a survey file may expand to: the shipped surveys have about 1,000.
    static let maxValues = 100_000  // as written in the message above

    /// The number of values in the tree as the reader walks it (an alias counts again wherever
    /// it is used), counting no further than `limit` + 1, so that the count itself stays cheap.
    static func valueCount(_ node: Node, atMost limit: Int) -> Int {
        var count = 0
        func visit(_ node: Node) {
            guard count <= limit else { return }
            count += 1
            switch node {
            case .scalar, .alias:
                break
            case .mapping(let mapping):
                for (key, value) in mapping {
                    visit(key)
                    visit(value)
                }
            case .sequence(let sequence):
                for element in sequence { visit(element) }
            }
        }
        visit(node)
        return count
    }

    static func problem(from error: YamlError, file: String) -> FileProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return FileProblem(file: file, line: mark.line, message: "malformed YAML: \(problem)")
        case .reader(let problem, _, _, _):
            return FileProblem(file: file, line: nil, message: "unreadable YAML: \(problem)")
        default:
            return FileProblem(file: file, line: nil, message: "malformed YAML: \(error)")
        }
    }
}

/// Walks the YAML tree into a `Survey`, collecting problems with their lines and remembering
/// the line of every path so that model-level problems can be located too.
private struct NodeReader {
    let file: String
    var problems: [FileProblem] = []
    var lines: [String: Int] = [:]

    init(file: String) { self.file = file }

    func line(for path: String) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            guard let dot = path.lastIndex(of: ".") else { break }
            path = String(path[..<dot])
        }
        return lines[""]
    }

    mutating func fail(_ node: Node?, _ message: String) {
        problems.append(FileProblem(file: file, line: node?.mark?.line, message: message))
    }

    /// The fields of a mapping, with unknown and duplicate keys reported.
    mutating func fields(_ node: Node, at path: String, allowed: Set<String>, what: String) -> [String: Node]? {
        guard let mapping = node.mapping else {
            fail(node, "\(what) must be a mapping of keys to values")
            return nil
        }
        lines[path] = node.mark?.line
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                fail(keyNode, "keys must be plain text")
                continue
            }
            if !allowed.contains(key) {
                fail(keyNode, "unknown key \"\(key)\" in \(what); expected one of: \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            if result[key] != nil {
                fail(keyNode, "key \"\(key)\" appears twice in \(what)")
                continue
            }
            result[key] = value
            lines[path.isEmpty ? key : "\(path).\(key)"] = value.mark?.line ?? keyNode.mark?.line
        }
        return result
    }

    mutating func string(_ node: Node?, _ name: String, in parent: Node, required: Bool = true) -> String? {
        guard let node else {
            if required { fail(parent, "missing \"\(name)\"") }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            fail(node, "\"\(name)\" must be text")
            return nil
        }
        if scalar.style == .plain && scalar.string == "~" || (scalar.style == .plain && scalar.string == "null") {
            if required { fail(node, "\"\(name)\" must not be empty") }
            return nil
        }
        return scalar.string.precomposedStringWithCanonicalMapping
    }

    mutating func int(_ node: Node?, _ name: String, in parent: Node) -> Int? {
        guard let node else { return nil }
        guard let text = node.string, let value = Int(text) else {
            fail(node, "\"\(name)\" must be a whole number, found \"\(node.string ?? "a structure")\"")
            return nil
        }
        return value
    }

    mutating func double(_ node: Node?, _ name: String) -> Double? {
        guard let node else { return nil }
        guard let text = node.string, let value = Double(text), value.isFinite else {
            fail(node, "\"\(name)\" must be a number, found \"\(node.string ?? "a structure")\"")
            return nil
        }
        return value
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ node: Node?, _ name: String, in parent: Node) -> E?
    where E.RawValue == String {
        guard let text = string(node, name, in: parent, required: false) else { return nil }
        guard let value = E(rawValue: text) else {
            fail(node, "\"\(text)\" is not a valid \(name); expected one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    mutating func sequence(_ node: Node?, _ name: String, at path: String) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let seq) = node else {
            if node.string == "" || node.null != nil { return [] }
            fail(node, "\"\(name)\" must be a list")
            return []
        }
        lines[path] = node.mark?.line
        return Array(seq)
    }

    mutating func text(_ node: Node?, _ name: String, in parent: Node, at path: String) -> LocalizedText? {
        guard let node else {
            fail(parent, "missing \"\(name)\" (Vietnamese and English text: {vi: …, en: …})")
            return nil
        }
        if case .scalar = node {
            // A plain string is taken as the Vietnamese text; English falls back to it.
            guard let vi = string(node, name, in: parent) else { return nil }
            return LocalizedText(vi: vi, en: "")
        }
        guard let f = fields(node, at: path, allowed: ["vi", "en"], what: "\"\(name)\"") else { return nil }
        let vi = string(f["vi"], "\(name).vi", in: node) ?? ""
        let en = string(f["en"], "\(name).en", in: node, required: false) ?? ""
        return LocalizedText(vi: vi, en: en)
    }

    mutating func survey(_ node: Node) -> Survey? {
        guard
            let f = fields(
                node, at: "",
                allowed: [
                    "code", "version", "title", "source", "note", "index", "parts", "elements", "items", "series",
                ], what: "the survey")
        else { return nil }
        lines[""] = 1
        let code = string(f["code"], "code", in: node)
        let version = int(f["version"], "version", in: node)
        if f["version"] == nil { fail(node, "missing \"version\"") }
        let title = text(f["title"], "title", in: node, at: "title")
        let source = string(f["source"], "source", in: node)
        let note = string(f["note"], "note", in: node, required: false)
        let index = f["index"].map { indexSettings($0) } ?? IndexSettings()
        var parts: [SurveyPart] = []
        for (i, p) in sequence(f["parts"], "parts", at: "parts").enumerated() {
            let path = "parts.\(i)"
            guard let pf = fields(p, at: path, allowed: ["code", "title"], what: "a part") else { continue }
            let code = string(pf["code"], "code", in: p) ?? ""
            let title = text(pf["title"], "title", in: p, at: "\(path).title") ?? LocalizedText(vi: code, en: code)
            parts.append(SurveyPart(code: code, title: title))
        }
        var elements: [SurveyElement] = []
        for (i, e) in sequence(f["elements"], "elements", at: "elements").enumerated() {
            let path = "elements.\(i)"
            guard let ef = fields(e, at: path, allowed: ["code", "part", "title", "items"], what: "an element") else { continue }
            let code = string(ef["code"], "code", in: e) ?? ""
            let part = string(ef["part"], "part", in: e, required: false)
            let title = text(ef["title"], "title", in: e, at: "\(path).title") ?? LocalizedText(vi: "", en: "")
            if ef["items"] == nil { fail(e, "element \"\(code)\" has no items") }
            var items: [SurveyItem] = []
            for (j, itemNode) in sequence(ef["items"], "items", at: "\(path).items").enumerated() {
                if let item = item(itemNode, at: "\(path).items.\(j)", defaultGroup: .criterion) { items.append(item) }
            }
            elements.append(SurveyElement(code: code, part: part, title: title, items: items))
        }
        var items: [SurveyItem] = []
        for (i, itemNode) in sequence(f["items"], "items", at: "items").enumerated() {
            if let item = item(itemNode, at: "items.\(i)", defaultGroup: nil) { items.append(item) }
        }
        let series = f["series"].flatMap { seriesMapping($0) }
        guard let code, let version, let title, let source else { return nil }
        return Survey(
            code: code, version: version, title: title, source: source, note: note, index: index,
            parts: parts, elements: elements, items: items, series: series)
    }

    mutating func indexSettings(_ node: Node) -> IndexSettings {
        var settings = IndexSettings()
        guard
            let f = fields(
                node, at: "index",
                allowed: [
                    "satisfied_levels", "element_rule", "overall_rule", "overall_item", "across_units",
                    "par_weight", "target", "min_respondents", "confidence", "rank_incomplete",
                ], what: "index")
        else { return settings }
        if let levelsNode = f["satisfied_levels"] {
            settings.satisfiedLevels = sequence(levelsNode, "satisfied_levels", at: "index.satisfied_levels")
                .compactMap { int($0, "satisfied_levels", in: levelsNode) }
        }
        if let v: IndexSettings.ElementRule = enumValue(f["element_rule"], "element_rule", in: node) { settings.elementRule = v }
        if let v: IndexSettings.OverallRule = enumValue(f["overall_rule"], "overall_rule", in: node) { settings.overallRule = v }
        settings.overallItem = string(f["overall_item"], "overall_item", in: node, required: false)
        if let v: IndexSettings.AcrossUnits = enumValue(f["across_units"], "across_units", in: node) { settings.acrossUnits = v }
        if let v = double(f["par_weight"], "par_weight") { settings.parWeight = v }
        if let v = double(f["target"], "target") { settings.target = v }
        if let v = int(f["min_respondents"], "min_respondents", in: node) { settings.minRespondents = v }
        if let v = double(f["confidence"], "confidence") { settings.confidence = v }
        if let node = f["rank_incomplete"] {
            switch node.string {
            case "true": settings.rankIncomplete = true
            case "false": settings.rankIncomplete = false
            default: fail(node, "\"rank_incomplete\" must be true or false, found \"\(node.string ?? "a structure")\"")
            }
        }
        return settings
    }

    mutating func item(_ node: Node, at path: String, defaultGroup: ItemGroup?) -> SurveyItem? {
        guard let f = fields(node, at: path, allowed: ["code", "kind", "group", "text", "options", "max_choices"], what: "an item") else {
            return nil
        }
        let code = string(f["code"], "code", in: node) ?? ""
        guard f["kind"] != nil else {
            fail(node, "item \"\(code)\" has no kind; expected one of: \(ItemKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let kind: ItemKind = enumValue(f["kind"], "item kind", in: node) else { return nil }
        var group: ItemGroup? = defaultGroup
        if f["group"] != nil {
            guard let g: ItemGroup = enumValue(f["group"], "item group", in: node) else { return nil }
            group = g
        }
        let resolvedGroup =
            group
            ?? {
                switch kind {
                case .satisfaction: return .other
                case .yesNo: return .observation
                case .singleChoice, .multipleChoice: return .other
                case .profile: return .profile
                }
            }()
        let text = text(f["text"], "text", in: node, at: "\(path).text") ?? LocalizedText(vi: "", en: "")
        var options: [ItemOption] = []
        for (i, o) in sequence(f["options"], "options", at: "\(path).options").enumerated() {
            let opath = "\(path).options.\(i)"
            if case .scalar = o {
                if let c = string(o, "option", in: node) { options.append(ItemOption(code: c, label: LocalizedText(vi: c, en: c))) }
                continue
            }
            guard let of = fields(o, at: opath, allowed: ["code", "vi", "en"], what: "an option") else { continue }
            let c = string(of["code"], "code", in: o) ?? ""
            let vi = string(of["vi"], "vi", in: o) ?? c
            let en = string(of["en"], "en", in: o, required: false) ?? ""
            options.append(ItemOption(code: c, label: LocalizedText(vi: vi, en: en)))
        }
        if kind == .yesNo && options.isEmpty {
            options = [
                ItemOption(code: "yes", label: LocalizedText(vi: "Có", en: "Yes")),
                ItemOption(code: "no", label: LocalizedText(vi: "Không", en: "No")),
            ]
        }
        let maxChoices = int(f["max_choices"], "max_choices", in: node)
        return SurveyItem(code: code, kind: kind, group: resolvedGroup, text: text, options: options, maxChoices: maxChoices)
    }

    mutating func seriesMapping(_ node: Node) -> SeriesMapping? {
        guard let f = fields(node, at: "series", allowed: ["survey", "version", "elements", "items"], what: "series") else {
            return nil
        }
        let survey = string(f["survey"], "survey", in: node) ?? ""
        let version = f["version"].flatMap { int($0, "series.version", in: node) }
        var maps: [String: [String: String]] = [:]
        for key in ["elements", "items"] {
            guard let m = f[key] else { continue }
            guard let mapping = m.mapping else {
                fail(m, "series.\(key) must map this survey's codes to the earlier survey's codes")
                continue
            }
            var result: [String: String] = [:]
            for (k, v) in mapping {
                guard let from = k.string, let to = v.string else {
                    fail(k, "series.\(key) entries must be code: code")
                    continue
                }
                if result[from] != nil { fail(k, "\"\(from)\" is mapped twice in series.\(key)") }
                result[from] = to
                lines["series.\(key).\(from)"] = k.mark?.line
            }
            maps[key] = result
        }
        return SeriesMapping(survey: survey, version: version, elements: maps["elements"] ?? [:], items: maps["items"] ?? [:])
    }
}
