import Fluent
import Foundation
import JixiaoCore

/// 评价年度 — one bureau's evaluation of one year: the framework it scores by, the report
/// template its forms, checks and packages follow, and the deadline.
package final class Cycle: Model, @unchecked Sendable {
    package static let schema = "cycles"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "bureau_id") package var bureau: Bureau
    /// 评价年度: the year evaluated (the report is written the year after).
    @Field(key: "year") package var year: Int
    /// 评分框架 ID, one of the built-in frameworks.
    @Field(key: "framework_id") package var frameworkID: String
    /// 报送截止时间: a submission after it is recorded as late.
    @Field(key: "deadline") package var deadline: Date
    @Field(key: "opened_at") package var openedAt: Date
    /// 报告模板 ID: a built-in's, or the ID in the bureau's own template file.
    @Field(key: "template_id") package var templateID: String
    /// The bureau's own template file, as JSON, when the admin uploaded one (nil: the built-in `templateID`).
    @OptionalField(key: "template_json") package var templateJSON: String?

    package init() {}

    package init(id: UUID? = nil, bureauID: UUID, year: Int, frameworkID: String, template: ReportTemplate, deadline: Date, openedAt: Date) {
        self.id = id
        self.$bureau.id = bureauID
        self.year = year
        self.frameworkID = frameworkID
        self.templateID = template.id
        self.templateJSON = BuiltInTemplates.template(template.id) == template ? nil : Self.json(template)
        self.deadline = deadline
        self.openedAt = openedAt
    }

    /// The year's report template. A stored file was read and checked when the year was opened;
    /// one that no longer reads (a later jixiao changed the format) falls back to the built-in.
    package var template: ReportTemplate {
        if let json = templateJSON, let own = try? JSONDecoder().decode(ReportTemplate.self, from: Data(json.utf8)) { return own }
        return BuiltInTemplates.template(templateID) ?? .standard
    }

    private static func json(_ template: ReportTemplate) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(template)) ?? Data(), as: UTF8.self)
    }
}

/// 报送状态 — where a unit's evaluation of a year stands.
package enum SubmissionStatus: String, Codable, CaseIterable, Sendable {
    /// 填报中: the unit edits.
    case draft
    /// 已报送: locked; the bureau reviews.
    case submitted
    /// 已退回: the reviewer sent it back with comments; the unit edits again.
    case returned
    /// 已通过: the reviewer accepted it; the bureau may publish.
    case accepted
    /// 已公开: its package is published.
    case published

    package var label: String {
        switch self {
        case .draft: "填报中"
        case .submitted: "已报送"
        case .returned: "已退回"
        case .accepted: "已通过"
        case .published: "已公开"
        }
    }

}

/// 自评报送 — one unit's evaluation of one year: its status, its revisions, and the figures of
/// its current revision that the dashboard lists (kept here so the dashboard reads one row a unit).
package final class Submission: Model, @unchecked Sendable {
    package static let schema = "submissions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "unit_id") package var unit: BudgetUnit
    @Parent(key: "cycle_id") package var cycle: Cycle
    @Field(key: "status") package var status: SubmissionStatus
    /// When it was last submitted.
    @OptionalField(key: "submitted_at") package var submittedAt: Date?
    /// 逾期报送: a submission came after the deadline.
    @Field(key: "late") package var late: Bool
    /// Number of the current revision (0: none yet).
    @Field(key: "revision_number") package var revisionNumber: Int
    /// The accepted revision's number, once accepted.
    @OptionalField(key: "accepted_revision") package var acceptedRevision: Int?
    /// 得分 of the current revision under the cycle's framework, as an exact decimal text.
    @OptionalField(key: "score") package var score: String?
    /// 等级 of the current revision (优/良/中/差): final when every indicator was scored,
    /// else the grade the partial total gives.
    @OptionalField(key: "grade") package var grade: String?
    /// Whether every indicator could be scored (else score and grade are provisional).
    @Field(key: "score_complete") package var scoreComplete: Bool
    @Field(key: "error_count") package var errorCount: Int
    @Field(key: "warning_count") package var warningCount: Int
    /// 预算执行率 (%) of the current revision, exact decimal text, when both figures are stated.
    @OptionalField(key: "execution_rate") package var executionRate: String?
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    package init(id: UUID? = nil, unitID: UUID, cycleID: UUID, at date: Date) {
        self.id = id
        self.$unit.id = unitID
        self.$cycle.id = cycleID
        self.status = .draft
        self.late = false
        self.revisionNumber = 0
        self.scoreComplete = false
        self.errorCount = 0
        self.warningCount = 0
        self.updatedAt = date
    }
}

/// 修订 — one saved state of an evaluation. Never changed once written (the database refuses
/// updates and deletes): a save always adds a revision.
package final class Revision: Model, @unchecked Sendable {
    package static let schema = "revisions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "submission_id") package var submission: Submission
    /// 1, 2, 3 … within the submission.
    @Field(key: "number") package var number: Int
    @Parent(key: "author_id") package var author: User
    @Field(key: "created_at") package var createdAt: Date
    /// The evaluation file, always YAML (uploads in JSON or XLSX are converted).
    @Field(key: "text") package var text: String
    /// SHA-256 of the text (hex).
    @Field(key: "sha256") package var sha256: String
    /// How it came: 文本编辑, 决算表单, 上传 FILE.
    @Field(key: "source") package var source: String
    @Field(key: "error_count") package var errorCount: Int
    @Field(key: "warning_count") package var warningCount: Int

    package init() {}

    package init(submissionID: UUID, number: Int, authorID: UUID, at date: Date, text: String, sha256: String,
         source: String, errorCount: Int, warningCount: Int) {
        self.$submission.id = submissionID
        self.number = number
        self.$author.id = authorID
        self.createdAt = date
        self.text = text
        self.sha256 = sha256
        self.source = source
        self.errorCount = errorCount
        self.warningCount = warningCount
    }
}

/// 审核意见 — a reviewer's comment on one field of a revision.
package final class ReviewComment: Model, @unchecked Sendable {
    package static let schema = "review_comments"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "submission_id") package var submission: Submission
    @Field(key: "revision_number") package var revisionNumber: Int
    @Parent(key: "author_id") package var author: User
    /// 字段路径, e.g. `final_accounts.expenditure.total`; empty for the whole evaluation.
    @Field(key: "path") package var path: String
    @Field(key: "body") package var body: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package init(submissionID: UUID, revisionNumber: Int, authorID: UUID, path: String, body: String, at date: Date) {
        self.$submission.id = submissionID
        self.revisionNumber = revisionNumber
        self.$author.id = authorID
        self.path = path
        self.body = body
        self.createdAt = date
    }
}

/// 发现统计 — how often each check rule fires on a submission's current revision; replaced at each
/// save, so that the dashboard's most frequent findings are one grouped query.
package final class FindingTally: Model, @unchecked Sendable {
    package static let schema = "finding_tallies"

    @ID(key: .id) package var id: UUID?
    @Field(key: "cycle_id") package var cycleID: UUID
    @Field(key: "submission_id") package var submissionID: UUID
    @Field(key: "rule") package var rule: String
    @Field(key: "severity") package var severity: String
    @Field(key: "count") package var count: Int

    package init() {}
}
