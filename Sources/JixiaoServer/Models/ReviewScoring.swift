import Fluent
import Foundation

/// 复核评分 — a reviewer's answers to the framework's judgement items for one revision, as an
/// answers sheet (`jixiao/answers@1`, YAML). Each save adds a row; the latest counts.
final class ReviewScoring: Model, @unchecked Sendable {
    static let schema = "review_scorings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "submission_id") var submission: Submission
    @Field(key: "revision_number") var revisionNumber: Int
    @Parent(key: "author_id") var author: User
    @Field(key: "created_at") var createdAt: Date
    /// The sheet as YAML: the same file `jixiao score --answers` reads.
    @Field(key: "text") var text: String

    init() {}

    init(submissionID: UUID, revisionNumber: Int, authorID: UUID, at date: Date, text: String) {
        self.$submission.id = submissionID
        self.revisionNumber = revisionNumber
        self.$author.id = authorID
        self.createdAt = date
        self.text = text
    }
}
