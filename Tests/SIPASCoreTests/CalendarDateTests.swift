import SIPASTestSupport
import Testing

@testable import SIPASCore

@Suite struct CalendarDateTests {
    @Test(arguments: [
        "2021-02-29", "2021-13-01", "2021-00-10", "2021-04-31", "21-01-01", "2021-1-1", "2021/01/01", "abcd-ef-gh", "", "2021-01-01x",
        "٢٠٢١-٠١-٠١",
    ])
    func rejectsWhatIsNotADate(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func parsesAndPrints() throws {
        let date = try #require(CalendarDate("2024-02-29"))
        #expect(date.year == 2024 && date.month == 2 && date.day == 29)
        #expect(date.description == "2024-02-29")
    }

    @Test func leapYears() {
        #expect(CalendarDate.isLeap(2000))
        #expect(!CalendarDate.isLeap(1900))
        #expect(CalendarDate.isLeap(2024))
        #expect(!CalendarDate.isLeap(2025))
    }

    @Test(arguments: [
        ("2025-07-01", "2025-06-30"), ("2025-01-01", "2024-12-31"), ("2024-03-01", "2024-02-29"), ("2023-03-01", "2023-02-28"),
        ("2021-05-17", "2021-05-16"),
    ])
    func previousDay(pair: (String, String)) {
        #expect(CalendarDate(pair.0)?.previousDay == CalendarDate(pair.1))
    }

    @Test func ordering() {
        #expect(CalendarDate("2024-12-31")! < CalendarDate("2025-01-01")!)
        #expect(CalendarDate("2025-01-02")! > CalendarDate("2025-01-01")!)
    }
}

@Suite struct UnitCodeTests {
    @Test func statisticsCodesArePaddedToTheirLevel() {
        #expect(AdminUnit.normalizedCode("1", level: .province) == "01")
        #expect(AdminUnit.normalizedCode("1", level: .district) == "001")
        #expect(AdminUnit.normalizedCode("1", level: .commune) == "00001")
        #expect(AdminUnit.normalizedCode("42", level: .province) == "42")
        #expect(AdminUnit.normalizedCode("18073", level: .commune) == "18073")
        #expect(AdminUnit.normalizedCode("42-SNV", level: .department) == "42-SNV")
        #expect(AdminUnit.normalizedCode("7a", level: .commune) == "7a")
    }
}
