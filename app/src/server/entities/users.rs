//! `users`: one row per account.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    /// A [`crate::domain::account::Role`] in its string form.
    pub role: String,
    pub email_verified_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Sessions remember the epoch they were started in; raising it ends every session of the
    /// account at once (password change or reset, "sign out everywhere", disabling).
    pub session_epoch: i32,
    /// Set by an admin: the account cannot sign in and its sessions have ended.
    pub disabled_at: Option<DateTimeUtc>,
    /// When a founder first saw the matches of one of their technologies (first-run checklist).
    pub matches_seen_at: Option<DateTimeUtc>,
    /// Its owner hid the first-run checklist.
    pub checklist_hidden_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
