//! The opportunity catalogue: import (all or nothing, idempotent by id), listing and editing.

use crate::domain::country::CountryCode;
pub use crate::domain::opportunity::ImportSummary;
use crate::domain::opportunity::{
    ImportIssue, OpportunityDetails, OpportunityKind, OpportunityRecord,
};
use crate::domain::trl::Trl;
use crate::error::{AppError, FieldErrors};
use crate::server::entities::opportunities;
use crate::server::ft_portal::PortalTopic;
use crate::server::search;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

fn corrupt(id: &str, what: &str) -> AppError {
    crate::internal_error!(
        opportunity.id = id,
        field = what,
        "stored opportunity cannot be read"
    )
}

/// Reads a stored row back into the validated record type.
pub fn to_record(m: opportunities::Model) -> Result<OpportunityRecord, AppError> {
    let kind = m
        .kind
        .parse::<OpportunityKind>()
        .map_err(|_| corrupt(&m.id, "kind"))?;
    let tags: Vec<String> = serde_json::from_str(&m.tags).map_err(|_| corrupt(&m.id, "tags"))?;
    let eligible_countries: Vec<CountryCode> = serde_json::from_str(&m.eligible_countries)
        .map_err(|_| corrupt(&m.id, "eligible_countries"))?;
    let details: OpportunityDetails =
        serde_json::from_str(&m.details).map_err(|_| corrupt(&m.id, "details"))?;
    let trl = |v: Option<i16>, what: &str| -> Result<Option<Trl>, AppError> {
        v.map(|t| {
            u8::try_from(t)
                .ok()
                .and_then(|t| Trl::try_from(t).ok())
                .ok_or_else(|| corrupt(&m.id, what))
        })
        .transpose()
    };
    Ok(OpportunityRecord {
        trl_min: trl(m.trl_min, "trl_min")?,
        trl_max: trl(m.trl_max, "trl_max")?,
        id: m.id,
        kind,
        title: m.title,
        description: m.description,
        tags,
        budget_eur: m.budget_eur,
        deadline: m.deadline,
        eligible_countries,
        source_url: m.source_url,
        details,
    })
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

fn fill(active: &mut opportunities::ActiveModel, r: &OpportunityRecord) {
    active.kind = Set(r.kind.slug().to_owned());
    active.title = Set(r.title.clone());
    active.description = Set(r.description.clone());
    active.tags = Set(json(&r.tags));
    active.budget_eur = Set(r.budget_eur);
    active.deadline = Set(r.deadline);
    active.trl_min = Set(r.trl_min.map(|t| t.get() as i16));
    active.trl_max = Set(r.trl_max.map(|t| t.get() as i16));
    active.eligible_countries = Set(json(&r.eligible_countries));
    active.source_url = Set(r.source_url.clone());
    active.details = Set(json(&r.details));
}

async fn insert<C: ConnectionTrait>(conn: &C, r: &OpportunityRecord) -> Result<(), AppError> {
    let now = Utc::now();
    let mut active = opportunities::ActiveModel {
        id: Set(r.id.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut active, r);
    active.insert(conn).await?;
    Ok(())
}

async fn update<C: ConnectionTrait>(
    conn: &C,
    existing: opportunities::Model,
    r: &OpportunityRecord,
) -> Result<(), AppError> {
    let mut active: opportunities::ActiveModel = existing.into();
    fill(&mut active, r);
    active.updated_at = Set(Utc::now());
    active.update(conn).await?;
    Ok(())
}

/// Imports validated records in one transaction: new ids are created, changed entries updated,
/// identical ones left alone. `progress` is called once per record.
pub async fn import(
    db: &DatabaseConnection,
    records: &[OpportunityRecord],
    progress: impl FnMut() + Send,
) -> Result<ImportSummary, AppError> {
    let txn = db.begin().await?;
    let existing = stored_by_id(&txn).await?;
    let summary = upsert_all(&txn, existing, records, progress).await?;
    txn.commit().await?;
    log_summary(&summary, "catalogue imported");
    Ok(summary)
}

/// Imports topics read from the EU Funding & Tenders Portal (`ft_portal`) in one transaction.
/// A topic already in the catalogue keeps what the portal does not publish; an id held by an
/// entry of another kind is refused, and then nothing is imported.
pub async fn import_portal_topics(
    db: &DatabaseConnection,
    topics: &[PortalTopic],
    source: &str,
    progress: impl FnMut() + Send,
) -> Result<Result<ImportSummary, Vec<ImportIssue>>, AppError> {
    let txn = db.begin().await?;
    let existing = stored_by_id(&txn).await?;
    let mut records = Vec::with_capacity(topics.len());
    let mut issues = Vec::new();
    for (index, topic) in topics.iter().enumerate() {
        let stored = existing
            .get(&topic.id)
            .map(|m| to_record(m.clone()))
            .transpose()?;
        match stored {
            Some(s) if s.kind != OpportunityKind::EdfCall => issues.push(ImportIssue {
                index,
                id: Some(topic.id.clone()),
                field: "metadata.identifier".to_owned(),
                reason: format!(
                    "is the id of a catalogue entry of another kind ({})",
                    s.kind.label()
                ),
            }),
            stored => records.push(topic.to_record(stored.as_ref(), source)),
        }
    }
    if !issues.is_empty() {
        return Ok(Err(issues));
    }
    let summary = upsert_all(&txn, existing, &records, progress).await?;
    txn.commit().await?;
    log_summary(&summary, "portal topics imported");
    Ok(Ok(summary))
}

async fn stored_by_id<C: ConnectionTrait>(
    conn: &C,
) -> Result<HashMap<String, opportunities::Model>, AppError> {
    Ok(opportunities::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect())
}

async fn upsert_all<C: ConnectionTrait>(
    conn: &C,
    mut existing: HashMap<String, opportunities::Model>,
    records: &[OpportunityRecord],
    mut progress: impl FnMut() + Send,
) -> Result<ImportSummary, AppError> {
    let mut summary = ImportSummary::default();
    for record in records {
        match existing.remove(&record.id) {
            None => {
                insert(conn, record).await?;
                search::enqueue(conn, "opportunity", &record.id).await?;
                summary.created += 1;
            }
            Some(model) => {
                if to_record(model.clone())? == *record {
                    summary.unchanged += 1;
                } else {
                    update(conn, model, record).await?;
                    search::enqueue(conn, "opportunity", &record.id).await?;
                    summary.updated += 1;
                }
            }
        }
        progress();
    }
    Ok(summary)
}

fn log_summary(summary: &ImportSummary, what: &'static str) {
    tracing::info!(
        created = summary.created,
        updated = summary.updated,
        unchanged = summary.unchanged,
        "{what}"
    );
}

pub async fn count(db: &DatabaseConnection) -> Result<u64, AppError> {
    Ok(opportunities::Entity::find().count(db).await?)
}

pub async fn get(db: &DatabaseConnection, id: &str) -> Result<Option<OpportunityRecord>, AppError> {
    opportunities::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .map(to_record)
        .transpose()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CatalogueSort {
    /// Soonest deadline first; rolling (no deadline) last.
    #[default]
    DeadlineSoonest,
    DeadlineLatest,
    Title,
}

#[derive(Debug, Clone, Default)]
pub struct CatalogueFilter {
    pub kind: Option<OpportunityKind>,
    /// Only entries open on this day (rolling, or deadline on or after it).
    pub open_on: Option<NaiveDate>,
    pub sort: CatalogueSort,
}

pub async fn list(
    db: &DatabaseConnection,
    filter: &CatalogueFilter,
) -> Result<Vec<OpportunityRecord>, AppError> {
    let mut query = opportunities::Entity::find();
    if let Some(kind) = filter.kind {
        query = query.filter(opportunities::Column::Kind.eq(kind.slug()));
    }
    if let Some(day) = filter.open_on {
        query = query.filter(
            sea_orm::Condition::any()
                .add(opportunities::Column::Deadline.is_null())
                .add(opportunities::Column::Deadline.gte(day)),
        );
    }
    query = match filter.sort {
        CatalogueSort::Title => query.order_by_asc(opportunities::Column::Title),
        _ => query.order_by_asc(opportunities::Column::Id),
    };
    let mut records: Vec<OpportunityRecord> = query
        .all(db)
        .await?
        .into_iter()
        .map(to_record)
        .collect::<Result<_, _>>()?;
    // Sorting by deadline in Rust keeps "rolling last" identical on both databases (they order
    // NULLs differently).
    match filter.sort {
        CatalogueSort::DeadlineSoonest => {
            records.sort_by_key(|r| (r.deadline.is_none(), r.deadline))
        }
        CatalogueSort::DeadlineLatest => {
            records.sort_by_key(|r| (r.deadline.is_none(), std::cmp::Reverse(r.deadline)))
        }
        CatalogueSort::Title => {}
    }
    Ok(records)
}

/// Creates (`original_id` = None) or updates one entry from the officers' form.
pub async fn save(
    db: &DatabaseConnection,
    original_id: Option<&str>,
    record: &OpportunityRecord,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    match original_id {
        None => {
            if opportunities::Entity::find_by_id(record.id.clone())
                .one(&txn)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(FieldErrors::single(
                    "id",
                    "an opportunity with this id already exists",
                )));
            }
            insert(&txn, record).await?;
        }
        Some(original) => {
            if original != record.id {
                return Err(AppError::Invalid(FieldErrors::single(
                    "id",
                    "the id of an existing entry cannot change",
                )));
            }
            let existing = opportunities::Entity::find_by_id(original.to_owned())
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            update(&txn, existing, record).await?;
        }
    }
    search::enqueue(&txn, "opportunity", &record.id).await?;
    txn.commit().await?;
    Ok(())
}

/// Investor entries, for linking an investor organisation to its thesis.
pub async fn investors(db: &DatabaseConnection) -> Result<Vec<(String, String)>, AppError> {
    Ok(opportunities::Entity::find()
        .filter(opportunities::Column::Kind.eq(OpportunityKind::Investor.slug()))
        .order_by_asc(opportunities::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.title))
        .collect())
}
