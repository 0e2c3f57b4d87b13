//! The opportunity catalogue: EDF call topics, DIANA challenges and investors, in exactly the
//! format of `opportunities.json` (see `server/catalogue/README.md`), validated entry by entry.

use super::country::CountryCode;
use super::thesis::{
    InvestorThesis, PortfolioCompany, RawThesis, MAX_PORTFOLIO, MAX_PORTFOLIO_DESCRIPTION_CHARS,
    MAX_PORTFOLIO_NAME_CHARS,
};
use super::trl::Trl;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityKind {
    EdfCall,
    DianaChallenge,
    Investor,
}

impl OpportunityKind {
    pub const ALL: [OpportunityKind; 3] = [Self::EdfCall, Self::DianaChallenge, Self::Investor];

    pub fn slug(self) -> &'static str {
        match self {
            Self::EdfCall => "edf_call",
            Self::DianaChallenge => "diana_challenge",
            Self::Investor => "investor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::EdfCall => "EDF call topic",
            Self::DianaChallenge => "DIANA challenge",
            Self::Investor => "Investor",
        }
    }
}

impl FromStr for OpportunityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == s.trim())
            .ok_or_else(|| "must be one of: edf_call, diana_challenge, investor".to_owned())
    }
}

/// The optional fields of the format, kept as given so nothing is flattened away.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_programme_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thematic_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_budget_eur: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trl_is_heuristic: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investor_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_size: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fund_size_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub countries_approximate: Option<bool>,
    /// An investor's thesis as data (`domain::thesis`); investors only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thesis: Option<InvestorThesis>,
    /// Companies the investor has backed (its published portfolio); investors only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub portfolio: Vec<PortfolioCompany>,
    /// Where a call stands when it was recorded; `forthcoming` calls carry `opens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CallStatus>,
    /// When a forthcoming call is expected to open for submissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<NaiveDate>,
}

slug_enum! {
    /// A call's stage as its programme publishes it.
    CallStatus, "must be one of: forthcoming, open, closed" {
        Forthcoming => ("forthcoming", "Forthcoming"),
        Open => ("open", "Open"),
        Closed => ("closed", "Closed"),
    }
}

slug_enum! {
    /// The file formats the catalogue import reads.
    ImportFormat, "must be one of: catalogue, ft_portal" {
        Catalogue => ("catalogue", "Lab2Field catalogue (opportunities.json)"),
        FtPortal => ("ft_portal", "EU Funding & Tenders Portal search result (EDF topics)"),
    }
}

impl OpportunityDetails {
    /// SME-reserved EDF topics say so in their action type.
    pub fn sme_only(&self) -> bool {
        self.action_type
            .as_deref()
            .is_some_and(|a| a.contains("SME-only"))
    }
}

/// One catalogue entry that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityRecord {
    pub id: String,
    pub kind: OpportunityKind,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub budget_eur: Option<i64>,
    pub deadline: Option<NaiveDate>,
    pub trl_min: Option<Trl>,
    pub trl_max: Option<Trl>,
    pub eligible_countries: Vec<CountryCode>,
    pub source_url: String,
    pub details: OpportunityDetails,
}

impl OpportunityRecord {
    /// An empty entry that is not in the catalogue, to be filled in: an investor organisation's
    /// own thesis is matched as one.
    pub fn unlisted(id: String, kind: OpportunityKind) -> Self {
        Self {
            id,
            kind,
            title: String::new(),
            description: String::new(),
            tags: Vec::new(),
            budget_eur: None,
            deadline: None,
            trl_min: None,
            trl_max: None,
            eligible_countries: Vec::new(),
            source_url: String::new(),
            details: OpportunityDetails::default(),
        }
    }

    /// Open on `today` (or forthcoming): rolling (no deadline) or the deadline not yet passed,
    /// and not marked closed by its programme.
    pub fn is_open(&self, today: NaiveDate) -> bool {
        self.details.status != Some(CallStatus::Closed) && self.deadline.is_none_or(|d| d >= today)
    }

    /// Forthcoming on `today`: announced, not yet open for submissions.
    pub fn forthcoming_on(&self, today: NaiveDate) -> Option<NaiveDate> {
        match (self.details.status, self.details.opens) {
            (Some(CallStatus::Forthcoming), Some(opens)) if opens > today => Some(opens),
            _ => None,
        }
    }
}

