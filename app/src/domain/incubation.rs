//! Incubation: the enrolment stage machine (who may make which move), the screening rubric,
//! milestones and the adoption clock. Pure rules; the services apply them.

use super::text;
use crate::error::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

slug_enum!(
    /// Where an enrolment is. The happy path runs down the list to `Graduated`; `Rejected` and
    /// `Withdrawn` end it early.
    Stage, "is not an incubation stage" {
        Applied => ("applied", "Applied"),
        Screening => ("screening", "Screening"),
        Selected => ("selected", "Selected"),
        Incubating => ("incubating", "Incubating"),
        Validation => ("validation", "Validation (test centre)"),
        Demonstrated => ("demonstrated", "Demonstrated"),
        Adopted => ("adopted", "Adopted"),
        Invested => ("invested", "Invested"),
        Graduated => ("graduated", "Graduated"),
        Rejected => ("rejected", "Rejected"),
        Withdrawn => ("withdrawn", "Withdrawn"),
    }
);

/// Who asks for a move: the founder of the enrolled technology's company, or programme staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    Founder,
    Officer,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("the enrolment has ended ({}); it cannot move any more", .0.label())]
    Ended(Stage),
    #[error("an enrolment cannot move from {} to {}", .from.label(), .to.label())]
    NotAllowed { from: Stage, to: Stage },
    #[error("founders can only withdraw their enrolment; officers make every other move")]
    FounderMayOnlyWithdraw,
    #[error("only the founder can withdraw an enrolment")]
    OnlyFounderWithdraws,
    #[error("a rejection needs a reason, which the founder will see")]
    ReasonRequired,
}

impl Stage {
    /// `Graduated`, `Rejected` and `Withdrawn` end an enrolment.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Graduated | Stage::Rejected | Stage::Withdrawn)
    }

    /// The next stages on the happy path (officers' forward moves); no skipping.
    pub fn forward(self) -> &'static [Stage] {
        match self {
            Stage::Applied => &[Stage::Screening],
            Stage::Screening => &[Stage::Selected],
            Stage::Selected => &[Stage::Incubating],
            Stage::Incubating => &[Stage::Validation],
            Stage::Validation => &[Stage::Demonstrated],
            Stage::Demonstrated => &[Stage::Adopted, Stage::Invested],
            Stage::Adopted | Stage::Invested => &[Stage::Graduated],
            Stage::Graduated | Stage::Rejected | Stage::Withdrawn => &[],
        }
    }

    /// Every stage `mover` may move an enrolment to from here, in board order.
    pub fn moves_for(self, mover: Mover) -> Vec<Stage> {
        Stage::ALL
            .iter()
            .copied()
            .filter(|to| check_move(self, *to, mover, "a reason").is_ok())
            .collect()
    }

    /// Whether the adoption clock runs for an enrolment in this stage: from selection until it
    /// is adopted, invested in, graduated or ended.
    pub fn clock_runs(self) -> bool {
        matches!(
            self,
            Stage::Selected | Stage::Incubating | Stage::Validation | Stage::Demonstrated
        )
    }
}

/// The one rule for stage moves. `reason` is what the mover wrote; a rejection needs one.
pub fn check_move(from: Stage, to: Stage, mover: Mover, reason: &str) -> Result<(), MoveError> {
    if from.is_final() {
        return Err(MoveError::Ended(from));
    }
    match (mover, to) {
        (Mover::Founder, Stage::Withdrawn) => Ok(()),
        (Mover::Founder, _) => Err(MoveError::FounderMayOnlyWithdraw),
        (Mover::Officer, Stage::Withdrawn) => Err(MoveError::OnlyFounderWithdraws),
        (Mover::Officer, Stage::Rejected) if reason.trim().is_empty() => {
            Err(MoveError::ReasonRequired)
        }
        (Mover::Officer, Stage::Rejected) => Ok(()),
        (Mover::Officer, to) if from.forward().contains(&to) => Ok(()),
        (Mover::Officer, to) => Err(MoveError::NotAllowed { from, to }),
    }
}

