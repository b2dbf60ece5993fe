import ArgumentParser
import Foundation

extension Jixiao {
    /// `jixiao serve`: the bureau's web application, which is the `jixiao-server` executable beside
    /// this one. It is a program of its own so that the other commands do not load the web framework
    /// at every start (`jixiao check` would spend most of its time linking Vapor).
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "运行财政局的绩效自评网站（jixiao-server；选项见 jixiao serve --help）。")

        @Argument(parsing: .captureForPassthrough, help: "交给 jixiao-server 的选项。")
        var arguments: [String] = []

        func run() throws {
            let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            let beside = own.deletingLastPathComponent().appendingPathComponent("jixiao-server").path
            guard FileManager.default.isExecutableFile(atPath: beside) else {
                printError("\(beside): 错误: 找不到网站程序 jixiao-server；请先构建：swift build --product jixiao-server")
                throw ExitCode(2)
            }
            // The server takes this process's place: same process ID, same signals, same output.
            let argv = ([beside] + arguments).map { strdup($0) } + [nil]
            execv(beside, argv)
            printError("\(beside): 错误: 无法启动（\(String(cString: strerror(errno)))）")
            throw ExitCode(2)
        }
    }
}
