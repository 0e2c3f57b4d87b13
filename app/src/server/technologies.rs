//! Technology services: create, edit, status changes, TRL history and officer verification.
//! Ownership is checked here: only members of the owning company may change a technology.

use crate::domain::critical_area::CriticalArea;
use crate::domain::export_control::{AnnexCode, ExportControl};
use crate::domain::technology::{IpStatus, Seek, TechStatus, TechnologyDraft};
use crate::domain::trl::Trl;
use crate::error::{AppError, FieldErrors};
use crate::server::auth::CurrentUser;
use crate::server::entities::{organisation_members, organisations, technologies, trl_assessments};
use crate::server::search;
use crate::server::RuntimeConfig;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// A technology as stored, read back into domain types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTechnology {
    pub id: i64,
    pub organisation_id: i64,
    pub draft: TechnologyDraft,
    pub trl_verified: bool,
    pub status: TechStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn corrupt(id: i64, field: &str) -> AppError {
    crate::internal_error!(
        technology.id = id,
        field,
        "stored technology cannot be read"
    )
}

fn join<T>(items: &[T], slug: impl Fn(&T) -> &'static str) -> String {
    items.iter().map(slug).collect::<Vec<_>>().join(",")
}

/// A comma-separated list of slugs as stored.
pub(crate) fn split<T: std::str::FromStr>(raw: &str) -> Result<Vec<T>, ()> {
    raw.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<T>().map_err(|_| ()))
        .collect()
}

