//! Small wording helpers shared by pages: counts with the right plural.

/// "1 deal", "3 deals", "0 deals": `many` is used for every count but one.
pub fn count<N: std::fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    if n == N::from(1) {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "1 day in stage", "12 days in stage".
pub fn days_in_stage(days: i64) -> String {
    format!("{} in stage", count(days, "day", "days"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(1, "deal", "deals"), "1 deal");
        assert_eq!(count(0, "deal", "deals"), "0 deals");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
        assert_eq!(days_in_stage(1), "1 day in stage");
        assert_eq!(days_in_stage(40), "40 days in stage");
    }
}
