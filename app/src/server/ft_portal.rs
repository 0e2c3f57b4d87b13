//! The EU Funding & Tenders Portal's search result format (the SEDIA search API's JSON, as an
//! officer saves it from the portal) read into EDF catalogue entries. Each topic is checked on
//! its own and every problem is named by the portal's own field; the caller imports nothing
//! unless every topic is good.

use crate::domain::country::{CountryCode, EU27};
use crate::domain::opportunity::{
    CallStatus, ImportIssue, OpportunityDetails, OpportunityKind, OpportunityRecord, MAX_ID_CHARS,
};
use crate::domain::trl::Trl;
use chrono::{DateTime, Duration, NaiveDate};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// The portal's status codes (the `status` facet of its search API).
pub const STATUS_CODES: [(&str, CallStatus); 3] = [
    ("31094501", CallStatus::Forthcoming),
    ("31094502", CallStatus::Open),
    ("31094503", CallStatus::Closed),
];
const STATUS_RULE: &str =
    "must be one of 31094501 (forthcoming), 31094502 (open) or 31094503 (closed)";

/// The catalogue's limits (`domain::opportunity::parse_entry`), applied here so an imported
/// topic is exactly as valid as a hand-written entry.
const MAX_TITLE_CHARS: usize = 300;
const MAX_DESCRIPTION_CHARS: usize = 5000;
const MAX_TAGS: usize = 50;
const MAX_TAG_CHARS: usize = 60;
/// No EDF topic comes near this; a larger figure is a broken export, not a budget.
const MAX_BUDGET_EUR: i64 = 100_000_000_000;
/// A portal page holds at most 100 results; an export of every EDF topic ever is a few hundred.
pub const MAX_TOPICS: usize = 5000;

/// One topic as the portal publishes it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalTopic {
    /// Upper case, as the catalogue spells EDF topic ids.
    pub id: String,
    pub title: String,
    /// Plain text from the portal's HTML description; `None` when the result has none.
    pub description: Option<String>,
    pub status: CallStatus,
    pub opens: Option<NaiveDate>,
    /// Every submission deadline, earliest first (two-stage topics have two).
    pub deadlines: Vec<NaiveDate>,
    /// This topic's own budget from the budget overview (the overview lists the whole call).
    pub budget_eur: Option<i64>,
    pub keywords: Vec<String>,
}

/// Reads a saved search result: the API's object with `results`, or a list of such results.
pub fn parse_search_result(json: &str) -> Result<Vec<PortalTopic>, Vec<ImportIssue>> {
    let whole = |reason: &str| {
        vec![ImportIssue {
            index: 0,
            id: None,
            field: "(file)".to_owned(),
            reason: reason.to_owned(),
        }]
    };
    let value: Value =
        serde_json::from_str(json).map_err(|e| whole(&format!("is not valid JSON: {e}")))?;
    let results = match &value {
        Value::Object(map) => match map.get("results") {
            Some(Value::Array(results)) => results,
            _ => {
                return Err(whole(
                    "must be the portal's search result: an object with a \"results\" list",
                ))
            }
        },
        Value::Array(results) => results,
        _ => {
            return Err(whole(
                "must be the portal's search result: an object with a \"results\" list",
            ))
        }
    };
    if results.len() > MAX_TOPICS {
        return Err(whole(&format!("holds more than {MAX_TOPICS} topics")));
    }
    let mut topics = Vec::with_capacity(results.len());
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    for (index, result) in results.iter().enumerate() {
        match parse_result(index, result) {
            Ok(topic) => {
                if !seen.insert(topic.id.clone()) {
                    issues.push(ImportIssue {
                        index,
                        id: Some(topic.id.clone()),
                        field: "metadata.identifier".to_owned(),
                        reason: "appears more than once in the file".to_owned(),
                    });
                }
                topics.push(topic);
            }
            Err(mut errs) => issues.append(&mut errs),
        }
    }
    if issues.is_empty() {
        Ok(topics)
    } else {
        Err(issues)
    }
}

struct Reader<'a> {
    index: usize,
    id: Option<String>,
    metadata: &'a Map<String, Value>,
    issues: Vec<ImportIssue>,
}

