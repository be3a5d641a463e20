import Foundation
import SIPASCore
import SIPASFiles
import SIPASTestSupport

/// The shipped sipas-2017 survey, loaded from Surveys/sipas-2017.yaml as sipas loads it.
func sipas2017Survey() -> Survey {
    // The file is part of the repository and is checked by its own tests; a failure to load
    // it here is a broken checkout.
    try! SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/sipas-2017.yaml"))
}
