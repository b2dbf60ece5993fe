import AsyncKit
import Foundation
import JixiaoForms
import JixiaoCore
import Leaf
import Vapor

/// What every page shows around its content: the title, who is logged in, the navigation and
/// the form token.
struct Layout: Encodable {
    struct Link: Encodable {
        var href: String
        var label: String
    }

    var title: String
    var user: String?
    var role: String?
    var csrf: String
    var nav: [Link]
    var flash: String?
}

/// A page's data for its template: `layout` for the frame, `body` for the content.
struct PageContext<Body: Encodable>: Encodable {
    var layout: Layout
    var body: Body
}

extension Request {
    /// Renders `template` inside the common layout.
    func page<Body: Encodable>(_ template: String, title: String, _ body: Body, status: HTTPStatus = .ok) async throws -> Response {
        let principal = self.principal
        var nav: [Layout.Link] = [.init(href: "/", label: "公开报告")]
        if let principal {
            nav.append(.init(href: "/submissions", label: principal.role == .editor ? "本单位自评" : "各单位自评"))
            if AccessPolicy.allows(principal, .viewDashboard, bureau: principal.bureauID) { nav.append(.init(href: "/dashboard", label: "总览")) }
            if AccessPolicy.allows(principal, .manageBureau, bureau: principal.bureauID) {
                nav.append(.init(href: "/admin", label: "管理"))
                nav.append(.init(href: "/admin/audit", label: "操作日志"))
            }
        }
        let flash = hasSession ? session.data["flash"] : nil
        if flash != nil { session.data["flash"] = nil }
        // An anonymous visitor's only form is the login form, whose token needs no session: no
        // page makes a session for them (each would otherwise store a session row per visit).
        let loginForm = principal == nil && template == "login" ? application.loginFormToken : nil
        let csrf = principal != nil ? CSRF.token(for: self) : loginForm?.formToken(for: self) ?? ""
        let layout = Layout(title: title, user: principal?.displayName, role: principal?.role.label, csrf: csrf, nav: nav, flash: flash)
        let view = try await self.view.render(template, PageContext(layout: layout, body: body))
        let response = try await view.encodeResponse(for: self)
        loginForm?.setCookie(for: self, on: response)
        response.status = status
        return response
    }

    /// Redirects after a successful form post, with a message for the next page.
    func redirect(_ location: String, flash: String) -> Response {
        session.data["flash"] = flash
        return redirect(to: location, redirectType: .normal)
    }
}

/// Error pages in Chinese for people, `{"error": true, "reason": …}` for the API; a visitor who
/// is not logged in is sent to the login page.
struct ErrorPages: AsyncMiddleware {
    struct ErrorBody: Encodable {
        var status: Int
        var reason: String
    }

    struct APIError: Content {
        var error = true
        var reason: String
        var problems: [InputProblem]?
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let isAPI = request.url.path.hasPrefix("/api/")
            var status = HTTPStatus.internalServerError
            var reason = "服务器内部错误"
            var problems: [InputProblem]?
            var headers = HTTPHeaders()
            switch error {
            case let denied as AccessDenied:
                if !denied.signedIn && !isAPI && request.method == .GET {
                    let next = request.url.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
                    return request.redirect(to: "/login?next=\(next)", redirectType: .normal)
                }
                status = denied.status
                reason = denied.reason
            case let rejected as InputRejected:
                status = .unprocessableEntity
                reason = "输入有误，未保存：" + rejected.problems.map(\.display).joined(separator: "；")
                problems = rejected.problems
                for detail in rejected.underlying { request.logger.info("输入有误：\(detail.prefix(500))") }
            case is ConnectionPoolTimeoutError:
                // Overloaded, not broken: the client may try again shortly.
                status = .serviceUnavailable
                reason = "服务器繁忙，请稍后重试"
                headers = ["Retry-After": "5"]
            case let abort as any AbortError:
                status = abort.status
                reason = Self.chinese(abort)
                headers = abort.headers
                if reason != abort.reason { request.logger.info("\(status.code)：\(abort.reason.prefix(500))") }
            default:
                request.logger.report(error: error)
            }
            let response: Response
            if isAPI {
                response = try await APIError(reason: reason, problems: problems).encodeResponse(status: status, for: request)
            } else {
                do {
                    response = try await request.page("error", title: "出错了", ErrorBody(status: Int(status.code), reason: reason), status: status)
                } catch {
                    response = Response(status: status, body: .init(string: reason))
                    response.headers.contentType = .plainText
                }
            }
            for (name, value) in headers where name.lowercased() != "content-type" { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    /// Vapor's own English reasons (a decoding error names Swift types and keys), said in Chinese;
    /// the English stays in the server log.
    static func chinese(_ abort: any AbortError) -> String {
        guard abort.reason.allSatisfy({ $0.isASCII }) else { return abort.reason }
        switch abort.status {
        case .notFound: return "页面不存在"
        case .payloadTooLarge: return "请求内容过大"
        case .unsupportedMediaType: return "不支持的内容类型"
        case .badRequest: return "请求无效：缺少必填的内容，或内容的格式不对"
        case .unauthorized: return "请先登录"
        case .forbidden: return "没有权限"
        case .methodNotAllowed: return "不支持这种请求方式"
        case .uriTooLong: return "请求地址过长"
        case .requestHeaderFieldsTooLarge: return "请求头过大"
        case .tooManyRequests: return "请求过于频繁，请稍后再试"
        case .unprocessableEntity: return "内容无法处理"
        default: return abort.status.code >= 500 ? "服务器内部错误" : "请求无法处理（\(abort.status.code)）"
        }
    }
}

/// Display forms shared by the pages.
enum Display {
    static func date(_ date: Date?) -> String { date.map(Workflow.dateText) ?? "" }

    struct FindingRow: Codable, Sendable {
        var severity: String
        var severityClass: String
        var rule: String
        var path: String
        var location: String
        var message: String
        /// The message in the clerk's words: field paths said by their form labels.
        var plain: String
        var detail: String
    }

    static func findings(_ findings: [Finding]) -> [FindingRow] {
        findings.map { f in
            var detail = ""
            if let expected = f.expected, let actual = f.actual { detail = "应为 \(expected)，填报 \(actual)" }
            return FindingRow(severity: f.severity.label, severityClass: f.severity.rawValue, rule: f.rule, path: f.path.text,
                              location: f.location?.description ?? "", message: f.message, plain: ReportForms.plain(f.message), detail: detail)
        }
    }

    struct ScoreRow: Codable, Sendable {
        var indent: Int
        var name: String
        var points: String
        var score: String
        /// 「预算执行率 402.21%，≥ 95%，得满分 4 分」: what the clerk reads.
        var words: String
        /// The formula with its inputs: for reviewers, in the details view.
        var basis: String
    }

    static func scores(_ sheet: ScoreSheet?) -> [ScoreRow] {
        guard let sheet else { return [] }
        return sheet.all.map { s in
            ScoreRow(indent: (s.level - 1) * 16, name: s.name, points: "\(s.points)",
                     score: s.score.map { DecimalFormat.fixed($0, decimals: 2, grouping: false) } ?? "无法计分", words: ReportForms.plain(s.words), basis: s.basis)
        }
    }
}