impl Reader<'_> {
    fn issue(&mut self, field: &str, reason: impl Into<String>) {
        self.issues.push(ImportIssue {
            index: self.index,
            id: self.id.clone(),
            field: format!("metadata.{field}"),
            reason: reason.into(),
        });
    }

    /// Every metadata value is a list of strings in the portal's format; a bare string is
    /// accepted too. `None` when absent or when it has the wrong shape (then an issue).
    fn strings(&mut self, field: &str) -> Option<Vec<String>> {
        match self.metadata.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(vec![s.clone()]),
            Some(Value::Array(items)) => {
                let strings: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if strings.is_none() {
                    self.issue(field, "must be a list of strings");
                }
                strings
            }
            Some(_) => {
                self.issue(field, "must be a list of strings");
                None
            }
        }
    }

    fn first(&mut self, field: &str) -> Option<String> {
        self.strings(field).and_then(|v| {
            v.into_iter()
                .map(|s| s.trim().to_owned())
                .find(|s| !s.is_empty())
        })
    }

    fn date(&mut self, field: &str, raw: &str) -> Option<NaiveDate> {
        let date = portal_date(raw);
        if date.is_none() {
            self.issue(
                field,
                format!("\"{raw}\" is not a date (the portal writes 2026-09-29T17:00:00.000+0200)"),
            );
        }
        date
    }
}

fn parse_result(index: usize, result: &Value) -> Result<PortalTopic, Vec<ImportIssue>> {
    let entry_issue = |field: &str, reason: &str| {
        vec![ImportIssue {
            index,
            id: None,
            field: field.to_owned(),
            reason: reason.to_owned(),
        }]
    };
    let Value::Object(result) = result else {
        return Err(entry_issue("(result)", "must be a JSON object"));
    };
    let Some(Value::Object(metadata)) = result.get("metadata") else {
        return Err(entry_issue(
            "metadata",
            "is required: the object of lists the portal's search API returns",
        ));
    };
    let mut r = Reader {
        index,
        id: None,
        metadata,
        issues: Vec::new(),
    };
    let id = match r.first("identifier") {
        None => {
            r.issue(
                "identifier",
                "is required (the topic id, such as EDF-2026-RA-UWW-FUWN)",
            );
            None
        }
        Some(raw) => {
            let id = raw.to_ascii_uppercase();
            r.id = Some(id.clone());
            if id.chars().count() > MAX_ID_CHARS
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                r.issue(
                    "identifier",
                    format!("must be at most {MAX_ID_CHARS} letters, digits, '-' and '_'"),
                );
                None
            } else if !id.starts_with("EDF-") {
                r.issue(
                    "identifier",
                    "only European Defence Fund topics (EDF-…) can be imported: filter the portal search by the EDF programme",
                );
                None
            } else {
                Some(id)
            }
        }
    };
    let title = r
        .first("title")
        .or_else(|| {
            result
                .get("title")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_owned())
        })
        .filter(|t| !t.is_empty());
    let title = match title {
        None => {
            r.issue("title", "is required");
            None
        }
        Some(t) if t.chars().count() > MAX_TITLE_CHARS => {
            r.issue(
                "title",
                format!("must be at most {MAX_TITLE_CHARS} characters"),
            );
            None
        }
        Some(t) => Some(t),
    };
    let status = match r.first("status") {
        None => {
            r.issue("status", format!("is required and {STATUS_RULE}"));
            None
        }
        Some(code) => {
            let status = STATUS_CODES
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, s)| *s);
            if status.is_none() {
                r.issue("status", format!("\"{code}\" {STATUS_RULE}"));
            }
            status
        }
    };
    let opens = r
        .first("startDate")
        .and_then(|raw| r.date("startDate", &raw));
    let mut deadlines = Vec::new();
    for (i, raw) in r
        .strings("deadlineDate")
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(d) = r.date(&format!("deadlineDate[{i}]"), raw) {
            deadlines.push(d);
        }
    }
    deadlines.sort();
    deadlines.dedup();
    let budget_eur = match (r.first("budgetOverview"), id.as_deref()) {
        (Some(raw), Some(id)) => match topic_budget(&raw, id) {
            Ok(budget) => budget,
            Err(reason) => {
                r.issue("budgetOverview", reason);
                None
            }
        },
        _ => None,
    };
    let description = r
        .first("descriptionByte")
        .or_else(|| {
            result
                .get("summary")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .map(|html| shorten(&html_to_text(&html), MAX_DESCRIPTION_CHARS))
        .filter(|d| !d.is_empty());
    let mut keywords: Vec<String> = Vec::new();
    for keyword in r.strings("keywords").unwrap_or_default() {
        let keyword = keyword.trim().to_owned();
        // Tags longer than the catalogue allows are the portal's sentences, not keywords.
        if !keyword.is_empty()
            && keyword.chars().count() <= MAX_TAG_CHARS
            && !keywords.iter().any(|k| k.eq_ignore_ascii_case(&keyword))
            && keywords.len() < MAX_TAGS
        {
            keywords.push(keyword);
        }
    }
    if let (Some(CallStatus::Forthcoming), None) = (status, opens) {
        r.issue(
            "startDate",
            "a forthcoming topic needs its planned opening date",
        );
    }
    if let (Some(opens), Some(first)) = (opens, deadlines.first()) {
        if opens > *first {
            r.issue("startDate", "must not be after the deadline");
        }
    }
    match (id, title, status) {
        (Some(id), Some(title), Some(status)) if r.issues.is_empty() => Ok(PortalTopic {
            id,
            title,
            description,
            status,
            opens,
            deadlines,
            budget_eur,
            keywords,
        }),
        _ => Err(r.issues),
    }
}

/// A portal timestamp's date in Brussels. The portal writes local times with their offset
/// (`2026-09-29T17:00:00.000+0200`) and sometimes UTC (`2026-03-03T23:00:00.000+0000` for
/// midnight in Brussels); read at UTC+2, both give the Brussels date for every time of day the
/// portal uses (openings at midnight, deadlines at 17:00). A bare `2026-09-29` is taken as is.
pub fn portal_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.len() == 10 {
        return NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
    }
    let instant = DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f%z")
        .or_else(|_| DateTime::parse_from_rfc3339(raw))
        .ok()?;
    Some((instant.naive_utc() + Duration::hours(2)).date())
}

