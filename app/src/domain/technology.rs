//! Dual-use technologies: what a founder registers, validated field by field.

use super::critical_area::CriticalArea;
use super::export_control::ExportControl;
use super::text;
use super::trl::Trl;
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

slug_enum!(
    /// How the technology's intellectual property is protected.
    IpStatus, "choose how the intellectual property is protected" {
        NotAssessed => ("not_assessed", "Not assessed yet"),
        PatentPending => ("patent_pending", "Patent pending"),
        Patented => ("patented", "Patented"),
        Licensed => ("licensed", "Licensed in"),
        TradeSecret => ("trade_secret", "Trade secret / know-how"),
        OpenSource => ("open_source", "Open source"),
    }
);

slug_enum!(
    /// What the company is looking for.
    Seek, "is not something a technology can seek" {
        Funding => ("funding", "Funding"),
        Partners => ("partners", "Consortium partners"),
        TestFacilities => ("test_facilities", "Test facilities"),
        FirstCustomers => ("first_customers", "First customers"),
    }
);

slug_enum!(
    /// Where a technology is in its life: drafts are private to the company; submitted ones are
    /// visible to officers and (public fields only) investors.
    TechStatus, "choose draft, submitted or archived" {
        Draft => ("draft", "Draft"),
        Submitted => ("submitted", "Submitted"),
        Archived => ("archived", "Archived"),
    }
);

pub const MAX_AREAS: usize = 3;
pub const MAX_KEYWORDS: usize = 15;
pub const MAX_FUNDING_EUR: u64 = 1_000_000_000;

/// A technology that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologyDraft {
    pub title: String,
    pub summary: String,
    pub confidential_details: String,
    pub civil_applications: String,
    pub defence_applications: String,
    pub trl: Trl,
    pub trl_evidence: String,
    pub areas: Vec<CriticalArea>,
    pub keywords: Vec<String>,
    pub export_control: ExportControl,
    pub ip_status: IpStatus,
    pub seeks: Vec<Seek>,
    pub funding_sought_eur: Option<u64>,
}

/// The technology form as submitted. Check boxes arrive as lists (`areas[]`, `seeks[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologyForm {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub confidential_details: String,
    #[serde(default)]
    pub civil_applications: String,
    #[serde(default)]
    pub defence_applications: String,
    #[serde(default)]
    pub trl: String,
    #[serde(default)]
    pub trl_evidence: String,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub keywords: String,
    #[serde(default)]
    pub export_status: String,
    #[serde(default)]
    pub export_code: String,
    #[serde(default)]
    pub export_list_version: String,
    #[serde(default)]
    pub ip_status: String,
    #[serde(default)]
    pub seeks: Vec<String>,
    #[serde(default)]
    pub funding_sought_eur: String,
}

/// Splits "radar, counter-UAS; RF" into trimmed, de-duplicated keywords.
pub fn parse_keywords(raw: &str) -> Result<Vec<String>, String> {
    let mut keywords: Vec<String> = Vec::new();
    for part in raw.split([',', ';', '\n']) {
        let k = part.trim();
        if k.is_empty() {
            continue;
        }
        if k.chars().count() < 2 || k.chars().count() > 40 {
            return Err(format!(
                "each keyword must be 2 to 40 characters ({k:?} is not)"
            ));
        }
        if !keywords
            .iter()
            .any(|existing| existing.eq_ignore_ascii_case(k))
        {
            // Stop at the first keyword too many: the de-duplication is quadratic, so a huge
            // list must not be walked to the end.
            if keywords.len() == MAX_KEYWORDS {
                return Err(format!("at most {MAX_KEYWORDS} keywords"));
            }
            keywords.push(k.to_owned());
        }
    }
    Ok(keywords)
}

