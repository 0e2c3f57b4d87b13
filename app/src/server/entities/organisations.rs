//! `organisations`: companies (founders) and investor organisations.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `company` or `investor`.
    pub kind: String,
    pub legal_name: String,
    pub country: String,
    pub city: Option<String>,
    pub website: Option<String>,
    pub year_founded: Option<i32>,
    pub headcount: Option<i64>,
    pub turnover_eur: Option<i64>,
    pub balance_sheet_eur: Option<i64>,
    pub controlled_from: Option<String>,
    /// Companies: an `EntityType` slug; `None` for one registered before entity types.
    pub entity_type: Option<String>,
    /// Companies: the group it belongs to (its ultimate parent), if it declared one.
    pub parent_group: Option<String>,
    pub catalogue_investor_id: Option<String>,
    /// Investors: their own thesis (the catalogue format's JSON object), replacing the linked
    /// catalogue entry's.
    pub thesis: Option<String>,
    /// Investors: their thesis in their own words.
    pub thesis_text: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const KIND_COMPANY: &str = "company";
pub const KIND_INVESTOR: &str = "investor";
