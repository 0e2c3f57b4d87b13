//! Full-text search with Tantivy. The database is the record; each instance's index is a replica
//! rebuilt from it whenever it is missing, corrupt, of another schema version, or too far behind
//! the change feed (`feed`) to follow it. Changes reach the index through that feed, applied by
//! the one indexer task that owns this instance's writers; each commit records in the index
//! itself the feed position it has applied (the commit payload), so a restart goes on from there.
//!
//! On disk: `<data>/index/v<SCHEMA_VERSION>/<generation>/{technologies,opportunities}` and a
//! `CURRENT` file naming the live generation, replaced atomically by a rebuild.

pub mod catalogue;
pub mod facet_bits;
pub mod feed;
pub mod indexer;
pub mod matching;
pub mod portfolio;
pub mod schema;
pub mod scouting;
pub mod significance;
pub mod text;
pub mod thesis_fit;

use crate::domain::change_feed::{self, CatchUp, FeedPosition};
use crate::domain::opportunity::OpportunityRecord;
use crate::domain::recurrence::Recurrences;
use crate::domain::thesis::InvestorThesis;
use crate::error::AppError;
use crate::server::entities::{opportunities, organisations, search_outbox, technologies};
use portfolio::Portfolios;
use schema::{OppFields, TechFields};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher};
use tokio::sync::Notify;

/// Memory for each index writer.
const WRITER_HEAP_BYTES: usize = 50_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: reading the database failed: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("search index: {0}")]
    Data(String),
}

impl From<SearchError> for AppError {
    fn from(err: SearchError) -> Self {
        crate::internal_error!(error = %err, "search failed")
    }
}

impl From<AppError> for SearchError {
    fn from(err: AppError) -> Self {
        SearchError::Data(err.to_string())
    }
}

/// Read off the stored catalogue entries, kept until the catalogue index changes.
pub struct FromCatalogue {
    pub recurrences: Arc<Recurrences>,
    pub portfolios: Arc<Portfolios>,
    /// Every investor entry with its thesis, by its document in that catalogue version: an
    /// investor match scores every fund, and reading and parsing each stored entry per request
    /// cost more than the whole rest of matching.
    pub investors: Vec<(
        tantivy::DocAddress,
        Arc<(OpportunityRecord, InvestorThesis)>,
    )>,
}

/// One built index pair, with readers that are reloaded after each commit.
pub struct Generation {
    pub name: String,
    pub tech: Index,
    pub tech_reader: IndexReader,
    pub tech_fields: TechFields,
    pub opp: Index,
    pub opp_reader: IndexReader,
    pub opp_fields: OppFields,
    /// What is read off the stored catalogue entries, per catalogue version.
    from_catalogue: std::sync::Mutex<Option<(u64, Arc<FromCatalogue>)>>,
}

impl Generation {
    fn open(dir: &Path, name: &str) -> Result<Self, SearchError> {
        let (tech_schema, tech_fields) = schema::tech_schema();
        let (opp_schema, opp_fields) = schema::opp_schema();
        let tech = Index::open_in_dir(dir.join("technologies"))?;
        let opp = Index::open_in_dir(dir.join("opportunities"))?;
        if tech.schema() != tech_schema || opp.schema() != opp_schema {
            return Err(SearchError::Data(
                "schema differs from this version's".into(),
            ));
        }
        Self::with_readers(name, tech, tech_fields, opp, opp_fields)
    }

    fn create(dir: &Path, name: &str) -> Result<Self, SearchError> {
        let (tech_schema, tech_fields) = schema::tech_schema();
        let (opp_schema, opp_fields) = schema::opp_schema();
        std::fs::create_dir_all(dir.join("technologies"))?;
        std::fs::create_dir_all(dir.join("opportunities"))?;
        let tech = Index::create_in_dir(dir.join("technologies"), tech_schema)?;
        let opp = Index::create_in_dir(dir.join("opportunities"), opp_schema)?;
        Self::with_readers(name, tech, tech_fields, opp, opp_fields)
    }

