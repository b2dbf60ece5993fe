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
        // A figure cleared: its line goes, the comments stay (the file is not written anew).
        let cleared = try FiguresForm.apply(["staffing.authorized.total": ""], to: yaml)
        #expect(LineDiff.diff(yaml, cleared).filter { $0.kind != .same }.map(\.text) == ["    total: 11"])
        #expect(cleared.contains("# 现有编制 11 名"))
        #expect(try EvaluationFile.parse(cleared, format: .yaml).evaluation.staffing?.authorized?.total == nil)
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
        let here = LoginThrottle.Place.address("127.0.0.1")
        for _ in 0..<4 { await throttle.recordFailure(username: "Editor", from: here) }
        #expect(await throttle.retryAfter(username: "editor", from: here) == nil)
        await throttle.recordFailure(username: "Editor", from: here)
        #expect(await throttle.retryAfter(username: "editor", from: here) == 900)
        #expect(await throttle.retryAfter(username: "editor", from: .address("127.0.0.2")) == nil)
        #expect(await throttle.retryAfter(username: "editor", from: .device(address: "127.0.0.1")) == nil)
        clock.now += 600
        #expect(await throttle.retryAfter(username: "editor", from: here) == 300)
        clock.now += 301
        #expect(await throttle.retryAfter(username: "editor", from: here) == nil)
    }

    /// Failures for a name from many addresses space its attempts out, a minute at most; they
    /// never lock the name out of a fresh address for longer.
    @Test func throttleSpacesOutANameTriedFromEverywhere() async {
        final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 1_000_000) }
        let clock = Clock()
        let throttle = LoginThrottle(now: { clock.now })
        for k in 0..<9 { await throttle.recordFailure(username: "editor", from: .address("10.0.0.\(k)")) }
        #expect(await throttle.retryAfter(username: "editor", from: .address("10.0.1.1")) == nil)
        await throttle.recordFailure(username: "editor", from: .address("10.0.0.9"))
        #expect(await throttle.retryAfter(username: "editor", from: .address("10.0.1.1")) == 2)
        for k in 10..<40 { await throttle.recordFailure(username: "editor", from: .address("10.0.0.\(k)")) }
        #expect(await throttle.retryAfter(username: "editor", from: .address("10.0.1.1")) == 60)
        clock.now += 61
        #expect(await throttle.retryAfter(username: "editor", from: .address("10.0.1.1")) == nil)
        // The browser that logged in as editor before is not slowed at all.
        clock.now -= 61
        #expect(await throttle.retryAfter(username: "editor", from: .device(address: "10.0.1.1")) == nil)
    }

    /// The hashing threads take a bounded queue: a storm beyond it is answered "busy" at once.
    @Test func passwordHashingRefusesBeyondItsQueue() async throws {
        let hashing = try PasswordHashing(cost: 8, threads: 1)
        let hash = try await hashing.hash("secret-password")
        let answers = await withTaskGroup(of: Bool?.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    do { return try await hashing.verify("wrong", created: hash) } catch { return false }
                }
            }
            var answers: [Bool?] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        #expect(answers.contains(nil))
        #expect(answers.count { $0 == false } <= 1 + PasswordHashing.maximumWaiting)
        #expect(try await hashing.verify("secret-password", created: hash) == true)
        try await hashing.shutdown()
    }

    @Test func csvNeutralisesFormulasAndQuotesLineBreaks() {
        #expect(Dashboard.csvField("=1+1") == "'=1+1")
        #expect(Dashboard.csvField("-12.5") == "-12.5")
        #expect(Dashboard.csvField("-cmd") == "'-cmd")
        #expect(Dashboard.csvField("\tx") == "'\tx")
        #expect(Dashboard.csvField("a\rb") == "\"a\rb\"")
        #expect(Dashboard.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(Dashboard.csvField("廉江市总工会") == "廉江市总工会")
    }

    @Test func undecodableFormFieldsAreNamedNotEmptied() {
        let fields = URLEncodedFields("a=%E4%B8&b=%E4%B8%AD&c=&d=%ZZ")
        #expect(fields.values == ["b": "中", "c": ""])
        #expect(fields.undecodable == ["a", "d"])
    }

    @Test func largeDiffsAreSummarised() {
        let old = (0..<5_000).map { "old \($0)" }.joined(separator: "\n"), new = (0..<5_000).map { "new \($0)" }.joined(separator: "\n")
        let comparison = LineDiff.compare("head\n" + old + "\ntail", "head\n" + new + "\ntail")
        #expect(comparison.summary?.contains("改动过多") == true)
        #expect(comparison.changed == 10_000)
        #expect(comparison.lines.map(\.text) == ["head", "tail"])
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