slug_enum!(
    /// The four screening criteria, each scored 1–5.
    Criterion, "is not a screening criterion" {
        TechnicalMerit => ("technical_merit", "Technical merit"),
        DualUse => ("dual_use", "Dual-use potential"),
        DefenceRelevance => ("defence_relevance", "Defence relevance"),
        Team => ("team", "Team"),
    }
);

/// One officer's screening of an application: a 1–5 score per criterion and a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    /// In the order of [`Criterion::ALL`].
    scores: [u8; 4],
    pub comment: String,
}

impl Rubric {
    pub fn score(&self, criterion: Criterion) -> u8 {
        self.scores[Criterion::ALL
            .iter()
            .position(|c| *c == criterion)
            .expect("every criterion is in ALL")]
    }

    pub fn scores(&self) -> [u8; 4] {
        self.scores
    }

    /// Rebuilds a stored rubric; `None` if a score is outside 1–5.
    pub fn from_scores(scores: [u8; 4], comment: String) -> Option<Self> {
        scores
            .iter()
            .all(|s| (1..=5).contains(s))
            .then_some(Self { scores, comment })
    }

    pub fn average(&self) -> f32 {
        self.scores.iter().map(|s| f32::from(*s)).sum::<f32>() / 4.0
    }
}

/// The rubric as typed into the screening form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricForm {
    #[serde(default)]
    pub technical_merit: String,
    #[serde(default)]
    pub dual_use: String,
    #[serde(default)]
    pub defence_relevance: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub comment: String,
}

impl RubricForm {
    pub fn parse(&self) -> Result<Rubric, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut scores = [0u8; 4];
        let raw = [
            &self.technical_merit,
            &self.dual_use,
            &self.defence_relevance,
            &self.team,
        ];
        for ((criterion, value), slot) in Criterion::ALL.iter().zip(raw).zip(scores.iter_mut()) {
            match value.trim().parse::<u8>() {
                Ok(s) if (1..=5).contains(&s) => *slot = s,
                _ => e.add(
                    criterion.slug(),
                    format!("score {} from 1 to 5", criterion.label().to_lowercase()),
                ),
            }
        }
        let comment = e.check("comment", text::text(&self.comment, 3, 2000));
        match comment {
            Some(comment) if e.is_empty() => Ok(Rubric { scores, comment }),
            _ => Err(e),
        }
    }
}

slug_enum!(
    /// A milestone's progress: the founder submits evidence, an officer verifies it or sends
    /// it back.
    MilestoneStatus, "is not a milestone status" {
        Open => ("open", "Open"),
        Submitted => ("submitted", "Evidence submitted"),
        Verified => ("verified", "Verified"),
        Returned => ("returned", "Sent back"),
    }
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MilestoneError {
    #[error("evidence can only be submitted for an open or sent-back milestone")]
    NotOpen,
    #[error("only submitted evidence can be verified or sent back")]
    NothingSubmitted,
    #[error("a milestone that is sent back needs a reason")]
    ReasonRequired,
    #[error("a tranche is released only once its milestone is verified")]
    NotVerified,
    #[error("this milestone has no funding tranche")]
    NoTranche,
    #[error("this tranche has been released already")]
    AlreadyReleased,
}

impl MilestoneStatus {
    pub fn submit(self) -> Result<Self, MilestoneError> {
        match self {
            Self::Open | Self::Returned => Ok(Self::Submitted),
            _ => Err(MilestoneError::NotOpen),
        }
    }

    /// An officer's decision on submitted evidence; sending back needs a reason.
    pub fn decide(self, verified: bool, reason: &str) -> Result<Self, MilestoneError> {
        if self != Self::Submitted {
            return Err(MilestoneError::NothingSubmitted);
        }
        if verified {
            Ok(Self::Verified)
        } else if reason.trim().is_empty() {
            Err(MilestoneError::ReasonRequired)
        } else {
            Ok(Self::Returned)
        }
    }

    /// Overdue: past its due date and not yet verified.
    pub fn is_overdue(self, due: NaiveDate, today: NaiveDate) -> bool {
        self != Self::Verified && due < today
    }
}

/// Whether a milestone's tranche may be released now.
pub fn check_release(
    status: MilestoneStatus,
    tranche_eur: Option<u64>,
    already_released: bool,
) -> Result<u64, MilestoneError> {
    let amount = tranche_eur.ok_or(MilestoneError::NoTranche)?;
    if status != MilestoneStatus::Verified {
        return Err(MilestoneError::NotVerified);
    }
    if already_released {
        return Err(MilestoneError::AlreadyReleased);
    }
    Ok(amount)
}

/// A milestone as planned by an officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneDraft {
    pub title: String,
    pub due_on: NaiveDate,
    pub tranche_eur: Option<u64>,
    /// A verified demonstration milestone earns the technology its "demonstrated" badge.
    pub is_demonstration: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub tranche_eur: String,
    /// A checkbox: present (any value) when ticked.
    #[serde(default)]
    pub is_demonstration: Option<String>,
}

