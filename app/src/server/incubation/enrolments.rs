//! Enrolments: officers enrol and founders apply; stage moves by the one rule in
//! `domain::incubation`; screening scores; what each side sees of an enrolment.

use super::{clock, days_since, members, stage_of};
use crate::api::incubation::{EnrolmentView, MoveEntry, ScoreEntry, TechnologyEnrolment};
use crate::domain::account::Role;
use crate::domain::incubation::{check_move, Criterion, Mover, Rubric, Stage};
use crate::domain::technology::TechStatus;
use crate::error::{AppError, FieldErrors};
use crate::server::auth::CurrentUser;
use crate::server::entities::{enrolment_moves, enrolment_scores, enrolments, programmes};
use crate::server::http::is_unique_violation;
use crate::server::mail::{self, notifications};
use crate::server::technologies::{self, StoredTechnology};
use crate::server::{audit, organisations, RuntimeConfig};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

const TIME: &str = "%Y-%m-%d %H:%M UTC";

/// Creates an enrolment at `applied`, with its first history entry, in one transaction. With
/// `tell_company`, the company's members are e-mailed in the same transaction (an officer
/// enrolled their technology; they did not ask for it themselves).
async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    programme: &programmes::Model,
    tech: &StoredTechnology,
    how: &str,
    tell_company: Option<&RuntimeConfig>,
) -> Result<i64, AppError> {
    if tech.status != TechStatus::Submitted {
        return Err(AppError::conflict(
            "only submitted technologies can be enrolled; submit it first",
        ));
    }
    let (programme_id, programme_name) = (programme.id, programme.name.clone());
    let (technology_id, title) = (tech.id, tech.draft.title.clone());
    let actor = actor.clone();
    let how = how.to_owned();
    let recipients = match tell_company {
        Some(_) => members(db, tech.organisation_id).await?,
        None => Vec::new(),
    };
    let link_base = tell_company.map(|config| config.link("/enrolments/"));
    let id = db
        .transaction::<_, i64, AppError>(move |txn| {
            Box::pin(async move {
                let now = Utc::now();
                let row = enrolments::ActiveModel {
                    programme_id: Set(programme_id),
                    technology_id: Set(technology_id),
                    stage: Set(Stage::Applied.slug().to_owned()),
                    stage_since: Set(now),
                    selected_at: Set(None),
                    clock_stopped_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::conflict("this technology is enrolled in this programme already")
                    } else {
                        e.into()
                    }
                })?;
                enrolment_moves::ActiveModel {
                    enrolment_id: Set(row.id),
                    from_stage: Set(None),
                    to_stage: Set(Stage::Applied.slug().to_owned()),
                    reason: Set(how.clone()),
                    by_user: Set(Some(actor.id)),
                    by_name: Set(actor.display_name.clone()),
                    at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                // The stage facet of the search index follows enrolments.
                crate::server::search::enqueue(txn, "technology", technology_id).await?;
                audit::record(
                    txn,
                    Some(&actor),
                    "enrolment.create",
                    ("enrolment", row.id),
                    format!("\"{title}\" in {programme_name}: {how}"),
                )
                .await?;
                if let Some(base) = &link_base {
                    let link = format!("{base}{}", row.id);
                    for member in &recipients {
                        mail::enqueue(
                            txn,
                            &member.email,
                            notifications::enrolled(
                                &member.display_name,
                                &title,
                                &programme_name,
                                &link,
                            ),
                        )
                        .await?;
                    }
                }
                Ok(row.id)
            })
        })
        .await?;
    tracing::info!(
        enrolment.id = id,
        technology.id = technology_id,
        "enrolment created"
    );
    Ok(id)
}

/// An officer enrols a submitted technology; the company is told by e-mail (`tell_company`;
/// demo data passes `None`).
pub async fn enrol(
    db: &DatabaseConnection,
    tell_company: Option<&RuntimeConfig>,
    officer: &CurrentUser,
    programme_id: i64,
    technology_id: i64,
) -> Result<i64, AppError> {
    let programme = super::programmes::get(db, programme_id).await?;
    let tech = technologies::find(db, technology_id)
        .await?
        .ok_or(AppError::NotFound)?;
    create(
        db,
        officer,
        &programme,
        &tech,
        "enrolled by a programme officer",
        tell_company,
    )
    .await
}

/// A founder applies with their own submitted technology to a programme open for applications.
pub async fn apply(
    db: &DatabaseConnection,
    founder: &CurrentUser,
    programme_id: i64,
    technology_id: i64,
) -> Result<i64, AppError> {
    let programme = super::programmes::get(db, programme_id).await?;
    let tech = technologies::owned(db, founder, technology_id).await?;
    if !programme.open_for_applications {
        return Err(AppError::conflict(
            "this programme does not take applications at the moment",
        ));
    }
    create(
        db,
        founder,
        &programme,
        &tech,
        "applied by the company",
        None,
    )
    .await
}