/// This topic's budget from the portal's `budgetOverview`, a JSON text listing the budget of
/// every topic of the call (keyed by internal ids; each action names its topic first).
fn topic_budget(raw: &str, id: &str) -> Result<Option<i64>, String> {
    const RULE: &str = "must be the portal's budget overview (JSON text with budgetTopicActionMap)";
    let overview: Value = serde_json::from_str(raw).map_err(|_| RULE.to_owned())?;
    let actions: Vec<&Map<String, Value>> = match overview.get("budgetTopicActionMap") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(map)) => map
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_object)
            .collect(),
        Some(_) => return Err(RULE.to_owned()),
    };
    let names_topic = |a: &&Map<String, Value>| {
        a.get("action")
            .and_then(Value::as_str)
            .is_some_and(|name| name.trim().to_ascii_uppercase().starts_with(id))
    };
    let mine: Vec<&Map<String, Value>> = actions.iter().copied().filter(names_topic).collect();
    // A single-topic call's only action is the topic's, whatever it is called.
    let mine = if mine.is_empty() && actions.len() == 1 {
        actions
    } else {
        mine
    };
    if mine.is_empty() {
        return Ok(None);
    }
    let mut total: i64 = 0;
    for action in mine {
        let Some(years) = action.get("budgetYearMap").and_then(Value::as_object) else {
            continue;
        };
        for amount in years.values() {
            let euros = match amount {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().replace([',', ' '], "").parse::<f64>().ok(),
                _ => None,
            }
            .filter(|v| v.is_finite() && *v >= 0.0 && *v <= MAX_BUDGET_EUR as f64)
            .ok_or_else(|| {
                "budgetYearMap: each amount must be a non-negative number of euros".to_owned()
            })?;
            total = total.saturating_add(euros.round() as i64);
        }
    }
    if total > MAX_BUDGET_EUR {
        return Err(format!(
            "the topic's budget adds up to more than {MAX_BUDGET_EUR} euros"
        ));
    }
    Ok(Some(total).filter(|t| *t > 0))
}

/// The portal's HTML description as plain text: tags dropped (block ends become line breaks),
/// entities decoded, runs of spaces folded.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let opens_tag = rest[start + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let end = rest[start..].find('>');
        let (true, Some(end)) = (opens_tag, end) else {
            // A '<' that opens no tag is text.
            text.push('<');
            rest = &rest[start + 1..];
            continue;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if matches!(
            tag.as_str(),
            "p" | "br" | "li" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "tr"
        ) {
            text.push('\n');
        } else {
            text.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let decoded = html_escape::decode_html_entities(&text);
    let mut out = String::with_capacity(decoded.len());
    for line in decoded.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&line);
        }
    }
    out
}

