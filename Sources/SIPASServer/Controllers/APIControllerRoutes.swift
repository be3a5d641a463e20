import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// The routes of the API, for the OpenAPI document and the tests.
public enum APIControllerRoutes {
    public static var all: [(method: String, path: String)] { APIController.routes.map { ($0.method, $0.path) } }
}
