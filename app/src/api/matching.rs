//! Explained matches: a technology's EDF topics, DIANA challenges and investors; an
//! opportunity's technologies (officers); an investor's deal flow by thesis.

use crate::domain::opportunity::OpportunityKind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::api::search::Segment;

#[cfg(feature = "ssr")]
use crate::server::{
    auth, http::respond, organisations, search::matching, technologies, visibility, AppState,
};

/// One check of a match; `passed` is `None` when it cannot be decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub passed: Option<bool>,
    pub detail: String,
}

impl Check {
    pub fn passed(name: &str, detail: &str) -> Self {
        Self {
            name: name.to_owned(),
            passed: Some(true),
            detail: detail.to_owned(),
        }
    }
    pub fn failed(name: &str, detail: &str) -> Self {
        Self {
            name: name.to_owned(),
            passed: Some(false),
            detail: detail.to_owned(),
        }
    }
    pub fn unknown(name: &str, detail: &str) -> Self {
        Self {
            name: name.to_owned(),
            passed: None,
            detail: detail.to_owned(),
        }
    }
    pub fn describe(&self) -> String {
        let verdict = match self.passed {
            Some(true) => "passed",
            Some(false) => "failed",
            None => "unknown",
        };
        format!("{} {verdict}: {}", self.name.to_lowercase(), self.detail)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpportunityMatch {
    pub id: String,
    pub kind: OpportunityKind,
    pub title: String,
    pub score: f32,
    pub eligible: bool,
    pub matched_terms: Vec<String>,
    pub snippet: Vec<Segment>,
    pub trl_fit: Check,
    pub checks: Vec<Check>,
    /// Every reason in one line each, for the command line and the JSON API.
    pub reasons: Vec<String>,
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MatchGroup {
    pub matches: Vec<OpportunityMatch>,
    pub near_misses: Vec<OpportunityMatch>,
    /// Closed calls of a series that recurs, the best fit per series: "prepare for the next
    /// call", each with the month its next deadline is expected (`domain::recurrence`).
    #[serde(default)]
    pub recurring: Vec<OpportunityMatch>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchesByKind {
    pub edf: MatchGroup,
    pub diana: MatchGroup,
    pub investors: MatchGroup,
}

/// Matches for a technology: for its own company and for programme staff.
#[server(prefix = "/api", endpoint = "matching/technology", output = crate::api::encoding::TextJson)]
pub async fn matches_for_technology(id: i64) -> Result<MatchesByKind, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        let (tech, org, access) = visibility::load_visible(&state.db, &user, id).await?;
        // Matches reveal how the confidential profile fits: company and staff only.
        if access != visibility::Access::Full {
            return Err(AppError::NotFound);
        }
        if user.role == crate::domain::account::Role::Founder {
            crate::server::onboarding::matches_seen(&state.db, &user).await?;
        }
        let company = organisations::company_profile(&org)?;
        let d = &tech.draft;
        let applicant = matching::Applicant {
            text: format!(
                "{}\n{}\n{}\n{}\n{}",
                d.title,
                d.keywords.join(", "),
                d.summary,
                d.defence_applications,
                d.areas
                    .iter()
                    .map(|a| a.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            trl: Some(d.trl),
            is_sme: Some(company.is_sme()),
            controlled_from: company.controlled_from.clone(),
            country: Some(company.country),
            funding_sought_eur: d.funding_sought_eur,
            areas: d.areas.clone(),
        };
        let options = matching::MatchOptions {
            tuning: matching::Tuning::default(),
            kind: None,
            limit: 5,
            include_closed: false,
            today: chrono::Utc::now().date_naive(),
            held_out_company: None,
        };
        let mut groups =
            matching::match_opportunities(&*state.search.generation()?, &applicant, &options)?;
        let mut take = |kind: OpportunityKind| {
            groups
                .iter_mut()
                .find(|(k, _)| *k == kind)
                .map(|(_, g)| std::mem::take(g))
                .unwrap_or_default()
        };
        Ok(MatchesByKind {
            edf: take(OpportunityKind::EdfCall),
            diana: take(OpportunityKind::DianaChallenge),
            investors: take(OpportunityKind::Investor),
        })
    })
    .await
}

/// A technology that fits an opportunity or a thesis, with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechnologyFit {
    pub technology: crate::api::technologies::TechnologyRow,
    pub score: f32,
    pub eligible: bool,
    pub matched_terms: Vec<String>,
    pub snippet: Vec<Segment>,
    /// `None` in a thesis's deal flow: its checks judge the TRL.
    pub trl_fit: Option<Check>,
    pub checks: Vec<Check>,
}

#[cfg(feature = "ssr")]
async fn with_rows(
    state: &AppState,
    fits: Vec<matching::TechFit>,
) -> Result<Vec<TechnologyFit>, AppError> {
    let mut out = Vec::with_capacity(fits.len());
    for fit in fits {
        let Some(tech) = technologies::find(&state.db, fit.id).await? else {
            continue;
        };
        if tech.status != crate::domain::technology::TechStatus::Submitted {
            continue;
        }
        let Some(org) = organisations::get(&state.db, tech.organisation_id).await? else {
            continue;
        };
        out.push(TechnologyFit {
            technology: visibility::row(&tech, &org),
            score: fit.score,
            eligible: fit.eligible,
            matched_terms: fit.matched_terms,
            snippet: fit.snippet,
            trl_fit: fit.trl_fit,
            checks: fit.checks,
        });
    }
    Ok(out)
}

/// Technologies that fit an opportunity (programme staff).
#[server(prefix = "/api", endpoint = "matching/opportunity", output = crate::api::encoding::TextJson)]
pub async fn technologies_for_opportunity(id: String) -> Result<Vec<TechnologyFit>, AppError> {
    respond(async move {
        let state = AppState::current()?;
        auth::require_role(&[
            crate::domain::account::Role::Officer,
            crate::domain::account::Role::Admin,
        ])
        .await?;
        let record = crate::server::catalogue::get(&state.db, &id)
            .await?
            .ok_or(AppError::NotFound)?;
        let fits = matching::match_technologies(&*state.search.generation()?, &record, 10)?;
        with_rows(&state, fits).await
    })
    .await
}

/// The deal flow that fits the investor's thesis: the organisation's own, or else its catalogue
/// entry's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThesisDealFlow {
    /// The catalogue entry whose thesis ranks the flow (id, title), when the organisation has
    /// not written its own.
    pub thesis: Option<(String, String)>,
    /// The organisation's own thesis ranks the flow.
    #[serde(default)]
    pub own_thesis: bool,
    pub fits: Vec<TechnologyFit>,
}

#[server(prefix = "/api", endpoint = "matching/deal_flow", output = crate::api::encoding::TextJson)]
pub async fn deal_flow_for_thesis() -> Result<ThesisDealFlow, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[crate::domain::account::Role::Investor]).await?;
        let org = organisations::of_user(&state.db, user.id)
            .await?
            .filter(|o| o.kind == crate::server::entities::organisations::KIND_INVESTOR);
        let Some(org) = org else {
            return Ok(ThesisDealFlow {
                thesis: None,
                own_thesis: false,
                fits: Vec::new(),
            });
        };
        let listed = match &org.catalogue_investor_id {
            Some(id) => crate::server::catalogue::get(&state.db, id).await?,
            None => None,
        };
        let own = organisations::own_thesis(&org)?;
        // Its own words alone rank the flow too: the page says so rather than naming the
        // catalogue entry.
        let own_thesis = own.is_some() || org.thesis_text.is_some();
        let Some(record) = organisations::thesis_entry(&org, own, listed.clone()) else {
            return Ok(ThesisDealFlow {
                thesis: None,
                own_thesis: false,
                fits: Vec::new(),
            });
        };
        let fits = matching::match_technologies(&*state.search.generation()?, &record, 20)?;
        Ok(ThesisDealFlow {
            thesis: listed.filter(|_| !own_thesis).map(|r| (r.id, r.title)),
            own_thesis,
            fits: with_rows(&state, fits).await?,
        })
    })
    .await
}
