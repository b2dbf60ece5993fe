import Fluent
import Foundation

/// 项目表修订 — one saved state of one project form (项目支出绩效自评表) of a submission. Never
/// changed once written (the database refuses updates and deletes): a save always adds a revision.
package final class ProjectRevision: Model, @unchecked Sendable {
    package static let schema = "project_revisions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "submission_id") package var submission: Submission
    /// The project's number within the submission (1, 2, 3 … in the order added), in its address
    /// and in the field paths of comments on it (`projects[1].indicators[0].actual`).
    @Field(key: "project") package var project: Int
    /// 1, 2, 3 … within the project.
    @Field(key: "number") package var number: Int
    @Parent(key: "author_id") package var author: User
    @Field(key: "created_at") package var createdAt: Date
    /// The project file (`jixiao/project@1`), always YAML.
    @Field(key: "text") package var text: String
    /// SHA-256 of the text (hex).
    @Field(key: "sha256") package var sha256: String
    /// How it came: 空白, 上年结转, 表单.
    @Field(key: "source") package var source: String
    /// 总分 as jixiao computes it (`ProjectScoreSheet.total`), exact decimal text; for the dashboard.
    @OptionalField(key: "score") package var score: String?
    /// 执行率 in percent as jixiao computes it, exact decimal text; nil when it cannot be computed.
    @OptionalField(key: "execution_rate") package var executionRate: String?

    package init() {}

    package init(submissionID: UUID, project: Int, number: Int, authorID: UUID, at date: Date, text: String, sha256: String, source: String,
                 score: String?, executionRate: String?) {
        self.$submission.id = submissionID
        self.project = project
        self.number = number
        self.$author.id = authorID
        self.createdAt = date
        self.text = text
        self.sha256 = sha256
        self.source = source
        self.score = score
        self.executionRate = executionRate
    }
}
