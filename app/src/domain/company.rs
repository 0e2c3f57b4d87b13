//! Organisations that register technologies (start-ups, SMEs, large companies, research
//! organisations, universities): their profile, the EU SME test and EDF entity eligibility.

use super::country::CountryCode;
use super::text;
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// EU SME definition (Recommendation 2003/361/EC): fewer than 250 staff, and turnover of at most
/// €50m or a balance-sheet total of at most €43m.
pub const SME_MAX_STAFF_EXCLUSIVE: u64 = 250;
pub const SME_MAX_TURNOVER_EUR: u64 = 50_000_000;
pub const SME_MAX_BALANCE_SHEET_EUR: u64 = 43_000_000;

pub fn is_sme(headcount: u64, turnover_eur: u64, balance_sheet_eur: u64) -> bool {
    headcount < SME_MAX_STAFF_EXCLUSIVE
        && (turnover_eur <= SME_MAX_TURNOVER_EUR || balance_sheet_eur <= SME_MAX_BALANCE_SHEET_EUR)
}

slug_enum! {
    /// What kind of organisation registers technologies; consortia need more than start-ups.
    EntityType, "must be one of: startup, sme, large_company, research_organisation, university" {
        Startup => ("startup", "Start-up"),
        Sme => ("sme", "SME"),
        LargeCompany => ("large_company", "Large company"),
        ResearchOrganisation => ("research_organisation", "Research organisation"),
        University => ("university", "University"),
    }
}

impl EntityType {
    /// Start-ups and SMEs are enterprises the EU SME test applies to; the others never count
    /// as SMEs.
    pub fn may_be_sme(self) -> bool {
        matches!(self, Self::Startup | Self::Sme)
    }
}

/// Whether a company can take part in the EDF as an entity, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdfEligibility {
    pub eligible: bool,
    pub reason: String,
}

/// EDF applicants are established in the EU-27 or Norway and not controlled from elsewhere.
pub fn edf_eligibility(
    country: &CountryCode,
    controlled_from: Option<&CountryCode>,
) -> EdfEligibility {
    if !country.is_edf_country() {
        return EdfEligibility {
            eligible: false,
            reason: format!(
                "established in {} — EDF entities must be established in the EU-27 or Norway",
                country.name()
            ),
        };
    }
    match controlled_from {
        Some(controller) if !controller.is_edf_country() => EdfEligibility {
            eligible: false,
            reason: format!("controlled from {} — EDF entities must not be controlled from outside the EU-27 and Norway", controller.name()),
        },
        _ => EdfEligibility {
            eligible: true,
            reason: format!("established in {} and not controlled from outside the EU-27 and Norway", country.name()),
        },
    }
}

/// A company profile that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfile {
    pub legal_name: String,
    pub country: CountryCode,
    pub city: String,
    pub website: Option<String>,
    pub year_founded: u16,
    pub headcount: u64,
    pub turnover_eur: u64,
    pub balance_sheet_eur: u64,
    /// The country outside the EU/EEA the company is controlled from, if it declared one.
    pub controlled_from: Option<CountryCode>,
    /// `None` for a company registered before entity types: a start-up or SME, as its
    /// figures say.
    #[serde(default)]
    pub entity_type: Option<EntityType>,
    /// The group it belongs to (its ultimate parent), if any: entities of one group are not
    /// independent of each other in an EDF consortium.
    #[serde(default)]
    pub parent_group: Option<String>,
}

/// The company form as submitted: every field a string, as HTML forms send them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyForm {
    pub legal_name: String,
    pub country: String,
    pub city: String,
    pub website: String,
    pub year_founded: String,
    pub headcount: String,
    pub turnover_eur: String,
    pub balance_sheet_eur: String,
    /// `"yes"` when the company declares it is controlled from outside the EU/EEA.
    pub foreign_controlled: Option<String>,
    pub controlling_country: String,
    /// An `EntityType` slug; empty keeps what the figures say (start-up or SME, or not).
    #[serde(default)]
    pub entity_type: String,
    /// Optional: the ultimate parent's name when the organisation belongs to a group.
    #[serde(default)]
    pub parent_group: String,
}

