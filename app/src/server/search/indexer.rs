//! The indexer task: the only owner of the index writers. It drains the search outbox in
//! batches, applies each change by re-reading the record from the database (so replaying a row
//! twice is harmless), commits, reloads the readers, and only then deletes the rows. A crash
//! anywhere leaves the rows in place for the next start.

use super::{schema, Generation, SearchError, SearchIndex};
use crate::server::entities::{opportunities, organisations, search_outbox, technologies};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tantivy::{IndexWriter, Term};

const BATCH: u64 = 500;
/// Polling interval when nothing wakes the indexer (changes made by another process).
const IDLE_POLL: Duration = Duration::from_secs(2);

pub struct Indexer {
    pub index: Arc<SearchIndex>,
    pub db: DatabaseConnection,
    writers: Arc<Mutex<(IndexWriter, IndexWriter)>>,
    generation: Arc<Generation>,
}

impl Indexer {
    pub fn new(index: Arc<SearchIndex>, db: DatabaseConnection) -> Result<Self, SearchError> {
        let generation = index.generation();
        let writers = generation.writers()?;
        Ok(Self {
            index,
            db,
            writers: Arc::new(Mutex::new(writers)),
            generation,
        })
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            match self.drain_once().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "search indexer failed; will retry"),
            }
            self.index.woken(IDLE_POLL).await;
        }
    }

    /// Applies one batch of outbox rows; returns how many rows it applied.
    pub async fn drain_once(&self) -> Result<usize, SearchError> {
        let rows = search_outbox::Entity::find()
            .order_by_asc(search_outbox::Column::Id)
            .limit(BATCH)
            .all(&self.db)
            .await?;
        let Some(max_id) = rows.last().map(|r| r.id) else {
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
            tech_writer.commit()?;
            opp_writer.commit()?;
            generation.tech_reader.reload()?;
            generation.opp_reader.reload()?;
            Ok(())
        })
        .await
        .map_err(|e| SearchError::Data(e.to_string()))??;

        search_outbox::Entity::delete_many()
            .filter(search_outbox::Column::Id.lte(max_id))
            .exec(&self.db)
            .await?;
        tracing::debug!(rows = rows.len(), "search index updated");
        Ok(rows.len())
    }
}