/// An enrolment and how the caller relates to it: staff, or a member of the enrolled company.
/// Anyone else is told it does not exist.
pub(crate) async fn load(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<(enrolments::Model, StoredTechnology, Mover), AppError> {
    let row = enrolments::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let tech = technologies::find(db, row.technology_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mover = if user.role.is_staff() {
        Mover::Officer
    } else if user.role == Role::Founder
        && technologies::is_member(db, user.id, tech.organisation_id).await?
    {
        Mover::Founder
    } else {
        return Err(AppError::NotFound);
    };
    Ok((row, tech, mover))
}

pub async fn view(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
    now: DateTime<Utc>,
) -> Result<EnrolmentView, AppError> {
    let (row, tech, mover) = load(db, user, id).await?;
    let stage = stage_of(&row)?;
    let programme = super::programmes::get(db, row.programme_id).await?;
    let company = organisations::get(db, tech.organisation_id)
        .await?
        .map(|o| o.legal_name)
        .unwrap_or_default();
    let history = enrolment_moves::Entity::find()
        .filter(enrolment_moves::Column::EnrolmentId.eq(id))
        .order_by_asc(enrolment_moves::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MoveEntry {
            from: m.from_stage.and_then(|s| s.parse().ok()),
            to: m.to_stage.parse().unwrap_or(Stage::Applied),
            reason: m.reason,
            by: m.by_name,
            at: m.at.format(TIME).to_string(),
        })
        .collect();
    let scores: Vec<ScoreEntry> = enrolment_scores::Entity::find()
        .filter(enrolment_scores::Column::EnrolmentId.eq(id))
        .order_by_asc(enrolment_scores::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| {
            let scores = [s.technical_merit, s.dual_use, s.defence_relevance, s.team]
                .map(|v| u8::try_from(v).unwrap_or(0));
            let rubric = Rubric::from_scores(scores, s.comment)?;
            Some(ScoreEntry {
                officer: s.officer_name,
                scores: Criterion::ALL
                    .iter()
                    .map(|c| (*c, rubric.score(*c)))
                    .collect(),
                average: rubric.average(),
                comment: rubric.comment.clone(),
                at: s.updated_at.format(TIME).to_string(),
            })
        })
        .collect();
    let average_score = (!scores.is_empty())
        .then(|| scores.iter().map(|s| s.average).sum::<f32>() / scores.len() as f32);
    let milestones = super::milestones::list(db, id, now).await?;
    let demonstrated = !super::milestones::demonstrated_technologies(db, &[tech.id])
        .await?
        .is_empty();
    Ok(EnrolmentView {
        id,
        programme_id: programme.id,
        programme_name: programme.name,
        technology_id: tech.id,
        withdrawn_by_company: tech.status != TechStatus::Submitted,
        can_open_technology: crate::server::visibility::access(
            user,
            (mover == Mover::Founder).then_some(tech.organisation_id),
            &tech,
        )
        .is_some(),
        technology_title: tech.draft.title,
        company_name: company,
        stage,
        stage_since: row.stage_since.format(TIME).to_string(),
        days_in_stage: days_since(row.stage_since, now),
        clock: clock(&row, now),
        demonstrated,
        history,
        // Scores are the officers' working notes; founders see the decisions, not the sheets.
        scores: if mover == Mover::Officer {
            scores
        } else {
            Vec::new()
        },
        average_score: average_score.filter(|_| mover == Mover::Officer),
        milestones,
        moves: stage.moves_for(mover),
        is_officer: mover == Mover::Officer,
        is_founder: mover == Mover::Founder,
    })
}

/// Moves an enrolment, if the rule allows it for the caller: records the move, audits it and
/// tells the company's members, all in one transaction. A concurrent move of the same enrolment
/// makes this one fail rather than both succeed.
pub async fn move_to(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    user: &CurrentUser,
    id: i64,
    to: Stage,
    reason: &str,
) -> Result<(), AppError> {
    let (row, tech, mover) = load(db, user, id).await?;
    let from = stage_of(&row)?;
    check_move(from, to, mover, reason)
        .map_err(|e| AppError::Invalid(FieldErrors::single("to", e.to_string())))?;
    let programme = super::programmes::get(db, row.programme_id).await?;
    let recipients = members(db, tech.organisation_id).await?;
    let link = config.link(&format!("/enrolments/{id}"));
    let user = user.clone();
    let reason = reason.trim().to_owned();
    let title = tech.draft.title.clone();
    let technology_id = tech.id;
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            let now = Utc::now();
            let mut update = enrolments::Entity::update_many()
                .col_expr(enrolments::Column::Stage, Expr::value(to.slug()))
                .col_expr(enrolments::Column::StageSince, Expr::value(now))
                .col_expr(enrolments::Column::UpdatedAt, Expr::value(now));
            if to == Stage::Selected && row.selected_at.is_none() {
                update = update.col_expr(enrolments::Column::SelectedAt, Expr::value(now));
            }
            if !to.clock_runs() && row.selected_at.is_some() && row.clock_stopped_at.is_none() {
                update = update.col_expr(enrolments::Column::ClockStoppedAt, Expr::value(now));
            }
            let result = update
                .filter(enrolments::Column::Id.eq(id))
                .filter(enrolments::Column::Stage.eq(from.slug()))
                .exec(txn)
                .await?;
            if result.rows_affected != 1 {
                return Err(AppError::conflict(
                    "someone else moved this enrolment a moment ago; reload and try again",
                ));
            }
            enrolment_moves::ActiveModel {
                enrolment_id: Set(id),
                from_stage: Set(Some(from.slug().to_owned())),
                to_stage: Set(to.slug().to_owned()),
                reason: Set(reason.clone()),
                by_user: Set(Some(user.id)),
                by_name: Set(user.display_name.clone()),
                at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            crate::server::search::enqueue(txn, "technology", technology_id).await?;
            audit::record(
                txn,
                Some(&user),
                "enrolment.move",
                ("enrolment", id),
                format!(
                    "\"{title}\" in {}: {} → {}{}",
                    programme.name,
                    from.label(),
                    to.label(),
                    if reason.is_empty() {
                        String::new()
                    } else {
                        format!(" ({reason})")
                    }
                ),
            )
            .await?;
            // The founder who withdraws knows already; every other move is news to them. A
            // withdrawal is news to the programme's officers instead.
            if mover == Mover::Founder {
                for officer in &super::officers_of(txn, &programme, id).await? {
                    mail::enqueue(
                        txn,
                        &officer.email,
                        notifications::enrolment_withdrawn(
                            &officer.display_name,
                            &title,
                            &programme.name,
                            from.label(),
                            &reason,
                            &link,
                        ),
                    )
                    .await?;
                }
            }
            if mover == Mover::Officer {
                for member in &recipients {
                    mail::enqueue(
                        txn,
                        &member.email,
                        notifications::stage_changed(
                            &member.display_name,
                            &title,
                            &programme.name,
                            from.label(),
                            to.label(),
                            &reason,
                            &link,
                        ),
                    )
                    .await?;
                }
            }
            Ok(())
        })
    })
    .await?;
    tracing::info!(
        enrolment.id = id,
        from = from.slug(),
        to = to.slug(),
        "enrolment moved"
    );
    Ok(())
}

