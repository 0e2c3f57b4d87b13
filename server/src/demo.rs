//! Demo data for a fresh installation: one account per role, documented in the README.

use app::domain::account::Role;
use app::error::AppError;
use app::server::accounts::{self, NewAccount};
use app::server::entities::users;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

/// The password of every demo account (README: "Demo sign-ins").
pub const DEMO_PASSWORD: &str = "lab2field-demo";

pub const DEMO_ACCOUNTS: [(&str, &str, Role); 4] = [
    (
        "founder@demo.lab2field.eu",
        "Sofia Laine (Aurora Sensing Oy)",
        Role::Founder,
    ),
    (
        "investor@demo.lab2field.eu",
        "Jan de Vries (Polder Ventures)",
        Role::Investor,
    ),
    (
        "officer@demo.lab2field.eu",
        "Marta Kowalska (programme officer)",
        Role::Officer,
    ),
    (
        "admin@demo.lab2field.eu",
        "Lab2Field administrator",
        Role::Admin,
    ),
];

/// Loads the demo accounts when there are no accounts at all; returns whether it did.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<bool, AppError> {
    if users::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    for (email, name, role) in DEMO_ACCOUNTS {
        let account = NewAccount::parse(email, name, DEMO_PASSWORD, role.as_str(), &Role::ALL)?;
        accounts::create_verified(db, account).await?;
    }
    tracing::info!(accounts = DEMO_ACCOUNTS.len(), "demo data loaded");
    Ok(true)
}
