//! An investor organisation's own thesis: the structured parts (`domain::thesis`, stored as the
//! catalogue format's JSON object) and its free text. When set, they replace the linked
//! catalogue entry's thesis for the organisation's deal flow.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Thesis,
    ThesisText,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite allows one column per ALTER TABLE.
        for column in [Organisations::Thesis, Organisations::ThesisText] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organisations::Table)
                        .add_column(ColumnDef::new(column).text().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Organisations::ThesisText, Organisations::Thesis] {
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
