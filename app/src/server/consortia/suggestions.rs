//! Partner suggestions for a draft consortium: the matching engine in the other direction
//! (`match_partners`: technologies that fit the call topic, from companies that said they look
//! for consortium partners), kept to organisations that could count for the call, one per
//! organisation, ranked by fit and by what each adds (`domain::consortium::partner_value`).

use super::status_of;
use crate::domain::consortium::{
    partner_value, CallRules, Candidate, DraftCoverage, Eligibility, MemberStatus,
};
use crate::domain::consortium_view::Suggestion;
use crate::domain::critical_area::CriticalArea;
use crate::domain::opportunity::OpportunityRecord;
use crate::domain::technology::TechStatus;
use crate::error::AppError;
use crate::server::entities::{consortium_members, organisations as org_rows};
use crate::server::search::{matching, Generation};
use crate::server::{organisations, technologies};
use sea_orm::DatabaseConnection;
use std::collections::{HashMap, HashSet};

/// Suggestions shown on the consortium page.
pub const SHOWN: usize = 8;
/// Technologies read from the index before filtering: enough that the filters (country,
/// control, members already in) still leave a full list.
const CANDIDATES: usize = 60;

pub async fn rank(
    db: &DatabaseConnection,
    generation: &Generation,
    topic: &OpportunityRecord,
    rules: &CallRules,
    members: &[consortium_members::Model],
    orgs: &HashMap<i64, org_rows::Model>,
    eligibility: &Eligibility,
) -> Result<Vec<Suggestion>, AppError> {
    let fits = matching::match_partners(generation, topic, CANDIDATES)?;
    let techs = technologies::find_many(db, &fits.iter().map(|f| f.id).collect::<Vec<_>>()).await?;
    let tech_by_id: HashMap<i64, _> = techs.into_iter().map(|t| (t.id, t)).collect();
    let candidate_orgs =
        organisations::get_many(db, tech_by_id.values().map(|t| t.organisation_id)).await?;

    // What the draft has: members invited or in. Anyone already asked — whatever they
    // answered — is not suggested again.
    let mut coverage = DraftCoverage::default();
    let asked: HashSet<i64> = members.iter().map(|m| m.organisation_id).collect();
    let member_techs = technologies::find_many(
        db,
        &members
            .iter()
            .filter_map(|m| m.technology_id)
            .collect::<Vec<_>>(),
    )
    .await?;
    for m in members {
        if !matches!(
            status_of(m)?,
            MemberStatus::Invited | MemberStatus::Accepted
        ) {
            continue;
        }
        if let Some(country) = orgs
            .get(&m.organisation_id)
            .and_then(|o| crate::domain::country::CountryCode::parse(&o.country).ok())
        {
            coverage.countries.insert(country);
        }
        if let Some(t) = member_techs.iter().find(|t| Some(t.id) == m.technology_id) {
            coverage.areas.extend(t.draft.areas.iter().copied());
        }
    }
    let call_areas = CriticalArea::mentioned_in(&format!(
        "{}\n{}\n{}",
        topic.title,
        topic.tags.join(", "),
        topic.description
    ));
    let best = fits.iter().map(|f| f.score).fold(0.0_f32, f32::max);
    let mut seen_orgs = HashSet::new();
    let mut out: Vec<Suggestion> = Vec::new();
    for fit in &fits {
        let Some(tech) = tech_by_id.get(&fit.id) else {
            continue;
        };
        if tech.status != TechStatus::Submitted || asked.contains(&tech.organisation_id) {
            continue;
        }
        let Some(org) = candidate_orgs.get(&tech.organisation_id) else {
            continue;
        };
        if org.kind != org_rows::KIND_COMPANY {
            continue;
        }
        let profile = organisations::company_profile(org)?;
        // Only organisations that could count: established where the call allows, not
        // controlled from outside, an SME where the topic asks for SMEs.
        if !rules.eligible_countries.contains(&profile.country)
            || !profile.edf_eligibility().eligible
            || (rules.sme_only && !profile.is_sme())
        {
            continue;
        }
        // The best-fitting technology speaks for its organisation.
        if !seen_orgs.insert(org.id) {
            continue;
        }
        let Some(public) = super::public_technology(tech) else {
            continue;
        };
        let value = partner_value(
            &Candidate {
                country: &profile.country,
                areas: &tech.draft.areas,
                trl: tech.draft.trl,
                fit: if best > 0.0 { fit.score / best } else { 0.0 },
            },
            &coverage,
            &call_areas,
            rules,
            eligibility,
            (topic.trl_min, topic.trl_max),
        );
        let mut reasons = value.reasons;
        if !fit.matched_terms.is_empty() {
            let words: Vec<&str> = fit
                .matched_terms
                .iter()
                .take(5)
                .map(String::as_str)
                .collect();
            reasons.push(format!("fits the topic: {}", words.join(", ")));
        }
        out.push(Suggestion {
            organisation_id: org.id,
            organisation: profile.legal_name.clone(),
            country: profile.country.clone(),
            entity_type: profile.entity_type_or_figures(),
            technology: public,
            score: (value.score * 100.0).round() / 100.0,
            reasons,
            closes_gap: value.closes_gap,
        });
    }
    out.sort_by(|a, b| {
        matching::best_first((a.score, a.organisation_id), (b.score, b.organisation_id))
    });
    out.truncate(SHOWN);
    Ok(out)
}
