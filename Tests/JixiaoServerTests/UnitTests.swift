import Foundation
import JixiaoCore
import JixiaoFormats
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import JixiaoServer

/// The server's pure parts: the line diff, the figures form, the login throttle's window,
/// the package digest, and the body limit over a real socket.
struct ServerUnitTests {
    @Test func lineDiffShowsAChangedLineAsRemovedThenAdded() {
        let lines = LineDiff.diff("a\nb\nc\nd", "a\nB\nc\nd\ne")
        #expect(lines.map(\.kind) == [.same, .removed, .added, .same, .same, .added])
        #expect(lines[1] == LineDiff.Line(kind: .removed, old: 2, new: nil, text: "b"))
        #expect(lines[2] == LineDiff.Line(kind: .added, old: nil, new: 2, text: "B"))
        #expect(lines.last == LineDiff.Line(kind: .added, old: nil, new: 5, text: "e"))
        #expect(LineDiff.diff("x\ny", "x\ny").allSatisfy { $0.kind == .same })
        // Hunks keep the context around each change only.
        let long = (1...20).map(String.init).joined(separator: "\n")
        let hunks = LineDiff.hunks(LineDiff.diff(long, long.replacingOccurrences(of: "\n10\n", with: "\nten\n")), context: 2)
        #expect(hunks.map(\.text) == ["8", "9", "10", "ten", "11", "12"])
    }

    @Test func figuresFormEditsInPlaceAndKeepsComments() throws {
        let yaml = try exampleYAML()
        let edited = try FiguresForm.apply(["final_accounts.expenditure.by_function[2].amount": "841,492.06元"], to: yaml)
        let changed = LineDiff.diff(yaml, edited).filter { $0.kind != .same }
        #expect(changed.map(\.text) == ["        amount: 841,491.06元", "        amount: 841,492.06元"])
        #expect(edited.contains("# 按功能分类"))
        // An amount in 万元 and a cleared optional one.
        let again = try FiguresForm.apply(["final_accounts.income.total": "1148.64万元"], to: edited)
        #expect(try EvaluationFile.parse(again, format: .yaml).evaluation.finalAccounts?.income?.total?.description == "1148.64万元")
        // Unparseable: nothing applied, the problem named by field path.
        #expect(throws: InputRejected.self) { try FiguresForm.apply(["final_accounts.income.total": "一千元"], to: yaml) }
        do {
            _ = try FiguresForm.apply(["final_accounts.income.total": "一千元"], to: yaml)
        } catch {
            #expect(error.problems.first?.path == "final_accounts.income.total")
        }
    }

    @Test func figuresFormCarriesTheBudgetsFigures() throws {
        let yaml = try exampleYAML()
        let evaluation = try EvaluationFile.parse(yaml, format: .yaml).evaluation
        let paths = FiguresForm.fields(of: evaluation).map(\.path)
        #expect(paths.contains("budget.three_public.reception.amount"))
        #expect(paths.contains("budget.procurement.goods"))
        #expect(paths.first { $0.hasPrefix("budget") } == "budget.income.amount")
        // A “三公” part changed in place: the one line, and the sum no longer holds.
        let edited = try FiguresForm.apply(["budget.three_public.reception.amount": "0.10万元"], to: yaml)
        #expect(LineDiff.diff(yaml, edited).filter { $0.kind != .same }.count == 2)
        let findings = CheckCatalogue.check(try EvaluationFile.parse(edited, format: .yaml).evaluation)
        #expect(findings.contains { $0.rule == "sum.mismatch" && $0.path == "budget.three_public.total.amount" })
    }

    @Test func figuresFormCarriesHeadCountsScoreAndGrade() throws {
        let yaml = try exampleYAML()
        // A head count changed in place: the staffing total no longer adds up.
        let counted = try FiguresForm.apply(["staffing.supported.total": "28"], to: yaml)
        #expect(LineDiff.diff(yaml, counted).filter { $0.kind != .same }.count == 2)
        let findings = CheckCatalogue.check(try EvaluationFile.parse(counted, format: .yaml).evaluation)
        #expect(findings.contains { $0.rule == "staffing.mismatch" })
        // The score and grade the real report lacks, added (the file is written anew).
        let scored = try FiguresForm.apply(["self_evaluation.result.score": "86.5", "self_evaluation.result.grade": "良好"], to: yaml)
        let result = try EvaluationFile.parse(scored, format: .yaml).evaluation.selfEvaluation?.result
        #expect(result?.score?.description == "86.5")
        #expect(result?.grade == .good)
        // Bad values: nothing applied, each named by its field path.
        do {
            _ = try FiguresForm.apply(["staffing.authorized.total": "-1", "self_evaluation.result.grade": "甲"], to: yaml)
            Issue.record("bad values were applied")
        } catch {
            #expect(Set(error.problems.compactMap(\.path)) == ["staffing.authorized.total", "self_evaluation.result.grade"])
        }
    }

    @Test func throttleForgetsFailuresAfterFifteenMinutes() async {
        final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 1_000_000) }
        let clock = Clock()
        let throttle = LoginThrottle(now: { clock.now })
        let key = LoginThrottle.key(username: "Editor", address: "127.0.0.1")
        for _ in 0..<4 { await throttle.recordFailure(key) }
        #expect(await throttle.retryAfter(key) == nil)
        await throttle.recordFailure(key)
        #expect(await throttle.retryAfter(key) == 900)
        #expect(await throttle.retryAfter(LoginThrottle.key(username: "editor", address: "127.0.0.2")) == nil)
        clock.now += 600
        #expect(await throttle.retryAfter(key) == 300)
        clock.now += 301
        #expect(await throttle.retryAfter(key) == nil)
    }

    @Test func packageDigestIsTheSHA256OfTheSortedManifest() {
        let files = [(name: "b.txt", sha256: PackageDigest.hex("b")), (name: "a.txt", sha256: PackageDigest.hex("a"))]
        let manifest = PackageDigest.manifest(files)
        #expect(manifest == "\(PackageDigest.hex("a"))  a.txt\n\(PackageDigest.hex("b"))  b.txt\n")
        #expect(PackageDigest.package(files) == PackageDigest.hex(manifest))
        #expect(PackageDigest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Over a real socket, a streamed body beyond the limit is refused with 413 and nothing stored.
    @Test func bodyOverTheLimitIs413OverHTTP() async throws {
        try await withServer(.sqlite, bodyLimit: 64 << 10) { app in
            let id = try await submissionID(app, unitCode: "101")
            let before = try await revisionCount(app, id)
            let port = 20_000 + Int.random(in: 0..<20_000)
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: port))
            var body = ByteBuffer()
            body.writeString("text=" + String(repeating: "a", count: 200 << 10))
            let response = try await tester.performTest(request: TestingHTTPRequest(
                method: .POST, url: URI(path: "/submissions/\(id)/text"),
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body))
            #expect(response.status == .payloadTooLarge)
            #expect(try await revisionCount(app, id) == before)
        }
    }
}
