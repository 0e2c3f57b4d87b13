//! What e-mail notifications need to remember: saved searches with their daily digest, and the
//! opportunities founders bookmarked (for deadline reminders).

use crate::columns::{fk, id, index, optional_time, reference, time};
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
}

#[derive(DeriveIden)]
enum SavedSearches {
    Table,
    Id,
    UserId,
    Name,
    Query,
    Digest,
    UnsubscribeToken,
    LastDigestAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Bookmarks {
    Table,
    Id,
    UserId,
    OpportunityId,
    ReminderSentAt,
    CreatedAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        manager
            .create_table(
                Table::create()
                    .table(SavedSearches::Table)
                    .col(id(SavedSearches::Id))
                    .col(reference(SavedSearches::UserId))
                    .col(
                        ColumnDef::new(SavedSearches::Name)
                            .string_len(80)
                            .not_null(),
                    )
                    .col(ColumnDef::new(SavedSearches::Query).text().not_null())
                    .col(ColumnDef::new(SavedSearches::Digest).boolean().not_null())
                    .col(
                        ColumnDef::new(SavedSearches::UnsubscribeToken)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(time(SavedSearches::LastDigestAt))
                    .col(time(SavedSearches::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_saved_searches_user",
                        (SavedSearches::Table, SavedSearches::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_saved_searches_token",
            SavedSearches::Table,
            &["unsubscribe_token"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_saved_searches_user",
            SavedSearches::Table,
            &["user_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bookmarks::Table)
                    .col(id(Bookmarks::Id))
                    .col(reference(Bookmarks::UserId))
                    .col(
                        ColumnDef::new(Bookmarks::OpportunityId)
                            .string_len(80)
                            .not_null(),
                    )
                    .col(optional_time(Bookmarks::ReminderSentAt))
                    .col(time(Bookmarks::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_bookmarks_user",
                        (Bookmarks::Table, Bookmarks::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookmarks_opportunity",
                        (Bookmarks::Table, Bookmarks::OpportunityId),
                        (Opportunities::Table, Opportunities::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_bookmarks_user_opportunity",
            Bookmarks::Table,
            &["user_id", "opportunity_id"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Bookmarks::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SavedSearches::Table).to_owned())
            .await
    }
}
