//! The European Defence Fund's consortium rule, as a pure function of a draft consortium and its
//! call topic: every rule passed or failed with its reason, and what is still missing.
//!
//! The rule (Regulation (EU) 2021/697, Articles 9 and 10): at least 3 independent eligible
//! entities established in at least 3 different EU member states or associated countries
//! (Norway); calls for disruptive technologies, or a call that says so, ask for fewer (here 2
//! from 2). Affiliated entities and associated partners take part but do not count; entities of
//! one group count once. No beneficiary may be controlled from a non-associated third country.
//! SME-only topics need every counted entity to be an SME. Only members who accepted count.

use super::country::CountryCode;
use super::critical_area::CriticalArea;
use super::opportunity::OpportunityRecord;
use super::trl::Trl;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

slug_enum! {
    /// A member's part in the consortium, as the EDF grant agreement names them.
    MemberRole, "must be one of: coordinator, beneficiary, affiliated_entity, associated_partner" {
        Coordinator => ("coordinator", "Coordinator"),
        Beneficiary => ("beneficiary", "Beneficiary"),
        AffiliatedEntity => ("affiliated_entity", "Affiliated entity"),
        AssociatedPartner => ("associated_partner", "Associated partner"),
    }
}

impl MemberRole {
    /// Coordinators and beneficiaries are the independent entities the rule counts.
    pub fn counts(self) -> bool {
        matches!(self, Self::Coordinator | Self::Beneficiary)
    }
}

slug_enum! {
    /// Where an invitation stands; only accepted members count.
    MemberStatus, "must be one of: invited, accepted, declined, withdrawn" {
        Invited => ("invited", "Invited"),
        Accepted => ("accepted", "Accepted"),
        Declined => ("declined", "Declined"),
        Withdrawn => ("withdrawn", "Withdrawn"),
    }
}

slug_enum! {
    /// An invited organisation's answer.
    Answer, "must be accept or decline" {
        Accept => ("accept", "Accept"),
        Decline => ("decline", "Decline"),
    }
}

/// A membership change that the status it was made from does not allow, said for the person
/// who tried it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MoveRefused(pub String);

impl MemberStatus {
    /// The lead invites an organisation: new, or again after a decline or withdrawal.
    pub fn invite(previous: Option<Self>) -> Result<Self, MoveRefused> {
        match previous {
            None | Some(Self::Declined) | Some(Self::Withdrawn) => Ok(Self::Invited),
            Some(Self::Invited) => Err(MoveRefused(
                "this organisation is invited already and has not answered yet".to_owned(),
            )),
            Some(Self::Accepted) => Err(MoveRefused(
                "this organisation is a member of the consortium already".to_owned(),
            )),
        }
    }

    /// The invited organisation accepts or declines; only an open invitation can be answered.
    pub fn answer(self, accept: bool) -> Result<Self, MoveRefused> {
        match self {
            Self::Invited if accept => Ok(Self::Accepted),
            Self::Invited => Ok(Self::Declined),
            other => Err(MoveRefused(format!(
                "there is no open invitation to answer: it is {} now",
                other.label().to_lowercase()
            ))),
        }
    }

    /// The lead takes an invitation back or removes a member, or a member leaves.
    pub fn withdraw(self) -> Result<Self, MoveRefused> {
        match self {
            Self::Invited | Self::Accepted => Ok(Self::Withdrawn),
            other => Err(MoveRefused(format!(
                "only an open invitation or a member can be withdrawn: it is {} now",
                other.label().to_lowercase()
            ))),
        }
    }
}

/// One organisation in a draft consortium, as the rule needs to see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub country: CountryCode,
    pub role: MemberRole,
    pub status: MemberStatus,
    pub is_sme: bool,
    /// The country it is controlled from, when not where it is established.
    pub controlled_from: Option<CountryCode>,
    /// The group it belongs to (its ultimate parent), when it has one: entities of one group
    /// are not independent of each other.
    pub group: Option<String>,
}

/// What the call topic asks of a consortium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRules {
    pub min_entities: usize,
    pub min_countries: usize,
    pub sme_only: bool,
    /// Where members may be established (the catalogue's eligible countries).
    pub eligible_countries: Vec<CountryCode>,
    pub deadline: Option<NaiveDate>,
}

/// The general rule: 3 independent entities from 3 countries.
pub const MIN_ENTITIES: usize = 3;
pub const MIN_COUNTRIES: usize = 3;
/// Disruptive-technology calls: 2 from 2.
pub const MIN_ENTITIES_DISRUPTIVE: usize = 2;
pub const MIN_COUNTRIES_DISRUPTIVE: usize = 2;

