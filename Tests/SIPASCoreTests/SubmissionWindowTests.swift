import SIPASCore
import Testing

/// The dates a single questionnaire may carry: by default this month and the last one, and
/// tomorrow at the latest, across the turn of a year.
struct SubmissionWindowTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test func theDefaultIsThisMonthAndTheLastClosedOne() {
        let window = SubmissionWindow.standard
        #expect(window.earliest(today: Self.day("2021-04-10")) == Self.day("2021-03-01"))
        #expect(window.earliest(today: Self.day("2021-01-31")) == Self.day("2020-12-01"))
        #expect(window.latest(today: Self.day("2020-12-31")) == Self.day("2021-01-01"))
        let today = Self.day("2021-03-01")
        #expect(window.contains(Self.day("2021-02-01"), today: today))
        #expect(!window.contains(Self.day("2021-01-31"), today: today))
        #expect(window.contains(Self.day("2021-03-02"), today: today))
        #expect(!window.contains(Self.day("2021-03-03"), today: today))
    }

    @Test func otherWindows() {
        let today = Self.day("2021-03-15")
        #expect(SubmissionWindow(months: 1).earliest(today: today) == Self.day("2021-03-01"))
        #expect(SubmissionWindow(months: 13).earliest(today: today) == Self.day("2020-03-01"))
        #expect(SubmissionWindow(months: 0).earliest(today: today) == nil)
        #expect(SubmissionWindow(months: 0).contains(Self.day("1990-01-01"), today: today))
        #expect(!SubmissionWindow(months: 0).contains(Self.day("2021-03-17"), today: today))
        #expect(SubmissionWindow(toleranceDays: 0).latest(today: today) == today)
    }
}