/// The largest single tranche accepted (EUR 100 million): larger amounts are typing mistakes.
pub const MAX_TRANCHE_EUR: u64 = 100_000_000;

impl MilestoneForm {
    pub fn parse(&self) -> Result<MilestoneDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = e.check("title", text::text(&self.title, 3, 200));
        let due_on = e.check(
            "due_on",
            NaiveDate::parse_from_str(self.due_on.trim(), "%Y-%m-%d")
                .map_err(|_| "enter the due date as YYYY-MM-DD"),
        );
        let tranche_eur = e.check(
            "tranche_eur",
            if self.tranche_eur.trim().is_empty() {
                Ok(None)
            } else {
                text::number(&self.tranche_eur, 1, MAX_TRANCHE_EUR)
                    .map(Some)
                    .map_err(|_| {
                        format!("enter an amount in euros from 1 to {MAX_TRANCHE_EUR}, or leave it empty")
                    })
            },
        );
        match (title, due_on, tranche_eur) {
            (Some(title), Some(due_on), Some(tranche_eur)) if e.is_empty() => Ok(MilestoneDraft {
                title,
                due_on,
                tranche_eur,
                is_demonstration: self.is_demonstration.is_some(),
            }),
            _ => Err(e),
        }
    }
}

/// NATO's target: adoption within 24 months of selection; warn from 18.
pub const CLOCK_AMBER_MONTHS: u32 = 18;
pub const CLOCK_RED_MONTHS: u32 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockLevel {
    Green,
    Amber,
    Red,
}

impl ClockLevel {
    pub fn slug(self) -> &'static str {
        match self {
            ClockLevel::Green => "green",
            ClockLevel::Amber => "amber",
            ClockLevel::Red => "red",
        }
    }
}

/// The adoption clock: whole months from selection to `until` (today, or when it stopped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdoptionClock {
    pub months: u32,
    pub level: ClockLevel,
    /// False once the enrolment was adopted, invested in or ended.
    pub running: bool,
}

impl AdoptionClock {
    pub fn new(selected_on: NaiveDate, until: NaiveDate, running: bool) -> Self {
        let months = whole_months(selected_on, until);
        let level = if months >= CLOCK_RED_MONTHS {
            ClockLevel::Red
        } else if months >= CLOCK_AMBER_MONTHS {
            ClockLevel::Amber
        } else {
            ClockLevel::Green
        };
        Self {
            months,
            level,
            running,
        }
    }
}

/// Completed calendar months between two dates (0 if `to` is before `from`).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    months.max(0) as u32
}