impl TechnologyForm {
    pub fn parse(&self) -> Result<TechnologyDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = e.check("title", text::text(&self.title, 3, 120));
        let summary = e.check("summary", text::text(&self.summary, 20, 1500));
        let confidential_details = e.check(
            "confidential_details",
            text::text(&self.confidential_details, 0, 5000),
        );
        let civil_applications = e.check(
            "civil_applications",
            text::text(&self.civil_applications, 0, 1500),
        );
        let defence_applications = e.check(
            "defence_applications",
            text::text(&self.defence_applications, 0, 1500),
        );
        let trl = e.check("trl", Trl::parse(&self.trl));
        let trl_evidence = e.check(
            "trl_evidence",
            text::text(&self.trl_evidence, 10, 1500)
                .map_err(|m| format!("describe the evidence for this TRL: {m}")),
        );
        let areas = e.check("areas", parse_areas(&self.areas));
        let keywords = e.check("keywords", parse_keywords(&self.keywords));
        let export_control = match ExportControl::from_form(
            &self.export_status,
            &self.export_code,
            &self.export_list_version,
        ) {
            Ok(v) => Some(v),
            Err(errors) => {
                for (field, message) in errors {
                    e.add(field, message);
                }
                None
            }
        };
        let ip_status = e.check("ip_status", self.ip_status.parse::<IpStatus>());
        let seeks = e.check("seeks", parse_seeks(&self.seeks));
        let wants_funding = seeks.as_ref().is_some_and(|s| s.contains(&Seek::Funding));
        let funding_sought_eur = if self.funding_sought_eur.trim().is_empty() {
            if wants_funding {
                e.add(
                    "funding_sought_eur",
                    "enter the amount of funding sought (EUR), or untick Funding",
                );
                None
            } else {
                Some(None)
            }
        } else {
            e.check(
                "funding_sought_eur",
                text::number(&self.funding_sought_eur, 1_000, MAX_FUNDING_EUR),
            )
            .map(Some)
        };
        match (
            title,
            summary,
            confidential_details,
            civil_applications,
            defence_applications,
            trl,
            trl_evidence,
            areas,
            keywords,
            export_control,
            ip_status,
            seeks,
            funding_sought_eur,
        ) {
            (
                Some(title),
                Some(summary),
                Some(confidential_details),
                Some(civil_applications),
                Some(defence_applications),
                Some(trl),
                Some(trl_evidence),
                Some(areas),
                Some(keywords),
                Some(export_control),
                Some(ip_status),
                Some(seeks),
                Some(funding_sought_eur),
            ) if e.is_empty() => Ok(TechnologyDraft {
                title,
                summary,
                confidential_details,
                civil_applications,
                defence_applications,
                trl,
                trl_evidence,
                areas,
                keywords,
                export_control,
                ip_status,
                seeks,
                funding_sought_eur,
            }),
            _ => Err(e),
        }
    }
}

fn parse_areas(raw: &[String]) -> Result<Vec<CriticalArea>, String> {
    let mut areas = Vec::new();
    for slug in raw.iter().filter(|s| !s.trim().is_empty()) {
        let area = slug
            .parse::<CriticalArea>()
            .map_err(|_| format!("{slug:?} is not one of the ten EU critical technology areas"))?;
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    match areas.len() {
        0 => Err("choose one to three critical technology areas".to_owned()),
        n if n > MAX_AREAS => Err(format!(
            "choose at most {MAX_AREAS} critical technology areas"
        )),
        _ => {
            areas.sort();
            Ok(areas)
        }
    }
}

fn parse_seeks(raw: &[String]) -> Result<Vec<Seek>, String> {
    let mut seeks = Vec::new();
    for slug in raw.iter().filter(|s| !s.trim().is_empty()) {
        let seek = slug.parse::<Seek>()?;
        if !seeks.contains(&seek) {
            seeks.push(seek);
        }
    }
    seeks.sort();
    Ok(seeks)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn valid_form() -> TechnologyForm {
        TechnologyForm {
            title: "Passive RF drone detection".into(),
            summary: "Detects small drones by their radio emissions with a passive sensor network."
                .into(),
            confidential_details: "Uses a proprietary antenna array.".into(),
            civil_applications: "Airport protection".into(),
            defence_applications: "Counter-UAS for forward bases".into(),
            trl: "5".into(),
            trl_evidence: "Field trial at a test range in 2026".into(),
            areas: vec!["sensing".into(), "artificial_intelligence".into()],
            keywords: "counter-UAS, RF, passive sensing".into(),
            export_status: "listed".into(),
            export_code: "5A002".into(),
            export_list_version: "2024".into(),
            ip_status: "patent_pending".into(),
            seeks: vec!["funding".into(), "partners".into()],
            funding_sought_eur: "2 000 000".into(),
        }
    }

    #[test]
    fn a_valid_form_parses() {
        let draft = valid_form().parse().unwrap();
        assert_eq!(draft.trl.get(), 5);
        assert_eq!(
            draft.areas,
            vec![CriticalArea::ArtificialIntelligence, CriticalArea::Sensing]
        );
        assert_eq!(draft.keywords.len(), 3);
        assert_eq!(draft.funding_sought_eur, Some(2_000_000));
    }

    #[test]
    fn an_empty_trl_is_a_field_error() {
        let mut form = valid_form();
        form.trl = String::new();
        assert_eq!(
            form.parse().unwrap_err().get("trl"),
            Some("choose a TRL from 1 to 9")
        );
    }

    #[test]
    fn areas_need_one_to_three_known_values() {
        let mut form = valid_form();
        form.areas = vec![];
        assert!(form.parse().unwrap_err().get("areas").is_some());
        form.areas = vec![
            "quantum".into(),
            "space".into(),
            "energy".into(),
            "sensing".into(),
        ];
        assert!(form.parse().unwrap_err().get("areas").is_some());
        form.areas = vec!["cyber".into()];
        assert!(form.parse().unwrap_err().get("areas").is_some());
    }

    #[test]
    fn funding_sought_is_required_when_seeking_funding() {
        let mut form = valid_form();
        form.funding_sought_eur = String::new();
        assert!(form
            .parse()
            .unwrap_err()
            .get("funding_sought_eur")
            .is_some());
        form.seeks = vec!["partners".into()];
        assert_eq!(form.parse().unwrap().funding_sought_eur, None);
    }
}
