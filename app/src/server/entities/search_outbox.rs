//! `search_outbox`: the search change feed — one entry per change, appended in the changing
//! transaction, followed by every instance's indexer and pruned by age (`search::feed`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `technology`, `organisation` (all its technologies) or `opportunity`.
    pub entity: String,
    pub entity_id: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
