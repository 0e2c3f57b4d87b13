//! Sessions stored in the application's own database (so they survive restarts and are shared
//! by every server instance), in the `tower_sessions` table created by the migrations.

use crate::config::Settings;
use async_trait::async_trait;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};
use tower_sessions::cookie::{time::Duration, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

const TABLE: &str = "tower_sessions";
/// A session ends after two weeks without a visit.
const IDLE_DAYS: i64 = 14;

/// The store for whichever database the app runs on, sharing sea-orm's pools.
#[derive(Debug, Clone)]
pub enum DbSessionStore {
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
        match db.get_database_backend() {
            DatabaseBackend::Postgres => Self::Postgres(
                PostgresStore::new(db.get_postgres_connection_pool().clone())
                    .with_schema_name("public")
                    .and_then(|s| s.with_table_name(TABLE))
                    .expect("constant identifiers are valid"),
            ),
            _ => Self::Sqlite {
                writer: sqlite(db),
                reader: sqlite(reader),
            },
        }
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite { writer, .. } => writer.create(record).await,
            Self::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite { writer, .. } => writer.save(record).await,
            Self::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite { reader, .. } => reader.load(id).await,
            Self::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite { writer, .. } => writer.delete(id).await,
            Self::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Self::Sqlite { writer, .. } => writer.delete_expired().await,
            Self::Postgres(s) => s.delete_expired().await,
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