/// What programme officers type when they create or edit a programme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A checkbox: present when founders may apply.
    #[serde(default)]
    pub open_for_applications: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeDraft {
    pub name: String,
    pub description: String,
    pub open_for_applications: bool,
}

impl ProgrammeForm {
    pub fn parse(&self) -> Result<ProgrammeDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = e.check("name", text::text(&self.name, 3, 120));
        let description = e.check("description", text::text(&self.description, 10, 4000));
        match (name, description) {
            (Some(name), Some(description)) if e.is_empty() => Ok(ProgrammeDraft {
                name,
                description,
                open_for_applications: self.open_for_applications.is_some(),
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (from, to) pair an officer may make; everything else must be refused.
    const OFFICER_MOVES: &[(Stage, Stage)] = &[
        (Stage::Applied, Stage::Screening),
        (Stage::Screening, Stage::Selected),
        (Stage::Selected, Stage::Incubating),
        (Stage::Incubating, Stage::Validation),
        (Stage::Validation, Stage::Demonstrated),
        (Stage::Demonstrated, Stage::Adopted),
        (Stage::Demonstrated, Stage::Invested),
        (Stage::Adopted, Stage::Graduated),
        (Stage::Invested, Stage::Graduated),
    ];

    #[test]
    fn officers_make_exactly_the_forward_moves_and_rejections() {
        for &from in Stage::ALL {
            for &to in Stage::ALL {
                let result = check_move(from, to, Mover::Officer, "not a fit");
                let allowed = !from.is_final()
                    && (OFFICER_MOVES.contains(&(from, to)) || to == Stage::Rejected);
                assert_eq!(
                    result.is_ok(),
                    allowed,
                    "officer {from:?} -> {to:?}: {result:?}"
                );
            }
        }
    }

    #[test]
    fn founders_may_only_withdraw_an_open_enrolment() {
        for &from in Stage::ALL {
            for &to in Stage::ALL {
                let result = check_move(from, to, Mover::Founder, "");
                let allowed = !from.is_final() && to == Stage::Withdrawn;
                assert_eq!(
                    result.is_ok(),
                    allowed,
                    "founder {from:?} -> {to:?}: {result:?}"
                );
            }
        }
    }

    #[test]
    fn enrolment_cannot_skip_screening() {
        assert_eq!(
            check_move(Stage::Applied, Stage::Selected, Mover::Officer, ""),
            Err(MoveError::NotAllowed {
                from: Stage::Applied,
                to: Stage::Selected
            })
        );
    }

    #[test]
    fn rejection_needs_a_reason() {
        assert_eq!(
            check_move(Stage::Screening, Stage::Rejected, Mover::Officer, "  "),
            Err(MoveError::ReasonRequired)
        );
    }

    #[test]
    fn ended_enrolments_do_not_move() {
        for end in [Stage::Graduated, Stage::Rejected, Stage::Withdrawn] {
            assert_eq!(
                check_move(end, Stage::Withdrawn, Mover::Founder, ""),
                Err(MoveError::Ended(end))
            );
        }
    }

    #[test]
    fn officers_do_not_withdraw_for_the_founder() {
        assert_eq!(
            check_move(Stage::Incubating, Stage::Withdrawn, Mover::Officer, "x"),
            Err(MoveError::OnlyFounderWithdraws)
        );
    }

    #[test]
    fn the_board_offers_the_moves_the_rule_allows() {
        assert_eq!(
            Stage::Demonstrated.moves_for(Mover::Officer),
            vec![Stage::Adopted, Stage::Invested, Stage::Rejected]
        );
        assert_eq!(
            Stage::Selected.moves_for(Mover::Founder),
            vec![Stage::Withdrawn]
        );
        assert!(Stage::Graduated.moves_for(Mover::Officer).is_empty());
    }

    #[test]
    fn rubric_scores_are_one_to_five_with_a_comment() {
        let form = RubricForm {
            technical_merit: "5".into(),
            dual_use: "4".into(),
            defence_relevance: "3".into(),
            team: "4".into(),
            comment: "Strong team".into(),
        };
        let rubric = form.parse().expect("valid");
        assert_eq!(rubric.average(), 4.0);
        assert_eq!(rubric.score(Criterion::DefenceRelevance), 3);
        let bad = RubricForm {
            technical_merit: "6".into(),
            team: "0".into(),
            ..form
        };
        let errors = bad.parse().expect_err("out of range");
        assert!(errors.get("technical_merit").is_some());
        assert!(errors.get("team").is_some());
        assert!(errors.get("dual_use").is_none());
        assert_eq!(Rubric::from_scores([1, 2, 3, 9], String::new()), None);
    }

    #[test]
    fn milestones_move_from_evidence_to_decision() {
        use MilestoneStatus::*;
        assert_eq!(Open.submit(), Ok(Submitted));
        assert_eq!(Returned.submit(), Ok(Submitted));
        assert_eq!(Submitted.submit(), Err(MilestoneError::NotOpen));
        assert_eq!(Verified.submit(), Err(MilestoneError::NotOpen));
        assert_eq!(Submitted.decide(true, ""), Ok(Verified));
        assert_eq!(Submitted.decide(false, "blurry photos"), Ok(Returned));
        assert_eq!(
            Submitted.decide(false, " "),
            Err(MilestoneError::ReasonRequired)
        );
        assert_eq!(Open.decide(true, ""), Err(MilestoneError::NothingSubmitted));
    }

    #[test]
    fn tranches_are_released_once_and_only_when_verified() {
        use MilestoneStatus::*;
        assert_eq!(check_release(Verified, Some(50_000), false), Ok(50_000));
        assert_eq!(
            check_release(Submitted, Some(50_000), false),
            Err(MilestoneError::NotVerified)
        );
        assert_eq!(
            check_release(Verified, Some(50_000), true),
            Err(MilestoneError::AlreadyReleased)
        );
        assert_eq!(
            check_release(Verified, None, false),
            Err(MilestoneError::NoTranche)
        );
    }

    #[test]
    fn overdue_means_past_due_and_not_verified() {
        let due = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let after = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert!(MilestoneStatus::Open.is_overdue(due, after));
        assert!(MilestoneStatus::Submitted.is_overdue(due, after));
        assert!(!MilestoneStatus::Verified.is_overdue(due, after));
        assert!(!MilestoneStatus::Open.is_overdue(due, due));
    }

    #[test]
    fn adoption_clock_turns_amber_at_18_and_red_at_24_months() {
        let selected = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        let at =
            |y, m, d| AdoptionClock::new(selected, NaiveDate::from_ymd_opt(y, m, d).unwrap(), true);
        assert_eq!(at(2025, 7, 14).months, 17);
        assert_eq!(at(2025, 7, 14).level, ClockLevel::Green);
        assert_eq!(at(2025, 7, 15).level, ClockLevel::Amber);
        assert_eq!(at(2026, 1, 14).level, ClockLevel::Amber);
        assert_eq!(at(2026, 1, 15).level, ClockLevel::Red);
        assert_eq!(at(2023, 1, 1).months, 0);
    }

    #[test]
    fn milestone_form_names_each_bad_field() {
        let errors = MilestoneForm {
            title: "x".into(),
            due_on: "next week".into(),
            tranche_eur: "-5".into(),
            is_demonstration: None,
        }
        .parse()
        .expect_err("invalid");
        for field in ["title", "due_on", "tranche_eur"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let ok = MilestoneForm {
            title: "Field trial at test centre".into(),
            due_on: "2027-03-31".into(),
            tranche_eur: "150 000".into(),
            is_demonstration: Some("on".into()),
        }
        .parse()
        .expect("valid");
        assert_eq!(ok.tranche_eur, Some(150_000));
        assert!(ok.is_demonstration);
    }
}
