//! The first-run checklist: when a founder first saw the matches of one of their technologies
//! (every other step is read off the data itself), and when its owner hid the list.

use crate::columns::optional_time;
use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Users {
    Table,
    MatchesSeenAt,
    ChecklistHiddenAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(optional_time(Users::MatchesSeenAt))
                    .to_owned(),
            )
            .await?;
        // SQLite allows one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(optional_time(Users::ChecklistHiddenAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::ChecklistHiddenAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::MatchesSeenAt)
                    .to_owned(),
            )
            .await
    }
}
