//! `saved_searches`: saved scouting searches and their daily digest.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_searches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The search page's query string (`q=radar&trl=6`).
    #[sea_orm(column_type = "Text")]
    pub query: String,
    pub digest: bool,
    pub unsubscribe_token: String,
    /// Technologies submitted after this are new for the next digest.
    pub last_digest_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
