//! The first-run checklist, read off what each account has done (its company or organisation,
//! technologies, saved searches), plus two marks kept on the account: matches seen, list hidden.

use crate::api::onboarding::{Checklist, ChecklistStep};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::server::auth::CurrentUser;
use crate::server::entities::{organisations, saved_searches, technologies, users};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

fn step(label: &str, why: &str, done: bool, href: impl Into<String>) -> ChecklistStep {
    ChecklistStep {
        label: label.to_owned(),
        why: why.to_owned(),
        done,
        href: href.into(),
    }
}

pub async fn checklist(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<Option<Checklist>, AppError> {
    let Some(account) = users::Entity::find_by_id(user.id).one(db).await? else {
        return Ok(None);
    };
    if account.checklist_hidden_at.is_some() {
        return Ok(None);
    }
    let org = crate::server::organisations::of_user(db, user.id).await?;
    let steps = match user.role {
        Role::Founder => founder_steps(db, org.as_ref(), account.matches_seen_at.is_some()).await?,
        Role::Investor => investor_steps(db, user, org.as_ref()).await?,
        Role::Officer | Role::Admin => return Ok(None),
    };
    let list = Checklist { steps };
    Ok((list.done_count() < list.steps.len()).then_some(list))
}

async fn founder_steps(
    db: &DatabaseConnection,
    company: Option<&organisations::Model>,
    matches_seen: bool,
) -> Result<Vec<ChecklistStep>, AppError> {
    let techs = match company {
        Some(c) => {
            technologies::Entity::find()
                .filter(technologies::Column::OrganisationId.eq(c.id))
                .order_by_asc(technologies::Column::Id)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let first = techs.first().map(|t| t.id);
    let submitted = techs
        .iter()
        .find(|t| t.submitted_at.is_some())
        .map(|t| t.id);
    let tech_page = |id: Option<i64>| match id {
        Some(id) => format!("/technologies/{id}"),
        None => "/technologies/new".to_owned(),
    };
    Ok(vec![
        step(
            "Describe your company",
            "Country, size and ownership decide SME status and EDF eligibility.",
            company.is_some(),
            "/company",
        ),
        step(
            "Register your first technology",
            "Its TRL, areas and applications are what officers and investors search.",
            first.is_some(),
            if company.is_some() {
                "/technologies/new"
            } else {
                "/company"
            },
        ),
        step(
            "Submit it to officers and investors",
            "Drafts are yours alone; a submitted technology can be found, enrolled and followed.",
            submitted.is_some(),
            tech_page(first),
        ),
        step(
            "See which calls, challenges and investors fit it",
            "Every match explains why: matched words, TRL window, country and deadline.",
            matches_seen,
            format!("{}#matches-title", tech_page(submitted.or(first))),
        ),
    ])
}

async fn investor_steps(
    db: &DatabaseConnection,
    user: &CurrentUser,
    org: Option<&organisations::Model>,
) -> Result<Vec<ChecklistStep>, AppError> {
    let has_org = org.is_some_and(|o| o.kind == organisations::KIND_INVESTOR);
    let has_thesis = org.is_some_and(|o| {
        o.thesis.is_some()
            || o.thesis_text.is_some()
            || o.catalogue_investor_id
                .as_deref()
                .is_some_and(|id| !id.is_empty())
    });
    let searches = saved_searches::Entity::find()
        .filter(saved_searches::Column::UserId.eq(user.id))
        .count(db)
        .await?;
    Ok(vec![
        step(
            "Describe your organisation",
            "Where it is based and controlled from decides which confidential details it may see.",
            has_org,
            "/investor/organisation",
        ),
        step(
            "Set your investment thesis",
            "Write its areas, stages, ticket and countries, or choose your fund's catalogue entry: the deal flow is then ranked by them.",
            has_thesis,
            "/investor/organisation",
        ),
        step(
            "Save your first search",
            "A saved search sends a daily digest of new technologies that fit it.",
            searches > 0,
            "/search",
        ),
    ])
}

/// Marks that a founder has seen the matches of one of their technologies (once).
pub async fn matches_seen(db: &DatabaseConnection, user: &CurrentUser) -> Result<(), AppError> {
    users::Entity::update_many()
        .col_expr(users::Column::MatchesSeenAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user.id))
        .filter(users::Column::MatchesSeenAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Hides the checklist for good.
pub async fn hide(db: &DatabaseConnection, user: &CurrentUser) -> Result<(), AppError> {
    users::Entity::update_many()
        .col_expr(users::Column::ChecklistHiddenAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user.id))
        .filter(users::Column::ChecklistHiddenAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
