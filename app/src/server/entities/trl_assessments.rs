//! `trl_assessments`: every TRL a technology has had, with its evidence and who assessed it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trl_assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub technology_id: i64,
    pub trl: i16,
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    /// `false`: self-declared by the company; `true`: verified by a programme officer.
    pub verified: bool,
    pub assessed_by: Option<i64>,
    pub assessed_by_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
