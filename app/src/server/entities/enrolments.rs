//! `enrolments`: a technology's place in a programme: its stage and the adoption clock.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub technology_id: i64,
    /// A `Stage` slug.
    pub stage: String,
    pub stage_since: DateTimeUtc,
    /// When the enrolment was selected: the adoption clock starts here.
    pub selected_at: Option<DateTimeUtc>,
    /// When the clock stopped (adopted, invested, graduated or ended).
    pub clock_stopped_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
