//! The schema migrations apply, revert and re-apply cleanly on every backend.

mod common;

use common::{Backend, TestApp};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

async fn table_exists(db: &sea_orm::DatabaseConnection, backend: Backend, table: &str) -> bool {
    let sql = match backend {
        Backend::Sqlite => format!("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '{table}'"),
        Backend::Postgres => format!("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '{table}'"),
    };
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap() > 0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_go_up_down_and_up_again() {
    for backend in common::backends() {
        let app = TestApp::spawn(backend).await;
        let db = app.db().clone();
        assert!(table_exists(&db, backend, "users").await);
        assert!(table_exists(&db, backend, "tower_sessions").await);

        Migrator::down(&db, None).await.expect("down");
        for table in [
            "users",
            "email_verifications",
            "mail_outbox",
            "tower_sessions",
        ] {
            assert!(
                !table_exists(&db, backend, table).await,
                "{backend:?}: {table} dropped"
            );
        }
        Migrator::up(&db, None).await.expect("up again");
        assert!(table_exists(&db, backend, "users").await);
        assert!(Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty());
        app.finish().await;
    }
}

/// The read pool of an SQLite installation cannot write: writes keep to the one connection that
/// serialises them (README, "SQLite runs on one pooled connection").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_read_pool_refuses_writes() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let reader = server::db::connect_reader(&app.settings, app.db())
        .await
        .expect("reader");
    reader
        .execute_unprepared("SELECT count(*) FROM users")
        .await
        .expect("reads work");
    let write = reader
        .execute_unprepared("DELETE FROM mail_outbox")
        .await
        .expect_err("writes are refused");
    assert!(write.to_string().contains("readonly"), "{write}");
    app.finish().await;
}
