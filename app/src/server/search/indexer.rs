//! The indexer task: the only owner of this instance's index writers. It follows the change
//! feed from the position its index has applied: reads the next entries in batches, applies
//! each change by re-reading the record from the database (so applying an entry twice is
//! harmless), and commits with the new position recorded in the index, then reloads the
//! readers. It never deletes entries: other instances follow the same feed. A crash anywhere
//! leaves the index at its last commit, and the restart goes on from there.

use super::{commit_at, feed, schema, Generation, SearchError, SearchIndex};
use crate::domain::change_feed::FeedPosition;
use crate::server::entities::{opportunities, organisations, technologies};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tantivy::{IndexWriter, Term};
use tokio::sync::watch;

const BATCH: u64 = 500;
/// Polling interval when nothing wakes the indexer (a notification lost, or SQLite changed by
/// another process such as the command line).
const IDLE_POLL: Duration = Duration::from_secs(2);
/// How soon to look again when newer entries exist that cannot be taken yet (an older
/// transaction is still running; PostgreSQL).
const SETTLE_POLL: Duration = Duration::from_millis(50);

pub struct Indexer {
    pub index: Arc<SearchIndex>,
    pub db: DatabaseConnection,
    writers: Arc<Mutex<(IndexWriter, IndexWriter)>>,
    generation: Arc<Generation>,
    /// The feed position the index has applied (and recorded with its last commit).
    cursor: Mutex<FeedPosition>,
    /// The last read saw entries it could not take yet.
    unsettled: AtomicBool,
}

impl Indexer {
    pub fn new(index: Arc<SearchIndex>, db: DatabaseConnection) -> Result<Self, SearchError> {
        let generation = index
            .generation()
            .map_err(|_| SearchError::Data("the search index is not built yet".into()))?;
        let writers = generation.writers()?;
        let cursor = generation.cursor()?.unwrap_or_default();
        Ok(Self {
            index,
            db,
            writers: Arc::new(Mutex::new(writers)),
            generation,
            cursor: Mutex::new(cursor),
            unsettled: AtomicBool::new(false),
        })
    }

    /// Runs until `stop` says so (or its sender is gone). It stops only between batches, never
    /// inside one, and its writers are released when it returns: a server started right after
    /// on the same data folder must find the index unlocked. (Dropping the task instead would
    /// leave a commit running on a blocking thread, still holding the writers.)
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            match self.drain_once().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "search indexer failed; will retry"),
            }
            let wait = if self.unsettled.load(Ordering::Acquire) {
                SETTLE_POLL
            } else {
                IDLE_POLL
            };
            tokio::select! {
                _ = stopped(&mut stop) => return,
                _ = self.index.woken(wait) => {}
            }
        }
    }

    /// The feed position the index has applied.
    pub fn cursor(&self) -> FeedPosition {
        *self.cursor.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies the next batch of feed entries; returns how many it applied.
    pub async fn drain_once(&self) -> Result<usize, SearchError> {
        let (rows, unsettled) = feed::after(&self.db, self.cursor(), BATCH).await?;
        self.unsettled.store(unsettled, Ordering::Release);
        let Some(last) = rows.last().map(|r| r.position) else {
            return Ok(0);
        };
        let mut tech_ids = BTreeSet::new();
        let mut org_ids = Vec::new();
        let mut opp_ids = BTreeSet::new();
        for row in &rows {
            match row.entity.as_str() {
                "technology" => {
                    if let Ok(id) = row.entity_id.parse::<i64>() {
                        tech_ids.insert(id);
                    }
                }
                "organisation" => {
                    if let Ok(id) = row.entity_id.parse::<i64>() {
                        org_ids.push(id);
                    }
                }
                "opportunity" => {
                    opp_ids.insert(row.entity_id.clone());
                }
                other => tracing::warn!(entity = other, "unknown search outbox entity ignored"),
            }
        }
        if !org_ids.is_empty() {
            let ids: Vec<i64> = technologies::Entity::find()
                .select_only()
                .column(technologies::Column::Id)
                .filter(technologies::Column::OrganisationId.is_in(org_ids))
                .into_tuple()
                .all(&self.db)
                .await?;
            tech_ids.extend(ids);
        }
        let techs = technologies::Entity::find()
            .filter(technologies::Column::Id.is_in(tech_ids.iter().copied()))
            .all(&self.db)
            .await?;
        let org_of: BTreeSet<i64> = techs.iter().map(|t| t.organisation_id).collect();
        let orgs: HashMap<i64, organisations::Model> = organisations::Entity::find()
            .filter(organisations::Column::Id.is_in(org_of))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let stages = crate::server::incubation::stages_by_technology(
            &self.db,
            techs.iter().map(|t| t.id).collect::<Vec<_>>(),
        )
        .await?;
        let mut tech_docs = Vec::new();
        for model in techs {
            let tech = crate::server::technologies::from_model(model)?;
            if let Some(org) = orgs.get(&tech.organisation_id) {
                tech_docs.push((
                    tech.id,
                    schema::tech_doc(
                        &self.generation.tech_fields,
                        &tech,
                        org,
                        stages.get(&tech.id).map(Vec::as_slice).unwrap_or_default(),
                    ),
                ));
            }
        }
        let mut opp_docs = Vec::new();
        for model in opportunities::Entity::find()
            .filter(opportunities::Column::Id.is_in(opp_ids.iter().cloned()))
            .all(&self.db)
            .await?
        {
            let record = crate::server::catalogue::to_record(model)?;
            opp_docs.push((
                record.id.clone(),
                schema::opp_doc(&self.generation.opp_fields, &record),
            ));
        }

        let writers = self.writers.clone();
        let generation = self.generation.clone();
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            let mut guard = writers
                .lock()
                .map_err(|_| SearchError::Data("index writer lock poisoned".into()))?;
            let (tech_writer, opp_writer) = &mut *guard;
            let tf = generation.tech_fields;
            let of = generation.opp_fields;
            // Delete every id named by the batch, then add back what still exists: a deleted
            // record simply disappears.
            for id in &tech_ids {
                tech_writer.delete_term(Term::from_field_i64(tf.id, *id));
            }
            for (_, doc) in tech_docs {
                tech_writer.add_document(doc)?;
            }
            for id in &opp_ids {
                opp_writer.delete_term(Term::from_field_text(of.id, id));
            }
            for (_, doc) in opp_docs {
                opp_writer.add_document(doc)?;
            }
            commit_at(tech_writer, last)?;
            commit_at(opp_writer, last)?;
            generation.tech_reader.reload()?;
            generation.opp_reader.reload()?;
            Ok(())
        })
        .await
        .map_err(|e| SearchError::Data(e.to_string()))??;

        *self.cursor.lock().unwrap_or_else(|p| p.into_inner()) = last;
        tracing::debug!(entries = rows.len(), feed.position = %last, "search index updated");
        Ok(rows.len())
    }
}

/// Completes once `stop` holds `true` or its sender is gone.
pub async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}
