import Crypto
import Foundation
import Vapor

/// 登录表单凭证 — the login form's CSRF token for a visitor who is not logged in, kept in no
/// session (a session row for each visit of the login page would let anyone fill the database):
/// a random value in a cookie of the login page (`jixiao-login`), and in the form its HMAC under a
/// key derived from the server's secret (`ServerSecret`), so every server process checks it alike.
/// A page of another site can neither read the cookie nor make the HMAC of one it planted.
struct LoginFormToken: Sendable {
    static let cookie = "jixiao-login"
    /// The HMAC key's bytes.
    let key: Data
    /// Sent only over HTTPS (`serve --secure-cookies`).
    let secure: Bool

    private struct NewNonce: StorageKey { typealias Value = String }

    private func token(nonce: String) -> String {
        CSRF.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(nonce.utf8), using: SymmetricKey(data: key))))
    }

    /// The token for the login form of this request: from the visitor's cookie, or from a new
    /// value that `setCookie` then sends.
    func formToken(for request: Request) -> String {
        if let nonce = request.cookies[Self.cookie]?.string, !nonce.isEmpty { return token(nonce: nonce) }
        let nonce = request.storage[NewNonce.self] ?? CSRF.newToken()
        request.storage[NewNonce.self] = nonce
        return token(nonce: nonce)
    }

    /// Sends the cookie that `formToken` made for the request, if it made one (until the browser closes).
    func setCookie(for request: Request, on response: Response) {
        guard let nonce = request.storage[NewNonce.self] else { return }
        response.cookies[Self.cookie] = HTTPCookies.Value(string: nonce, expires: nil, maxAge: nil, path: "/login",
                                                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    /// The token a login form posted with the request's cookie must carry; nil without the cookie.
    func expected(_ request: Request) -> String? {
        guard let nonce = request.cookies[Self.cookie]?.string, !nonce.isEmpty else { return nil }
        return token(nonce: nonce)
    }
}

extension Application {
    private struct LoginFormTokenKey: StorageKey { typealias Value = LoginFormToken }

    var loginFormToken: LoginFormToken {
        get {
            guard let token = storage[LoginFormTokenKey.self] else { fatalError("configure(_:) sets up the login form's token") }
            return token
        }
        set { storage[LoginFormTokenKey.self] = newValue }
    }
}
