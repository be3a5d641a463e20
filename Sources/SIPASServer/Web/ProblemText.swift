import Foundation

/// The problems of a refused file in Vietnamese, for the clerks who read the web pages. The
/// validators speak English (the CLI, the API and the logs keep that text); the messages a
/// clerk meets most often are said again here, and anything else is shown as it is.
enum ProblemText {
    static let rules = MessageRules([
        (
            #"^"(.*)" is not a number; expected a whole number of questionnaires such as 12$"#,
            "\"$1\" không phải là số; cần ghi số phiếu là số nguyên, ví dụ 12"
        ),
        (#"^count (.*) is negative; expected a whole number 0 or more$"#, "số $1 là số âm; cần số nguyên từ 0 trở lên"),
        (
            #"^count (.*) is not a whole number; expected a number of questionnaires such as 12$"#,
            "số $1 không phải là số nguyên; cần ghi số phiếu, ví dụ 12"
        ),
        (#"^count (.*) is too large; expected a number of questionnaires$"#, "số $1 quá lớn; cần ghi số phiếu"),
        (
            #"^the count is empty; expected a whole number \(0 when nobody chose it\)$"#,
            "ô số đang để trống; cần ghi số nguyên (ghi 0 nếu không ai chọn)"
        ),
        (
            #"^the counts of item (\S+) add up to (\d+), more than the (\d+) questionnaires of (.+) (\S+)( allow)?; expected at most (\d+)$"#,
            "tổng số phiếu của câu $1 là $2, nhiều hơn $3 phiếu thu về của $4 kỳ $5; tối đa là $7"
        ),
        (
            #"^the number of questionnaires is missing for (.+) (\S+); expected a row with item "questionnaires" and an empty option$"#,
            "thiếu tổng số phiếu thu về của $1 kỳ $2; cần dòng \"questionnaires\" ghi số phiếu"
        ),
        (
            #"^"(.*)" is not a period; expected a month YYYY-MM \(e\.g\. 2021-03\) or a quarter YYYY-Qn \(e\.g\. 2021-Q1\)$"#,
            "\"$1\" không phải là kỳ báo cáo; cần tháng YYYY-MM (ví dụ 2021-03) hoặc quý YYYY-Qn (ví dụ 2021-Q1)"
        ),
        (#"^period (\S+) is in the future \(today is (\S+)\); expected a period that has started$"#, "kỳ $1 chưa bắt đầu (hôm nay là $2)"),
        (
            #"^"(.*)" is not an item of survey (\S+) v(\d+); expected an item code such as (\S+) or "questionnaires"$"#,
            "\"$1\" không phải là câu hỏi của bộ câu hỏi $2 (phiên bản $3); cần mã câu hỏi như $4 hoặc \"questionnaires\""
        ),
        (
            #"^"(.*)" is not an option of (?:item )?(\S+); expected one of: (.*)$"#,
            "\"$1\" không phải là phương án của câu $2; cần một trong: $3"
        ),
        (#"^(.+) is already counted on row (\d+); expected each count once$"#, "$1 đã được ghi ở dòng $2; mỗi số chỉ ghi một lần"),
        (
            #"^no unit has the code or name "(.*)"; expected a unit code \(e\.g\. 18073\) or its exact name$"#,
            "không có đơn vị nào có mã hoặc tên \"$1\"; cần mã đơn vị (ví dụ 18073) hoặc đúng tên đơn vị"
        ),
        (
            #"^unit "(.*)" is not valid (.*); known versions: (.*)$"#,
            "đơn vị \"$1\" không còn hiệu lực vào kỳ này; các giai đoạn đã biết: $3"
        ),
        (#"^the unit is empty; expected the unit code \(e\.g\. 18073\)$"#, "chưa ghi đơn vị; cần mã đơn vị (ví dụ 18073)"),
        (
            #"^answer "(.*)" is out of range; expected a level 1–5 or an empty cell for no answer$"#,
            "câu trả lời \"$1\" nằm ngoài thang đo; cần mức 1–5, hoặc để trống nếu không trả lời"
        ),
        (
            #"^"(.*)" is not a date; expected YYYY-MM-DD \(e\.g\. 2021-03-15\)$"#,
            "\"$1\" không phải là ngày; cần dạng YYYY-MM-DD (ví dụ 2021-03-15)"
        ),
        (#"^date (\S+) is in the future \(today is (\S+)\)$"#, "ngày $1 chưa đến (hôm nay là $2)"),
        (#"^this tally is for survey "(.*)"$"#, "phiếu tổng hợp này thuộc bộ câu hỏi \"$1\""),
        (#"^the file is empty; .*$"#, "tệp rỗng; cần phiếu tổng hợp theo mẫu tải về từ trang này"),
        (
            #"^this is neither a tally template nor a long tally; .*$"#,
            "tệp không phải phiếu tổng hợp theo mẫu; hãy dùng mẫu tải về từ trang này (hoặc các cột unit,period,item,option,count)"
        ),
    ])

    /// The Vietnamese of a problem, or nil when there is none for it.
    static func vietnamese(_ message: String) -> String? { rules.apply(message) }
}
