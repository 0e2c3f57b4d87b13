//! Checks shared by every form: trimmed text within length limits, numbers within ranges.

/// Trimmed text of `min..=max` characters (an empty optional field gives `None`).
pub fn text(raw: &str, min: usize, max: usize) -> Result<String, String> {
    let value = raw.trim();
    let chars = value.chars().count();
    if chars < min {
        if min == 1 {
            Err("must not be empty".to_owned())
        } else {
            Err(format!("must be at least {min} characters"))
        }
    } else if chars > max {
        Err(format!("must be at most {max} characters"))
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err("must not contain control characters".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

/// Like [`text`] for an optional field: empty input is `None`.
pub fn optional_text(raw: &str, max: usize) -> Result<Option<String>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        text(raw, 1, max).map(Some)
    }
}

/// A whole number in `min..=max`; spaces, commas, apostrophes and underscores as thousands
/// separators are accepted ("1 500 000", "1,500,000").
pub fn number(raw: &str, min: u64, max: u64) -> Result<u64, String> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '\'' | '_' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return Err("enter a number".to_owned());
    }
    let value: u64 = cleaned
        .parse()
        .map_err(|_| format!("must be a whole number from {min} to {max}"))?;
    if value < min || value > max {
        Err(format!("must be a whole number from {min} to {max}"))
    } else {
        Ok(value)
    }
}

/// An optional http(s) address.
pub fn optional_url(raw: &str, max: usize) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| "must start with https:// or http://".to_owned())?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || !host.contains('.') || value.chars().any(char::is_whitespace) {
        return Err("must be a web address like https://example.org".to_owned());
    }
    Ok(Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits_and_numbers() {
        assert_eq!(text("  ab ", 2, 3), Ok("ab".into()));
        assert!(text("a", 2, 3).is_err());
        assert!(text("abcd", 2, 3).is_err());
        assert_eq!(optional_text("  ", 5), Ok(None));
        assert_eq!(number("1 500 000", 0, 2_000_000), Ok(1_500_000));
        assert_eq!(number("1,500", 0, 2_000), Ok(1_500));
        assert!(number("-5", 0, 10).is_err());
        assert!(number("11", 0, 10).is_err());
        assert!(number("", 0, 10).is_err());
        assert_eq!(
            optional_url("https://aurora.fi/x", 100),
            Ok(Some("https://aurora.fi/x".into()))
        );
        assert!(optional_url("aurora.fi", 100).is_err());
        assert!(optional_url("https://", 100).is_err());
    }
}
