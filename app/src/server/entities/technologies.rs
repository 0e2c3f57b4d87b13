//! `technologies`: dual-use technologies registered by companies. Lists (areas, seeks) are
//! comma-separated slugs; keywords are a JSON array.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "technologies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub confidential_details: String,
    #[sea_orm(column_type = "Text")]
    pub civil_applications: String,
    #[sea_orm(column_type = "Text")]
    pub defence_applications: String,
    pub trl: i16,
    #[sea_orm(column_type = "Text")]
    pub trl_evidence: String,
    pub trl_verified: bool,
    pub areas: String,
    #[sea_orm(column_type = "Text")]
    pub keywords: String,
    pub export_status: String,
    pub export_code: Option<String>,
    pub export_list_version: Option<String>,
    pub ip_status: String,
    pub seeks: String,
    pub funding_sought_eur: Option<i64>,
    pub status: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
