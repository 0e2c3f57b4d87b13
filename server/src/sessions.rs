//! Sessions stored in the application's own database (so they survive restarts and are shared
//! by every server instance), in the `tower_sessions` table created by the migrations.

use crate::config::Settings;
use async_trait::async_trait;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::cookie::{time::Duration, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

const TABLE: &str = "tower_sessions";
/// A session ends after two weeks without a visit.
const IDLE_DAYS: i64 = 14;

/// The store for whichever database the app runs on, sharing sea-orm's pools, with the records
/// this instance loaded in the last second kept in memory (`Recent`).
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    backend: Backend,
    recent: Arc<Recent>,
}

#[derive(Debug, Clone)]
enum Backend {
    /// Every request loads its session; with SQLite that goes through the read-only pool, so
    /// loads never queue behind the single writer connection (writes go through `writer`).
    Sqlite {
        writer: SqliteStore,
        reader: SqliteStore,
    },
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// `reader` is `AppState::read` (for PostgreSQL the writer's own pool).
    pub fn new(db: &DatabaseConnection, reader: &DatabaseConnection) -> Self {
        let sqlite = |db: &DatabaseConnection| {
            SqliteStore::new(db.get_sqlite_connection_pool().clone())
                .with_table_name(TABLE)
                .expect("constant identifiers are valid")
        };
        let backend = match db.get_database_backend() {
            DatabaseBackend::Postgres => Backend::Postgres(
                PostgresStore::new(db.get_postgres_connection_pool().clone())
                    .with_schema_name("public")
                    .and_then(|s| s.with_table_name(TABLE))
                    .expect("constant identifiers are valid"),
            ),
            _ => Backend::Sqlite {
                writer: sqlite(db),
                reader: sqlite(reader),
            },
        };
        Self {
            backend,
            recent: Arc::default(),
        }
    }
}

/// How long a loaded session record is reused without reading the database again. Every write
/// through this instance (sign-in, sign-out, a changed value) replaces or drops its copy at
/// once; only a sign-out made on *another* instance reaches this one up to this late (the
/// account checks — disabled, signed out everywhere, password changed — read the account
/// itself on every request and are never late; docs/security.md).
const RECENT_FOR: std::time::Duration = std::time::Duration::from_secs(1);
/// At most this many records are kept; past it, a load is not remembered (so a flood of
/// cookies cannot grow memory).
const RECENT_MAX: usize = 10_000;

/// Session records loaded in the last [`RECENT_FOR`], by session id. A browser making several
/// requests at once (a page and its server-function calls), or an API client searching in a
/// loop, reads its session from the database once a second instead of on every request.
#[derive(Debug, Default)]
struct Recent(Mutex<HashMap<i128, (Instant, Record)>>);

impl Recent {
    fn get(&self, id: &Id) -> Option<Record> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (at, record) = map.get(&id.0)?;
        (at.elapsed() < RECENT_FOR && record.expiry_date > OffsetDateTime::now_utc())
            .then(|| record.clone())
    }

    fn put(&self, record: &Record) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= RECENT_MAX {
            map.retain(|_, (at, _)| at.elapsed() < RECENT_FOR);
        }
        if map.len() < RECENT_MAX || map.contains_key(&record.id.0) {
            map.insert(record.id.0, (Instant::now(), record.clone()));
        }
    }

    fn forget(&self, id: &Id) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id.0);
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match &self.backend {
            Backend::Sqlite { writer, .. } => writer.create(record).await?,
            Backend::Postgres(s) => s.create(record).await?,
        }
        self.recent.put(record);
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        // Forgotten first: if the write fails, the next load reads what the database holds.
        self.recent.forget(&record.id);
        match &self.backend {
            Backend::Sqlite { writer, .. } => writer.save(record).await?,
            Backend::Postgres(s) => s.save(record).await?,
        }
        self.recent.put(record);
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        if let Some(record) = self.recent.get(id) {
            return Ok(Some(record));
        }
        let record = match &self.backend {
            Backend::Sqlite { reader, .. } => reader.load(id).await?,
            Backend::Postgres(s) => s.load(id).await?,
        };
        if let Some(record) = &record {
            self.recent.put(record);
        }
        Ok(record)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.recent.forget(id);
        match &self.backend {
            Backend::Sqlite { writer, .. } => writer.delete(id).await,
            Backend::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match &self.backend {
            Backend::Sqlite { writer, .. } => writer.delete_expired().await,
            Backend::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// The cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https.
pub fn layer(store: DbSessionStore, settings: &Settings) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(store)
        .with_name("lab2field_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies())
        .with_expiry(Expiry::OnInactivity(Duration::days(IDLE_DAYS)))
}
