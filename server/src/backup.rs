//! `lab2field backup FILE` and `lab2field restore FILE` for the embedded SQLite database.
//! A backup is a consistent copy taken while the server runs (`VACUUM INTO` reads one
//! snapshot); a restore needs the server stopped (the data folder's lock tells), checks the
//! copy, swaps it in atomically, migrates it and rebuilds the search index from it.
//! PostgreSQL is backed up with its own tools (`pg_dump`, see the README).

use crate::config::{DatabaseKind, Settings};
use crate::startup;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use std::fs::File;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The request cannot be carried out as asked (exit code 2).
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Failed(String),
}

fn failed(what: &str) -> impl Fn(sea_orm::DbErr) -> BackupError + '_ {
    move |e| BackupError::Failed(format!("{what}: {e}"))
}

/// The SQLite file behind the configured database URL.
pub fn sqlite_path(settings: &Settings) -> Result<PathBuf, BackupError> {
    if settings.database_kind != DatabaseKind::Sqlite {
        return Err(BackupError::Refused(
            "backup and restore work on the embedded SQLite database; back up PostgreSQL with \
             pg_dump and restore it with pg_restore (see the README)"
                .to_owned(),
        ));
    }
    let rest = settings
        .database_url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or(rest);
    Ok(PathBuf::from(path))
}

/// The lock a running server holds on its data folder for as long as it runs.
pub fn data_dir_lock(data_dir: &Path) -> std::io::Result<File> {
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join("lab2field.lock"))
}

fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}

async fn open_file(path: &Path, read_only: bool) -> Result<DatabaseConnection, BackupError> {
    let url = format!(
        "sqlite://{}?mode={}",
        path.display(),
        if read_only { "ro" } else { "rwc" }
    );
    let mut options = ConnectOptions::new(url);
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options)
        .await
        .map_err(|e| BackupError::Failed(format!("cannot open {}: {e}", path.display())))
}

/// `PRAGMA integrity_check` answers "ok", and the file is a Lab2Field database.
async fn check_copy(path: &Path) -> Result<u64, BackupError> {
    let db = open_file(path, true).await?;
    let backend = db.get_database_backend();
    let row = db
        .query_one(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await
        .map_err(|e| {
            BackupError::Refused(format!("{} is not a SQLite database: {e}", path.display()))
        })?;
    let verdict: String = row
        .and_then(|r| r.try_get_by_index(0).ok())
        .unwrap_or_default();
    if verdict != "ok" {
        return Err(BackupError::Refused(format!(
            "{} is damaged: {verdict}",
            path.display()
        )));
    }
    let users = db
        .query_one(Statement::from_string(
            backend,
            "SELECT COUNT(*) FROM users",
        ))
        .await
        .map_err(|_| {
            BackupError::Refused(format!(
                "{} is not a Lab2Field database (it has no accounts table)",
                path.display()
            ))
        })?
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or_default();
    db.close().await.ok();
    Ok(users as u64)
}

/// Writes a consistent copy of the database to `file` while the server may keep running.
pub async fn backup(settings: &Settings, file: &Path) -> Result<String, BackupError> {
    let source = sqlite_path(settings)?;
    if !source.is_file() {
        return Err(BackupError::Refused(format!(
            "there is no database at {} to back up",
            source.display()
        )));
    }
    if file.exists() {
        return Err(BackupError::Refused(format!(
            "{} exists already; choose a new file name (a backup never overwrites)",
            file.display()
        )));
    }
    let db = open_file(&source, false).await?;
    db.execute_unprepared(&format!("VACUUM INTO {}", quoted(file)))
        .await
        .map_err(failed("the backup could not be written"))?;
    db.close().await.ok();
    let accounts = check_copy(file).await?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "backed up {} to {} ({bytes} bytes, {accounts} accounts, checked)",
        source.display(),
        file.display()
    ))
}

/// Replaces the database with the copy in `file` and rebuilds the search index from it. The
/// server must be stopped.
pub async fn restore(settings: &Settings, file: &Path) -> Result<String, BackupError> {
    let target = sqlite_path(settings)?;
    if !file.is_file() {
        return Err(BackupError::Refused(format!(
            "{} does not exist",
            file.display()
        )));
    }
    settings
        .prepare_data_dir()
        .map_err(|e| BackupError::Refused(e.to_string()))?;
    let lock = data_dir_lock(&settings.data_dir)
        .map_err(|e| BackupError::Failed(format!("cannot open the data folder's lock: {e}")))?;
    if lock.try_lock().is_err() {
        return Err(BackupError::Refused(format!(
            "a Lab2Field server is running on {}; stop it before restoring",
            settings.data_dir.display()
        )));
    }
    let accounts = check_copy(file).await?;
    // Copy beside the target, then swap it in with one rename: a crash leaves either the old
    // database or the restored one, never half of each.
    let staging = target.with_extension("db.restoring");
    std::fs::copy(file, &staging)
        .and_then(|_| File::open(&staging)?.sync_all())
        .map_err(|e| BackupError::Failed(format!("cannot copy {}: {e}", file.display())))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = target.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&staging, &target)
        .map_err(|e| BackupError::Failed(format!("cannot replace {}: {e}", target.display())))?;
    let db = startup::open_database(settings)
        .await
        .map_err(|e| BackupError::Failed(e.to_string()))?;
    let generation = app::server::search::rebuild(&db, &settings.data_dir, |_| {})
        .await
        .map_err(|e| BackupError::Failed(format!("the search index could not be rebuilt: {e}")))?;
    let technologies = generation.tech_reader.searcher().num_docs();
    db.close().await.ok();
    drop(lock);
    Ok(format!(
        "restored {} from {} ({accounts} accounts, {technologies} technologies indexed)",
        target.display(),
        file.display()
    ))
}