/// One problem with one entry of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    /// Position in the file's array, from 0.
    pub index: usize,
    pub id: Option<String>,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "entry {} ({}): {}: {}",
            self.index,
            self.id.as_deref().unwrap_or("no id"),
            self.field,
            self.reason
        )
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// What the upload page shows after an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadOutcome {
    Imported(ImportSummary),
    Rejected {
        message: String,
        issues: Vec<ImportIssue>,
    },
}

pub const MAX_ID_CHARS: usize = 80;

/// Parses and checks a whole catalogue file. Either every entry is valid, or every problem of
/// every entry is returned (and nothing should be imported).
pub fn parse_catalogue(json: &str) -> Result<Vec<OpportunityRecord>, Vec<ImportIssue>> {
    let whole = |reason: String| {
        vec![ImportIssue {
            index: 0,
            id: None,
            field: "(file)".to_owned(),
            reason,
        }]
    };
    let value: Value =
        serde_json::from_str(json).map_err(|e| whole(format!("is not valid JSON: {e}")))?;
    let Value::Array(entries) = value else {
        return Err(whole("must be a JSON array of opportunities".to_owned()));
    };
    let mut records = Vec::with_capacity(entries.len());
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    for (index, entry) in entries.iter().enumerate() {
        match parse_entry(index, entry) {
            Ok(record) => {
                if !seen.insert(record.id.clone()) {
                    issues.push(ImportIssue {
                        index,
                        id: Some(record.id.clone()),
                        field: "id".to_owned(),
                        reason: "appears more than once in the file".to_owned(),
                    });
                }
                records.push(record);
            }
            Err(mut errs) => issues.append(&mut errs),
        }
    }
    if issues.is_empty() {
        Ok(records)
    } else {
        Err(issues)
    }
}

/// Checks one entry; unknown fields are ignored, as the format allows.
pub fn parse_entry(index: usize, entry: &Value) -> Result<OpportunityRecord, Vec<ImportIssue>> {
    let Value::Object(map) = entry else {
        return Err(vec![ImportIssue {
            index,
            id: None,
            field: "(entry)".to_owned(),
            reason: "must be a JSON object".to_owned(),
        }]);
    };
    let mut c = Checker {
        index,
        id: None,
        map,
        issues: Vec::new(),
    };
    let id = c.required_string("id", 1, MAX_ID_CHARS).and_then(|id| {
        if id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
        {
            Some(id)
        } else {
            c.issue("id", "may contain only letters, digits, '-' and '_'");
            None
        }
    });
    c.id = id.clone();
    let kind = c
        .required_string("kind", 1, 40)
        .and_then(|k| match k.parse::<OpportunityKind>() {
            Ok(kind) => Some(kind),
            Err(reason) => {
                c.issue("kind", &reason);
                None
            }
        });
    let title = c.required_string("title", 1, 300);
    let description = c.required_string("description", 1, 5000);
    let tags = c.string_list("tags", 60, 50);
    let budget_eur = c.optional_amount("budget_eur");
    let deadline = c.optional_date("deadline");
    let trl_min = c.optional_trl("trl_min");
    let trl_max = c.optional_trl("trl_max");
    if let (Some(Some(min)), Some(Some(max))) = (trl_min, trl_max) {
        if min > max {
            c.issue("trl_max", "must not be below trl_min");
        }
    }
    let eligible_countries = c.countries("eligible_countries");
    let source_url = c.required_string("source_url", 1, 1000).and_then(|u| {
        if u.starts_with("https://") || u.starts_with("http://") {
            Some(u)
        } else {
            c.issue("source_url", "must be an http:// or https:// address");
            None
        }
    });
    let details = OpportunityDetails {
        programme: c.optional_string("programme", 200),
        work_programme_year: c.optional_year("work_programme_year"),
        action_type: c.optional_string("action_type", 200),
        thematic_category: c.optional_string("thematic_category", 200),
        call_budget_eur: c.optional_amount("call_budget_eur").flatten(),
        deadline_note: c.optional_string("deadline_note", 1000),
        budget_note: c.optional_string("budget_note", 1000),
        trl_is_heuristic: c.optional_bool("trl_is_heuristic"),
        data_source: c.optional_string("data_source", 1000),
        call_year: c.optional_year("call_year"),
        cohort_year: c.optional_year("cohort_year"),
        investor_type: c.optional_string("investor_type", 300),
        stages: c.optional_string("stages", 300),
        ticket_size: c.optional_string("ticket_size", 300),
        fund_size_note: c.optional_string("fund_size_note", 1000),
        countries_approximate: c.optional_bool("countries_approximate"),
        thesis: c.thesis(kind),
        portfolio: c.portfolio(kind),
        status: c.call_status(kind),
        opens: c.optional_date("opens").flatten(),
    };
    match (details.status, details.opens, deadline) {
        (Some(CallStatus::Forthcoming), None, _) => {
            c.issue(
                "opens",
                "a forthcoming call needs its expected opening date (YYYY-MM-DD)",
            );
        }
        (Some(CallStatus::Forthcoming), Some(opens), Some(Some(deadline))) if opens > deadline => {
            c.issue("opens", "must not be after the deadline");
        }
        (Some(status), Some(_), _) if status != CallStatus::Forthcoming => {
            c.issue("opens", "only forthcoming calls have an opening date");
        }
        _ => {}
    }
    match (
        id,
        kind,
        title,
        description,
        tags,
        budget_eur,
        deadline,
        trl_min,
        trl_max,
        eligible_countries,
        source_url,
    ) {
        (
            Some(id),
            Some(kind),
            Some(title),
            Some(description),
            Some(tags),
            Some(budget_eur),
            Some(deadline),
            Some(trl_min),
            Some(trl_max),
            Some(eligible_countries),
            Some(source_url),
        ) if c.issues.is_empty() => Ok(OpportunityRecord {
            id,
            kind,
            title,
            description,
            tags,
            budget_eur,
            deadline,
            trl_min,
            trl_max,
            eligible_countries,
            source_url,
            details,
        }),
        _ => Err(c.issues),
    }
}