pub const MAX_EUR: u64 = 1_000_000_000_000;

impl CompanyForm {
    pub fn parse(&self, current_year: u16) -> Result<CompanyProfile, FieldErrors> {
        let mut e = FieldErrors::new();
        let legal_name = e.check("legal_name", text::text(&self.legal_name, 2, 200));
        let country = e.check(
            "country",
            if self.country.trim().is_empty() {
                Err("choose the country where the company is established".to_owned())
            } else {
                CountryCode::parse(&self.country).map_err(|err| err.to_string())
            },
        );
        let city = e.check("city", text::text(&self.city, 1, 100));
        let website = e.check("website", text::optional_url(&self.website, 200));
        let year_founded = e.check(
            "year_founded",
            text::number(&self.year_founded, 1800, current_year as u64),
        );
        let headcount = e.check("headcount", text::number(&self.headcount, 0, 10_000_000));
        let turnover = e.check("turnover_eur", text::number(&self.turnover_eur, 0, MAX_EUR));
        let balance = e.check(
            "balance_sheet_eur",
            text::number(&self.balance_sheet_eur, 0, MAX_EUR),
        );
        let declared = self
            .foreign_controlled
            .as_deref()
            .is_some_and(|v| !v.is_empty() && v != "no");
        let controlled_from = if declared {
            e.check(
                "controlling_country",
                CountryCode::parse(&self.controlling_country)
                    .map_err(|_| "choose the country the company is controlled from".to_owned())
                    .and_then(|c| {
                        if c.is_eu_or_eea() {
                            Err(format!(
                                "{} is inside the EU/EEA: leave the declaration unticked",
                                c.name()
                            ))
                        } else {
                            Ok(c)
                        }
                    }),
            )
            .map(Some)
        } else {
            Some(None)
        };
        let entity_type = e.check(
            "entity_type",
            if self.entity_type.trim().is_empty() {
                Ok(None)
            } else {
                self.entity_type.parse::<EntityType>().map(Some)
            },
        );
        let parent_group = e.check("parent_group", text::optional_text(&self.parent_group, 200));
        // The EU SME test applies to what the founder says: a start-up or SME over the
        // thresholds is refused with the reason, on the entity type.
        if let (Some(Some(kind)), Some(h), Some(t), Some(b)) =
            (entity_type, headcount, turnover, balance)
        {
            if kind.may_be_sme() && !is_sme(h, t, b) {
                e.add(
                    "entity_type",
                    format!(
                        "{} is an SME only under the EU thresholds (fewer than 250 staff, and \
                         turnover of at most EUR 50m or a balance sheet of at most EUR 43m); \
                         with these figures choose large company",
                        kind.label()
                    ),
                );
            }
        }
        match (
            legal_name,
            country,
            city,
            website,
            year_founded,
            headcount,
            turnover,
            balance,
            controlled_from,
            entity_type,
            parent_group,
        ) {
            (
                Some(legal_name),
                Some(country),
                Some(city),
                Some(website),
                Some(year),
                Some(headcount),
                Some(turnover_eur),
                Some(balance_sheet_eur),
                Some(controlled_from),
                Some(entity_type),
                Some(parent_group),
            ) if e.is_empty() => Ok(CompanyProfile {
                legal_name,
                country,
                city,
                website,
                year_founded: year as u16,
                headcount,
                turnover_eur,
                balance_sheet_eur,
                controlled_from,
                entity_type,
                parent_group,
            }),
            _ => Err(e),
        }
    }
}

impl CompanyProfile {
    /// The EU SME test on the figures; a large company, research organisation or university
    /// is never an SME.
    pub fn is_sme(&self) -> bool {
        self.entity_type.is_none_or(EntityType::may_be_sme)
            && is_sme(self.headcount, self.turnover_eur, self.balance_sheet_eur)
    }

