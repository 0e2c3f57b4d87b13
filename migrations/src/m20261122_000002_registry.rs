//! Organisations (companies and investor organisations) and their members, technologies with
//! their TRL history, and the opportunity catalogue.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
    Kind,
    Title,
    Description,
    Tags,
    BudgetEur,
    Deadline,
    TrlMin,
    TrlMax,
    EligibleCountries,
    SourceUrl,
    Details,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Kind,
    LegalName,
    Country,
    City,
    Website,
    YearFounded,
    Headcount,
    TurnoverEur,
    BalanceSheetEur,
    ControlledFrom,
    CatalogueInvestorId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrganisationMembers {
    Table,
    UserId,
    OrganisationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Technologies {
    Table,
    Id,
    OrganisationId,
    Title,
    Summary,
    ConfidentialDetails,
    CivilApplications,
    DefenceApplications,
    Trl,
    TrlEvidence,
    TrlVerified,
    Areas,
    Keywords,
    ExportStatus,
    ExportCode,
    ExportListVersion,
    IpStatus,
    Seeks,
    FundingSoughtEur,
    Status,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum TrlAssessments {
    Table,
    Id,
    TechnologyId,
    Trl,
    Evidence,
    Verified,
    AssessedBy,
    AssessedByName,
    CreatedAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

fn created_updated(
    table: &mut TableCreateStatement,
    created: impl IntoIden,
    updated: impl IntoIden,
) {
    table
        .col(
            ColumnDef::new(created)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(updated)
                .timestamp_with_time_zone()
                .not_null(),
        );
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // JSON-shaped values (tags, country lists, optional details) are stored as text: the same
        // on SQLite and PostgreSQL, and the application parses them with its own types.
        let mut opportunities = Table::create();
        opportunities
            .table(Opportunities::Table)
            .col(
                ColumnDef::new(Opportunities::Id)
                    .string_len(80)
                    .not_null()
                    .primary_key(),
            )
            .col(
                ColumnDef::new(Opportunities::Kind)
                    .string_len(20)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Opportunities::Title)
                    .string_len(300)
                    .not_null(),
            )
            .col(ColumnDef::new(Opportunities::Description).text().not_null())
            .col(ColumnDef::new(Opportunities::Tags).text().not_null())
            .col(
                ColumnDef::new(Opportunities::BudgetEur)
                    .big_integer()
                    .null(),
            )
            .col(ColumnDef::new(Opportunities::Deadline).date().null())
            .col(ColumnDef::new(Opportunities::TrlMin).small_integer().null())
            .col(ColumnDef::new(Opportunities::TrlMax).small_integer().null())
            .col(
                ColumnDef::new(Opportunities::EligibleCountries)
                    .text()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Opportunities::SourceUrl)
                    .string_len(1000)
                    .not_null(),
            )
            .col(ColumnDef::new(Opportunities::Details).text().not_null());
        created_updated(
            &mut opportunities,
            Opportunities::CreatedAt,
            Opportunities::UpdatedAt,
        );
        manager.create_table(opportunities.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_opportunities_kind_deadline")
                    .table(Opportunities::Table)
                    .col(Opportunities::Kind)
                    .col(Opportunities::Deadline)
                    .to_owned(),
            )
            .await?;

        let mut organisations = Table::create();
        organisations
            .table(Organisations::Table)
            .col(
                ColumnDef::new(Organisations::Id)
                    .big_integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(
                ColumnDef::new(Organisations::Kind)
                    .string_len(16)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Organisations::LegalName)
                    .string_len(200)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Organisations::Country)
                    .string_len(2)
                    .not_null(),
            )
            .col(ColumnDef::new(Organisations::City).string_len(100).null())
            .col(
                ColumnDef::new(Organisations::Website)
                    .string_len(200)
                    .null(),
            )
            .col(ColumnDef::new(Organisations::YearFounded).integer().null())
            .col(
                ColumnDef::new(Organisations::Headcount)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(Organisations::TurnoverEur)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(Organisations::BalanceSheetEur)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(Organisations::ControlledFrom)
                    .string_len(2)
                    .null(),
            )
            .col(
                ColumnDef::new(Organisations::CatalogueInvestorId)
                    .string_len(80)
                    .null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_organisations_catalogue_investor")
                    .from(Organisations::Table, Organisations::CatalogueInvestorId)
                    .to(Opportunities::Table, Opportunities::Id)
                    .on_delete(ForeignKeyAction::SetNull),
            );
        created_updated(
            &mut organisations,
            Organisations::CreatedAt,
            Organisations::UpdatedAt,
        );
        manager.create_table(organisations.to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(OrganisationMembers::Table)
                    .col(
                        ColumnDef::new(OrganisationMembers::UserId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(OrganisationMembers::OrganisationId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OrganisationMembers::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_members_user")
                            .from(OrganisationMembers::Table, OrganisationMembers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_members_organisation")
                            .from(
                                OrganisationMembers::Table,
                                OrganisationMembers::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_members_organisation")
                    .table(OrganisationMembers::Table)
                    .col(OrganisationMembers::OrganisationId)
                    .to_owned(),
            )
            .await?;

        let mut technologies = Table::create();
        technologies
            .table(Technologies::Table)
            .col(
                ColumnDef::new(Technologies::Id)
                    .big_integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(
                ColumnDef::new(Technologies::OrganisationId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Technologies::Title)
                    .string_len(120)
                    .not_null(),
            )
            .col(ColumnDef::new(Technologies::Summary).text().not_null())
            .col(
                ColumnDef::new(Technologies::ConfidentialDetails)
                    .text()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Technologies::CivilApplications)
                    .text()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Technologies::DefenceApplications)
                    .text()
                    .not_null(),
            )
            .col(ColumnDef::new(Technologies::Trl).small_integer().not_null())
            .col(ColumnDef::new(Technologies::TrlEvidence).text().not_null())
            .col(
                ColumnDef::new(Technologies::TrlVerified)
                    .boolean()
                    .not_null()
                    .default(false),
            )
            .col(
                ColumnDef::new(Technologies::Areas)
                    .string_len(200)
                    .not_null(),
            )
            .col(ColumnDef::new(Technologies::Keywords).text().not_null())
            .col(
                ColumnDef::new(Technologies::ExportStatus)
                    .string_len(16)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Technologies::ExportCode)
                    .string_len(24)
                    .null(),
            )
            .col(
                ColumnDef::new(Technologies::ExportListVersion)
                    .string_len(80)
                    .null(),
            )
            .col(
                ColumnDef::new(Technologies::IpStatus)
                    .string_len(32)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Technologies::Seeks)
                    .string_len(100)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Technologies::FundingSoughtEur)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(Technologies::Status)
                    .string_len(16)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Technologies::SubmittedAt)
                    .timestamp_with_time_zone()
                    .null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_technologies_organisation")
                    .from(Technologies::Table, Technologies::OrganisationId)
                    .to(Organisations::Table, Organisations::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        created_updated(
            &mut technologies,
            Technologies::CreatedAt,
            Technologies::UpdatedAt,
        );
        manager.create_table(technologies.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_technologies_organisation")
                    .table(Technologies::Table)
                    .col(Technologies::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_technologies_status")
                    .table(Technologies::Table)
                    .col(Technologies::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TrlAssessments::Table)
                    .col(
                        ColumnDef::new(TrlAssessments::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(TrlAssessments::TechnologyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrlAssessments::Trl)
                            .small_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(TrlAssessments::Evidence).text().not_null())
                    .col(
                        ColumnDef::new(TrlAssessments::Verified)
                            .boolean()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrlAssessments::AssessedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(TrlAssessments::AssessedByName)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrlAssessments::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_trl_assessments_technology")
                            .from(TrlAssessments::Table, TrlAssessments::TechnologyId)
                            .to(Technologies::Table, Technologies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_trl_assessments_user")
                            .from(TrlAssessments::Table, TrlAssessments::AssessedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_trl_assessments_technology")
                    .table(TrlAssessments::Table)
                    .col(TrlAssessments::TechnologyId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TrlAssessments::Table.into_iden(),
            Technologies::Table.into_iden(),
            OrganisationMembers::Table.into_iden(),
            Organisations::Table.into_iden(),
            Opportunities::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