struct Checker<'a> {
    index: usize,
    id: Option<String>,
    map: &'a Map<String, Value>,
    issues: Vec<ImportIssue>,
}

impl Checker<'_> {
    fn issue(&mut self, field: &str, reason: &str) {
        self.issues.push(ImportIssue {
            index: self.index,
            id: self.id.clone(),
            field: field.to_owned(),
            reason: reason.to_owned(),
        });
    }

    fn required_string(&mut self, field: &str, min: usize, max: usize) -> Option<String> {
        match self.map.get(field) {
            Some(Value::String(s)) => {
                let s = s.trim();
                let n = s.chars().count();
                if n < min {
                    self.issue(field, "must not be empty");
                    None
                } else if n > max {
                    self.issue(field, &format!("must be at most {max} characters"));
                    None
                } else {
                    Some(s.to_owned())
                }
            }
            None | Some(Value::Null) => {
                self.issue(field, "is required");
                None
            }
            Some(_) => {
                self.issue(field, "must be a string");
                None
            }
        }
    }

    fn optional_string(&mut self, field: &str, max: usize) -> Option<String> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.chars().count() <= max => {
                Some(s.trim().to_owned()).filter(|s| !s.is_empty())
            }
            Some(Value::String(_)) => {
                self.issue(field, &format!("must be at most {max} characters"));
                None
            }
            Some(_) => {
                self.issue(field, "must be a string");
                None
            }
        }
    }

    /// A call's `status`; investors have none.
    fn call_status(&mut self, kind: Option<OpportunityKind>) -> Option<CallStatus> {
        let raw = match self.map.get("status") {
            None | Some(Value::Null) => return None,
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                self.issue("status", "must be one of: forthcoming, open, closed");
                return None;
            }
        };
        if kind == Some(OpportunityKind::Investor) {
            self.issue("status", "investors have no call status");
            return None;
        }
        match raw.parse::<CallStatus>() {
            Ok(status) => Some(status),
            Err(reason) => {
                self.issue("status", &reason);
                None
            }
        }
    }

    /// An investor's `portfolio`: companies it backed, each part named (`portfolio[2].country`).
    fn portfolio(&mut self, kind: Option<OpportunityKind>) -> Vec<PortfolioCompany> {
        let items = match self.map.get("portfolio") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.issue(
                    "portfolio",
                    "must be a list of {name, country, description} objects",
                );
                return Vec::new();
            }
        };
        if kind.is_some_and(|k| k != OpportunityKind::Investor) {
            self.issue("portfolio", "only investor entries have a portfolio");
            return Vec::new();
        }
        if items.len() > MAX_PORTFOLIO {
            self.issue(
                "portfolio",
                &format!("must list at most {MAX_PORTFOLIO} companies"),
            );
            return Vec::new();
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let text = |key: &str, max: usize| -> Result<String, String> {
                match item.get(key) {
                    Some(Value::String(s))
                        if !s.trim().is_empty() && s.trim().chars().count() <= max =>
                    {
                        Ok(s.trim().to_owned())
                    }
                    Some(Value::String(s)) if !s.trim().is_empty() => {
                        Err(format!("must be at most {max} characters"))
                    }
                    _ => Err("is required (text)".to_owned()),
                }
            };
            let name = text("name", MAX_PORTFOLIO_NAME_CHARS);
            let description = text("description", MAX_PORTFOLIO_DESCRIPTION_CHARS);
            let country = text("country", 10).and_then(|code| match CountryCode::parse(&code) {
                Ok(c) if code == c.as_str() => Ok(c),
                _ => Err(format!(
                    "{code:?} is not an ISO 3166-1 alpha-2 code in capitals (the UK is GB)"
                )),
            });
            match (name, country, description) {
                (Ok(name), Ok(country), Ok(description)) => out.push(PortfolioCompany {
                    name,
                    country,
                    description,
                }),
                (name, country, description) => {
                    for (key, result) in [
                        ("name", name.err()),
                        ("country", country.err()),
                        ("description", description.err()),
                    ] {
                        if let Some(reason) = result {
                            self.issue(&format!("portfolio[{i}].{key}"), &reason);
                        }
                    }
                }
            }
        }
        out
    }

    /// An investor's `thesis` object, each wrong part named (`thesis.areas[2]`).
    fn thesis(&mut self, kind: Option<OpportunityKind>) -> Option<InvestorThesis> {
        let value = match self.map.get("thesis") {
            None | Some(Value::Null) => return None,
            Some(v @ Value::Object(_)) => v,
            Some(_) => {
                self.issue(
                    "thesis",
                    "must be an object (see server/catalogue/README.md)",
                );
                return None;
            }
        };
        if kind.is_some_and(|k| k != OpportunityKind::Investor) {
            self.issue("thesis", "only investor entries have a thesis");
            return None;
        }
        let raw: RawThesis = match serde_json::from_value(value.clone()) {
            Ok(raw) => raw,
            Err(e) => {
                self.issue(
                    "thesis",
                    &format!("lists must hold strings, amounts and TRLs whole numbers ({e})"),
                );
                return None;
            }
        };
        match InvestorThesis::from_raw(&raw) {
            Ok(t) => Some(t),
            Err(issues) => {
                for (field, reason) in issues {
                    self.issue(&field, &reason);
                }
                None
            }
        }
    }

    fn optional_bool(&mut self, field: &str) -> Option<bool> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.issue(field, "must be true or false");
                None
            }
        }
    }

    fn optional_year(&mut self, field: &str) -> Option<i32> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_i64() {
                Some(y) if (1990..=2100).contains(&y) => Some(y as i32),
                _ => {
                    self.issue(field, "must be a year from 1990 to 2100");
                    None
                }
            },
            Some(_) => {
                self.issue(field, "must be a year (a number)");
                None
            }
        }
    }

    /// `Some(None)` for null, `None` when invalid.
    fn optional_amount(&mut self, field: &str) -> Option<Option<i64>> {
        match self.map.get(field) {
            None | Some(Value::Null) => Some(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v) if v >= 0 => Some(Some(v)),
                _ => {
                    self.issue(
                        field,
                        "must be a whole, non-negative number of euros or null",
                    );
                    None
                }
            },
            Some(_) => {
                self.issue(field, "must be a number or null");
                None
            }
        }
    }

    fn optional_date(&mut self, field: &str) -> Option<Option<NaiveDate>> {
        match self.map.get(field) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) if s.len() == 10 => Some(Some(d)),
                _ => {
                    self.issue(field, "must be a date YYYY-MM-DD or null");
                    None
                }
            },
            Some(_) => {
                self.issue(field, "must be a date YYYY-MM-DD or null");
                None
            }
        }
    }

    fn optional_trl(&mut self, field: &str) -> Option<Option<Trl>> {
        match self.map.get(field) {
            None | Some(Value::Null) => Some(None),
            Some(Value::Number(n)) => match n
                .as_u64()
                .and_then(|v| u8::try_from(v).ok())
                .map(Trl::try_from)
            {
                Some(Ok(trl)) => Some(Some(trl)),
                _ => {
                    self.issue(field, "must be a TRL from 1 to 9 or null");
                    None
                }
            },
            Some(_) => {
                self.issue(field, "must be a TRL from 1 to 9 or null");
                None
            }
        }
    }

    fn string_list(
        &mut self,
        field: &str,
        max_chars: usize,
        max_items: usize,
    ) -> Option<Vec<String>> {
        match self.map.get(field) {
            Some(Value::Array(items)) => {
                if items.len() > max_items {
                    self.issue(field, &format!("must have at most {max_items} items"));
                    return None;
                }
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s)
                            if !s.trim().is_empty() && s.chars().count() <= max_chars =>
                        {
                            out.push(s.trim().to_owned())
                        }
                        _ => {
                            self.issue(field, &format!("every item must be a non-empty string of at most {max_chars} characters"));
                            return None;
                        }
                    }
                }
                Some(out)
            }
            None | Some(Value::Null) => {
                self.issue(field, "is required (an array of strings)");
                None
            }
            Some(_) => {
                self.issue(field, "must be an array of strings");
                None
            }
        }
    }

    fn countries(&mut self, field: &str) -> Option<Vec<CountryCode>> {
        let codes = self.string_list(field, 2, 300)?;
        let mut out = Vec::with_capacity(codes.len());
        for code in codes {
            match CountryCode::parse(&code) {
                Ok(c) if code == c.as_str() => {
                    if !out.contains(&c) {
                        out.push(c)
                    }
                }
                _ => {
                    self.issue(
                        field,
                        &format!(
                            "{code:?} is not an ISO 3166-1 alpha-2 code in capitals (the UK is GB)"
                        ),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }
}

/// The officers' form for one entry; checked by the same rules as the import file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityForm {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub budget_eur: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub trl_min: String,
    #[serde(default)]
    pub trl_max: String,
    #[serde(default)]
    pub eligible_countries: String,
    #[serde(default)]
    pub source_url: String,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub action_type: String,
    #[serde(default)]
    pub thematic_category: String,
    #[serde(default)]
    pub investor_type: String,
    #[serde(default)]
    pub stages: String,
    #[serde(default)]
    pub ticket_size: String,
}

fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', ';', '\n', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl OpportunityForm {
    /// Checks the form with the import rules. `keep` carries the optional fields of the stored
    /// entry that the form does not show, so an edit never drops them.
    pub fn parse(
        &self,
        keep: &OpportunityDetails,
    ) -> Result<OpportunityRecord, crate::error::FieldErrors> {
        let mut errors = crate::error::FieldErrors::new();
        let number = |field: &str, raw: &str, errors: &mut crate::error::FieldErrors| -> Value {
            let raw = raw.trim().replace([' ', ','], "");
            if raw.is_empty() {
                Value::Null
            } else {
                match raw.parse::<i64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => {
                        errors.add(field, "must be a whole number");
                        Value::Null
                    }
                }
            }
        };
        let text = |raw: &str| -> Value {
            let t = raw.trim();
            if t.is_empty() {
                Value::Null
            } else {
                Value::from(t)
            }
        };
        let mut entry = serde_json::to_value(keep).unwrap_or_else(|_| Value::Object(Map::new()));
        let map = entry
            .as_object_mut()
            .expect("details serialise to an object");
        map.insert("id".into(), Value::from(self.id.trim()));
        map.insert("kind".into(), Value::from(self.kind.trim()));
        map.insert("title".into(), Value::from(self.title.trim()));
        map.insert("description".into(), Value::from(self.description.trim()));
        let tags: Vec<String> = self
            .tags
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        map.insert("tags".into(), Value::from(tags));
        map.insert(
            "budget_eur".into(),
            number("budget_eur", &self.budget_eur, &mut errors),
        );
        map.insert("deadline".into(), text(&self.deadline));
        map.insert(
            "trl_min".into(),
            number("trl_min", &self.trl_min, &mut errors),
        );
        map.insert(
            "trl_max".into(),
            number("trl_max", &self.trl_max, &mut errors),
        );
        let countries: Vec<String> = split_list(&self.eligible_countries)
            .into_iter()
            .map(|c| c.to_ascii_uppercase())
            .collect();
        map.insert("eligible_countries".into(), Value::from(countries));
        map.insert("source_url".into(), Value::from(self.source_url.trim()));
        for (field, value) in [
            ("programme", &self.programme),
            ("action_type", &self.action_type),
            ("thematic_category", &self.thematic_category),
            ("investor_type", &self.investor_type),
            ("stages", &self.stages),
            ("ticket_size", &self.ticket_size),
        ] {
            map.insert(field.into(), text(value));
        }
        let parsed = parse_entry(0, &entry);
        if let Err(issues) = &parsed {
            for issue in issues {
                if errors.get(&issue.field).is_none() {
                    errors.add(&issue.field, issue.reason.clone());
                }
            }
        }
        match parsed {
            Ok(record) if errors.is_empty() => Ok(record),
            _ => Err(errors),
        }
    }

    /// The form showing a stored entry.
    pub fn from_record(r: &OpportunityRecord) -> Self {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        Self {
            id: r.id.clone(),
            kind: r.kind.slug().to_owned(),
            title: r.title.clone(),
            description: r.description.clone(),
            tags: r.tags.join(", "),
            budget_eur: r.budget_eur.map(|b| b.to_string()).unwrap_or_default(),
            deadline: r.deadline.map(|d| d.to_string()).unwrap_or_default(),
            trl_min: r.trl_min.map(|t| t.get().to_string()).unwrap_or_default(),
            trl_max: r.trl_max.map(|t| t.get().to_string()).unwrap_or_default(),
            eligible_countries: r
                .eligible_countries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            source_url: r.source_url.clone(),
            programme: opt(&r.details.programme),
            action_type: opt(&r.details.action_type),
            thematic_category: opt(&r.details.thematic_category),
            investor_type: opt(&r.details.investor_type),
            stages: opt(&r.details.stages),
            ticket_size: opt(&r.details.ticket_size),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry() -> Value {
        json!({
            "id": "EDF-2026-DA-TEST", "kind": "edf_call", "title": "Test topic",
            "description": "A test.", "tags": ["radar"], "budget_eur": 1000, "deadline": "2026-09-29",
            "trl_min": 5, "trl_max": 8, "eligible_countries": ["DE", "FR"],
            "source_url": "https://example.org", "action_type": "development (lump sum, SME-only)",
            "something_new": {"ignored": true}
        })
    }

    #[test]
    fn a_forthcoming_call_needs_its_opening_date_and_counts_as_open() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut forthcoming = entry();
        forthcoming["status"] = json!("forthcoming");
        forthcoming["opens"] = json!("2026-05-01");
        let record = parse_entry(0, &forthcoming).unwrap();
        assert_eq!(record.details.status, Some(CallStatus::Forthcoming));
        assert_eq!(
            record.forthcoming_on(day("2026-03-01")),
            Some(day("2026-05-01"))
        );
        assert!(record.is_open(day("2026-03-01")));
        assert_eq!(
            record.forthcoming_on(day("2026-06-01")),
            None,
            "open by then"
        );
        assert!(
            !record.is_open(day("2026-10-01")),
            "and closed after its deadline"
        );

        let field_of = |v: &Value| -> Vec<String> {
            parse_entry(0, v)
                .unwrap_err()
                .into_iter()
                .map(|i| i.field)
                .collect()
        };
        let mut no_date = forthcoming.clone();
        no_date.as_object_mut().unwrap().remove("opens");
        assert_eq!(field_of(&no_date), ["opens"]);
        let mut late = forthcoming.clone();
        late["opens"] = json!("2026-10-01");
        assert_eq!(field_of(&late), ["opens"]);
        let mut unknown = entry();
        unknown["status"] = json!("pending");
        assert_eq!(field_of(&unknown), ["status"]);
        let mut investor = entry();
        investor["kind"] = json!("investor");
        investor["status"] = json!("open");
        assert_eq!(field_of(&investor), ["status"]);
        let mut closed = entry();
        closed["status"] = json!("closed");
        let closed = parse_entry(0, &closed).unwrap();
        assert!(
            !closed.is_open(day("2026-03-01")),
            "closed by its programme"
        );
    }

    #[test]
    fn a_valid_entry_keeps_its_optional_fields_and_ignores_unknown_ones() {
        let record = parse_entry(0, &entry()).unwrap();
        assert_eq!(record.kind, OpportunityKind::EdfCall);
        assert!(record.details.sme_only());
        assert_eq!(record.trl_min.unwrap().get(), 5);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut bad = entry();
        bad["kind"] = json!("grant");
        bad["trl_min"] = json!(0);
        bad["deadline"] = json!("29/09/2026");
        bad["eligible_countries"] = json!(["UK"]);
        let issues = parse_entry(3, &bad).unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(
            fields,
            ["kind", "deadline", "trl_min", "eligible_countries"]
        );
        assert!(issues
            .iter()
            .all(|i| i.index == 3 && i.id.as_deref() == Some("EDF-2026-DA-TEST")));
    }

    #[test]
    fn duplicate_ids_and_non_arrays_are_refused() {
        let file = Value::Array(vec![entry(), entry()]).to_string();
        let issues = parse_catalogue(&file).unwrap_err();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].index, 1);
        assert!(parse_catalogue("{}").is_err());
        assert!(parse_catalogue("not json").is_err());
    }

    #[test]
    fn the_officer_form_uses_the_import_rules_and_keeps_hidden_details() {
        let record = parse_entry(0, &entry()).unwrap();
        let mut form = OpportunityForm::from_record(&record);
        assert_eq!(form.parse(&record.details).unwrap(), record);
        form.trl_min = "12".into();
        form.eligible_countries = "de uk".into();
        let errors = form.parse(&record.details).unwrap_err();
        assert!(errors.get("trl_min").is_some());
        assert!(errors.get("eligible_countries").is_some());
    }

    #[test]
    fn a_portfolio_is_checked_company_by_company_and_kept_by_the_officer_form() {
        let mut investor = entry();
        investor["kind"] = json!("investor");
        investor["portfolio"] = json!([
            {"name": "ICEYE", "country": "FI", "description": "Radar imaging satellites."},
            {"name": "", "country": "UK", "description": "x"},
        ]);
        let issues = parse_entry(0, &investor).unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["portfolio[1].name", "portfolio[1].country"]);
        assert!(issues[1].reason.contains("the UK is GB"), "{issues:?}");

        investor["portfolio"][1] = json!({"name": "Oxford Ionics", "country": "GB", "description": "Trapped-ion quantum computers."});
        let record = parse_entry(0, &investor).unwrap();
        assert_eq!(record.details.portfolio.len(), 2);
        assert_eq!(record.details.portfolio[0].country.as_str(), "FI");
        let form = OpportunityForm::from_record(&record);
        assert_eq!(
            form.parse(&record.details).unwrap(),
            record,
            "the form keeps the portfolio"
        );

        let mut call = entry();
        call["portfolio"] = investor["portfolio"].clone();
        assert_eq!(parse_entry(0, &call).unwrap_err()[0].field, "portfolio");
        investor["portfolio"] = json!("ICEYE");
        assert_eq!(parse_entry(0, &investor).unwrap_err()[0].field, "portfolio");
    }

    #[test]
    fn an_investor_thesis_is_checked_part_by_part_and_only_investors_have_one() {
        let mut investor = entry();
        investor["kind"] = json!("investor");
        investor["thesis"] = json!({
            "areas": ["space"], "stages": ["seed"], "countries": ["FI"],
            "ticket_min_eur": 250000, "ticket_max_eur": 2000000, "invests": "directly"
        });
        let record = parse_entry(0, &investor).unwrap();
        let thesis = record.details.thesis.clone().unwrap();
        assert_eq!(thesis.countries[0].as_str(), "FI");
        // The stored shape is the file's shape: it survives the officers' form.
        let form = OpportunityForm::from_record(&record);
        assert_eq!(form.parse(&record.details).unwrap(), record);

        investor["thesis"]["areas"] = json!(["space", "cyber"]);
        investor["thesis"]["ticket_min_eur"] = json!(5000000);
        let fields: Vec<String> = parse_entry(0, &investor)
            .unwrap_err()
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["thesis.areas[1]", "thesis.ticket_max_eur"]);

        let mut call = entry();
        call["thesis"] = json!({"areas": ["space"]});
        assert_eq!(parse_entry(0, &call).unwrap_err()[0].field, "thesis");
    }

    #[test]
    fn trl_window_must_be_ordered() {
        let mut bad = entry();
        bad["trl_min"] = json!(7);
        bad["trl_max"] = json!(3);
        assert_eq!(parse_entry(0, &bad).unwrap_err()[0].field, "trl_max");
    }
}
