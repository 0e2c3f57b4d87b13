//! The one-click unsubscribe address of a queued e-mail (digests), sent as `List-Unsubscribe`.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    ListUnsubscribe,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .add_column(
                        ColumnDef::new(MailOutbox::ListUnsubscribe)
                            .string_len(1000)
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .drop_column(MailOutbox::ListUnsubscribe)
                    .to_owned(),
            )
            .await
    }
}
