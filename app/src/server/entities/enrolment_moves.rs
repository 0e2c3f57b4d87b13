//! `enrolment_moves`: every stage move of an enrolment: who, when, from, to and why.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolment_moves")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrolment_id: i64,
    /// `None` for the first entry (the enrolment or application itself).
    pub from_stage: Option<String>,
    pub to_stage: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub by_user: Option<i64>,
    pub by_name: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
