import Foundation
import Hummingbird

/// Seata's console result envelope (`SingleResult`, `PageResult`).
///
/// `code` (a string, "200" for success), `message`, `success`, `data`; pages add `total`,
/// `pages`, `pageNum`, `currPage` and `pageSize`. The HTTP status says the same as `code`, so
/// scripts can use either.
enum ConsoleEnvelope {
    struct Single<Payload: Encodable>: Encodable {
        var code: String
        var message: String
        var success: Bool
        var data: Payload?
    }

    struct Page<Item: Encodable>: Encodable {
        var code = "200"
        var message = "success"
        var success = true
        var data: [Item]
        var total: Int
        var pages: Int
        var pageNum: Int
        var currPage: Int
        var pageSize: Int
    }

    /// A success with `data`.
    static func success(_ data: some Encodable, message: String = "success") -> Response {
        respond(.ok, Single(code: "200", message: message, success: true, data: data))
    }

    /// A page of `items` out of `total`.
    static func page(_ items: [some Encodable], total: Int, pageNum: Int, pageSize: Int) -> Response {
        let pages = total == 0 ? 0 : (total + pageSize - 1) / pageSize
        return respond(
            .ok,
            Page(data: items, total: total, pages: pages, pageNum: pageNum, currPage: pageNum, pageSize: pageSize)
        )
    }

    /// A failure: the HTTP status, its number as `code`, the message, and data when there is some.
    static func failure(
        _ status: HTTPResponse.Status,
        _ message: String,
        data: (some Encodable)? = Optional<Empty>.none
    )
        -> Response
    {
        var response = respond(
            status,
            Single(code: "\(status.code)", message: message, success: false, data: data)
        )
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    struct Empty: Encodable {}

    static func respond(_ status: HTTPResponse.Status, _ body: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data =
            (try? encoder.encode(body)) ?? Data(#"{"code":"500","message":"could not encode","success":false}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
