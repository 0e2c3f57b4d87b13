//! Draft consortia for EDF call topics: opening one from a match, who may see it (its invited
//! and accepted organisations; never investors), the live eligibility check of its members, and
//! the officers' per-topic view of consortia forming.

pub mod invitations;
pub mod suggestions;

use crate::domain::account::Role;
use crate::domain::consortium::{check, CallRules, Member, MemberRole, MemberStatus};
use crate::domain::consortium_view::{
    ConsortiumSummary, ConsortiumView, MemberView, PublicTechnology, TopicDemand,
};
use crate::domain::country::CountryCode;
use crate::domain::opportunity::{OpportunityKind, OpportunityRecord};
use crate::domain::technology::TechStatus;
use crate::error::{AppError, FieldErrors};
use crate::server::auth::CurrentUser;
use crate::server::entities::{consortia, consortium_members, organisations as org_rows};
use crate::server::http::is_unique_violation;
use crate::server::search::Generation;
use crate::server::technologies::StoredTechnology;
use crate::server::{audit, catalogue, organisations, technologies};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use std::collections::{BTreeSet, HashMap};

/// The company the founder acts for; other roles, and founders without a company, are refused.
pub(crate) async fn own_company(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<org_rows::Model, AppError> {
    if user.role != Role::Founder {
        return Err(AppError::Forbidden);
    }
    organisations::of_user(db, user.id)
        .await?
        .filter(|o| o.kind == org_rows::KIND_COMPANY)
        .ok_or_else(|| {
            AppError::conflict(
                "Describe your organisation first (\"Your company\"): consortia are formed \
                 between organisations.",
            )
        })
}

pub(crate) fn status_of(m: &consortium_members::Model) -> Result<MemberStatus, AppError> {
    crate::server::stored::slug(&m.status, "consortium_members", m.id)
}

pub(crate) fn role_of(m: &consortium_members::Model) -> Result<MemberRole, AppError> {
    crate::server::stored::slug(&m.role, "consortium_members", m.id)
}

/// An EDF call topic from the catalogue; anything else is named as the wrong choice.
pub(crate) async fn edf_topic(
    db: &DatabaseConnection,
    topic_id: &str,
) -> Result<OpportunityRecord, AppError> {
    match catalogue::get(db, topic_id).await? {
        Some(r) if r.kind == OpportunityKind::EdfCall => Ok(r),
        Some(_) => Err(AppError::Invalid(FieldErrors::single(
            "topic_id",
            "consortia are formed for EDF call topics only",
        ))),
        None => Err(AppError::NotFound),
    }
}

/// A consortium and the caller's company's membership in it. Only organisations invited or
/// accepted see a draft: anyone else — investors, officers, a declined or withdrawn partner —
/// gets "not found", so not even its existence leaks.
pub(crate) async fn as_member(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<
    (
        consortia::Model,
        org_rows::Model,
        Vec<consortium_members::Model>,
    ),
    AppError,
> {
    if user.role != Role::Founder {
        return Err(AppError::NotFound);
    }
    let org = organisations::of_user(db, user.id)
        .await?
        .filter(|o| o.kind == org_rows::KIND_COMPANY)
        .ok_or(AppError::NotFound)?;
    let consortium = consortia::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = consortium_members::Entity::find()
        .filter(consortium_members::Column::ConsortiumId.eq(id))
        .order_by_asc(consortium_members::Column::Id)
        .all(db)
        .await?;
    let mine = members
        .iter()
        .find(|m| m.organisation_id == org.id)
        .map(status_of)
        .transpose()?;
    if !matches!(
        mine,
        Some(MemberStatus::Invited) | Some(MemberStatus::Accepted)
    ) {
        return Err(AppError::NotFound);
    }
    Ok((consortium, org, members))
}

/// Opens the founder's draft for `topic_id` (their company leading it in `role`), or returns
/// the one it opened before. `technology_id`, when given, must be one of the company's.
pub async fn open(
    db: &DatabaseConnection,
    founder: &CurrentUser,
    topic_id: &str,
    technology_id: Option<i64>,
    role: MemberRole,
) -> Result<i64, AppError> {
    let org = own_company(db, founder).await?;
    let topic = edf_topic(db, topic_id).await?;
    if !matches!(role, MemberRole::Coordinator | MemberRole::Beneficiary) {
        return Err(AppError::Invalid(FieldErrors::single(
            "role",
            "the company opening a consortium takes part as coordinator or beneficiary",
        )));
    }
    if let Some(id) = technology_id {
        technologies::owned(db, founder, id).await?;
    }
    let existing = consortia::Entity::find()
        .filter(consortia::Column::TopicId.eq(&topic.id))
        .filter(consortia::Column::LeadOrgId.eq(org.id))
        .one(db)
        .await?;
    if let Some(c) = existing {
        return Ok(c.id);
    }
    let lead_id = org.id;
    let founder = founder.clone();
    let result = db
        .transaction::<_, i64, AppError>(move |txn| {
            Box::pin(async move {
                let now = Utc::now();
                let c = consortia::ActiveModel {
                    topic_id: Set(topic.id.clone()),
                    lead_org_id: Set(org.id),
                    created_by: Set(Some(founder.id)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                consortium_members::ActiveModel {
                    consortium_id: Set(c.id),
                    organisation_id: Set(org.id),
                    technology_id: Set(technology_id),
                    role: Set(role.slug().to_owned()),
                    status: Set(MemberStatus::Accepted.slug().to_owned()),
                    message: Set(String::new()),
                    invited_by: Set(Some(founder.id)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                audit::record(
                    txn,
                    Some(&founder),
                    "consortium.open",
                    ("consortium", c.id),
                    format!(
                        "{} opens a consortium for {} as {}",
                        org.legal_name,
                        topic.id,
                        role.label().to_lowercase()
                    ),
                )
                .await?;
                Ok(c.id)
            })
        })
        .await;
    match result {
        Ok(id) => Ok(id),
        Err(e) => {
            // Two clicks at once: the other one opened it, and that draft is the answer.
            let opened = consortia::Entity::find()
                .filter(consortia::Column::TopicId.eq(topic_id))
                .filter(consortia::Column::LeadOrgId.eq(lead_id))
                .one(db)
                .await?;
            opened.map(|c| c.id).ok_or_else(|| e.into())
        }
    }
}

/// The public fields of a technology, if it is submitted (a draft or withdrawn technology is
/// the company's own business).
pub(crate) fn public_technology(tech: &StoredTechnology) -> Option<PublicTechnology> {
    (tech.status == TechStatus::Submitted).then(|| PublicTechnology {
        id: tech.id,
        title: tech.draft.title.clone(),
        summary: tech.draft.summary.clone(),
        trl: tech.draft.trl,
        areas: tech.draft.areas.clone(),
    })
}

/// The members as the rule sees them, from their organisations as they are now (a change of
/// seat or control applies at once).
pub fn rule_members(
    members: &[consortium_members::Model],
    orgs: &HashMap<i64, org_rows::Model>,
) -> Result<Vec<Member>, AppError> {
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let Some(org) = orgs.get(&m.organisation_id) else {
            continue;
        };
        let profile = organisations::company_profile(org)?;
        out.push(Member {
            is_sme: profile.is_sme(),
            name: profile.legal_name,
            country: profile.country,
            role: role_of(m)?,
            status: status_of(m)?,
            controlled_from: profile.controlled_from,
            group: profile.parent_group,
        });
    }
    Ok(out)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The consortium page: members, the live check and, for the lead, suggestions.
pub async fn view(
    db: &DatabaseConnection,
    generation: &Generation,
    user: &CurrentUser,
    id: i64,
) -> Result<ConsortiumView, AppError> {
    let (consortium, own, members) = as_member(db, user, id).await?;
    let topic = edf_topic(db, &consortium.topic_id).await?;
    let orgs = organisations::get_many(db, members.iter().map(|m| m.organisation_id)).await?;
    let techs: HashMap<i64, StoredTechnology> = technologies::find_many(
        db,
        &members
            .iter()
            .filter_map(|m| m.technology_id)
            .collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .map(|t| (t.id, t))
    .collect();
    let rules = CallRules::of(&topic);
    let eligibility = check(&rule_members(&members, &orgs)?, &rules, today());
    let can_manage = consortium.lead_org_id == own.id;
    let mut views = Vec::with_capacity(members.len());
    for m in &members {
        let Some(org) = orgs.get(&m.organisation_id) else {
            continue;
        };
        let profile = organisations::company_profile(org)?;
        let is_you = m.organisation_id == own.id;
        views.push(MemberView {
            id: m.id,
            organisation: profile.legal_name.clone(),
            country: profile.country.clone(),
            entity_type: profile.entity_type_or_figures(),
            is_sme: profile.is_sme(),
            controlled_from: profile.controlled_from.clone(),
            group: profile.parent_group.clone(),
            role: role_of(m)?,
            status: status_of(m)?,
            is_lead: m.organisation_id == consortium.lead_org_id,
            is_you,
            // A technology moved back to draft or withdrawn since shows as none.
            technology: m
                .technology_id
                .and_then(|t| techs.get(&t))
                .filter(|t| t.organisation_id == m.organisation_id)
                .and_then(public_technology),
            message: (can_manage || is_you)
                .then(|| m.message.clone())
                .filter(|m| !m.is_empty()),
        });
    }
    let suggestions = if can_manage {
        suggestions::rank(
            db,
            generation,
            &topic,
            &rules,
            &members,
            &orgs,
            &eligibility,
        )
        .await?
    } else {
        Vec::new()
    };
    Ok(ConsortiumView {
        id,
        topic_id: topic.id.clone(),
        topic_title: topic.title.clone(),
        eligible: eligibility.eligible(),
        rules,
        eligibility,
        members: views,
        suggestions,
        can_manage,
    })
}

/// The consortia the founder's company leads, is invited to or belongs to.
pub async fn mine(
    db: &DatabaseConnection,
    founder: &CurrentUser,
) -> Result<Vec<ConsortiumSummary>, AppError> {
    let org = own_company(db, founder).await?;
    let own_rows = consortium_members::Entity::find()
        .filter(consortium_members::Column::OrganisationId.eq(org.id))
        .filter(
            consortium_members::Column::Status
                .is_in([MemberStatus::Invited.slug(), MemberStatus::Accepted.slug()]),
        )
        .order_by_desc(consortium_members::Column::UpdatedAt)
        .all(db)
        .await?;
    let ids: Vec<i64> = own_rows.iter().map(|m| m.consortium_id).collect();
    let drafts: HashMap<i64, consortia::Model> = consortia::Entity::find()
        .filter(consortia::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let all_members = consortium_members::Entity::find()
        .filter(consortium_members::Column::ConsortiumId.is_in(ids))
        .all(db)
        .await?;
    let orgs = organisations::get_many(db, all_members.iter().map(|m| m.organisation_id)).await?;
    let mut topics: HashMap<String, OpportunityRecord> = HashMap::new();
    let mut out = Vec::with_capacity(own_rows.len());
    for mine in &own_rows {
        let Some(c) = drafts.get(&mine.consortium_id) else {
            continue;
        };
        if !topics.contains_key(&c.topic_id) {
            let topic = edf_topic(db, &c.topic_id).await?;
            topics.insert(c.topic_id.clone(), topic);
        }
        let Some(topic) = topics.get(&c.topic_id) else {
            continue;
        };
        let members: Vec<consortium_members::Model> = all_members
            .iter()
            .filter(|m| m.consortium_id == c.id)
            .cloned()
            .collect();
        let rule = rule_members(&members, &orgs)?;
        let eligibility = check(&rule, &CallRules::of(topic), today());
        out.push(ConsortiumSummary {
            id: c.id,
            topic_id: topic.id.clone(),
            topic_title: topic.title.clone(),
            lead: orgs
                .get(&c.lead_org_id)
                .map(|o| o.legal_name.clone())
                .unwrap_or_default(),
            is_lead: c.lead_org_id == org.id,
            your_role: role_of(mine)?,
            your_status: status_of(mine)?,
            membership_id: mine.id,
            accepted_members: rule
                .iter()
                .filter(|m| m.status == MemberStatus::Accepted)
                .count(),
            eligible: eligibility.eligible(),
        });
    }
    Ok(out)
}

/// Officers and admins: consortia forming per call topic — counts, countries and how many pass
/// the check — with no organisation names, messages or technologies.
pub async fn demand(
    db: &DatabaseConnection,
    staff: &CurrentUser,
) -> Result<Vec<TopicDemand>, AppError> {
    if !staff.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let drafts = consortia::Entity::find()
        .order_by_asc(consortia::Column::TopicId)
        .all(db)
        .await?;
    let members = consortium_members::Entity::find().all(db).await?;
    let orgs = organisations::get_many(db, members.iter().map(|m| m.organisation_id)).await?;
    let mut by_topic: Vec<TopicDemand> = Vec::new();
    let mut organisations_of: HashMap<String, BTreeSet<i64>> = HashMap::new();
    let mut countries_of: HashMap<String, BTreeSet<CountryCode>> = HashMap::new();
    let mut topics: HashMap<String, OpportunityRecord> = HashMap::new();
    for c in &drafts {
        if !topics.contains_key(&c.topic_id) {
            topics.insert(c.topic_id.clone(), edf_topic(db, &c.topic_id).await?);
        }
        let Some(topic) = topics.get(&c.topic_id) else {
            continue;
        };
        let own: Vec<consortium_members::Model> = members
            .iter()
            .filter(|m| m.consortium_id == c.id)
            .cloned()
            .collect();
        let rule = rule_members(&own, &orgs)?;
        let eligible = check(&rule, &CallRules::of(topic), today()).eligible();
        let accepted: Vec<&Member> = rule
            .iter()
            .filter(|m| m.status == MemberStatus::Accepted)
            .collect();
        countries_of
            .entry(topic.id.clone())
            .or_default()
            .extend(accepted.iter().map(|m| m.country.clone()));
        organisations_of
            .entry(topic.id.clone())
            .or_default()
            .extend(
                own.iter()
                    .filter(|m| status_of(m).is_ok_and(|s| s == MemberStatus::Accepted))
                    .map(|m| m.organisation_id),
            );
        match by_topic.iter_mut().find(|d| d.topic_id == topic.id) {
            Some(d) => {
                d.consortia += 1;
                d.eligible += usize::from(eligible);
            }
            None => by_topic.push(TopicDemand {
                topic_id: topic.id.clone(),
                topic_title: topic.title.clone(),
                deadline: topic.deadline.map(|d| d.to_string()),
                consortia: 1,
                eligible: usize::from(eligible),
                countries: Vec::new(),
                organisations: 0,
            }),
        }
    }
    for d in &mut by_topic {
        d.countries = countries_of
            .remove(&d.topic_id)
            .unwrap_or_default()
            .into_iter()
            .collect();
        d.organisations = organisations_of.get(&d.topic_id).map_or(0, BTreeSet::len);
    }
    // Most demand first.
    by_topic.sort_by(|a, b| {
        b.consortia
            .cmp(&a.consortia)
            .then(a.topic_id.cmp(&b.topic_id))
    });
    Ok(by_topic)
}

/// The unique-violation case of an invitation racing another: said, not a 500.
pub(crate) fn raced(e: sea_orm::DbErr) -> AppError {
    if is_unique_violation(&e) {
        crate::server::access::changed_meanwhile()
    } else {
        e.into()
    }
}
