//! Every schema change of Lab2Field, in order. Migrations are frozen once landed: a change to the
//! schema is always a new file, never an edit of an old one. This crate never imports `app`.

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261122_000001_accounts;
mod m20261122_000002_registry;
mod m20261122_000003_search_outbox;
mod m20261122_000004_incubation;
mod m20261122_000005_access_and_pipelines;
mod m20261122_000006_notifications;
mod m20261122_000007_mail_unsubscribe;
mod m20261125_000008_account_security;
mod m20261202_000009_first_run;
mod m20261203_000010_scale_out;
mod m20261204_000011_investor_thesis;
mod m20261204_000012_consortia;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_accounts::Migration),
            Box::new(m20261122_000002_registry::Migration),
            Box::new(m20261122_000003_search_outbox::Migration),
            Box::new(m20261122_000004_incubation::Migration),
            Box::new(m20261122_000005_access_and_pipelines::Migration),
            Box::new(m20261122_000006_notifications::Migration),
            Box::new(m20261122_000007_mail_unsubscribe::Migration),
            Box::new(m20261125_000008_account_security::Migration),
            Box::new(m20261202_000009_first_run::Migration),
            Box::new(m20261203_000010_scale_out::Migration),
            Box::new(m20261204_000011_investor_thesis::Migration),
            Box::new(m20261204_000012_consortia::Migration),
        ]
    }
}
