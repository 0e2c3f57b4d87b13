//! Every schema change of Lab2Field, in order. Migrations are frozen once landed: a change to the
//! schema is always a new file, never an edit of an old one. This crate never imports `app`.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_accounts;
mod m20261122_000002_registry;
mod m20261122_000003_search_outbox;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_accounts::Migration),
            Box::new(m20261122_000002_registry::Migration),
            Box::new(m20261122_000003_search_outbox::Migration),
        ]
    }
}
