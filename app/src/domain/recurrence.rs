//! Calls that come back: an EDF thematic category or a DIANA challenge area that had calls in
//! earlier work programmes or cohorts usually has one again, at about the same time of year. A
//! founder whose matching topics have all closed is shown these "recurs — prepare for the next
//! call" with the month the next deadline is expected, learned from the catalogue's own history.

use super::opportunity::{OpportunityKind, OpportunityRecord};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// What makes two catalogue entries cycles of one series: the thematic category for EDF
/// topics, the challenge area (the id after the cohort, `DIANA-2025C-ENERGY-POWER` →
/// `ENERGY-POWER`) for DIANA. `None` for investors and entries without one.
pub fn series_of(r: &OpportunityRecord) -> Option<String> {
    match r.kind {
        OpportunityKind::EdfCall => r
            .details
            .thematic_category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| format!("edf:{}", c.to_lowercase())),
        OpportunityKind::DianaChallenge => {
            let rest = r.id.strip_prefix("DIANA-")?;
            let (cohort, area) = rest.split_once('-')?;
            (cohort.len() == 5 && cohort.ends_with('C') && !area.is_empty())
                .then(|| format!("diana:{area}"))
        }
        OpportunityKind::Investor => None,
    }
}

/// The deadlines of every series in a catalogue, one per year (the latest of that year).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recurrences {
    series: BTreeMap<String, BTreeMap<i32, NaiveDate>>,
}

impl Recurrences {
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a OpportunityRecord>) -> Self {
        let mut series: BTreeMap<String, BTreeMap<i32, NaiveDate>> = BTreeMap::new();
        for r in records {
            let (Some(key), Some(deadline)) = (series_of(r), r.deadline) else {
                continue;
            };
            let years = series.entry(key).or_default();
            let latest = years.entry(deadline.year()).or_insert(deadline);
            *latest = (*latest).max(deadline);
        }
        Self { series }
    }

    /// How `r`'s series recurs, when it had calls in at least two different years.
    pub fn of(&self, r: &OpportunityRecord) -> Option<Recurrence> {
        let years = self.series.get(&series_of(r)?)?;
        let latest = *years.values().next_back()?;
        (years.len() >= 2).then(|| Recurrence {
            latest,
            deadlines: years.values().copied().collect(),
        })
    }
}

/// The deadlines of one recurring series, oldest first (at least two, in different years).
#[derive(Debug, Clone, PartialEq)]
pub struct Recurrence {
    /// The last of `deadlines`, kept apart so the next cycle is read without a fallible lookup.
    latest: NaiveDate,
    deadlines: Vec<NaiveDate>,
}

impl Recurrence {
    /// The month of the next deadline: the latest cycle's month, a year on (the most recent
    /// cycle predicts better than the most common month when a programme shifts its
    /// calendar), moved forward a year at a time until it is not before `today`'s month.
    pub fn next_expected(&self, today: NaiveDate) -> (i32, u32) {
        let month = self.latest.month();
        let mut year = self.latest.year() + 1;
        while (year, month) < (today.year(), today.month()) {
            year += 1;
        }
        (year, month)
    }

    /// "expected around September 2027 (earlier deadlines: Nov 2024, Oct 2025, Sep 2026)".
    pub fn describe(&self, today: NaiveDate) -> String {
        let (year, month) = self.next_expected(today);
        let earlier: BTreeSet<String> = self
            .deadlines
            .iter()
            .map(|d| d.format("%Y-%m").to_string())
            .collect();
        let earlier: Vec<String> = earlier
            .iter()
            .filter_map(|ym| NaiveDate::parse_from_str(&format!("{ym}-01"), "%Y-%m-%d").ok())
            .map(|d| d.format("%b %Y").to_string())
            .collect();
        format!(
            "recurs — prepare for the next call: expected around {} {year} (earlier deadlines: {})",
            MONTHS[month as usize - 1],
            earlier.join(", ")
        )
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::opportunity::OpportunityDetails;

    fn record(
        id: &str,
        kind: OpportunityKind,
        category: Option<&str>,
        deadline: &str,
    ) -> OpportunityRecord {
        OpportunityRecord {
            id: id.into(),
            kind,
            title: id.into(),
            description: String::new(),
            tags: Vec::new(),
            budget_eur: None,
            deadline: NaiveDate::parse_from_str(deadline, "%Y-%m-%d").ok(),
            trl_min: None,
            trl_max: None,
            eligible_countries: Vec::new(),
            source_url: String::new(),
            details: OpportunityDetails {
                thematic_category: category.map(str::to_owned),
                ..Default::default()
            },
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_category_with_calls_in_two_years_recurs_at_its_latest_month() {
        let edf = OpportunityKind::EdfCall;
        let records = [
            record("EDF-2024-A", edf, Some("Space"), "2024-11-05"),
            record("EDF-2025-A", edf, Some("Space"), "2025-10-16"),
            record("EDF-2026-A", edf, Some("space "), "2026-09-10"),
            record("EDF-2026-B", edf, Some("Naval combat"), "2026-09-10"),
        ];
        let all = Recurrences::from_records(&records);
        let space = all.of(&records[0]).expect("space recurs");
        assert_eq!(space.next_expected(day("2026-12-04")), (2027, 9));
        // Long after the last cycle, the next one is still ahead, never in the past.
        assert_eq!(space.next_expected(day("2029-10-01")), (2030, 9));
        assert_eq!(space.next_expected(day("2029-09-30")), (2029, 9));
        assert_eq!(
            space.describe(day("2026-12-04")),
            "recurs — prepare for the next call: expected around September 2027 \
             (earlier deadlines: Nov 2024, Oct 2025, Sep 2026)"
        );
        assert!(
            all.of(&records[3]).is_none(),
            "one year is not a recurrence"
        );
    }

    #[test]
    fn diana_areas_recur_across_cohorts_and_investors_never_do() {
        let diana = OpportunityKind::DianaChallenge;
        let records = [
            record("DIANA-2025C-ENERGY-POWER", diana, None, "2024-08-01"),
            record("DIANA-2026C-ENERGY-POWER", diana, None, "2025-09-15"),
            record("DIANA-2026C-ADVANCED-COMMS", diana, None, "2025-09-15"),
            record("INV-NIF", OpportunityKind::Investor, None, "2025-09-15"),
        ];
        let all = Recurrences::from_records(&records);
        assert_eq!(
            series_of(&records[0]).as_deref(),
            Some("diana:ENERGY-POWER")
        );
        assert!(all.of(&records[1]).is_some());
        assert!(all.of(&records[2]).is_none());
        assert_eq!(series_of(&records[3]), None);
        // Two calls of one year are one cycle.
        let same_year = [
            record(
                "EDF-X",
                OpportunityKind::EdfCall,
                Some("Cyber"),
                "2025-02-01",
            ),
            record(
                "EDF-Y",
                OpportunityKind::EdfCall,
                Some("Cyber"),
                "2025-10-01",
            ),
        ];
        assert!(Recurrences::from_records(&same_year)
            .of(&same_year[0])
            .is_none());
    }
}