    fn with_readers(
        name: &str,
        tech: Index,
        tech_fields: TechFields,
        opp: Index,
        opp_fields: OppFields,
    ) -> Result<Self, SearchError> {
        schema::register_analyzer(&tech);
        schema::register_analyzer(&opp);
        // The indexer reloads the readers itself right after each commit, so a change is
        // searchable as soon as it is committed.
        let tech_reader = tech
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let opp_reader = opp
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            name: name.to_owned(),
            tech,
            tech_reader,
            tech_fields,
            opp,
            opp_reader,
            opp_fields,
            from_catalogue: std::sync::Mutex::new(None),
        })
    }

    /// The catalogue's recurring series (`domain::recurrence`).
    pub fn recurrences(&self) -> Result<Arc<Recurrences>, SearchError> {
        Ok(self
            .read_catalogue(&self.opp_reader.searcher())?
            .recurrences
            .clone())
    }

    /// The investors' portfolios, for portfolio similarity (`portfolio`).
    pub fn portfolios(&self) -> Result<Arc<Portfolios>, SearchError> {
        Ok(self
            .read_catalogue(&self.opp_reader.searcher())?
            .portfolios
            .clone())
    }

    /// What is read off `searcher`'s catalogue entries, once per catalogue version: matching
    /// asks on every technology page. Document addresses in it belong to `searcher`'s version.
    pub fn read_catalogue(&self, searcher: &Searcher) -> Result<Arc<FromCatalogue>, SearchError> {
        let version = searcher.generation().generation_id();
        let mut cached = self
            .from_catalogue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, derived)) = cached.as_ref() {
            if *at == version {
                return Ok(derived.clone());
            }
        }
        let mut records = Vec::new();
        let mut investors = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let store = segment.get_store_reader(1)?;
            for doc_id in segment.doc_ids_alive() {
                let doc: tantivy::TantivyDocument = store.get(doc_id)?;
                let record = schema::stored_record(&doc, self.opp_fields.record)?;
                if record.kind == crate::domain::opportunity::OpportunityKind::Investor {
                    let thesis = thesis_fit::thesis_of(&record);
                    let address = tantivy::DocAddress::new(segment_ord as u32, doc_id);
                    investors.push((address, Arc::new((record.clone(), thesis))));
                }
                records.push(record);
            }
        }
        let derived = Arc::new(FromCatalogue {
            recurrences: Arc::new(Recurrences::from_records(&records)),
            portfolios: Arc::new(Portfolios::from_records(&records)),
            investors,
        });
        *cached = Some((version, derived.clone()));
        Ok(derived)
    }

    /// The feed position both indexes have applied (recorded with their last commit); `None`
    /// when either records none.
    pub fn cursor(&self) -> Result<Option<FeedPosition>, SearchError> {
        let read = |index: &Index| -> Result<Option<FeedPosition>, SearchError> {
            Ok(index
                .load_metas()?
                .payload
                .and_then(|p| serde_json::from_str::<CommitPayload>(&p).ok())
                .map(|p| p.feed))
        };
        Ok(match (read(&self.tech)?, read(&self.opp)?) {
            (Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        })
    }

    pub fn writers(&self) -> Result<(IndexWriter, IndexWriter), SearchError> {
        Ok((
            self.tech.writer(WRITER_HEAP_BYTES)?,
            self.opp.writer(WRITER_HEAP_BYTES)?,
        ))
    }
}

/// What each commit records in the index: the feed position it has applied.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct CommitPayload {
    feed: FeedPosition,
}

