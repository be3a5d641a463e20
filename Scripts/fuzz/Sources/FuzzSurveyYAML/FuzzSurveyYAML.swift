import Foundation
import FuzzSupport
import SIPASCore
import SIPASFiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let url = Fuzz.write(UnsafeBufferPointer(start: data, count: size), name: "survey.yaml")
    // As `sipas survey validate/add` reads a file: UTF-8 check, YAML, the survey, its validation.
    let survey: Survey
    do {
        survey = try SurveyLoader.load(contentsOf: url)
    } catch {
        Fuzz.expectFileProblems(error, from: "SurveyLoader")
        return 0
    }
    // A survey that loads is valid: its validation must find nothing, and what the import and
    // the reports derive from it must not trap.
    if !survey.problems().isEmpty { fatalError("a loaded survey has problems: \(survey.problems())") }
    _ = survey.allItems.map(\.code)
    return 0
}
