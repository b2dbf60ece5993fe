import ArgumentParser
import Foundation
import JixiaoServer

/// `jixiao-server` (run as `jixiao serve`): the bureau's web application.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao serve",
        abstract: "运行财政局的绩效自评网站：单位填报、报送，财政局审核、退回、通过、公开。",
        discussion: """
            默认把数据存入 --data 目录下的 SQLite 文件；设置 DATABASE_URL=postgres://… 则用 PostgreSQL。启动时自动迁移数据库。
            几个进程共用一个 PostgreSQL 数据库时，登录限制、会话和密钥都存在数据库里，各进程一致；GET /healthz 供反向代理检查（数据库可访问且已迁移时答 200，否则 503）。收到 SIGTERM 后不再接受新连接，处理完进行中的请求（包括保存）再退出。
            备份：SQLite 用 --backup-to FILE（网站运行时也可，得到一致的快照）；PostgreSQL 用 pg_dump -Fc。--inventory 打印数据库清单（每份修订、每个公开文件由存储内容重新算出的 SHA-256），两份清单相同即备份与恢复逐字节一致。
            新网站：--create-admin 登录名 --bureau 财政局名称 建立第一个管理员并打印其密码，其余用户和单位由管理员在网站上建立。
            --demo 建立演示数据（廉江市财政局、廉江市总工会 2021 年度自评、另外几个单位、各角色用户）并打印登录名和密码。
            """)

    @Flag(help: "建立演示数据并打印登录名和密码（已有演示数据时重设其密码）。")
    var demo = false

    @Option(help: "监听地址。")
    var hostname = "127.0.0.1"

    @Option(help: "监听端口。")
    var port = 8080

    @Option(help: "数据目录（SQLite 文件所在）。")
    var data = "./jixiao-data"

    @Flag(help: "网站经 HTTPS（TLS 反向代理）提供时使用：Cookie 只经 HTTPS 发送（也可设 JIXIAO_SECURE_COOKIES=1）。")
    var secureCookies = false

    @Option(name: .customLong("trusted-proxy"),
            help: "反向代理的地址或网段（如 127.0.0.1、10.0.0.0/8，可重复或以逗号分隔；也可设 JIXIAO_TRUSTED_PROXIES）：只有来自这些地址的请求，才按 X-Forwarded-For 认定访客地址。")
    var trustedProxies: [String] = []

    @Option(help: "密钥文件（至少 32 个字符；也可设 JIXIAO_SECRET_FILE 或 JIXIAO_SECRET）：签发设备凭证和登录表单的密钥由它导出。不设则由第一个启动的进程生成并存入数据库，各进程共用。")
    var secretFile: String?

    @Option(help: "不启动网站：把 --data 下的 SQLite 数据库在线备份到这个新文件（网站照常运行）。PostgreSQL 请用 pg_dump -Fc。")
    var backupTo: String?

    @Flag(help: "不启动网站：打印数据库清单（每份修订、每个公开文件及公开包由存储内容重新算出的 SHA-256）；有与记录不符的，退出码 1。")
    var inventory = false

    @Option(help: "不启动网站：为新网站建立第一个管理员（登录名），打印其密码（只显示这一次）；须同时给出 --bureau。")
    var createAdmin: String?

    @Option(help: "与 --create-admin 同用：财政局的名称（如 廉江市财政局），没有则建立。")
    var bureau: String?

    func run() async throws {
        do {
            if let createAdmin {
                let password = try await JixiaoWebServer.createFirstAdministrator(dataDirectory: data, bureauName: bureau ?? "",
                                                                                  username: createAdmin)
                FileHandle.standardOutput.write(Data("管理员：\(createAdmin) / \(password)\n".utf8))
                return
            }
            if let backupTo {
                try await JixiaoWebServer.backup(dataDirectory: data, to: backupTo)
                FileHandle.standardOutput.write(Data("已备份到 \(backupTo)\n".utf8))
                return
            }
            if inventory {
                let inventory = try await JixiaoWebServer.inventory(dataDirectory: data)
                FileHandle.standardOutput.write(Data(inventory.text.utf8))
                if !inventory.mismatches.isEmpty { throw ExitCode(1) }
                return
            }
            try await JixiaoWebServer.run(hostname: hostname, port: port, dataDirectory: data, demo: demo,
                                          exampleYAML: demo ? JixiaoWebServer.exampleYAML() : nil,
                                          secureCookies: secureCookies, trustedProxies: trustedProxies, secretFile: secretFile) { line in
                // Unbuffered, so that a script reading the logins sees them at once.
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        } catch let error as ServerConfigurationError {
            FileHandle.standardError.write(Data("jixiao serve: 错误: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
