//! Accounts, e-mail verification tokens, the session store table and the e-mail outbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    EmailVerifiedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EmailVerifications {
    Table,
    TokenHash,
    UserId,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    ToAddress,
    Subject,
    BodyText,
    BodyHtml,
    Kind,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
}

/// The table `tower-sessions-sqlx-store` reads and writes. Its layout is the store's own; we
/// create it here so that every schema change lives in this crate.
#[derive(DeriveIden)]
enum TowerSessions {
    Table,
    Id,
    Data,
    ExpiryDate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(
                        ColumnDef::new(Users::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Users::Email)
                            .string_len(254)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Users::DisplayName)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Users::PasswordHash)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Users::Role).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Users::EmailVerifiedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Users::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Users::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailVerifications::Table)
                    .col(
                        ColumnDef::new(EmailVerifications::TokenHash)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(EmailVerifications::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(EmailVerifications::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(EmailVerifications::UsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(EmailVerifications::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_verifications_user")
                            .from(EmailVerifications::Table, EmailVerifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_verifications_user")
                    .table(EmailVerifications::Table)
                    .col(EmailVerifications::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(
                        ColumnDef::new(MailOutbox::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(MailOutbox::ToAddress)
                            .string_len(254)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MailOutbox::Subject)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(ColumnDef::new(MailOutbox::BodyText).text().not_null())
                    .col(ColumnDef::new(MailOutbox::BodyHtml).text().not_null())
                    .col(ColumnDef::new(MailOutbox::Kind).string_len(64).not_null())
                    .col(
                        ColumnDef::new(MailOutbox::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MailOutbox::Attempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(MailOutbox::NextAttemptAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MailOutbox::SentAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(MailOutbox::LastError).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_outbox_pending")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::SentAt)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;

        // The session store's own layout differs per backend (it binds an integer Unix time on
        // SQLite and a timestamptz on PostgreSQL), so the expiry column follows the backend.
        let mut expiry = ColumnDef::new(TowerSessions::ExpiryDate);
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => expiry.timestamp_with_time_zone().not_null(),
            _ => expiry.big_integer().not_null(),
        };
        manager
            .create_table(
                Table::create()
                    .table(TowerSessions::Table)
                    .col(
                        ColumnDef::new(TowerSessions::Id)
                            .text()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(TowerSessions::Data).blob().not_null())
                    .col(&mut expiry)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TowerSessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MailOutbox::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(EmailVerifications::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await?;
        Ok(())
    }
}
