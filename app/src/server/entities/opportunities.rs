//! `opportunities`: the catalogue of EDF topics, DIANA challenges and investors. Tags, country
//! lists and the optional details are JSON text.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub kind: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(column_type = "Text")]
    pub tags: String,
    pub budget_eur: Option<i64>,
    pub deadline: Option<Date>,
    pub trl_min: Option<i16>,
    pub trl_max: Option<i16>,
    #[sea_orm(column_type = "Text")]
    pub eligible_countries: String,
    pub source_url: String,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