    /// The entity type as declared, or as the figures say for a company that never said.
    pub fn entity_type_or_figures(&self) -> EntityType {
        self.entity_type.unwrap_or(if self.is_sme() {
            EntityType::Sme
        } else {
            EntityType::LargeCompany
        })
    }

    pub fn edf_eligibility(&self) -> EdfEligibility {
        edf_eligibility(&self.country, self.controlled_from.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sme_boundaries_follow_the_eu_definition() {
        // Staff: fewer than 250.
        assert!(is_sme(249, 10_000_000, 10_000_000));
        assert!(!is_sme(250, 10_000_000, 10_000_000));
        // Turnover ≤ €50m OR balance sheet ≤ €43m.
        assert!(is_sme(10, 50_000_000, 100_000_000));
        assert!(!is_sme(10, 50_000_001, 43_000_001));
        assert!(is_sme(10, 50_000_001, 43_000_000));
        assert!(is_sme(10, 200_000_000, 43_000_000));
        assert!(is_sme(0, 0, 0));
    }

    #[test]
    fn edf_eligibility_needs_an_eu_or_norwegian_base_and_no_foreign_control() {
        let c = |s: &str| CountryCode::parse(s).unwrap();
        assert!(edf_eligibility(&c("FI"), None).eligible);
        assert!(edf_eligibility(&c("NO"), None).eligible);
        assert!(!edf_eligibility(&c("GB"), None).eligible);
        assert!(!edf_eligibility(&c("CH"), None).eligible);
        let controlled = edf_eligibility(&c("DE"), Some(&c("CN")));
        assert!(!controlled.eligible);
        assert!(controlled.reason.contains("China"));
    }

    fn form() -> CompanyForm {
        CompanyForm {
            legal_name: "Aurora Sensing Oy".into(),
            country: "fi".into(),
            city: "Espoo".into(),
            website: "https://aurora-sensing.example".into(),
            year_founded: "2019".into(),
            headcount: "42".into(),
            turnover_eur: "3 200 000".into(),
            balance_sheet_eur: "2500000".into(),
            foreign_controlled: None,
            controlling_country: String::new(),
            entity_type: "startup".into(),
            parent_group: String::new(),
        }
    }

    #[test]
    fn entity_types_follow_the_sme_test() {
        let mut f = form();
        f.headcount = "400".into();
        let errors = f.parse(2026).unwrap_err();
        assert!(
            errors.get("entity_type").unwrap().contains("large company"),
            "{errors:?}"
        );
        f.entity_type = "large_company".into();
        let large = f.parse(2026).unwrap();
        assert!(!large.is_sme());
        f.headcount = "40".into();
        f.entity_type = "university".into();
        let university = f.parse(2026).unwrap();
        assert!(!university.is_sme(), "a university is never an SME");
        assert_eq!(university.entity_type, Some(EntityType::University));
        f.entity_type = "charity".into();
        assert!(f.parse(2026).unwrap_err().get("entity_type").is_some());
        f.entity_type = String::new();
        let unsaid = f.parse(2026).unwrap();
        assert_eq!(unsaid.entity_type, None);
        assert_eq!(unsaid.entity_type_or_figures(), EntityType::Sme);
    }

    #[test]
    fn a_valid_form_gives_a_profile() {
        let profile = form().parse(2026).unwrap();
        assert_eq!(profile.country.as_str(), "FI");
        assert!(profile.is_sme());
        assert!(profile.edf_eligibility().eligible);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let mut f = form();
        f.legal_name = "".into();
        f.country = "XX".into();
        f.year_founded = "2031".into();
        f.headcount = "-1".into();
        f.foreign_controlled = Some("yes".into());
        f.controlling_country = "DE".into();
        let errors = f.parse(2026).unwrap_err();
        for field in [
            "legal_name",
            "country",
            "year_founded",
            "headcount",
            "controlling_country",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }
}
