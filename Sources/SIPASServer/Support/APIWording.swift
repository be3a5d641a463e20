import SIPASCore

/// How the API says what to ask for differently: with its parameters (`replace=true`,
/// `survey=`), for the programs and people that call it.
struct APIWording: RemedyWording {
    func text(_ remedy: Remedy) -> String {
        switch remedy {
        case .nameEncoding(let example):
            "if it was saved in another encoding (e.g. \(example)), save it as UTF-8 or XLSX and send it again"
        case .sameSurvey(let imported): "the request names survey=\(imported); expected the same survey"
        case .laterValidFrom, .importStructure: PlainRemedyWording().text(remedy)
        case .replace:
            "To correct them, send the file again with replace=true: the earlier uploads stay, marked superseded, out of every analysis."
        }
    }
}
