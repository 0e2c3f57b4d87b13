//! Bounds on what one request may ask of the server: pages, page sizes, filter lists and
//! search text. Every argument that reaches a query is checked against these first, so no
//! request can make the search engine or the database reserve work out of proportion.

use crate::error::FieldErrors;

/// Search result pages: 1 to 500 (with at most 100 per page, 50,000 results deep).
pub const MAX_SEARCH_PAGE: u32 = 500;
pub const MAX_PER_PAGE: u32 = 100;
/// Audit log pages count from 0; 50 entries each, so 5 million entries deep.
pub const MAX_AUDIT_PAGE: u64 = 99_999;
/// Values of one facet (areas, countries, …) in one search.
pub const MAX_FILTER_VALUES: usize = 20;
/// Characters of one facet value.
pub const MAX_FILTER_VALUE_CHARS: usize = 64;
/// Characters of search text.
pub const MAX_QUERY_CHARS: usize = 500;
/// Characters of a free-text filter (audit actor, action, subject).
pub const MAX_FILTER_TEXT_CHARS: usize = 200;
/// Saved searches one person may keep (each costs a search per daily digest).
pub const MAX_SAVED_SEARCHES: u64 = 50;
/// Pipelines one investor organisation may keep.
pub const MAX_PIPELINES: u64 = 50;
/// Organisations invited to or in one consortium at a time (EDF consortia rarely exceed 30).
pub const MAX_CONSORTIUM_MEMBERS: usize = 40;
/// Characters of an invitation's message.
pub const MAX_INVITATION_MESSAGE_CHARS: usize = 2000;

/// Cards shown per board column (programme boards, investors' pipelines); the rest behind "Show
/// all". A board with hundreds of cards would otherwise render each twice (HTML and hydration
/// data) on every visit.
pub const BOARD_COLUMN_CARDS: usize = 25;

/// Shortens every column of a board to [`BOARD_COLUMN_CARDS`] except the one shown whole
/// (`all`); returns how many cards each shortened column hides. Cards keep their order (the
/// longest in the stage first), so the hidden ones are the newest arrivals.
pub fn cap_board_columns<S: Copy + PartialEq, C>(
    columns: &mut [(S, Vec<C>)],
    all: Option<S>,
) -> Vec<(S, usize)> {
    columns
        .iter_mut()
        .filter(|(stage, _)| Some(*stage) != all)
        .filter_map(|(stage, cards)| {
            let hidden = cards.len().saturating_sub(BOARD_COLUMN_CARDS);
            cards.truncate(BOARD_COLUMN_CARDS);
            (hidden > 0).then_some((*stage, hidden))
        })
        .collect()
}

/// Records an error unless `min <= value <= max`, naming the argument and the allowed range.
pub fn check_range<T: PartialOrd + std::fmt::Display>(
    errors: &mut FieldErrors,
    field: &str,
    value: T,
    min: T,
    max: T,
) {
    if value < min || value > max {
        errors.add(field, format!("must be from {min} to {max} (got {value})"));
    }
}

/// Records an error when `text` is longer than `max` characters.
pub fn check_chars(errors: &mut FieldErrors, field: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
    }
}

/// Records an error when a list has more than [`MAX_FILTER_VALUES`] values or one of them is
/// longer than [`MAX_FILTER_VALUE_CHARS`].
pub fn check_filter_list(errors: &mut FieldErrors, field: &str, values: &[String]) {
    if values.len() > MAX_FILTER_VALUES {
        errors.add(
            field,
            format!(
                "choose at most {MAX_FILTER_VALUES} values (got {})",
                values.len()
            ),
        );
    } else if values
        .iter()
        .any(|v| v.chars().count() > MAX_FILTER_VALUE_CHARS)
    {
        errors.add(
            field,
            format!("each value must be at most {MAX_FILTER_VALUE_CHARS} characters"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_board_columns_are_cut_except_the_one_shown_whole() {
        let mut columns = vec![
            ("a", (0..30).collect::<Vec<_>>()),
            ("b", (0..25).collect()),
            ("c", (0..40).collect()),
        ];
        let hidden = cap_board_columns(&mut columns, Some("c"));
        assert_eq!(hidden, vec![("a", 5)]);
        assert_eq!(
            columns[0].1,
            (0..25).collect::<Vec<_>>(),
            "the first cards stay"
        );
        assert_eq!(columns[1].1.len(), 25);
        assert_eq!(columns[2].1.len(), 40);
        let hidden = cap_board_columns(&mut columns, None);
        assert_eq!(hidden, vec![("c", 15)]);
    }

    #[test]
    fn out_of_range_values_name_the_field_and_the_range() {
        let mut errors = FieldErrors::new();
        check_range(&mut errors, "page", 4_294_967_295u32, 1, MAX_SEARCH_PAGE);
        check_range(&mut errors, "per_page", 20u32, 1, MAX_PER_PAGE);
        check_filter_list(&mut errors, "areas", &vec!["x".to_owned(); 21]);
        check_chars(&mut errors, "text", &"é".repeat(501), MAX_QUERY_CHARS);
        assert_eq!(
            errors.get("page"),
            Some("must be from 1 to 500 (got 4294967295)")
        );
        assert!(errors.get("per_page").is_none());
        assert!(errors.get("areas").is_some());
        assert!(errors.get("text").is_some());
    }
}
