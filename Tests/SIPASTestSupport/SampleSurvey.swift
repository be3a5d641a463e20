import SIPASCore

/// A small valid survey that each test breaks in one way.
public func sampleSurvey() -> Survey {
    Survey(
        code: "test-survey", version: 1, title: LocalizedText(vi: "Khảo sát thử", en: "Test survey"), source: "test",
        elements: [
            SurveyElement(
                code: "1", title: LocalizedText(vi: "Tiếp cận", en: "Access"),
                items: [
                    SurveyItem(code: "1.1", kind: .satisfaction, group: .criterion, text: LocalizedText(vi: "Chỗ ngồi", en: "Seats")),
                    SurveyItem(code: "1.2", kind: .satisfaction, group: .criterion, text: LocalizedText(vi: "Thiết bị", en: "Equipment")),
                ]),
            SurveyElement(
                code: "2", title: LocalizedText(vi: "Thủ tục", en: "Procedures"),
                items: [
                    SurveyItem(code: "2.1", kind: .satisfaction, group: .criterion, text: LocalizedText(vi: "Niêm yết", en: "Posted"))
                ]),
        ],
        items: [
            SurveyItem(
                code: "obs.late", kind: .yesNo, group: .observation, text: LocalizedText(vi: "Trễ hẹn", en: "Late"),
                options: [
                    ItemOption(code: "yes", label: LocalizedText(vi: "Có", en: "Yes")),
                    ItemOption(code: "no", label: LocalizedText(vi: "Không", en: "No")),
                ]),
            SurveyItem(
                code: "gender", kind: .profile, group: .profile, text: LocalizedText(vi: "Giới tính", en: "Gender"),
                options: [
                    ItemOption(code: "male", label: LocalizedText(vi: "Nam", en: "Male")),
                    ItemOption(code: "female", label: LocalizedText(vi: "Nữ", en: "Female")),
                ]),
        ])
}