/// At most `max` characters, cut after the last full sentence that fits (the full text stays
/// on the portal, which the entry links to).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max - 1).collect();
    let cut = head
        .rfind(". ")
        .or_else(|| head.rfind('\n'))
        .filter(|&i| i > max / 2)
        .map_or(head.len(), |i| i + 1);
    format!("{}…", head[..cut].trim_end())
}

/// What the topic id says about a new topic: `EDF-2026-[LS-]RA|DA|FPA-[SI-|CHALLENGE-]CODE-…`.
struct IdParts {
    year: Option<i32>,
    action_type: String,
    thematic_category: Option<&'static str>,
    trl: (u8, u8),
}

/// The EDF work programmes' category codes, as the catalogue names them.
const CATEGORIES: [(&str, &str); 21] = [
    ("AIR", "Air combat"),
    ("AIRDEF", "Air and missile defence"),
    ("ACC", "Air and missile defence"),
    ("EUCI", "Air and missile defence"),
    ("C4ISR", "Information superiority"),
    ("CYBER", "Cyber"),
    ("DIGIT", "Digital transformation"),
    ("EXP", "Digital transformation"),
    ("DIS", "Disruptive technologies"),
    ("ENERENV", "Energy resilience and environmental transition"),
    ("GROUND", "Ground combat"),
    ("MATCOMP", "Materials and components"),
    (
        "MCBRN",
        "Defence medical response, CBRN, biotech and human factors",
    ),
    ("NAVAL", "Naval combat"),
    ("PROTMOB", "Force protection and mobility"),
    ("SENS", "Advanced passive and active sensors"),
    ("SIMTRAIN", "Simulation and training"),
    ("SPACE", "Space"),
    ("UWW", "Underwater warfare"),
    ("SME", "Non-thematic (open to any technology)"),
    ("SMERO", "Non-thematic (open to any technology)"),
];

fn id_parts(id: &str) -> IdParts {
    let parts: Vec<&str> = id.split('-').collect();
    let year = parts.get(1).and_then(|y| y.parse::<i32>().ok());
    let mut rest = parts.iter().skip(2).copied().peekable();
    let lump_sum = rest.next_if(|p| *p == "LS").is_some();
    let action = rest.next().unwrap_or_default();
    let mut challenge = false;
    let mut code = None;
    for part in rest {
        match part {
            "SI" => {}
            "CHALLENGE" => challenge = true,
            other => {
                code = Some(other);
                break;
            }
        }
    }
    let category = code.and_then(|c| CATEGORIES.iter().find(|(k, _)| *k == c).map(|(_, v)| *v));
    let disruptive = code == Some("DIS");
    let mut notes: Vec<&str> = Vec::new();
    if lump_sum {
        notes.push("lump sum");
    }
    if disruptive {
        notes.push("disruptive");
    }
    if challenge {
        notes.push("technology challenge");
    }
    match code {
        Some("SME") => notes.push("SME-only"),
        Some("SMERO") => notes.push("SMEs and research organisations"),
        _ => {}
    }
    // The catalogue's TRL windows per kind of action (marked heuristic, as the portal gives none).
    let (base, trl) = match action {
        "DA" if lump_sum => ("development", (4, 7)),
        "DA" => ("development", (5, 8)),
        "FPA" => ("research", (2, 7)),
        _ if disruptive => ("research", (1, 4)),
        _ if challenge => ("research", (2, 5)),
        _ => ("research", (2, 6)),
    };
    if action == "FPA" {
        notes.insert(0, "framework partnership");
    }
    let action_type = if notes.is_empty() {
        base.to_owned()
    } else {
        format!("{base} ({})", notes.join(", "))
    };
    IdParts {
        year,
        action_type,
        thematic_category: category,
        trl,
    }
}

/// EDF participants: the EU member states and Norway.
fn edf_countries() -> Vec<CountryCode> {
    EU27.iter()
        .chain(std::iter::once(&"NO"))
        .filter_map(|c| CountryCode::parse(c).ok())
        .collect()
}

