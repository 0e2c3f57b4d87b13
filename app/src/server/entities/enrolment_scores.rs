//! `enrolment_scores`: officers' screening scores (rubric) of an enrolment, one sheet per officer.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolment_scores")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrolment_id: i64,
    pub officer_id: i64,
    pub officer_name: String,
    pub technical_merit: i16,
    pub dual_use: i16,
    pub defence_relevance: i16,
    pub team: i16,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
