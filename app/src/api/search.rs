//! Scouting search for programme officers and investors. The whole search state travels in the
//! URL, so a search can be shared and works without JavaScript.

use crate::api::technologies::TechnologyRow;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{auth, http::respond, search::scouting, visibility, AppState},
};

/// A piece of a snippet; `mark` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TechSort {
    #[default]
    Relevance,
    Trl,
    Updated,
}

impl TechSort {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim() {
            "" | "relevance" => Ok(Self::Relevance),
            "trl" => Ok(Self::Trl),
            "updated" => Ok(Self::Updated),
            _ => Err("must be one of: relevance, trl, updated".to_owned()),
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Trl => "trl",
            Self::Updated => "updated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechQuery {
    #[serde(default)]
    pub text: String,
    pub trl_min: Option<u8>,
    pub trl_max: Option<u8>,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub export: Vec<String>,
    #[serde(default)]
    pub seeks: Vec<String>,
    /// Incubation stages (or `not_enrolled`): programme staff only.
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default)]
    pub sort: TechSort,
    #[serde(default = "first_page")]
    pub page: u32,
    #[serde(default = "default_per_page")]
    pub per_page: u32,
}

impl Default for TechQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            trl_min: None,
            trl_max: None,
            areas: Vec::new(),
            countries: Vec::new(),
            export: Vec::new(),
            seeks: Vec::new(),
            stages: Vec::new(),
            sort: TechSort::Relevance,
            page: first_page(),
            per_page: default_per_page(),
        }
    }
}

impl TechQuery {
    /// Reads a search from URL parameters (`q`, `trl_min`, `area`, …), as the search page and
    /// saved searches store it. Unknown or malformed values are ignored, never fatal.
    pub fn from_params(
        get: impl Fn(&str) -> Option<String>,
        get_all: impl Fn(&str) -> Vec<String>,
    ) -> Self {
        let all = |k: &str| {
            get_all(k)
                .into_iter()
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
        };
        let trl = |k: &str| get(k).and_then(|v| v.trim().parse::<u8>().ok());
        TechQuery {
            text: get("q").unwrap_or_default(),
            trl_min: trl("trl_min"),
            trl_max: trl("trl_max"),
            areas: all("area"),
            countries: all("country"),
            export: all("export"),
            seeks: all("seeks"),
            stages: all("stage"),
            sort: TechSort::parse(&get("sort").unwrap_or_default()).unwrap_or_default(),
            // A page that is not a number at all reads as the first; a number out of range is
            // kept, so that the bound check names it instead of silently showing page 1.
            page: get("page")
                .and_then(|p| p.trim().parse::<u64>().ok())
                .map(|p| u32::try_from(p).unwrap_or(u32::MAX))
                .unwrap_or(1),
            per_page: default_per_page(),
        }
    }

    /// Checks every bound before the query reaches the index: TRL 1–9, the page within
    /// [`limits::MAX_SEARCH_PAGE`], at most [`limits::MAX_PER_PAGE`] per page, the text and each
    /// facet list within their lengths. Errors name the argument and what is allowed.
    pub fn check(&self) -> Result<(), AppError> {
        use crate::domain::limits::{self, check_chars, check_filter_list, check_range};
        let mut errors = crate::error::FieldErrors::new();
        for (field, value) in [("trl_min", self.trl_min), ("trl_max", self.trl_max)] {
            if value.is_some_and(|t| !(1..=9).contains(&t)) {
                errors.add(field, "choose a TRL from 1 to 9");
            }
        }
        check_range(&mut errors, "page", self.page, 1, limits::MAX_SEARCH_PAGE);
        check_range(
            &mut errors,
            "per_page",
            self.per_page,
            1,
            limits::MAX_PER_PAGE,
        );
        check_chars(&mut errors, "text", &self.text, limits::MAX_QUERY_CHARS);
        for (field, values) in [
            ("areas", &self.areas),
            ("countries", &self.countries),
            ("export", &self.export),
            ("seeks", &self.seeks),
            ("stages", &self.stages),
        ] {
            check_filter_list(&mut errors, field, values);
        }
        errors.into_result()
    }

    /// The search as URL parameters, without the page: what a saved search keeps.
    pub fn to_query_string(&self) -> String {
        let enc = crate::ui::components::errors::urlencode;
        let mut parts = vec![format!("q={}", enc(&self.text))];
        if let Some(t) = self.trl_min {
            parts.push(format!("trl_min={t}"));
        }
        if let Some(t) = self.trl_max {
            parts.push(format!("trl_max={t}"));
        }
        for (key, values) in [
            ("area", &self.areas),
            ("country", &self.countries),
            ("export", &self.export),
            ("seeks", &self.seeks),
            ("stage", &self.stages),
        ] {
            parts.extend(values.iter().map(|v| format!("{key}={}", enc(v))));
        }
        parts.push(format!("sort={}", self.sort.slug()));
        parts.join("&")
    }

    /// Parses a stored query string (the inverse of [`TechQuery::to_query_string`]).
    #[cfg(feature = "ssr")]
    pub fn from_query_string(raw: &str) -> Self {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
            .into_owned()
            .collect();
        Self::from_params(
            |k| {
                pairs
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            },
            |k| {
                pairs
                    .iter()
                    .filter(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
                    .collect()
            },
        )
    }
}

fn first_page() -> u32 {
    1
}

fn default_per_page() -> u32 {
    20
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetGroup {
    pub dimension: String,
    pub title: String,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoutHitView {
    pub technology: TechnologyRow,
    pub score: Option<f32>,
    pub snippet: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoutPage {
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<ScoutHitView>,
    pub facets: Vec<FacetGroup>,
}

/// Officers, admins and investors. Investors search public fields only. No query: everything.
#[server(prefix = "/api", endpoint = "search/technologies", output = crate::api::encoding::TextJson)]
pub async fn search_technologies(query: Option<TechQuery>) -> Result<ScoutPage, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Officer, Role::Admin, Role::Investor]).await?;
        let query = query.unwrap_or_default();
        query.check()?;
        let scope = if user.role.is_staff() {
            scouting::Scope::Staff
        } else {
            scouting::Scope::Investor
        };
        let generation = state.search.generation()?;
        let results = scouting::search(&generation, &query, scope)?;
        // One query for the whole page, whatever its size, of public columns only.
        let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
        let mut rows = visibility::rows(&state.read, &ids).await?;
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in results.hits {
            // The index may briefly lag the database; skip what is gone or no longer submitted.
            let Some(row) = rows.remove(&hit.id) else {
                continue;
            };
            if row.status != crate::domain::technology::TechStatus::Submitted {
                continue;
            }
            hits.push(ScoutHitView {
                technology: row,
                score: hit.score,
                snippet: hit.snippet,
            });
        }
        Ok(ScoutPage {
            total: results.total,
            page: query.page,
            per_page: query.per_page,
            hits,
            facets: results.facets,
        })
    })
    .await
}
