//! `milestones`: an enrolment's milestones: due date, optional tranche, evidence and decision.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "milestones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrolment_id: i64,
    pub title: String,
    pub due_on: Date,
    pub tranche_eur: Option<i64>,
    pub is_demonstration: bool,
    /// A `MilestoneStatus` slug.
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    pub evidence_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub decision_reason: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub due_reminder_sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
