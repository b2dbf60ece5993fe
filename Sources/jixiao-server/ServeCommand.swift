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

    func run() async throws {
        try await JixiaoWebServer.run(hostname: hostname, port: port, dataDirectory: data, demo: demo,
                                      exampleYAML: demo ? JixiaoWebServer.exampleYAML() : nil,
                                      secureCookies: secureCookies) { line in
            // Unbuffered, so that a script reading the logins sees them at once.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