/// Saves an officer's screening scores; scoring again replaces their earlier sheet.
pub async fn score(
    db: &DatabaseConnection,
    officer: &CurrentUser,
    id: i64,
    rubric: &Rubric,
) -> Result<(), AppError> {
    let (row, tech, _) = load(db, officer, id).await?;
    if stage_of(&row)?.is_final() {
        return Err(AppError::conflict(
            "this enrolment has ended; it can no longer be scored",
        ));
    }
    let existing = enrolment_scores::Entity::find()
        .filter(enrolment_scores::Column::EnrolmentId.eq(id))
        .filter(enrolment_scores::Column::OfficerId.eq(officer.id))
        .one(db)
        .await?;
    let s = rubric.scores().map(i16::from);
    let officer = officer.clone();
    let rubric = rubric.clone();
    let title = tech.draft.title.clone();
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            let mut active = match existing {
                Some(row) => row.into(),
                None => enrolment_scores::ActiveModel {
                    enrolment_id: Set(id),
                    officer_id: Set(officer.id),
                    ..Default::default()
                },
            };
            active.officer_name = Set(officer.display_name.clone());
            active.technical_merit = Set(s[0]);
            active.dual_use = Set(s[1]);
            active.defence_relevance = Set(s[2]);
            active.team = Set(s[3]);
            active.comment = Set(rubric.comment.clone());
            active.updated_at = Set(Utc::now());
            active.save(txn).await?;
            audit::record(
                txn,
                Some(&officer),
                "enrolment.score",
                ("enrolment", id),
                format!("\"{title}\" scored {:.2} on average", rubric.average()),
            )
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// A technology's enrolments, for its company and for staff.
pub async fn for_technology(
    db: &DatabaseConnection,
    user: &CurrentUser,
    technology_id: i64,
) -> Result<Vec<TechnologyEnrolment>, AppError> {
    let tech = technologies::find(db, technology_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = user.role.is_staff()
        || (user.role == Role::Founder
            && technologies::is_member(db, user.id, tech.organisation_id).await?);
    if !allowed {
        return Err(AppError::NotFound);
    }
    let rows = enrolments::Entity::find()
        .filter(enrolments::Column::TechnologyId.eq(technology_id))
        .order_by_asc(enrolments::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let programme = super::programmes::get(db, row.programme_id).await?;
        out.push(TechnologyEnrolment {
            id: row.id,
            programme_name: programme.name,
            stage: stage_of(&row)?,
            stage_since: row.stage_since.format("%Y-%m-%d").to_string(),
        });
    }
    Ok(out)
}
