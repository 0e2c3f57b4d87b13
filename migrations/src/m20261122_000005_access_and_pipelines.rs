//! Investors' requests for confidential details (granted, denied or revoked by the founder),
//! and investor organisations' private deal pipelines with notes.

use crate::columns::{fk, id, index, optional_time, reference, time};
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
}

#[derive(DeriveIden)]
enum Technologies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AccessRequests {
    Table,
    Id,
    TechnologyId,
    InvestorOrgId,
    Status,
    Message,
    RequestedBy,
    RequestedAt,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Pipelines {
    Table,
    Id,
    OrganisationId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PipelineDeals {
    Table,
    Id,
    PipelineId,
    TechnologyId,
    Stage,
    StageSince,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DealNotes {
    Table,
    Id,
    DealId,
    AuthorId,
    AuthorName,
    Body,
    CreatedAt,
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
                    .table(AccessRequests::Table)
                    .col(id(AccessRequests::Id))
                    .col(reference(AccessRequests::TechnologyId))
                    .col(reference(AccessRequests::InvestorOrgId))
                    .col(
                        ColumnDef::new(AccessRequests::Status)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessRequests::Message).text().not_null())
                    .col(
                        ColumnDef::new(AccessRequests::RequestedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(time(AccessRequests::RequestedAt))
                    .col(
                        ColumnDef::new(AccessRequests::DecidedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(optional_time(AccessRequests::DecidedAt))
                    .foreign_key(&mut fk(
                        "fk_access_technology",
                        (AccessRequests::Table, AccessRequests::TechnologyId),
                        (Technologies::Table, Technologies::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_access_investor",
                        (AccessRequests::Table, AccessRequests::InvestorOrgId),
                        (Organisations::Table, Organisations::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_access_requested_by",
                        (AccessRequests::Table, AccessRequests::RequestedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_access_decided_by",
                        (AccessRequests::Table, AccessRequests::DecidedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One request record per technology and investor organisation; asking again reuses it.
        index(
            manager,
            "idx_access_technology_investor",
            AccessRequests::Table,
            &["technology_id", "investor_org_id"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Pipelines::Table)
                    .col(id(Pipelines::Id))
                    .col(reference(Pipelines::OrganisationId))
                    .col(ColumnDef::new(Pipelines::Name).string_len(80).not_null())
                    .col(time(Pipelines::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_pipelines_organisation",
                        (Pipelines::Table, Pipelines::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_pipelines_organisation_name",
            Pipelines::Table,
            &["organisation_id", "name"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PipelineDeals::Table)
                    .col(id(PipelineDeals::Id))
                    .col(reference(PipelineDeals::PipelineId))
                    .col(reference(PipelineDeals::TechnologyId))
                    .col(
                        ColumnDef::new(PipelineDeals::Stage)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(time(PipelineDeals::StageSince))
                    .col(time(PipelineDeals::CreatedAt))
                    .col(time(PipelineDeals::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_deals_pipeline",
                        (PipelineDeals::Table, PipelineDeals::PipelineId),
                        (Pipelines::Table, Pipelines::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_deals_technology",
                        (PipelineDeals::Table, PipelineDeals::TechnologyId),
                        (Technologies::Table, Technologies::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_deals_pipeline_technology",
            PipelineDeals::Table,
            &["pipeline_id", "technology_id"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(DealNotes::Table)
                    .col(id(DealNotes::Id))
                    .col(reference(DealNotes::DealId))
                    .col(ColumnDef::new(DealNotes::AuthorId).big_integer().null())
                    .col(
                        ColumnDef::new(DealNotes::AuthorName)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(ColumnDef::new(DealNotes::Body).text().not_null())
                    .col(time(DealNotes::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_notes_deal",
                        (DealNotes::Table, DealNotes::DealId),
                        (PipelineDeals::Table, PipelineDeals::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_notes_author",
                        (DealNotes::Table, DealNotes::AuthorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_notes_deal",
            DealNotes::Table,
            &["deal_id"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DealNotes::Table.into_iden(),
            PipelineDeals::Table.into_iden(),
            Pipelines::Table.into_iden(),
            AccessRequests::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
