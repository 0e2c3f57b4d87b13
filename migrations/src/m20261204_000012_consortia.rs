//! Consortia forming for EDF call topics: the organisation's entity type (start-up, SME, large
//! company, research organisation, university), draft consortia (one per topic and lead
//! organisation) and their members with role and invitation status.

use crate::columns::{fk, id, index, reference, time};
use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    EntityType,
    ParentGroup,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Technologies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Consortia {
    Table,
    Id,
    TopicId,
    LeadOrgId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ConsortiumMembers {
    Table,
    Id,
    ConsortiumId,
    OrganisationId,
    TechnologyId,
    Role,
    Status,
    Message,
    InvitedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        // Null: a company registered before entity types, read as a start-up or SME by the
        // EU SME test on its figures.
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(
                        ColumnDef::new(Organisations::EntityType)
                            .string_len(30)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        // The group an organisation belongs to (its ultimate parent), if any: entities of one
        // group count once in a consortium.
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(
                        ColumnDef::new(Organisations::ParentGroup)
                            .string_len(200)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Consortia::Table)
                    .col(id(Consortia::Id))
                    // The catalogue keeps every entry it ever held, so a topic is never deleted
                    // from under a consortium.
                    .col(ColumnDef::new(Consortia::TopicId).string_len(80).not_null())
                    .col(reference(Consortia::LeadOrgId))
                    .col(ColumnDef::new(Consortia::CreatedBy).big_integer().null())
                    .col(time(Consortia::CreatedAt))
                    .col(time(Consortia::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_consortia_topic",
                        (Consortia::Table, Consortia::TopicId),
                        (Opportunities::Table, Opportunities::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_consortia_lead",
                        (Consortia::Table, Consortia::LeadOrgId),
                        (Organisations::Table, Organisations::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_consortia_created_by",
                        (Consortia::Table, Consortia::CreatedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One draft per topic and lead: "Build a consortium" again opens the same one.
        index(
            manager,
            "idx_consortia_topic_lead",
            Consortia::Table,
            &["topic_id", "lead_org_id"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConsortiumMembers::Table)
                    .col(id(ConsortiumMembers::Id))
                    .col(reference(ConsortiumMembers::ConsortiumId))
                    .col(reference(ConsortiumMembers::OrganisationId))
                    .col(
                        ColumnDef::new(ConsortiumMembers::TechnologyId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ConsortiumMembers::Role)
                            .string_len(30)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ConsortiumMembers::Status)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(ConsortiumMembers::Message).text().not_null())
                    .col(
                        ColumnDef::new(ConsortiumMembers::InvitedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(time(ConsortiumMembers::CreatedAt))
                    .col(time(ConsortiumMembers::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_consortium_members_consortium",
                        (ConsortiumMembers::Table, ConsortiumMembers::ConsortiumId),
                        (Consortia::Table, Consortia::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_consortium_members_organisation",
                        (ConsortiumMembers::Table, ConsortiumMembers::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_consortium_members_technology",
                        (ConsortiumMembers::Table, ConsortiumMembers::TechnologyId),
                        (Technologies::Table, Technologies::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_consortium_members_invited_by",
                        (ConsortiumMembers::Table, ConsortiumMembers::InvitedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // An organisation is in a consortium once; inviting it again reuses its row.
        index(
            manager,
            "idx_consortium_members_pair",
            ConsortiumMembers::Table,
            &["consortium_id", "organisation_id"],
            true,
        )
        .await?;
        // "My consortia": the drafts an organisation is invited to or part of.
        index(
            manager,
            "idx_consortium_members_organisation",
            ConsortiumMembers::Table,
            &["organisation_id"],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ConsortiumMembers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Consortia::Table).to_owned())
            .await?;
        for column in [Organisations::ParentGroup, Organisations::EntityType] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organisations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
