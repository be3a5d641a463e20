/// The answer of `/healthz`: `status` ok or unavailable, `database` ok or unreachable.
struct Health: Encodable {
    var status: String
    var database: String
}
