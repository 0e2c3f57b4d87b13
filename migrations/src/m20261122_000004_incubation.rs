//! Incubation programmes and enrolments: stage moves, screening scores, milestones with funding
//! tranches, and the audit log of every decision.

use crate::columns::{fk, id, index, optional_time, reference, time};
use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Technologies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
    Name,
    Description,
    OpenForApplications,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    ProgrammeId,
    TechnologyId,
    Stage,
    StageSince,
    SelectedAt,
    ClockStoppedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EnrolmentMoves {
    Table,
    Id,
    EnrolmentId,
    FromStage,
    ToStage,
    Reason,
    ByUser,
    ByName,
    At,
}

#[derive(DeriveIden)]
enum EnrolmentScores {
    Table,
    Id,
    EnrolmentId,
    OfficerId,
    OfficerName,
    TechnicalMerit,
    DualUse,
    DefenceRelevance,
    Team,
    Comment,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Milestones {
    Table,
    Id,
    EnrolmentId,
    Title,
    DueOn,
    TrancheEur,
    IsDemonstration,
    Status,
    Evidence,
    EvidenceAt,
    DecisionReason,
    DecidedBy,
    DecidedAt,
    DueReminderSentAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrancheReleases {
    Table,
    Id,
    MilestoneId,
    AmountEur,
    ReleasedBy,
    ReleasedByName,
    ReleasedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    Action,
    SubjectType,
    SubjectId,
    Summary,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(Programmes::Table)
                    .col(id(Programmes::Id))
                    .col(ColumnDef::new(Programmes::Name).string_len(120).not_null())
                    .col(ColumnDef::new(Programmes::Description).text().not_null())
                    .col(
                        ColumnDef::new(Programmes::OpenForApplications)
                            .boolean()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Programmes::CreatedBy).big_integer().null())
                    .col(time(Programmes::CreatedAt))
                    .col(time(Programmes::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_programmes_created_by",
                        (Programmes::Table, Programmes::CreatedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_programmes_name",
            Programmes::Table,
            &["name"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .col(id(Enrolments::Id))
                    .col(reference(Enrolments::ProgrammeId))
                    .col(reference(Enrolments::TechnologyId))
                    .col(ColumnDef::new(Enrolments::Stage).string_len(20).not_null())
                    .col(time(Enrolments::StageSince))
                    .col(optional_time(Enrolments::SelectedAt))
                    .col(optional_time(Enrolments::ClockStoppedAt))
                    .col(time(Enrolments::CreatedAt))
                    .col(time(Enrolments::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_enrolments_programme",
                        (Enrolments::Table, Enrolments::ProgrammeId),
                        (Programmes::Table, Programmes::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_enrolments_technology",
                        (Enrolments::Table, Enrolments::TechnologyId),
                        (Technologies::Table, Technologies::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_enrolments_programme_technology",
            Enrolments::Table,
            &["programme_id", "technology_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_enrolments_technology",
            Enrolments::Table,
            &["technology_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(EnrolmentMoves::Table)
                    .col(id(EnrolmentMoves::Id))
                    .col(reference(EnrolmentMoves::EnrolmentId))
                    .col(
                        ColumnDef::new(EnrolmentMoves::FromStage)
                            .string_len(20)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(EnrolmentMoves::ToStage)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(EnrolmentMoves::Reason).text().not_null())
                    .col(ColumnDef::new(EnrolmentMoves::ByUser).big_integer().null())
                    .col(
                        ColumnDef::new(EnrolmentMoves::ByName)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(time(EnrolmentMoves::At))
                    .foreign_key(&mut fk(
                        "fk_moves_enrolment",
                        (EnrolmentMoves::Table, EnrolmentMoves::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_moves_user",
                        (EnrolmentMoves::Table, EnrolmentMoves::ByUser),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_moves_enrolment",
            EnrolmentMoves::Table,
            &["enrolment_id"],
            false,
        )
        .await?;

        let score = |col| ColumnDef::new(col).small_integer().not_null().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(EnrolmentScores::Table)
                    .col(id(EnrolmentScores::Id))
                    .col(reference(EnrolmentScores::EnrolmentId))
                    .col(reference(EnrolmentScores::OfficerId))
                    .col(
                        ColumnDef::new(EnrolmentScores::OfficerName)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(score(EnrolmentScores::TechnicalMerit))
                    .col(score(EnrolmentScores::DualUse))
                    .col(score(EnrolmentScores::DefenceRelevance))
                    .col(score(EnrolmentScores::Team))
                    .col(ColumnDef::new(EnrolmentScores::Comment).text().not_null())
                    .col(time(EnrolmentScores::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_scores_enrolment",
                        (EnrolmentScores::Table, EnrolmentScores::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_scores_officer",
                        (EnrolmentScores::Table, EnrolmentScores::OfficerId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // One score sheet per officer and enrolment; scoring again replaces it.
        index(
            manager,
            "idx_scores_enrolment_officer",
            EnrolmentScores::Table,
            &["enrolment_id", "officer_id"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Milestones::Table)
                    .col(id(Milestones::Id))
                    .col(reference(Milestones::EnrolmentId))
                    .col(ColumnDef::new(Milestones::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Milestones::DueOn).date().not_null())
                    .col(ColumnDef::new(Milestones::TrancheEur).big_integer().null())
                    .col(
                        ColumnDef::new(Milestones::IsDemonstration)
                            .boolean()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Milestones::Status).string_len(20).not_null())
                    .col(ColumnDef::new(Milestones::Evidence).text().not_null())
                    .col(optional_time(Milestones::EvidenceAt))
                    .col(ColumnDef::new(Milestones::DecisionReason).text().not_null())
                    .col(ColumnDef::new(Milestones::DecidedBy).big_integer().null())
                    .col(optional_time(Milestones::DecidedAt))
                    .col(optional_time(Milestones::DueReminderSentAt))
                    .col(time(Milestones::CreatedAt))
                    .col(time(Milestones::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_milestones_enrolment",
                        (Milestones::Table, Milestones::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_milestones_decided_by",
                        (Milestones::Table, Milestones::DecidedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_milestones_enrolment",
            Milestones::Table,
            &["enrolment_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(TrancheReleases::Table)
                    .col(id(TrancheReleases::Id))
                    .col(reference(TrancheReleases::MilestoneId))
                    .col(reference(TrancheReleases::AmountEur))
                    .col(
                        ColumnDef::new(TrancheReleases::ReleasedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(TrancheReleases::ReleasedByName)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(time(TrancheReleases::ReleasedAt))
                    .foreign_key(&mut fk(
                        "fk_releases_milestone",
                        (TrancheReleases::Table, TrancheReleases::MilestoneId),
                        (Milestones::Table, Milestones::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_releases_user",
                        (TrancheReleases::Table, TrancheReleases::ReleasedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // A tranche is released once: the database refuses a second release row.
        index(
            manager,
            "idx_releases_milestone",
            TrancheReleases::Table,
            &["milestone_id"],
            true,
        )
        .await?;

        // The audit log keeps names and ids as written, without foreign keys: it must outlive
        // the rows it talks about.
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(time(AuditLog::At))
                    .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                    .col(
                        ColumnDef::new(AuditLog::ActorName)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLog::Action).string_len(40).not_null())
                    .col(
                        ColumnDef::new(AuditLog::SubjectType)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLog::SubjectId).big_integer().not_null())
                    .col(ColumnDef::new(AuditLog::Summary).text().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_audit_at", AuditLog::Table, &["at"], false).await?;
        index(
            manager,
            "idx_audit_action",
            AuditLog::Table,
            &["action"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            TrancheReleases::Table.into_iden(),
            Milestones::Table.into_iden(),
            EnrolmentScores::Table.into_iden(),
            EnrolmentMoves::Table.into_iden(),
            Enrolments::Table.into_iden(),
            Programmes::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
