//! Investors' private deal pipelines: the deal stages and which moves between them are allowed.

use super::text;
use crate::error::FieldErrors;

slug_enum!(
    /// Where a deal is in an investor's pipeline. `Invested` and `Passed` close it.
    DealStage, "is not a pipeline stage" {
        Sourced => ("sourced", "Sourced"),
        Contacted => ("contacted", "Contacted"),
        DueDiligence => ("due_diligence", "Due diligence"),
        TermSheet => ("term_sheet", "Term sheet"),
        Invested => ("invested", "Invested"),
        Passed => ("passed", "Passed"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DealMoveError {
    #[error("the deal is closed ({}); reopen it as sourced to work on it again", .0.label())]
    Closed(DealStage),
    #[error("a deal cannot move from {} to {}", .from.label(), .to.label())]
    NotAllowed { from: DealStage, to: DealStage },
}

impl DealStage {
    pub fn is_closed(self) -> bool {
        matches!(self, DealStage::Invested | DealStage::Passed)
    }

    fn position(self) -> usize {
        DealStage::ALL
            .iter()
            .position(|s| *s == self)
            .expect("every stage is in ALL")
    }
}

/// Deals move one step forward or back; an open deal can be passed on at any stage; only a
/// term sheet leads to an investment; a passed deal may be reopened as sourced.
pub fn check_deal_move(from: DealStage, to: DealStage) -> Result<(), DealMoveError> {
    use DealStage::*;
    let allowed = match (from, to) {
        (Passed, Sourced) => true,
        (Invested | Passed, _) => return Err(DealMoveError::Closed(from)),
        (_, Passed) => true,
        (TermSheet, Invested) => true,
        (_, Invested) => false,
        (from, to) => from.position().abs_diff(to.position()) == 1,
    };
    if allowed {
        Ok(())
    } else {
        Err(DealMoveError::NotAllowed { from, to })
    }
}

/// A pipeline's name, 2–80 characters.
pub fn parse_pipeline_name(raw: &str) -> Result<String, FieldErrors> {
    text::text(raw, 2, 80).map_err(|m| FieldErrors::single("name", m))
}

/// A note on a deal, 1–4000 characters.
pub fn parse_note(raw: &str) -> Result<String, FieldErrors> {
    text::text(raw, 1, 4000).map_err(|m| FieldErrors::single("body", m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DealStage::*;

    const ALLOWED: &[(DealStage, DealStage)] = &[
        (Sourced, Contacted),
        (Contacted, Sourced),
        (Contacted, DueDiligence),
        (DueDiligence, Contacted),
        (DueDiligence, TermSheet),
        (TermSheet, DueDiligence),
        (TermSheet, Invested),
        (Sourced, Passed),
        (Contacted, Passed),
        (DueDiligence, Passed),
        (TermSheet, Passed),
        (Passed, Sourced),
    ];

    #[test]
    fn exactly_the_listed_deal_moves_are_allowed() {
        for &from in DealStage::ALL {
            for &to in DealStage::ALL {
                let result = check_deal_move(from, to);
                assert_eq!(
                    result.is_ok(),
                    ALLOWED.contains(&(from, to)),
                    "{from:?} -> {to:?}: {result:?}"
                );
            }
        }
    }

    #[test]
    fn invested_is_final() {
        assert_eq!(
            check_deal_move(Invested, Sourced),
            Err(DealMoveError::Closed(Invested))
        );
    }
}