impl PortalTopic {
    /// The catalogue entry after this import. An entry already in the catalogue keeps what the
    /// portal does not publish (curated tags, TRL window, category, countries); the portal's
    /// title, description, status, dates and budget replace the stored ones.
    pub fn to_record(&self, stored: Option<&OpportunityRecord>, source: &str) -> OpportunityRecord {
        let parts = id_parts(&self.id);
        let base = match stored {
            Some(stored) => stored.clone(),
            None => {
                let trl = |t: u8| Trl::try_from(t).ok();
                let mut tags = self.keywords.clone();
                if tags.is_empty() {
                    tags.extend(parts.thematic_category.map(str::to_lowercase));
                }
                OpportunityRecord {
                    id: self.id.clone(),
                    kind: OpportunityKind::EdfCall,
                    title: self.title.clone(),
                    description: self.title.clone(),
                    tags,
                    budget_eur: None,
                    deadline: None,
                    trl_min: trl(parts.trl.0),
                    trl_max: trl(parts.trl.1),
                    eligible_countries: edf_countries(),
                    source_url: format!(
                        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/{}",
                        self.id.to_ascii_lowercase()
                    ),
                    details: OpportunityDetails {
                        programme: Some("European Defence Fund".to_owned()),
                        work_programme_year: parts.year,
                        action_type: Some(parts.action_type),
                        thematic_category: parts.thematic_category.map(str::to_owned),
                        trl_is_heuristic: Some(true),
                        ..OpportunityDetails::default()
                    },
                }
            }
        };
        let mut record = base;
        record.title = self.title.clone();
        if let Some(description) = &self.description {
            record.description = description.clone();
        }
        if self.budget_eur.is_some() {
            record.budget_eur = self.budget_eur;
        }
        record.deadline = self.deadlines.first().copied();
        let details = &mut record.details;
        details.status = Some(self.status);
        details.opens = self
            .opens
            .filter(|_| self.status == CallStatus::Forthcoming);
        details.deadline_note = (self.deadlines.len() > 1).then(|| {
            let all: Vec<String> = self.deadlines.iter().map(|d| d.to_string()).collect();
            format!("stage deadlines: {}", all.join(", "))
        });
        details.data_source = Some(source.to_owned());
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn result(metadata: Value) -> String {
        json!({ "totalResults": 1, "results": [{ "reference": "x", "metadata": metadata }] })
            .to_string()
    }

    fn good() -> Value {
        json!({
            "identifier": ["EDF-2027-DA-UWW-ASW"],
            "title": ["Anti-submarine warfare sensors"],
            "status": ["31094501"],
            "startDate": ["2027-03-03T23:00:00.000+0000"],
            "deadlineDate": ["2027-10-14T17:00:00.000+0200"],
            "descriptionByte": ["<span class=\"topicdescriptionkind\">Objective:</span><p>Detect &amp; track&nbsp;submarines.</p>"],
            "budgetOverview": ["{\"budgetTopicActionMap\":{\"1\":[{\"action\":\"EDF-2027-DA-UWW-ASW - EDF-DA\",\"budgetYearMap\":{\"2027\":\"30000000\"}}],\"2\":[{\"action\":\"EDF-2027-DA-AIR-X - EDF-DA\",\"budgetYearMap\":{\"2027\":5}}]}}"],
            "keywords": ["Sonar", "sonar", "Maritime"],
            "frameworkProgramme": ["44181033"]
        })
    }

    #[test]
    fn a_forthcoming_topic_reads_with_brussels_dates_its_own_budget_and_plain_text() {
        let topics = parse_search_result(&result(good())).unwrap();
        let t = &topics[0];
        assert_eq!(t.id, "EDF-2027-DA-UWW-ASW");
        assert_eq!(t.status, CallStatus::Forthcoming);
        assert_eq!(t.opens, NaiveDate::from_ymd_opt(2027, 3, 4));
        assert_eq!(
            t.deadlines,
            vec![NaiveDate::from_ymd_opt(2027, 10, 14).unwrap()]
        );
        assert_eq!(t.budget_eur, Some(30_000_000));
        assert_eq!(t.keywords, vec!["Sonar", "Maritime"]);
        assert_eq!(
            t.description.as_deref(),
            Some("Objective:\nDetect & track submarines.")
        );
        let record = t.to_record(None, "test");
        assert_eq!(record.kind, OpportunityKind::EdfCall);
        assert_eq!(
            record.details.thematic_category.as_deref(),
            Some("Underwater warfare")
        );
        assert_eq!(record.details.action_type.as_deref(), Some("development"));
        assert_eq!(record.trl_min.map(Trl::get), Some(5));
        assert_eq!(record.details.opens, NaiveDate::from_ymd_opt(2027, 3, 4));
        assert_eq!(record.eligible_countries.len(), 28);
        assert!(record.source_url.ends_with("/edf-2027-da-uww-asw"));
    }

    #[test]
    fn a_stored_entry_keeps_what_the_portal_does_not_publish() {
        let mut stored = parse_search_result(&result(good())).unwrap()[0].to_record(None, "old");
        stored.tags = vec!["curated".to_owned()];
        stored.details.deadline_note = Some("inferred".to_owned());
        let mut closed = good();
        closed["status"] = json!(["31094503"]);
        closed["deadlineDate"] = json!(["2027-10-14", "2028-02-01"]);
        let topic = &parse_search_result(&result(closed)).unwrap()[0];
        let record = topic.to_record(Some(&stored), "new");
        assert_eq!(record.tags, vec!["curated"]);
        assert_eq!(record.details.status, Some(CallStatus::Closed));
        assert_eq!(
            record.details.opens, None,
            "only forthcoming topics keep an opening date"
        );
        assert_eq!(
            record.details.deadline_note.as_deref(),
            Some("stage deadlines: 2027-10-14, 2028-02-01")
        );
        assert_eq!(record.details.data_source.as_deref(), Some("new"));
    }

    #[test]
    fn wrong_fields_are_named_and_unknown_ones_ignored() {
        let mut bad = good();
        bad["status"] = json!(["open"]);
        bad["deadlineDate"] = json!(["2027-10-14", "soon"]);
        bad["budgetOverview"] = json!(["not json"]);
        bad["somethingNew"] = json!({"any": "thing"});
        let issues = parse_search_result(&result(bad)).unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "metadata.status",
                "metadata.deadlineDate[1]",
                "metadata.budgetOverview"
            ]
        );
        assert!(
            issues[0].reason.contains("31094502 (open)"),
            "{}",
            issues[0].reason
        );
        assert_eq!(issues[0].id.as_deref(), Some("EDF-2027-DA-UWW-ASW"));
    }

    #[test]
    fn only_edf_topics_and_forthcoming_ones_with_an_opening_date() {
        let mut horizon = good();
        horizon["identifier"] = json!(["HORIZON-CL3-2027-FCT-01"]);
        let mut no_start = good();
        no_start["startDate"] = Value::Null;
        let mut late_start = good();
        late_start["startDate"] = json!(["2027-11-01"]);
        for (metadata, field) in [
            (horizon, "metadata.identifier"),
            (no_start, "metadata.startDate"),
            (late_start, "metadata.startDate"),
        ] {
            let issues = parse_search_result(&result(metadata)).unwrap_err();
            assert_eq!(issues[0].field, field, "{issues:?}");
        }
        let twice = json!({ "results": [{ "metadata": good() }, { "metadata": good() }] });
        let issues = parse_search_result(&twice.to_string()).unwrap_err();
        assert_eq!(
            (issues[0].index, issues[0].field.as_str()),
            (1, "metadata.identifier")
        );
        assert!(parse_search_result("[1]").is_err());
        assert!(parse_search_result("{\"results\": 3}").is_err());
    }

    #[test]
    fn ids_give_the_kind_of_action_and_category() {
        let p = id_parts("EDF-2026-LS-DA-SME-NT");
        assert_eq!(p.action_type, "development (lump sum, SME-only)");
        assert_eq!(p.trl, (4, 7));
        let p = id_parts("EDF-2025-LS-RA-CHALLENGE-DIGIT-HAIDO");
        assert_eq!(p.action_type, "research (lump sum, technology challenge)");
        assert_eq!(p.thematic_category, Some("Digital transformation"));
        let p = id_parts("EDF-2024-LS-RA-DIS-NT");
        assert_eq!(
            (p.action_type.as_str(), p.trl),
            ("research (lump sum, disruptive)", (1, 4))
        );
        let p = id_parts("EDF-2026-RA-SI-UWW-CSBI-STEP");
        assert_eq!(p.thematic_category, Some("Underwater warfare"));
        assert_eq!(p.year, Some(2026));
        assert_eq!(id_parts("EDF-2027-RA-NEWCODE-X").thematic_category, None);
    }

    #[test]
    fn long_descriptions_end_at_a_sentence() {
        let text = "One sentence here. ".repeat(400);
        let short = shorten(text.trim(), 5000);
        assert!(short.chars().count() <= 5000);
        assert!(short.ends_with("here.…"), "{}", &short[short.len() - 20..]);
        assert_eq!(html_to_text("a < b<br/>c"), "a < b\nc");
    }
}
