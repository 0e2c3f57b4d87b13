//! Several instances on one database: the search outbox becomes a change feed every instance
//! follows (never deleted by an indexer; pruned by age, with the newest pruned position kept in
//! `search_feed_horizon`), and mail rows are claimed with a lease before they are sent.
//!
//! On PostgreSQL each feed entry also records the transaction that wrote it (`txid`): ids are
//! handed out when a row is inserted, not when its transaction commits, so a reader could see
//! entry 11 before entry 10 commits and move past 10 for good. Readers take only entries of
//! transactions older than every running one, in (transaction, id) order, which never changes
//! once seen. SQLite has one writer at a time, so its ids already come in commit order.

use crate::columns::optional_time;
use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum SearchOutbox {
    Table,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SearchFeedHorizon {
    Table,
    Id,
    Txid,
    FeedId,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    ClaimedUntil,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE search_outbox \
                     ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id()",
                )
                .await?;
            // Readers walk the feed in (transaction, id) order.
            manager
                .get_connection()
                .execute_unprepared(
                    "CREATE INDEX search_outbox_position ON search_outbox (txid, id)",
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("search_outbox_created_at")
                    .table(SearchOutbox::Table)
                    .col(SearchOutbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchFeedHorizon::Table)
                    .col(
                        ColumnDef::new(SearchFeedHorizon::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(SearchFeedHorizon::Txid)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SearchFeedHorizon::FeedId)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO search_feed_horizon (id, txid, feed_id) VALUES (1, 0, 0)",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .add_column(optional_time(MailOutbox::ClaimedUntil))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .drop_column(MailOutbox::ClaimedUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SearchFeedHorizon::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("search_outbox_created_at")
                    .table(SearchOutbox::Table)
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("ALTER TABLE search_outbox DROP COLUMN txid")
                .await?;
        }
        Ok(())
    }
}
