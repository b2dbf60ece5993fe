import Fluent
import Foundation
import JixiaoRender

/// 操作日志 — one action, appended and never changed (the database refuses updates and deletes).
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    /// Who acted; nil for an anonymous visitor (a failed login).
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @OptionalField(key: "bureau_id") var bureauID: UUID?
    /// What was done, e.g. `revision.save`, `submission.submit`, `login.failure`.
    @Field(key: "action") var action: String
    /// What it was done to: `submission`, `unit`, `user`, `cycle`, `publication`, `session`.
    @Field(key: "target_type") var targetType: String
    @OptionalField(key: "target_id") var targetID: UUID?
    /// Details people read: the revision number, the comment, the late flag.
    @Field(key: "detail") var detail: String

    /// What each logged action and target is called on the 操作日志 page (the codes stay in the
    /// database and the API).
    static let actionLabels: [String: String] = [
        "revision.save": "保存", "project.save": "保存项目表", "submission.submit": "报送", "submission.return": "退回", "submission.accept": "通过",
        "submission.publish": "公开", "comment.add": "审核意见", "scoring.review": "复核评分", "cycle.open": "开启评价年度",
        "unit.create": "新增单位", "user.create": "新增用户", "login.failure": "登录失败",
    ]
    static let targetLabels: [String: String] = [
        "submission": "自评", "unit": "单位", "user": "用户", "cycle": "评价年度", "publication": "公开材料", "session": "登录",
    ]

    init() {}

    init(at date: Date, actorID: UUID?, actorName: String, bureauID: UUID?, action: String,
         targetType: String, targetID: UUID?, detail: String) {
        self.at = date
        self.actorID = actorID
        self.actorName = actorName
        self.bureauID = bureauID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.detail = detail
    }
}

/// 公开 — a published package: the accepted revision's rendered files, stored as published, with
/// the SHA-256 of each file and of the whole package.
final class Publication: Model, @unchecked Sendable {
    static let schema = "publications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "submission_id") var submission: Submission
    @Field(key: "revision_number") var revisionNumber: Int
    @Field(key: "unit_name") var unitName: String
    @Field(key: "year") var year: Int
    @Field(key: "published_at") var publishedAt: Date
    @Field(key: "publisher_id") var publisherID: UUID
    /// SHA-256 of the package manifest (see `PackageDigest`).
    @Field(key: "package_sha256") var packageSHA256: String

    init() {}

    init(submissionID: UUID, revisionNumber: Int, unitName: String, year: Int, at date: Date,
         publisherID: UUID, packageSHA256: String) {
        self.$submission.id = submissionID
        self.revisionNumber = revisionNumber
        self.unitName = unitName
        self.year = year
        self.publishedAt = date
        self.publisherID = publisherID
        self.packageSHA256 = packageSHA256
    }
}

/// 公开文件 — one file of a published package, its bytes as published.
final class PublishedFile: Model, @unchecked Sendable {
    static let schema = "published_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "publication_id") var publication: Publication
    /// Position in the package (0, 1, …), used in download addresses.
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "data") var data: Data

    init() {}

    init(publicationID: UUID, position: Int, name: String, sha256: String, data: Data) {
        self.$publication.id = publicationID
        self.position = position
        self.name = name
        self.sha256 = sha256
        self.size = data.count
        self.data = data
    }
}
