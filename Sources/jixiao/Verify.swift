import ArgumentParser
import Foundation
import JixiaoRender
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Jixiao {
    /// `jixiao verify DIR --url URL`: are the downloaded files the published ones?
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "核验下载的公开材料：每个文件及整个包的 SHA-256 是否与公开的相同。",
            discussion: """
                --url 为公开页面地址（…/published/ID）或其接口地址（…/api/v1/published/ID）；--listing 为已下载的该接口 JSON。
                发现 disclosure.mismatch（文件或包与公开的不同）、disclosure.missing（缺文件）为错误，disclosure.extra（多出文件）为警告。
                退出码：0 一致；1 不一致；2 清单无法读取。
                """)

        @Argument(help: "下载的材料所在目录。")
        var directory: String

        @Option(help: "公开页面或接口的地址。")
        var url: String?

        @Option(help: "已下载的公开清单（接口 JSON）。")
        var listing: String?

        func run() async throws {
            let data: Data
            do {
                if let listing {
                    guard let contents = FileManager.default.contents(atPath: listing) else { throw VerificationError(message: "无法读取 \(listing)") }
                    data = contents
                } else if let url, let address = URL(string: url) {
                    let (body, response) = try await URLSession.shared.data(from: DisclosureVerification.listingURL(for: address))
                    guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                        throw VerificationError(message: "\(url)：服务器回答 \((response as? HTTPURLResponse)?.statusCode ?? 0)")
                    }
                    data = body
                } else {
                    throw VerificationError(message: "请给出 --url 或 --listing")
                }
            } catch {
                printError("错误: \(error)")
                throw ExitCode(2)
            }
            let report: DisclosureVerification.Report
            do { report = try DisclosureVerification.verify(directory: directory, listing: data) } catch {
                printError("错误: \(error)")
                throw ExitCode(2)
            }
            for problem in report.problems { print(problem) }
            print("\(directory): 核验 \(report.checkedFiles) 个文件，包 SHA-256 \(report.packageSHA256)：\(report.passed ? "与公开的一致" : "与公开的不一致")")
            if !report.passed { throw ExitCode(1) }
        }
    }
}
