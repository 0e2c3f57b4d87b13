//! Account security: disabling accounts, ending every session of an account at once (an epoch
//! the sessions must match), password-reset tokens (hashed), the throttling counters shared by
//! every server instance, and audit actor names as long as any valid name and address.

use crate::columns::{fk, id, index, optional_time, reference, time};
use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SessionEpoch,
    DisabledAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    TokenHash,
    UserId,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuthThrottle {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    ActorName,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite allows one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::SessionEpoch)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(optional_time(Users::DisabledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .col(id(PasswordResets::Id))
                    .col(
                        ColumnDef::new(PasswordResets::TokenHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(reference(PasswordResets::UserId))
                    .col(time(PasswordResets::ExpiresAt))
                    .col(optional_time(PasswordResets::UsedAt))
                    .col(time(PasswordResets::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_password_resets_user",
                        (PasswordResets::Table, PasswordResets::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_password_resets_token",
            PasswordResets::Table,
            &["token_hash"],
            true,
        )
        .await?;
        index(
            manager,
            "ix_password_resets_user",
            PasswordResets::Table,
            &["user_id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuthThrottle::Table)
                    .col(
                        ColumnDef::new(AuthThrottle::Key)
                            .string_len(400)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AuthThrottle::Failures)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(time(AuthThrottle::WindowStartedAt))
                    .col(optional_time(AuthThrottle::LockedUntil))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            // SQLite does not enforce lengths; PostgreSQL refused long names with their address.
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditLog::Table)
                        .modify_column(ColumnDef::new(AuditLog::ActorName).text().not_null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuthThrottle::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PasswordResets::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::DisabledAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::SessionEpoch)
                    .to_owned(),
            )
            .await
    }
}
