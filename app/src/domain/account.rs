//! Account facts: roles, and e-mail addresses, passwords and names that are valid by construction.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a person does on Lab2Field; decides which pages and server functions they may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Founder,
    Investor,
    Officer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Founder, Role::Investor, Role::Officer, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Founder => "founder",
            Role::Investor => "investor",
            Role::Officer => "officer",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Founder => "Start-up founder",
            Role::Investor => "Investor",
            Role::Officer => "Programme officer",
            Role::Admin => "Administrator",
        }
    }

    /// Founders and investors sign themselves up; officers and admins are appointed by an admin.
    pub fn is_self_service(self) -> bool {
        matches!(self, Role::Founder | Role::Investor)
    }

    /// Programme staff: officers, and admins who can do whatever officers can.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Officer | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of: founder, investor, officer, admin")]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or(UnknownRole)
    }
}

/// An e-mail address, trimmed and lower-cased so that one mailbox is one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("enter your e-mail address")]
    Empty,
    #[error("must be at most {max} characters", max = Email::MAX_LEN)]
    TooLong,
    #[error("enter an e-mail address like name@example.org")]
    Malformed,
}

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.len() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        // A domain with a dot: addresses at bare host names are valid RFC 5322 but never
        // what someone signing up means.
        let well_formed = email_address::EmailAddress::is_valid(&value)
            && value
                .rsplit_once('@')
                .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if !well_formed {
            return Err(EmailError::Malformed);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the policy. Never logged, never serialised.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("must be at least {min} characters", min = Password::MIN_CHARS)]
    TooShort,
    #[error("must be at most {max} characters", max = Password::MAX_CHARS)]
    TooLong,
}

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            Err(PasswordError::TooShort)
        } else if chars > Self::MAX_CHARS {
            Err(PasswordError::TooLong)
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The name shown to other users: one to a hundred characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("enter your name")]
    Empty,
    #[error("must be at most {max} characters", max = DisplayName::MAX_CHARS)]
    TooLong,
    #[error("must not contain control characters")]
    ControlCharacters,
}

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        let value = raw.trim();
        if value.is_empty() {
            Err(DisplayNameError::Empty)
        } else if value.chars().count() > Self::MAX_CHARS {
            Err(DisplayNameError::TooLong)
        } else if value.chars().any(char::is_control) {
            Err(DisplayNameError::ControlCharacters)
        } else {
            Ok(Self(value.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a redirect (`next` after signing in, `back` after a form) may send the browser: only
/// a path on this site, never another host — an open redirect would let a phishing link borrow
/// our pages. The one rule every redirect uses. Browsers drop tabs and line breaks from URLs
/// and read `\` as `/`, so `/\t/evil.example` and `/\evil.example` mean `//evil.example`:
/// any control character, whitespace or backslash makes the target unusable.
pub fn local_redirect_target(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let is_local = next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 2000
        && !next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    is_local.then(|| next.to_owned())
}

/// How long a session lasts at most, however active: staff accounts hold more power, so
/// theirs end sooner (ASVS 3.3).
pub fn session_lifetime(role: Role) -> chrono::Duration {
    match role {
        Role::Officer | Role::Admin => chrono::Duration::hours(12),
        Role::Founder | Role::Investor => chrono::Duration::days(7),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ada@Example.ORG ").unwrap().as_str(),
            "ada@example.org"
        );
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        assert_eq!(Email::parse("ada"), Err(EmailError::Malformed));
        assert_eq!(Email::parse("ada@localhost"), Err(EmailError::Malformed));
        assert_eq!(Email::parse("a b@example.org"), Err(EmailError::Malformed));
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn password_needs_twelve_characters() {
        assert_eq!(Password::parse("elevenchars"), Err(PasswordError::TooShort));
        assert!(Password::parse("twelve chars").is_ok());
        // Characters, not bytes: twelve accented letters are enough.
        assert!(Password::parse("éééééééééééé").is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(129)),
            Err(PasswordError::TooLong)
        );
        assert_eq!(
            format!("{:?}", Password::parse("a secret password").unwrap()),
            "Password(***)"
        );
    }

    #[test]
    fn display_name_is_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Ada ").unwrap().as_str(), "Ada");
        assert_eq!(DisplayName::parse("   "), Err(DisplayNameError::Empty));
        assert_eq!(
            DisplayName::parse(&"x".repeat(101)),
            Err(DisplayNameError::TooLong)
        );
        assert_eq!(
            DisplayName::parse("a\u{7}b"),
            Err(DisplayNameError::ControlCharacters)
        );
    }

    #[test]
    fn roles_round_trip_and_only_founders_and_investors_self_register() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("pilot".parse::<Role>(), Err(UnknownRole));
        assert!(Role::Founder.is_self_service());
        assert!(Role::Investor.is_self_service());
        assert!(!Role::Officer.is_self_service());
        assert!(!Role::Admin.is_self_service());
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(
            local_redirect_target(Some("/account")),
            Some("/account".into())
        );
        assert_eq!(local_redirect_target(Some("//evil.example")), None);
        assert_eq!(local_redirect_target(Some("https://evil.example")), None);
        assert_eq!(local_redirect_target(Some("/\\evil.example")), None);
        assert_eq!(local_redirect_target(Some("/\t/evil.example")), None);
        assert_eq!(local_redirect_target(Some("/\n/evil.example")), None);
        assert_eq!(local_redirect_target(Some("/a\\b")), None);
        assert_eq!(
            local_redirect_target(Some("/search?q=radar&page=2")).as_deref(),
            Some("/search?q=radar&page=2")
        );
        assert_eq!(local_redirect_target(None), None);
    }
}