impl CallRules {
    /// The rules of a catalogue topic: disruptive calls (their action type says so) need 2
    /// entities from 2 countries; SME-only topics say so too.
    pub fn of(topic: &OpportunityRecord) -> Self {
        let action = topic
            .details
            .action_type
            .as_deref()
            .unwrap_or_default()
            .to_lowercase();
        let disruptive = action.contains("disruptive")
            || topic
                .details
                .thematic_category
                .as_deref()
                .is_some_and(|c| c.to_lowercase().contains("disruptive"));
        let (min_entities, min_countries) = if disruptive {
            (MIN_ENTITIES_DISRUPTIVE, MIN_COUNTRIES_DISRUPTIVE)
        } else {
            (MIN_ENTITIES, MIN_COUNTRIES)
        };
        let eligible_countries = if topic.eligible_countries.is_empty() {
            // EDF: the member states and Norway.
            super::country::EU27
                .iter()
                .chain(std::iter::once(&"NO"))
                .filter_map(|c| CountryCode::parse(c).ok())
                .collect()
        } else {
            topic.eligible_countries.clone()
        };
        Self {
            min_entities,
            min_countries,
            sme_only: topic.details.sme_only(),
            eligible_countries,
            deadline: topic.deadline,
        }
    }
}

slug_enum! {
    /// The rules of the check, in the order the page lists them.
    Rule, "unknown rule" {
        Entities => ("entities", "Independent entities"),
        Countries => ("countries", "Eligible countries"),
        MemberCountries => ("member_countries", "Each member's country"),
        Control => ("control", "Control"),
        SmeOnly => ("sme_only", "SME-only topic"),
        Deadline => ("deadline", "Deadline"),
    }
}

/// One rule, passed or not, with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCheck {
    pub rule: Rule,
    pub passed: bool,
    pub reason: String,
}

/// The whole check of a draft consortium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    pub checks: Vec<RuleCheck>,
    /// What would close the gaps, in words ("one more entity from a third eligible country").
    pub missing: Vec<String>,
    /// Countries already counted, so suggestions can prefer new ones.
    pub counted_countries: Vec<CountryCode>,
}

impl Eligibility {
    pub fn eligible(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }
}

pub fn ordinal(n: usize) -> &'static str {
    match n {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        _ => "further",
    }
}

/// "one more entity from …", "two more entities from …": `what` follows "entity".
fn more(n: usize, what: &str) -> String {
    match n {
        1 => format!("one more entity{what}"),
        2 => format!("two more entities{what}"),
        n => format!("{n} more entities{what}"),
    }
}

/// A third country is "non-associated" unless it is an EU member state or Norway.
fn associated(c: &CountryCode) -> bool {
    c.is_edf_country()
}

