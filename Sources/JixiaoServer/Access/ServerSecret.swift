import Crypto
import Foundation
import SQLKit
import Vapor

/// 服务器密钥 — the secret that the keys signing the device cookie and the login form's token
/// are derived from. Every process serving one database must hold the same one, so that a
/// cookie one of them made is honoured by the others and after a restart: it is given by the
/// configuration (`--secret-file`, `JIXIAO_SECRET_FILE`, `JIXIAO_SECRET`), else made by the
/// first process that starts on the database and stored there for all.
struct ServerSecret: Sendable {
    static let table = "server_secrets"
    /// The row the stored secret is kept in.
    static let storedName = "cookie-secret"
    /// Fewer bytes would be guessable.
    static let minimumLength = 32

    let bytes: Data

    /// A key of its own for each use, so that a value signed for one use is worthless for another.
    func key(for purpose: String) -> Data {
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: bytes), info: Data("jixiao \(purpose)".utf8),
                                         outputByteCount: 32)
        return key.withUnsafeBytes { Data($0) }
    }

    /// The configured secret, read from `file` if given, else from `environment` (`JIXIAO_SECRET`);
    /// nil when neither is set. Surrounding white space (a file's last line break) is not part of it.
    static func configured(file: String?, environment: String?) throws -> Data? {
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ServerConfigurationError("无法读取密钥文件 \(file)：文件不存在或无权读取")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if let environment, !environment.isEmpty {
            text = environment
        } else {
            return nil
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.utf8.count >= minimumLength else {
            throw ServerConfigurationError("\(file.map { "密钥文件 \($0)" } ?? "环境变量 JIXIAO_SECRET") 的密钥太短：应至少 \(minimumLength) 个字符"
                                           + "（可用 openssl rand -base64 48 生成）")
        }
        return Data(secret.utf8)
    }

    /// The configured secret, or the one stored in the database, made and stored when there is
    /// none yet: the first process to store it wins, the others read what it stored.
    static func load(configured: Data?, in app: Application) async throws -> ServerSecret {
        if let configured { return ServerSecret(bytes: configured) }
        let made = Data([UInt8].random(count: 32)).base64EncodedString()
        try await app.write(on: app.db) { db in
            try await (db as! any SQLDatabase).raw("""
                INSERT INTO \(ident: table) (name, value) VALUES (\(bind: storedName), \(bind: made)) ON CONFLICT (name) DO NOTHING
                """).run()
        }
        let row = try await (app.db as! any SQLDatabase).select().column("value").from(table).where("name", .equal, storedName).first()
        guard let stored = try row.flatMap({ Data(base64Encoded: try $0.decode(column: "value", as: String.self)) }) else {
            throw ServerConfigurationError("数据库中的服务器密钥无法读取（表 \(table)）")
        }
        return ServerSecret(bytes: stored)
    }
}

/// A setting of the server that cannot be used, said in Chinese (`jixiao serve` exits with 2).
public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