/// Commits `writer` recording `cursor` as the applied feed position.
pub(crate) fn commit_at(writer: &mut IndexWriter, cursor: FeedPosition) -> Result<(), SearchError> {
    let payload = serde_json::to_string(&CommitPayload { feed: cursor })
        .map_err(|e| SearchError::Data(e.to_string()))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

/// The live index, shared by every request; the indexer task holds the only writers. Until the
/// first generation is open (an instance whose index must be built from the database first)
/// searches answer [`AppError::Unavailable`] and `/readyz` says not ready.
pub struct SearchIndex {
    root: PathBuf,
    live: RwLock<Option<Arc<Generation>>>,
    wake: Notify,
}

/// What a caller is told to wait while this instance builds its index.
const BUILDING_RETRY_SECONDS: u64 = 5;

impl SearchIndex {
    pub fn root_for(data_dir: &Path) -> PathBuf {
        data_dir
            .join("index")
            .join(format!("v{}", schema::SCHEMA_VERSION))
    }

    /// The live generation; `Unavailable` while the index is still being built.
    pub fn generation(&self) -> Result<Arc<Generation>, AppError> {
        self.live
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(AppError::Unavailable(BUILDING_RETRY_SECONDS))
    }

    /// Whether searches can be answered.
    pub fn is_ready(&self) -> bool {
        self.live
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Tells the indexer that the feed has new entries.
    pub fn notify(&self) {
        self.wake.notify_one();
    }

    pub(crate) async fn woken(&self, timeout: std::time::Duration) {
        let _ = tokio::time::timeout(timeout, self.wake.notified()).await;
    }

    /// Opens the live generation if it is usable and can follow the change feed. Otherwise the
    /// index is not ready yet, and the reason it must be built from the database comes back
    /// with it (`build` does that).
    pub async fn open(
        db: &DatabaseConnection,
        data_dir: &Path,
    ) -> Result<(Arc<Self>, Option<String>), SearchError> {
        let root = Self::root_for(data_dir);
        let current = std::fs::read_to_string(root.join("CURRENT"))
            .ok()
            .map(|s| s.trim().to_owned());
        let opened = current
            .as_deref()
            .filter(|n| !n.is_empty())
            .map(|name| Generation::open(&root.join(name), name));
        let opened = match opened {
            Some(Ok(generation)) => Some(follows_feed(db, generation).await),
            other => other,
        };
        let (live, rebuild) = match opened {
            Some(Ok(generation)) => (Some(Arc::new(generation)), None),
            Some(Err(err)) => (None, Some(err.to_string())),
            None => (None, Some("there is no search index yet".to_owned())),
        };
        let index = Arc::new(Self {
            root,
            live: RwLock::new(live),
            wake: Notify::new(),
        });
        Ok((index, rebuild))
    }

    /// Builds a fresh generation from the database and makes it the live one.
    pub async fn build(&self, db: &DatabaseConnection, data_dir: &Path) -> Result<(), SearchError> {
        let generation = rebuild(db, data_dir, |_| {}).await?;
        *self.live.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(generation));
        Ok(())
    }

    /// Opens the live generation, or rebuilds it from the database first when it is missing,
    /// corrupt, of another schema version or too far behind the change feed (the command
    /// line, which needs the index at once).
    pub async fn open_or_rebuild(
        db: &DatabaseConnection,
        data_dir: &Path,
    ) -> Result<Arc<Self>, SearchError> {
        let (index, rebuild) = Self::open(db, data_dir).await?;
        if let Some(reason) = rebuild {
            tracing::warn!(%reason, "building the search index from the database");
            index.build(db, data_dir).await?;
        }
        Ok(index)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// `generation` if it can follow the change feed from the position it has applied; an error
/// saying why not (so it is rebuilt) otherwise.
async fn follows_feed(
    db: &DatabaseConnection,
    generation: Generation,
) -> Result<Generation, SearchError> {
    let cursor = generation.cursor()?;
    match change_feed::catch_up(cursor, feed::state(db).await?) {
        CatchUp::Follow => Ok(generation),
        CatchUp::Rebuild(reason) => Err(SearchError::Data(reason.to_string())),
    }
}

/// Prunes feed entries older than `retention` (every instance does, now and then).
pub async fn prune_feed(
    db: &DatabaseConnection,
    retention: std::time::Duration,
) -> Result<u64, SearchError> {
    let retention = chrono::Duration::from_std(retention)
        .map_err(|e| SearchError::Data(format!("retention: {e}")))?;
    Ok(feed::prune(db, chrono::Utc::now() - retention).await?)
}

/// Progress of a rebuild, for the command line's progress bar.
#[derive(Debug, Clone, Copy)]
pub enum RebuildProgress {
    Total(u64),
    Done(u64),
}

/// Builds a fresh generation from the database into a new folder, then makes it the live one
/// by replacing `CURRENT` atomically. Outbox rows present before the build started are
/// covered by it and removed; later ones stay for the indexer.
pub async fn rebuild(
    db: &DatabaseConnection,
    data_dir: &Path,
    mut progress: impl FnMut(RebuildProgress),
) -> Result<Generation, SearchError> {
    let root = SearchIndex::root_for(data_dir);
    std::fs::create_dir_all(&root)?;
    let name = format!("gen-{}", chrono::Utc::now().format("%Y%m%d%H%M%S%f"));
    let dir = root.join(&name);
    let generation = Generation::create(&dir, &name)?;
    // Read before the data: every feed entry up to here is in what follows, later ones are
    // applied by the indexer afterwards.
    let covered = feed::settled_head(db).await?;

    let orgs: HashMap<i64, organisations::Model> = organisations::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let tech_total = technologies::Entity::find().count(db).await?;
    let opp_total = opportunities::Entity::find().count(db).await?;
    progress(RebuildProgress::Total(tech_total + opp_total));

    let (mut tech_writer, mut opp_writer) = generation.writers()?;
    let mut done = 0u64;
    let mut after = i64::MIN;
    loop {
        let page = technologies::Entity::find()
            .filter(technologies::Column::Id.gt(after))
            .order_by_asc(technologies::Column::Id)
            .limit(2000)
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let stages = crate::server::incubation::stages_by_technology(
            db,
            page.iter().map(|t| t.id).collect::<Vec<_>>(),
        )
        .await?;
        for model in page {
            let tech = crate::server::technologies::from_model(model)?;
            if let Some(org) = orgs.get(&tech.organisation_id) {
                let stages = stages.get(&tech.id).map(Vec::as_slice).unwrap_or_default();
                tech_writer.add_document(schema::tech_doc(
                    &generation.tech_fields,
                    &tech,
                    org,
                    stages,
                ))?;
            }
            done += 1;
        }
        progress(RebuildProgress::Done(done));
    }
    for model in opportunities::Entity::find().all(db).await? {
        let record = crate::server::catalogue::to_record(model)?;
        opp_writer.add_document(schema::opp_doc(&generation.opp_fields, &record))?;
        done += 1;
    }
    progress(RebuildProgress::Done(done));
    tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
        commit_at(&mut tech_writer, covered)?;
        commit_at(&mut opp_writer, covered)?;
        tech_writer.wait_merging_threads()?;
        opp_writer.wait_merging_threads()?;
        Ok(())
    })
    .await
    .map_err(|e| SearchError::Data(e.to_string()))??;
    generation.tech_reader.reload()?;
    generation.opp_reader.reload()?;

    let tmp = root.join("CURRENT.tmp");
    std::fs::write(&tmp, &name)?;
    std::fs::rename(&tmp, root.join("CURRENT"))?;
    // Older generations are no longer needed (a running server keeps its open files on Unix).
    if let Ok(entries) = std::fs::read_dir(&root) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && entry.file_name() != name.as_str() {
                let _ = std::fs::remove_dir_all(path);
            }
        }
    }
    tracing::info!(generation = %name, documents = done, "search index rebuilt");
    Ok(generation)
}

/// How many outbox rows this process has written, so a request can tell whether it wrote any
/// (`outbox_writes`) and wake the indexer only then: a search that woke it would cost every
/// search an outbox query on the database's writer.
static OUTBOX_WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The number of outbox rows written by this process so far; a change between two readings
/// means something was enqueued in between (by this request or a concurrent one).
pub fn outbox_writes() -> u64 {
    OUTBOX_WRITES.load(std::sync::atomic::Ordering::Acquire)
}

/// Records that `entity`/`id` changed in the change feed; call inside the transaction that
/// changed it.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    entity: &str,
    id: impl ToString,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::ActiveModelTrait;
    search_outbox::ActiveModel {
        entity: Set(entity.to_owned()),
        entity_id: Set(id.to_string()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    feed::notify_on_commit(conn).await?;
    OUTBOX_WRITES.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    Ok(())
}