/// Checks a consortium against its call on `today`.
pub fn check(members: &[Member], rules: &CallRules, today: NaiveDate) -> Eligibility {
    let active: Vec<&Member> = members
        .iter()
        .filter(|m| m.status == MemberStatus::Accepted)
        .collect();
    let counted: Vec<&Member> = active.iter().copied().filter(|m| m.role.counts()).collect();
    let mut checks = Vec::new();
    let mut missing = Vec::new();

    // Each member's country: a member established outside the call's countries cannot be a
    // beneficiary (it may still be an associated partner, which adds nothing to the count).
    let outside: Vec<&Member> = counted
        .iter()
        .copied()
        .filter(|m| !rules.eligible_countries.contains(&m.country))
        .collect();
    checks.push(RuleCheck {
        rule: Rule::MemberCountries,
        passed: outside.is_empty(),
        reason: if outside.is_empty() {
            "every coordinator and beneficiary is established in a country eligible for the call"
                .to_owned()
        } else {
            let names: Vec<String> = outside
                .iter()
                .map(|m| format!("{} ({})", m.name, m.country.name()))
                .collect();
            format!(
                "established outside the call's countries: {}",
                names.join(", ")
            )
        },
    });
    // Control: a beneficiary controlled from a non-associated third country is not eligible.
    let controlled: Vec<&Member> = counted
        .iter()
        .copied()
        .filter(|m| m.controlled_from.as_ref().is_some_and(|c| !associated(c)))
        .collect();
    checks.push(RuleCheck {
        rule: Rule::Control,
        passed: controlled.is_empty(),
        reason: if controlled.is_empty() {
            "no member is controlled from a non-associated third country".to_owned()
        } else {
            let names: Vec<String> = controlled
                .iter()
                .map(|m| {
                    format!(
                        "{} (controlled from {})",
                        m.name,
                        m.controlled_from.as_ref().map_or("", |c| c.name())
                    )
                })
                .collect();
            format!(
                "controlled from outside the EU and Norway, so not eligible: {}",
                names.join(", ")
            )
        },
    });

    // Independent eligible entities: eligible counted members, one per group.
    let eligible: Vec<&Member> = counted
        .iter()
        .copied()
        .filter(|m| {
            rules.eligible_countries.contains(&m.country)
                && m.controlled_from.as_ref().is_none_or(associated)
        })
        .collect();
    let mut groups = BTreeSet::new();
    let mut independent = 0;
    for m in &eligible {
        match &m.group {
            Some(g) if !groups.insert(g.to_lowercase()) => {}
            _ => independent += 1,
        }
    }
    let affiliated = active
        .iter()
        .filter(|m| m.role == MemberRole::AffiliatedEntity)
        .count();
    let entities_ok = independent >= rules.min_entities;
    checks.push(RuleCheck {
        rule: Rule::Entities,
        passed: entities_ok,
        reason: format!(
            "{independent} of at least {} independent eligible entities{}",
            rules.min_entities,
            if affiliated > 0 {
                format!(
                    " ({affiliated} affiliated entit{} not counted)",
                    if affiliated == 1 { "y" } else { "ies" }
                )
            } else {
                String::new()
            }
        ),
    });
    let countries: BTreeSet<&CountryCode> = eligible.iter().map(|m| &m.country).collect();
    let countries_ok = countries.len() >= rules.min_countries;
    let names: Vec<&str> = countries.iter().map(|c| c.name()).collect();
    checks.push(RuleCheck {
        rule: Rule::Countries,
        passed: countries_ok,
        reason: format!(
            "{} of at least {} eligible countries{}",
            countries.len(),
            rules.min_countries,
            if names.is_empty() {
                String::new()
            } else {
                format!(" ({})", names.join(", "))
            }
        ),
    });
    // What would close both gaps at once: entities from new countries first.
    let new_countries = rules.min_countries.saturating_sub(countries.len());
    let new_entities = rules.min_entities.saturating_sub(independent);
    if new_countries > 0 {
        let what = if new_countries == 1 {
            format!(" from a {} eligible country", ordinal(countries.len() + 1))
        } else {
            " from other eligible countries".to_owned()
        };
        missing.push(more(new_countries, &what));
    }
    if new_entities > new_countries {
        missing.push(more(
            new_entities - new_countries,
            " (independent and eligible, from any eligible country)",
        ));
    }

    if rules.sme_only {
        let large: Vec<&str> = counted
            .iter()
            .filter(|m| !m.is_sme)
            .map(|m| m.name.as_str())
            .collect();
        checks.push(RuleCheck {
            rule: Rule::SmeOnly,
            passed: large.is_empty(),
            reason: if large.is_empty() {
                "the topic is reserved for SMEs and every counted member is one".to_owned()
            } else {
                format!(
                    "the topic is reserved for SMEs; not SMEs: {}",
                    large.join(", ")
                )
            },
        });
        if !large.is_empty() {
            missing.push(
                "replace the members that are not SMEs, or make them associated partners"
                    .to_owned(),
            );
        }
    }
    let open = rules.deadline.is_none_or(|d| d >= today);
    checks.push(RuleCheck {
        rule: Rule::Deadline,
        passed: open,
        reason: match rules.deadline {
            None => "rolling — no deadline".to_owned(),
            Some(d) if open => format!("open until {d}"),
            Some(d) => format!("closed on {d}"),
        },
    });
    let mut counted_countries: Vec<CountryCode> = countries.into_iter().cloned().collect();
    counted_countries.sort();
    Eligibility {
        checks,
        missing,
        counted_countries,
    }
}

/// What a draft consortium has already, for judging what a partner would add: the countries
/// and critical areas of its accepted and invited members.
#[derive(Debug, Clone, Default)]
pub struct DraftCoverage {
    pub countries: BTreeSet<CountryCode>,
    pub areas: BTreeSet<CriticalArea>,
}

/// A possible partner: its company's country and the technology that fits the call.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub country: &'a CountryCode,
    pub areas: &'a [CriticalArea],
    pub trl: Trl,
    /// How well its technology fits the call's text, 0 to 1 (1: the best fit found).
    pub fit: f32,
}

