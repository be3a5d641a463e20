import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASFiles

/// The new wordings of issue 14 (Surveys/README.md, "Wording checked against the published
/// texts"): sipas-2017 and sipas-2023 version 2 are version 1 with other words only, and say
/// through `series` that they continue it.
@Suite struct SurveyWordingTests {
    static func shipped(_ file: String) throws -> Survey {
        try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys").appendingPathComponent(file))
    }

    /// The pairs (version 1, version 2) of the shipped files.
    static let pairs = [("sipas-2017.yaml", "sipas-2017-v2.yaml"), ("sipas-2023.yaml", "sipas-2023-v2.yaml")]

    /// What is left of a survey without its words: codes, kinds, groups, options, the index
    /// settings and the order of everything. Version and series are compared on their own.
    static func structure(_ survey: Survey) -> Survey {
        func bare(_ item: SurveyItem) -> SurveyItem {
            var item = item
            item.text = LocalizedText(vi: "", en: "")
            item.options = item.options.map { ItemOption(code: $0.code, label: LocalizedText(vi: "", en: "")) }
            return item
        }
        var survey = survey
        survey.version = 0
        survey.title = LocalizedText(vi: "", en: "")
        survey.note = nil
        survey.series = nil
        survey.parts = survey.parts.map { SurveyPart(code: $0.code, title: LocalizedText(vi: "", en: "")) }
        survey.elements = survey.elements.map {
            SurveyElement(code: $0.code, part: $0.part, title: LocalizedText(vi: "", en: ""), items: $0.items.map(bare))
        }
        survey.items = survey.items.map(bare)
        return survey
    }

    /// Every Vietnamese text of a survey by where it is: "title", "element 5", "item 2.5",
    /// "option exp.improve/complaints".
    static func texts(_ survey: Survey) -> [String: String] {
        var result = ["title": survey.title.vi]
        for part in survey.parts { result["part \(part.code)"] = part.title.vi }
        for element in survey.elements { result["element \(element.code)"] = element.title.vi }
        for item in survey.allItems {
            result["item \(item.code)"] = item.text.vi
            for option in item.options { result["option \(item.code)/\(option.code)"] = option.label.vi }
        }
        return result
    }

    @Test(arguments: pairs)
    func versionTwoLoadsValidatesAndFollowsVersionOne(pair: (String, String)) throws {
        let (old, new) = (try Self.shipped(pair.0), try Self.shipped(pair.1))
        #expect(new.problems().isEmpty, "\(new.problems())")
        #expect(new.code == old.code)
        #expect(old.version == 1 && new.version == 2)
        #expect(new.source == old.source)
    }

    @Test(arguments: pairs)
    func structureIsVersionOnesExceptForWording(pair: (String, String)) throws {
        let (old, new) = (try Self.shipped(pair.0), try Self.shipped(pair.1))
        #expect(Self.structure(new) == Self.structure(old))
        // The same counting rules: the same slots, so counts of either version mean the same.
        #expect(SlotLayout(survey: new) == SlotLayout(survey: old))
        #expect(new.index == old.index)
        #expect(new.allItems.map(\.code) == old.allItems.map(\.code))
        #expect(new.allItems.map { $0.options.map(\.code) } == old.allItems.map { $0.options.map(\.code) })
    }

    @Test(arguments: pairs)
    func seriesMapsEveryElementAndItemToItsVersionOneCode(pair: (String, String)) throws {
        let (old, new) = (try Self.shipped(pair.0), try Self.shipped(pair.1))
        let series = try #require(new.series)
        #expect(series.survey == old.code && series.version == 1)
        #expect(series.elements == Dictionary(uniqueKeysWithValues: old.elements.map { ($0.code, $0.code) }))
        #expect(series.items == Dictionary(uniqueKeysWithValues: old.allItems.map { ($0.code, $0.code) }))
    }

    /// Exactly the texts Surveys/README.md lists as changed differ from version 1.
    @Test func sipas2017ChangesOnlyTheListedTexts() throws {
        let (old, new) = (Self.texts(try Self.shipped("sipas-2017.yaml")), Self.texts(try Self.shipped("sipas-2017-v2.yaml")))
        #expect(Set(old.keys) == Set(new.keys))
        let changed = Set(new.keys.filter { new[$0] != old[$0] })
        #expect(
            changed == [
                "element 5", "item 2.5", "item 3.3", "item 5.1", "item 5.3", "item 5.4", "option exp.improve/complaints",
            ])
        #expect(new["element 5"] == "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị")
        #expect(new["item 2.5"] == "Thời hạn giải quyết (tính từ hồ sơ được tiếp nhận đến ngày trả kết quả) là đúng quy định")
        #expect(new["item 3.3"] == "Công chức trả lời, giải đáp đầy đủ các ý kiến của người dân/đại diện tổ chức")
        let desk = "Cơ quan giải quyết thủ tục hành chính/Bộ phận tiếp nhận và trả kết quả có "
        for code in ["5.1", "5.3", "5.4"] {
            #expect(new["item \(code)"]?.hasPrefix(desk) == true, "\(code): \(new["item \(code)"] ?? "")")
        }
    }

    @Test func sipas2023NamesThePolicyGroupsAsPublishedAndAsksCitizens() throws {
        let oldSurvey = try Self.shipped("sipas-2023.yaml")
        let newSurvey = try Self.shipped("sipas-2023-v2.yaml")
        let (old, new) = (Self.texts(oldSurvey), Self.texts(newSurvey))
        let policies = newSurvey.elements.filter { $0.part == "policy" }.flatMap(\.items).map(\.text.vi)
        #expect(
            policies == [
                "Chính sách về phát triển kinh tế - xã hội", "Chính sách về khám, chữa bệnh", "Chính sách về giáo dục phổ thông",
                "Chính sách về nước sinh hoạt", "Chính sách về điện sinh hoạt", "Chính sách về trật tự, an toàn xã hội",
                "Chính sách về giao thông đường bộ", "Chính sách về an sinh, xã hội", "Chính sách về cải cách hành chính nhà nước",
            ])
        // Citizens, not organisations: no text of version 2 names "người dân, tổ chức" any more,
        // and the respondent is a citizen of 18 or over.
        #expect(old.values.contains { $0.contains("người dân, tổ chức") })
        #expect(!new.values.contains { $0.contains("người dân, tổ chức") || $0.contains("Người dân, tổ chức") }, "\(new)")
        #expect(new["title"] == "Khảo sát sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước")
        #expect(new["option respondent_type/individual"] == "Người dân từ đủ 18 tuổi trở lên")
        #expect(new["item respondent_type"]?.contains("người dân từ đủ 18 tuổi trở lên") == true)
        #expect(new["option respondent_type/organisation"]?.contains("không thuộc đối tượng khảo sát") == true)
        let changed = Set(new.keys.filter { new[$0] != old[$0] })
        #expect(
            changed
                == Set(
                    ["title", "item S1.2", "item S3.2", "item S5.1", "item obs.harassment", "item respondent_type"]
                        + (1...9).map { "item P.\($0)" } + ["option respondent_type/individual", "option respondent_type/organisation"]))
    }
}
