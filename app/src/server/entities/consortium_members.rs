//! `consortium_members`: the organisations of a draft consortium, with their role and where
//! their invitation stands (the lead's own row is accepted from the start).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consortium_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub consortium_id: i64,
    pub organisation_id: i64,
    /// The technology it brings (whose public fields the other members see), when known.
    pub technology_id: Option<i64>,
    /// A `MemberRole` slug.
    pub role: String,
    /// A `MemberStatus` slug.
    pub status: String,
    /// The lead's message with the invitation.
    pub message: String,
    pub invited_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
