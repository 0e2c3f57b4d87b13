//! `tranche_releases`: funding tranches released on verified milestones (at most one per milestone).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tranche_releases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub milestone_id: i64,
    pub amount_eur: i64,
    pub released_by: Option<i64>,
    pub released_by_name: String,
    pub released_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
