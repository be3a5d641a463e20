import SIPASCore
import SIPASStore

/// How the web pages say what to ask for differently, in Vietnamese, for the clerks who use
/// the upload form (its "replace" box, its survey list).
struct WebWording: RemedyWording {
    func text(_ remedy: Remedy) -> String {
        switch remedy {
        case .nameEncoding(let example):
            "nếu tệp được lưu bằng bảng mã khác (ví dụ \(example)), hãy lưu lại dưới dạng UTF-8 hoặc XLSX rồi tải lên lại"
        case .sameSurvey(let imported): "nhưng đã chọn bộ câu hỏi \(imported); hãy chọn đúng bộ câu hỏi"
        case .laterValidFrom: "hãy nhập danh sách này với ngày hiệu lực muộn hơn, hoặc sửa lần nhập trước"
        case .importStructure(let validFrom): "hãy nhập cơ cấu đơn vị mới có hiệu lực từ \(validFrom) trước"
        case .replace:
            "Để sửa, hãy tải tệp lên lại và đánh dấu ô «Thay thế tệp đã tải lên trước»: các tệp trước vẫn được giữ, ghi là đã bị thay thế, và không còn được tính."
        }
    }

    /// A problem in Vietnamese: the known messages translated (`ProblemText`), the remedy said
    /// for the upload form.
    static func problem(_ problem: FileProblem) -> FileProblem {
        var translated = problem
        translated.message = ProblemText.vietnamese(problem.message) ?? problem.message
        return translated.worded(WebWording())
    }

    /// Why an upload was refused after its file passed validation, in Vietnamese, with what to
    /// ask for differently said by `wording` (the upload form's box, the API's parameter).
    static func refusal(_ error: UploadError, _ wording: some RemedyWording = WebWording()) -> String {
        switch error {
        case .conflict(let file, let conflicts):
            let shown = conflicts.prefix(20).map {
                "– \($0.unit) kỳ \($0.period): đã có trong lần tải lên số \($0.uploadID) (\($0.uploadFile), do \($0.uploadedBy) tải lên)"
            }.joined(separator: "\n")
            let more = conflicts.count > 20 ? "\n… và \(conflicts.count - 20) đơn vị/kỳ khác" : ""
            return "\(file): đã có số liệu cho \(conflicts.count) đơn vị/kỳ; chưa ghi gì:\n\(shown)\(more)\n\(wording.text(.replace))"
        case .partialReplace(let file, let uncovered):
            let ids = Set(uncovered.map(\.uploadID)).sorted().map(String.init).joined(separator: ", ")
            let shown = uncovered.prefix(20).map { "– \($0.unit) kỳ \($0.period) (lần tải lên số \($0.uploadID), \($0.uploadFile))" }
                .joined(separator: "\n")
            let more = uncovered.count > 20 ? "\n… và \(uncovered.count - 20) đơn vị/kỳ khác" : ""
            return
                "\(file): thay thế sẽ bỏ toàn bộ lần tải lên số \(ids), nhưng các lần đó còn có số liệu mà tệp này không có; chưa ghi gì:\n\(shown)\(more)\nHãy đưa cả các đơn vị và kỳ này vào tệp đã sửa để không mất số liệu."
        case .notSuperseded(let id):
            return "Lần tải lên số \(id) đang có hiệu lực; chỉ khôi phục được lần tải lên đã bị thay thế."
        }
    }
}