/// What a partner adds to a draft, in points and in words.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerValue {
    pub score: f32,
    pub reasons: Vec<String>,
    /// Once it accepts, a gap the check names is smaller.
    pub closes_gap: bool,
}

/// Points for what a partner adds beyond its fit: a new eligible country counts most (the rule
/// needs countries), then an area the call asks for that no member covers, then a TRL inside
/// the call's window.
pub const NEW_COUNTRY_POINTS: f32 = 0.6;
pub const NEW_AREA_POINTS: f32 = 0.3;
pub const TRL_WINDOW_POINTS: f32 = 0.2;

/// Ranks a candidate for a draft: its fit plus what it adds, each addition said in words.
pub fn partner_value(
    candidate: &Candidate<'_>,
    draft: &DraftCoverage,
    call_areas: &[CriticalArea],
    rules: &CallRules,
    eligibility: &Eligibility,
    trl_window: (Option<Trl>, Option<Trl>),
) -> PartnerValue {
    let mut score = candidate.fit;
    let mut reasons = Vec::new();
    let new_country = !draft.countries.contains(candidate.country);
    let countries_short = eligibility.counted_countries.len() < rules.min_countries;
    if new_country {
        score += NEW_COUNTRY_POINTS;
        let nth = draft.countries.len() + 1;
        reasons.push(format!(
            "adds {} — a {} eligible country",
            candidate.country.name(),
            ordinal(nth)
        ));
    }
    let new_areas: Vec<&CriticalArea> = candidate
        .areas
        .iter()
        .filter(|a| call_areas.contains(a) && !draft.areas.contains(a))
        .collect();
    if !new_areas.is_empty() {
        score += NEW_AREA_POINTS;
        let names: Vec<String> = new_areas.iter().map(|a| a.label().to_lowercase()).collect();
        reasons.push(format!(
            "covers {}, which the call asks for",
            names.join(" and ")
        ));
    }
    let (min, max) = trl_window;
    let in_window =
        min.is_none_or(|m| candidate.trl >= m) && max.is_none_or(|m| candidate.trl <= m);
    if in_window && (min.is_some() || max.is_some()) {
        score += TRL_WINDOW_POINTS;
        reasons.push(format!(
            "TRL {}, in the call's window (TRL {}–{})",
            candidate.trl.get(),
            min.map_or(1, |t| t.get()),
            max.map_or(9, |t| t.get())
        ));
    } else if !in_window {
        reasons.push(format!(
            "TRL {}, outside the call's window (TRL {}–{})",
            candidate.trl.get(),
            min.map_or(1, |t| t.get()),
            max.map_or(9, |t| t.get())
        ));
    }
    let entities_short = eligibility
        .checks
        .iter()
        .any(|c| c.rule == Rule::Entities && !c.passed);
    PartnerValue {
        score,
        reasons,
        closes_gap: (new_country && countries_short) || entities_short,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partner_from_a_new_country_with_a_missing_area_ranks_above_a_better_text_fit() {
        let rules = rules();
        let mut lead = member("Aurora Sensing Oy", "FI");
        lead.role = MemberRole::Coordinator;
        let eligibility = check(&[lead], &rules, today());
        let draft = DraftCoverage {
            countries: [CountryCode::parse("FI").unwrap()].into(),
            areas: [CriticalArea::Sensing].into(),
        };
        let pl = CountryCode::parse("PL").unwrap();
        let fi = CountryCode::parse("FI").unwrap();
        let window = (Trl::try_from(4).ok(), Trl::try_from(7).ok());
        let call = [CriticalArea::Sensing, CriticalArea::Space];
        let adds = partner_value(
            &Candidate {
                country: &pl,
                areas: &[CriticalArea::Space],
                trl: Trl::try_from(6).unwrap(),
                fit: 0.5,
            },
            &draft,
            &call,
            &rules,
            &eligibility,
            window,
        );
        let same = partner_value(
            &Candidate {
                country: &fi,
                areas: &[CriticalArea::Sensing],
                trl: Trl::try_from(9).unwrap(),
                fit: 1.0,
            },
            &draft,
            &call,
            &rules,
            &eligibility,
            window,
        );
        assert!(adds.score > same.score, "{adds:?} {same:?}");
        assert_eq!(
            adds.reasons,
            vec![
                "adds Poland — a second eligible country",
                "covers space and propulsion, which the call asks for",
                "TRL 6, in the call's window (TRL 4–7)",
            ]
        );
        assert!(adds.closes_gap);
        assert_eq!(
            same.reasons,
            vec!["TRL 9, outside the call's window (TRL 4–7)"]
        );
    }

    #[test]
    fn invitations_move_only_from_the_state_they_were_seen_in() {
        use MemberStatus::*;
        assert_eq!(MemberStatus::invite(None), Ok(Invited));
        assert_eq!(MemberStatus::invite(Some(Declined)), Ok(Invited));
        assert_eq!(MemberStatus::invite(Some(Withdrawn)), Ok(Invited));
        assert!(MemberStatus::invite(Some(Invited)).is_err());
        assert!(MemberStatus::invite(Some(Accepted)).is_err());
        assert_eq!(Invited.answer(true), Ok(Accepted));
        assert_eq!(Invited.answer(false), Ok(Declined));
        for answered in [Accepted, Declined, Withdrawn] {
            assert!(answered.answer(true).is_err(), "{answered:?}");
        }
        assert_eq!(Invited.withdraw(), Ok(Withdrawn));
        assert_eq!(Accepted.withdraw(), Ok(Withdrawn));
        assert!(Declined.withdraw().is_err());
        assert!(Withdrawn.withdraw().is_err());
    }

    fn member(name: &str, country: &str) -> Member {
        Member {
            name: name.to_owned(),
            country: CountryCode::parse(country).unwrap(),
            role: MemberRole::Beneficiary,
            status: MemberStatus::Accepted,
            is_sme: true,
            controlled_from: None,
            group: None,
        }
    }

    fn rules() -> CallRules {
        CallRules {
            min_entities: MIN_ENTITIES,
            min_countries: MIN_COUNTRIES,
            sme_only: false,
            eligible_countries: ["FI", "PL", "DE", "FR", "NO", "EE"]
                .iter()
                .map(|c| CountryCode::parse(c).unwrap())
                .collect(),
            deadline: NaiveDate::from_ymd_opt(2027, 10, 14),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 5, 1).unwrap()
    }

    fn failed(e: &Eligibility) -> Vec<Rule> {
        e.checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.rule)
            .collect()
    }

    #[test]
    fn three_entities_from_three_countries_are_eligible() {
        let mut coordinator = member("Aurora Sensing Oy", "FI");
        coordinator.role = MemberRole::Coordinator;
        let e = check(
            &[
                coordinator,
                member("Wisła Radar", "PL"),
                member("Rhein Optics", "DE"),
            ],
            &rules(),
            today(),
        );
        assert!(e.eligible(), "{e:?}");
        assert!(e.missing.is_empty());
        assert_eq!(e.counted_countries.len(), 3);
    }

    #[test]
    fn what_is_missing_is_said_in_words() {
        let e = check(&[member("A", "FI"), member("B", "PL")], &rules(), today());
        assert_eq!(failed(&e), vec![Rule::Entities, Rule::Countries]);
        assert_eq!(
            e.missing,
            vec!["one more entity from a third eligible country"]
        );

        let e = check(
            &[member("A", "FI"), member("B", "FI"), member("C", "FI")],
            &rules(),
            today(),
        );
        assert_eq!(failed(&e), vec![Rule::Countries]);
        assert_eq!(
            e.missing,
            vec!["two more entities from other eligible countries"]
        );
    }

    #[test]
    fn norway_counts_as_an_eligible_country() {
        let e = check(
            &[
                member("A", "FI"),
                member("B", "PL"),
                member("Fjord Sonar AS", "NO"),
            ],
            &rules(),
            today(),
        );
        assert!(e.eligible(), "{e:?}");
    }

    #[test]
    fn disruptive_calls_need_two_from_two() {
        let mut r = rules();
        r.min_entities = MIN_ENTITIES_DISRUPTIVE;
        r.min_countries = MIN_COUNTRIES_DISRUPTIVE;
        let e = check(&[member("A", "FI"), member("B", "PL")], &r, today());
        assert!(e.eligible(), "{e:?}");
        let e = check(&[member("A", "FI"), member("B", "FI")], &r, today());
        assert_eq!(failed(&e), vec![Rule::Countries]);
    }

    #[test]
    fn affiliated_entities_associated_partners_and_one_group_do_not_count_twice() {
        let mut affiliated = member("Aurora Labs", "DE");
        affiliated.role = MemberRole::AffiliatedEntity;
        let mut partner = member("Ukrainian Test Range", "UA");
        partner.role = MemberRole::AssociatedPartner;
        let e = check(
            &[member("A", "FI"), member("B", "PL"), affiliated, partner],
            &rules(),
            today(),
        );
        assert_eq!(failed(&e), vec![Rule::Entities, Rule::Countries]);
        assert!(
            e.checks[2]
                .reason
                .contains("1 affiliated entity not counted"),
            "{e:?}"
        );

        let mut b = member("B", "PL");
        let mut c = member("C", "DE");
        b.group = Some("Big Defence Group".into());
        c.group = Some("big defence group".into());
        let e = check(&[member("A", "FI"), b, c], &rules(), today());
        assert_eq!(failed(&e), vec![Rule::Entities]);
        assert_eq!(
            e.missing,
            vec!["one more entity (independent and eligible, from any eligible country)"]
        );
    }

    #[test]
    fn a_member_controlled_from_outside_is_not_counted_and_fails_the_control_rule() {
        let mut controlled = member("Pacific Sensors GmbH", "DE");
        controlled.controlled_from = CountryCode::parse("CN").ok();
        let e = check(
            &[member("A", "FI"), member("B", "PL"), controlled],
            &rules(),
            today(),
        );
        assert_eq!(
            failed(&e),
            vec![Rule::Control, Rule::Entities, Rule::Countries]
        );
        assert!(
            e.checks[1]
                .reason
                .contains("Pacific Sensors GmbH (controlled from China)"),
            "{e:?}"
        );
        // Control from another member state is no problem.
        let mut eu = member("C", "DE");
        eu.controlled_from = CountryCode::parse("FR").ok();
        assert!(check(
            &[member("A", "FI"), member("B", "PL"), eu],
            &rules(),
            today()
        )
        .eligible());
    }

    #[test]
    fn members_who_withdrew_declined_or_have_not_answered_do_not_count() {
        for status in [
            MemberStatus::Withdrawn,
            MemberStatus::Declined,
            MemberStatus::Invited,
        ] {
            let mut c = member("C", "DE");
            c.status = status;
            let e = check(
                &[member("A", "FI"), member("B", "PL"), c],
                &rules(),
                today(),
            );
            assert!(!e.eligible(), "{status:?}");
            assert_eq!(
                e.missing,
                vec!["one more entity from a third eligible country"]
            );
        }
    }

    #[test]
    fn outside_countries_sme_only_topics_and_the_deadline() {
        let e = check(
            &[member("A", "FI"), member("B", "PL"), member("C", "GB")],
            &rules(),
            today(),
        );
        assert_eq!(
            failed(&e),
            vec![Rule::MemberCountries, Rule::Entities, Rule::Countries]
        );
        assert!(e.checks[0].reason.contains("C (United Kingdom)"));

        let mut r = rules();
        r.sme_only = true;
        let mut large = member("C", "DE");
        large.is_sme = false;
        let e = check(&[member("A", "FI"), member("B", "PL"), large], &r, today());
        assert_eq!(failed(&e), vec![Rule::SmeOnly]);

        let late = NaiveDate::from_ymd_opt(2027, 10, 15).unwrap();
        let e = check(
            &[member("A", "FI"), member("B", "PL"), member("C", "DE")],
            &rules(),
            late,
        );
        assert_eq!(failed(&e), vec![Rule::Deadline]);
        assert!(e
            .checks
            .last()
            .unwrap()
            .reason
            .contains("closed on 2027-10-14"));
    }

    #[test]
    fn a_topics_rules_follow_its_action_type() {
        let topic = |action: &str| OpportunityRecord {
            details: crate::domain::opportunity::OpportunityDetails {
                action_type: Some(action.into()),
                ..Default::default()
            },
            ..OpportunityRecord::unlisted(
                "EDF-2027-X".into(),
                crate::domain::opportunity::OpportunityKind::EdfCall,
            )
        };
        let r = CallRules::of(&topic("research (lump sum, disruptive)"));
        assert_eq!((r.min_entities, r.min_countries, r.sme_only), (2, 2, false));
        let r = CallRules::of(&topic("development (lump sum, SME-only)"));
        assert_eq!((r.min_entities, r.min_countries, r.sme_only), (3, 3, true));
        assert_eq!(
            r.eligible_countries.len(),
            28,
            "the member states and Norway"
        );
        assert!(r
            .eligible_countries
            .contains(&CountryCode::parse("NO").unwrap()));
    }
}
