//! `access_requests`: investor organisations' requests for a technology's confidential details.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub technology_id: i64,
    pub investor_org_id: i64,
    /// An `AccessStatus` slug.
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub requested_by: Option<i64>,
    pub requested_at: DateTimeUtc,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
