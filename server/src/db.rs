//! Connecting to the database and running migrations.

use crate::config::{ConfigError, DatabaseKind, Settings};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use std::time::Duration;

/// Opens the pool and checks the database answers; failures name `DATABASE_URL`.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, ConfigError> {
    let mut options = ConnectOptions::new(settings.database_url.clone());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if settings.database_kind == DatabaseKind::Sqlite {
        // One connection. SQLite takes one writer at a time, and a transaction that read first
        // and writes later fails at once ("database is locked", which no busy timeout waits
        // out) whenever another connection committed in between — the indexer, the mail sender
        // and session saves write all the time. Queueing on one connection avoids that class
        // of failure entirely; no code path holds a connection while asking for a second one.
        // PostgreSQL is the choice for many concurrent users.
        options.max_connections(1).min_connections(1);
    }
    let unreachable = |e: sea_orm::DbErr| {
        ConfigError::new(
            "DATABASE_URL",
            format!(
                "cannot connect to {}: {e}",
                settings.redacted_database_url()
            ),
        )
    };
    let db = Database::connect(options).await.map_err(unreachable)?;
    if settings.database_kind == DatabaseKind::Sqlite {
        // Write-ahead logging lets pages read while a write is in progress. (sqlx already turns
        // foreign keys on for every connection.)
        db.execute_unprepared("PRAGMA journal_mode=WAL;")
            .await
            .map_err(unreachable)?;
    } else {
        db.execute_unprepared("SELECT 1")
            .await
            .map_err(unreachable)?;
    }
    Ok(db)
}

/// The read-only pool for hot read paths (see `AppState::read`). SQLite: up to four connections
/// that cannot write (`PRAGMA query_only`), reading beside the single writer thanks to WAL;
/// PostgreSQL: the writer's pool, which already has many connections.
pub async fn connect_reader(
    settings: &Settings,
    writer: &DatabaseConnection,
) -> Result<DatabaseConnection, ConfigError> {
    if settings.database_kind != DatabaseKind::Sqlite {
        return Ok(writer.clone());
    }
    let mut options = ConnectOptions::new(settings.database_url.clone());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .max_connections(4)
        .min_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| o.pragma("query_only", "ON"));
    Database::connect(options).await.map_err(|e| {
        ConfigError::new(
            "DATABASE_URL",
            format!(
                "cannot open a reader on {}: {e}",
                settings.redacted_database_url()
            ),
        )
    })
}

/// Applies every pending migration. On PostgreSQL, where several instances may start at once,
/// they run in one transaction that first takes an advisory lock: one instance migrates, the
/// others wait for it and then find nothing to do. (SQLite has one instance.)
pub async fn migrate(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let txn = db.begin().await?;
    txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// The PostgreSQL advisory lock key held while migrating ("l2f" and 1).
const MIGRATION_LOCK: i64 = 0x6c_32_66_01;
