//! The search outbox: one row per change that the Tantivy index must follow, written in the same
//! transaction as the change and deleted once the index has committed it.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum SearchOutbox {
    Table,
    Id,
    Entity,
    EntityId,
    CreatedAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchOutbox::Table)
                    .col(
                        ColumnDef::new(SearchOutbox::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(SearchOutbox::Entity)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SearchOutbox::EntityId)
                            .string_len(80)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SearchOutbox::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchOutbox::Table).to_owned())
            .await
    }
}
