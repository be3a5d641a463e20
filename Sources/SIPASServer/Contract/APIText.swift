import SIPASCore

/// The Vietnamese `detail` of the API's problems whose English comes from a lower layer as
/// text (access rules, the stores, the sign-in check): the messages the API can give are
/// said again here; the problems of a file reuse the upload page's wording (`ProblemText`).
enum APIText {
    static let rules = MessageRules([
        // Signing in (AuthMiddleware, AppContext).
        (#"^the Authorization header must be: Bearer <token>$"#, "Tiêu đề Authorization phải có dạng: Bearer <mã truy cập>."),
        (
            #"^the token is not valid \(unknown, revoked, or its account is disabled\)$"#,
            "Mã truy cập không hợp lệ (không có, đã bị thu hồi, hoặc tài khoản đã bị khóa)."
        ),
        (
            #"^sign in: send the header Authorization: Bearer <token> \(sipas user token NAME\)$"#,
            "Cần đăng nhập: gửi tiêu đề Authorization: Bearer <mã truy cập> (tạo bằng lệnh sipas user token TÊN)."
        ),
        (
            #"^a browser session must send its CSRF token in the X-CSRF-Token header$"#,
            "Phiên trình duyệt phải gửi mã CSRF của phiên trong tiêu đề X-CSRF-Token."
        ),
        // What an account may do (AccessPolicy, ExportService, SubmissionIntake).
        (#"^an uploader without a unit reads no reports$"#, "Tài khoản tải lên chưa gắn với đơn vị nào nên không xem được báo cáo."),
        (#"^you may read reports for (\S+) and the units below it only$"#, "Chỉ được xem báo cáo của đơn vị $1 và các đơn vị trực thuộc."),
        (#"^a (\S+) account cannot import files$"#, "Tài khoản có vai trò $1 không được nhập tệp."),
        (#"^a viewer cannot post questionnaires$"#, "Tài khoản chỉ xem không được gửi phiếu."),
        (
            #"^a kiosk account posts questionnaires for its unit and reads nothing$"#,
            "Tài khoản ki-ốt chỉ gửi phiếu cho đơn vị của mình và không xem được dữ liệu nào."
        ),
        (#"^only analysts and admins revert uploads$"#, "Chỉ chuyên viên phân tích và quản trị viên được khôi phục lần tải lên."),
        (#"^only analysts and admins (.+)$"#, "Chỉ chuyên viên phân tích và quản trị viên được làm việc này ($1)."),
        (#"^only admins manage accounts$"#, "Chỉ quản trị viên được làm việc này."),
        (
            #"^exports are for analysts and uploaders; .*$"#,
            "Xuất dữ liệu dành cho chuyên viên phân tích và cán bộ tải lên; tài khoản chỉ xem đọc báo cáo, ki-ốt gửi phiếu."
        ),
        (
            #"^(\S+) may submit questionnaires for (\S+) and the units below it only$"#,
            "Tài khoản $1 chỉ được gửi phiếu cho đơn vị $2 và các đơn vị trực thuộc."
        ),
        (#"^upload (\d+) is outside your unit$"#, "Lần tải lên số $1 không thuộc đơn vị của bạn."),
        // What the stores cannot find or store.
        (#"^there is no upload (\d+);.*$"#, "Không có lần tải lên số $1."),
        (#"^there is no kept report (\d+)$"#, "Không có báo cáo tháng đã lưu số $1."),
        (
            #"^survey (\S+) version (\d+) is not stored; stored surveys: (.*)$"#,
            "Chưa có bộ câu hỏi $1 phiên bản $2; các bộ câu hỏi đã có: $3."
        ),
        (#"^survey (\S+) is not stored; stored surveys: (.*)$"#, "Chưa có bộ câu hỏi $1; các bộ câu hỏi đã có: $2."),
        (
            #"^several units valid (.*) are named "(.*)" \((.*)\); use the unit code$"#,
            "Có nhiều đơn vị cùng tên \"$2\" ($3); hãy dùng mã đơn vị."
        ),
        (#"^unknown unit (.*)$"#, "Không có đơn vị $1."),
        (
            #"^(.+) was imported at the same moment by another session; nothing was written$"#,
            "Tệp $1 vừa được một phiên khác nhập cùng lúc; chưa ghi gì."
        ),
        (#"^the questionnaire (.+) could not be stored; send it again$"#, "Chưa lưu được phiếu $1; hãy gửi lại."),
        (#"^the questionnaires could not be stored; send them again$"#, "Chưa lưu được các phiếu; hãy gửi lại cả lô."),
        // Forms and multipart bodies (FormData).
        (#"^the upload is larger than the limit of (\d+) MB$"#, "Dữ liệu gửi lên lớn hơn giới hạn $1 MB."),
        (
            #"^multipart/form-data needs a boundary parameter in its Content-Type$"#,
            "Kiểu multipart/form-data cần tham số boundary trong Content-Type."
        ),
        (#"^the multipart body is malformed.*$"#, "Nội dung multipart không đúng định dạng; hãy gửi như trình duyệt hoặc curl -F."),
        (
            #"^the multipart body has no complete part; .*$"#,
            "Nội dung multipart không có phần nào hoàn chỉnh; hãy kiểm tra boundary và dòng kết thúc --boundary--."
        ),
        (
            #"^send the form as multipart/form-data or application/x-www-form-urlencoded, not (.*)$"#,
            "Hãy gửi biểu mẫu dạng multipart/form-data hoặc application/x-www-form-urlencoded, không phải $1."
        ),
        (#"^sign in first$"#, "Cần đăng nhập."),
        // A file's problems the upload page words for its own form.
        (#"^the file is empty; .*$"#, "tệp rỗng; cần phiếu tổng hợp theo mẫu tải về từ /api/templates/tallies"),
        (
            #"^this is neither a tally template nor a long tally; .*$"#,
            "tệp không phải phiếu tổng hợp theo mẫu (tải về từ /api/templates/tallies) hoặc theo các cột unit,period,item,option,count"
        ),
    ])

    /// The Vietnamese of `message`, or nil when sipas has no wording for it.
    static func vietnamese(_ message: String) -> String? {
        rules.apply(message) ?? ProblemText.vietnamese(message)
    }
}

/// How the API says what to ask for differently, in Vietnamese, with its parameters
/// (`replace=true`): the remedies of the Vietnamese `detail`s.
struct APIVietnameseWording: RemedyWording {
    func text(_ remedy: Remedy) -> String {
        switch remedy {
        case .nameEncoding(let example):
            "nếu tệp được lưu bằng bảng mã khác (ví dụ \(example)), hãy lưu lại dưới dạng UTF-8 hoặc XLSX rồi gửi lại"
        case .sameSurvey(let imported): "yêu cầu ghi survey=\(imported); cần cùng một bộ câu hỏi"
        case .laterValidFrom, .importStructure: WebWording().text(remedy)
        case .replace:
            "Để sửa, hãy gửi lại tệp với replace=true: các lần tải lên trước vẫn được giữ, ghi là đã bị thay thế, và không còn được tính."
        }
    }
}