pub fn from_model(m: technologies::Model) -> Result<StoredTechnology, AppError> {
    let id = m.id;
    let export_control = match m.export_status.as_str() {
        "not_listed" => ExportControl::NotListed,
        "unknown" => ExportControl::Unknown,
        "listed" => ExportControl::Listed {
            code: m
                .export_code
                .as_deref()
                .map(AnnexCode::parse)
                .and_then(Result::ok)
                .ok_or_else(|| corrupt(id, "export_code"))?,
            list_version: m.export_list_version.clone().unwrap_or_default(),
        },
        _ => return Err(corrupt(id, "export_status")),
    };
    let draft = TechnologyDraft {
        trl: u8::try_from(m.trl)
            .ok()
            .and_then(|t| Trl::try_from(t).ok())
            .ok_or_else(|| corrupt(id, "trl"))?,
        areas: split::<CriticalArea>(&m.areas).map_err(|_| corrupt(id, "areas"))?,
        keywords: serde_json::from_str(&m.keywords).map_err(|_| corrupt(id, "keywords"))?,
        ip_status: m
            .ip_status
            .parse::<IpStatus>()
            .map_err(|_| corrupt(id, "ip_status"))?,
        seeks: split::<Seek>(&m.seeks).map_err(|_| corrupt(id, "seeks"))?,
        funding_sought_eur: m.funding_sought_eur.map(|v| v.max(0) as u64),
        export_control,
        title: m.title,
        summary: m.summary,
        confidential_details: m.confidential_details,
        civil_applications: m.civil_applications,
        defence_applications: m.defence_applications,
        trl_evidence: m.trl_evidence,
    };
    Ok(StoredTechnology {
        id,
        organisation_id: m.organisation_id,
        draft,
        trl_verified: m.trl_verified,
        status: m
            .status
            .parse::<TechStatus>()
            .map_err(|_| corrupt(id, "status"))?,
        submitted_at: m.submitted_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn fill(active: &mut technologies::ActiveModel, d: &TechnologyDraft) {
    active.title = Set(d.title.clone());
    active.summary = Set(d.summary.clone());
    active.confidential_details = Set(d.confidential_details.clone());
    active.civil_applications = Set(d.civil_applications.clone());
    active.defence_applications = Set(d.defence_applications.clone());
    active.trl = Set(d.trl.get() as i16);
    active.trl_evidence = Set(d.trl_evidence.clone());
    active.areas = Set(join(&d.areas, |a| a.slug()));
    active.keywords = Set(serde_json::to_string(&d.keywords).expect("strings serialise"));
    active.export_status = Set(d.export_control.status_slug().to_owned());
    let (code, version) = match &d.export_control {
        ExportControl::Listed { code, list_version } => {
            (Some(code.as_str().to_owned()), Some(list_version.clone()))
        }
        _ => (None, None),
    };
    active.export_code = Set(code);
    active.export_list_version = Set(version);
    active.ip_status = Set(d.ip_status.slug().to_owned());
    active.seeks = Set(join(&d.seeks, |s| s.slug()));
    active.funding_sought_eur = Set(d.funding_sought_eur.map(|v| v as i64));
}

async fn record_trl<C: ConnectionTrait>(
    conn: &C,
    technology_id: i64,
    trl: Trl,
    evidence: &str,
    verified: bool,
    by: &Author,
) -> Result<(), AppError> {
    trl_assessments::ActiveModel {
        technology_id: Set(technology_id),
        trl: Set(trl.get() as i16),
        evidence: Set(evidence.to_owned()),
        verified: Set(verified),
        assessed_by: Set(by.user_id),
        assessed_by_name: Set(by.name.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Who made a change, as recorded in the TRL history.
#[derive(Debug, Clone)]
pub struct Author {
    pub user_id: Option<i64>,
    pub name: String,
}

impl From<&CurrentUser> for Author {
    fn from(u: &CurrentUser) -> Self {
        Self {
            user_id: Some(u.id),
            name: u.display_name.clone(),
        }
    }
}

/// The company `user` belongs to, or a message asking them to create it first.
pub async fn company_of(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<organisations::Model, AppError> {
    match crate::server::organisations::of_user(db, user.id).await? {
        Some(org) if org.kind == organisations::KIND_COMPANY => Ok(org),
        _ => Err(AppError::Invalid(FieldErrors::single(
            "form",
            "Create your company profile first: technologies belong to a company.",
        ))),
    }
}

pub async fn create(
    db: &DatabaseConnection,
    author: &CurrentUser,
    draft: &TechnologyDraft,
) -> Result<StoredTechnology, AppError> {
    let company = company_of(db, author).await?;
    insert(db, company.id, draft, TechStatus::Draft, &author.into()).await
}

/// Adds a technology to a company with its first (self-declared) TRL assessment.
pub async fn insert(
    db: &DatabaseConnection,
    organisation_id: i64,
    draft: &TechnologyDraft,
    status: TechStatus,
    author: &Author,
) -> Result<StoredTechnology, AppError> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut active = technologies::ActiveModel {
        organisation_id: Set(organisation_id),
        trl_verified: Set(false),
        status: Set(status.slug().to_owned()),
        submitted_at: Set((status == TechStatus::Submitted).then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut active, draft);
    let model = active.insert(&txn).await?;
    record_trl(
        &txn,
        model.id,
        draft.trl,
        &draft.trl_evidence,
        false,
        author,
    )
    .await?;
    search::enqueue(&txn, "technology", model.id).await?;
    txn.commit().await?;
    tracing::info!(
        technology.id = model.id,
        organisation.id = organisation_id,
        "technology created"
    );
    from_model(model)
}

pub async fn find(db: &DatabaseConnection, id: i64) -> Result<Option<StoredTechnology>, AppError> {
    technologies::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(from_model)
        .transpose()
}

/// The technology if `user` is a member of the company that owns it. Anyone else learns
/// nothing, not even that it exists.
pub async fn owned(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<StoredTechnology, AppError> {
    let tech = find(db, id).await?.ok_or(AppError::NotFound)?;
    if is_member(db, user.id, tech.organisation_id).await? {
        Ok(tech)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn is_member(
    db: &DatabaseConnection,
    user_id: i64,
    organisation_id: i64,
) -> Result<bool, AppError> {
    Ok(organisation_members::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .is_some_and(|m| m.organisation_id == organisation_id))
}

/// Saves an edit. A change of TRL or of its evidence is added to the TRL history, and the TRL
/// is self-declared again until an officer verifies it (what was verified no longer stands).
pub async fn update(
    db: &DatabaseConnection,
    author: &CurrentUser,
    id: i64,
    draft: &TechnologyDraft,
) -> Result<StoredTechnology, AppError> {
    let current = owned(db, author, id).await?;
    if current.status == TechStatus::Archived {
        return Err(AppError::Invalid(FieldErrors::single(
            "form",
            "Restore this technology before editing it.",
        )));
    }
    let txn = db.begin().await?;
    let model = technologies::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut active: technologies::ActiveModel = model.into();
    fill(&mut active, draft);
    let trl_changed = current.draft.trl != draft.trl;
    let evidence_changed = current.draft.trl_evidence != draft.trl_evidence;
    if trl_changed || evidence_changed {
        active.trl_verified = Set(false);
    }
    active.updated_at = Set(Utc::now());
    let model = active.update(&txn).await?;
    if trl_changed || evidence_changed {
        record_trl(
            &txn,
            id,
            draft.trl,
            &draft.trl_evidence,
            false,
            &author.into(),
        )
        .await?;
    }
    search::enqueue(&txn, "technology", id).await?;
    txn.commit().await?;
    from_model(model)
}

/// Submits (to officers and investors), archives or restores (to draft) a technology. Taking a
/// submitted one back hides it from officers and investors, so the company must have seen the
/// warning (`confirmed`); the officers of its open enrolments are e-mailed in the same
/// transaction.
pub async fn set_status(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    user: &CurrentUser,
    id: i64,
    target: TechStatus,
    confirmed: bool,
) -> Result<StoredTechnology, AppError> {
    let current = owned(db, user, id).await?;
    let leaves_deal_flow =
        current.status == TechStatus::Submitted && target != TechStatus::Submitted;
    if leaves_deal_flow && !confirmed {
        return Err(AppError::Invalid(FieldErrors::single(
            "confirmed",
            "must be true: taking a submitted technology back hides it from officers and investors; read who loses sight of it first",
        )));
    }
    let allowed = matches!(
        (current.status, target),
        (TechStatus::Draft, TechStatus::Submitted)
            | (TechStatus::Submitted, TechStatus::Draft)
            | (
                TechStatus::Draft | TechStatus::Submitted,
                TechStatus::Archived
            )
            | (TechStatus::Archived, TechStatus::Draft)
    );
    if !allowed {
        return Err(AppError::Invalid(FieldErrors::single(
            "form",
            format!(
                "A {} technology cannot become {}.",
                current.status.label().to_lowercase(),
                target.label().to_lowercase()
            ),
        )));
    }
    let txn = db.begin().await?;
    let model = technologies::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut active: technologies::ActiveModel = model.into();
    active.status = Set(target.slug().to_owned());
    if target == TechStatus::Submitted {
        active.submitted_at = Set(Some(Utc::now()));
    }
    active.updated_at = Set(Utc::now());
    let model = active.update(&txn).await?;
    search::enqueue(&txn, "technology", id).await?;
    if leaves_deal_flow {
        let company = organisations::Entity::find_by_id(current.organisation_id)
            .one(&txn)
            .await?
            .map(|o| o.legal_name)
            .unwrap_or_default();
        crate::server::withdrawal::tell_officers(&txn, config, &current, &company, target).await?;
    }
    txn.commit().await?;
    tracing::info!(
        technology.id = id,
        status = target.slug(),
        "technology status changed"
    );
    from_model(model)
}

/// An officer confirms the TRL they checked, with their own evidence note. `trl` is the level
/// the officer saw: if the company changed it meanwhile, nothing is verified (409).
pub async fn verify_trl(
    db: &DatabaseConnection,
    officer: &CurrentUser,
    id: i64,
    trl: Trl,
    note: &str,
) -> Result<(), AppError> {
    let note = crate::domain::text::text(note, 10, 1500).map_err(|m| {
        AppError::Invalid(FieldErrors::single(
            "note",
            format!("describe how the TRL was verified: {m}"),
        ))
    })?;
    let tech = find(db, id).await?.ok_or(AppError::NotFound)?;
    if tech.status != TechStatus::Submitted {
        return Err(AppError::NotFound);
    }
    let stale = || {
        AppError::conflict(format!(
            "The company changed the TRL to {} since you opened the page; check the new \
             evidence before verifying.",
            tech.draft.trl
        ))
    };
    if tech.draft.trl != trl {
        return Err(stale());
    }
    let txn = db.begin().await?;
    // Verified only while the TRL, its evidence and the status are what the officer checked.
    let done = technologies::Entity::update_many()
        .col_expr(technologies::Column::TrlVerified, Expr::value(true))
        .col_expr(technologies::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(technologies::Column::Id.eq(id))
        .filter(technologies::Column::Trl.eq(i16::from(trl.get())))
        .filter(technologies::Column::TrlEvidence.eq(tech.draft.trl_evidence.clone()))
        .filter(technologies::Column::Status.eq(TechStatus::Submitted.slug()))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(stale());
    }
    record_trl(&txn, id, trl, &note, true, &officer.into()).await?;
    search::enqueue(&txn, "technology", id).await?;
    txn.commit().await?;
    tracing::info!(
        technology.id = id,
        officer.id = officer.id,
        trl = trl.get(),
        "TRL verified"
    );
    Ok(())
}

pub async fn history(
    db: &DatabaseConnection,
    id: i64,
) -> Result<Vec<trl_assessments::Model>, AppError> {
    Ok(trl_assessments::Entity::find()
        .filter(trl_assessments::Column::TechnologyId.eq(id))
        .order_by_desc(trl_assessments::Column::CreatedAt)
        .order_by_desc(trl_assessments::Column::Id)
        .all(db)
        .await?)
}

pub async fn list_for_org(
    db: &DatabaseConnection,
    organisation_id: i64,
) -> Result<Vec<StoredTechnology>, AppError> {
    technologies::Entity::find()
        .filter(technologies::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(technologies::Column::UpdatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

pub async fn list_submitted(db: &DatabaseConnection) -> Result<Vec<StoredTechnology>, AppError> {
    technologies::Entity::find()
        .filter(technologies::Column::Status.eq(TechStatus::Submitted.slug()))
        .order_by_desc(technologies::Column::UpdatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

/// Bulk load (benchmarks, migrations of other registries): inserts technologies with their
/// first TRL assessment in one transaction, without search-outbox rows — the caller rebuilds
/// the index afterwards (`lab2field reindex`).
pub async fn insert_batch(
    db: &DatabaseConnection,
    items: &[(i64, TechnologyDraft)],
    status: TechStatus,
    author: &Author,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let now = Utc::now();
    for chunk in items.chunks(400) {
        let rows = chunk.iter().map(|(organisation_id, draft)| {
            let mut active = technologies::ActiveModel {
                organisation_id: Set(*organisation_id),
                trl_verified: Set(false),
                status: Set(status.slug().to_owned()),
                submitted_at: Set((status == TechStatus::Submitted).then_some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            fill(&mut active, draft);
            active
        });
        technologies::Entity::insert_many(rows).exec(&txn).await?;
    }
    // The TRL history starts with the declared level, as for technologies added one by one.
    let ids: Vec<(i64, i16, String)> = technologies::Entity::find()
        .select_only()
        .columns([
            technologies::Column::Id,
            technologies::Column::Trl,
            technologies::Column::TrlEvidence,
        ])
        .filter(technologies::Column::CreatedAt.eq(now))
        .into_tuple()
        .all(&txn)
        .await?;
    for chunk in ids.chunks(1000) {
        let rows = chunk
            .iter()
            .map(|(id, trl, evidence)| trl_assessments::ActiveModel {
                technology_id: Set(*id),
                trl: Set(*trl),
                evidence: Set(evidence.clone()),
                verified: Set(false),
                assessed_by: Set(author.user_id),
                assessed_by_name: Set(author.name.clone()),
                created_at: Set(now),
                ..Default::default()
            });
        trl_assessments::Entity::insert_many(rows)
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Several technologies at once, in no particular order (one query).
pub async fn find_many(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<Vec<StoredTechnology>, AppError> {
    technologies::Entity::find()
        .filter(technologies::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}
