import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// Accounts and roles, for admins.
extension WebController {
    // MARK: Accounts

    func users(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try AccessPolicy.requireAdmin(user)
        return try await usersPage(context, message: nil, good: true, status: .ok)
    }

    func usersPage(_ context: AppContext, message: String?, good: Bool, status: HTTPResponse.Status) async throws -> Response {
        let accounts = try await AccountStore(db).list()
        var object: [String: Any] = [
            "accounts": accounts.map { a -> [String: Any] in
                [
                    "username": a.username, "role": a.role.rawValue, "unit": a.unitCode ?? "", "disabled": a.disabled,
                    "roles": Role.allCases.map { ["value": $0.rawValue, "label": $0.label.vi, "selected": $0 == a.role] as [String: Any] },
                ]
            }
        ]
        if let message {
            object["message"] = message
            object["messageClass"] = good ? "good" : "bad"
        }
        return page(context, title: "Tài khoản", template: "users", object, status: status)
    }

    func addUser(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let form = try await form(request, context)
        try AccessPolicy.requireAdmin(user)
        let name = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let role = try Self.role(form["role"])
        let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        guard password.count >= 10 else {
            return try await usersPage(context, message: "Mật khẩu cần ít nhất 10 ký tự.", good: false, status: .badRequest)
        }
        let hash = try await Passwords.hash(password, cost: configuration.bcryptCost)
        do {
            _ = try await AccountStore(db).add(
                username: name, role: role, unitCode: unit.isEmpty ? nil : unit, passwordHash: hash, actor: user.username)
        } catch let error as DatabaseError {
            return try await usersPage(context, message: error.description, good: false, status: .badRequest)
        } catch AccountError.invalid {
            return try await usersPage(
                context,
                message: "Tài khoản \(name) không hợp lệ: tên gồm 2–64 ký tự a-z 0-9 . _ -, và tài khoản cán bộ tải lên cần mã đơn vị.",
                good: false, status: .badRequest)
        }
        return try await usersPage(context, message: "Đã thêm tài khoản \(name).", good: true, status: .ok)
    }

    func changeRole(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let form = try await form(request, context)
        try AccessPolicy.requireAdmin(user)
        let name = try context.parameters.require("name")
        let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            try await AccountStore(db).setRole(
                name, role: try Self.role(form["role"]), unitCode: unit.isEmpty ? nil : unit, actor: user.username)
            tokens.removeAll()
        } catch let error as DatabaseError {
            if case .notFound = error { throw error }
            return try await usersPage(context, message: error.description, good: false, status: .badRequest)
        }
        return try await usersPage(context, message: "Đã đổi vai trò của \(name).", good: true, status: .ok)
    }

    func disableUser(_ request: Request, context: AppContext) async throws -> Response { try await setDisabled(request, context, true) }
    func enableUser(_ request: Request, context: AppContext) async throws -> Response { try await setDisabled(request, context, false) }

    func setDisabled(_ request: Request, _ context: AppContext, _ disabled: Bool) async throws -> Response {
        let user = try user(context)
        _ = try await form(request, context)
        try AccessPolicy.requireAdmin(user)
        let name = try context.parameters.require("name")
        guard name != user.username else {
            return try await usersPage(context, message: "Không thể tự khoá tài khoản của mình.", good: false, status: .badRequest)
        }
        try await AccountStore(db).setDisabled(name, disabled, actor: user.username)
        tokens.removeAll()
        return try await usersPage(context, message: disabled ? "Đã khoá \(name)." : "Đã mở khoá \(name).", good: true, status: .ok)
    }

    /// The role chosen in a form; anything else is refused with the valid ones.
    static func role(_ text: String?) throws -> Role {
        guard let text, let role = Role(rawValue: text) else {
            throw InvalidArgument(field: "role", value: text ?? "", expected: Role.allCases.map(\.rawValue))
        }
        return role
    }
}
