//! `consortia`: a draft consortium for one EDF call topic, led by the organisation that opened
//! it (one per topic and lead).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consortia")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub topic_id: String,
    /// The organisation that opened the draft and invites the others.
    pub lead_org_id: i64,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
