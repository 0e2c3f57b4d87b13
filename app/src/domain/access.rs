//! Founder-controlled access to a technology's confidential details: the request's life, the
//! foreign-investment notice, and the export-control rule for investors.

use super::country::CountryCode;
use super::export_control::ExportControl;

slug_enum!(
    /// An investor organisation's request to see one technology's confidential details.
    AccessStatus, "is not an access request status" {
        Requested => ("requested", "Requested"),
        Granted => ("granted", "Granted"),
        Denied => ("denied", "Denied"),
        Revoked => ("revoked", "Revoked"),
    }
);

/// What a founder or investor does with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessDecision {
    Grant,
    Deny,
    Revoke,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("access has been requested already")]
    AlreadyRequested,
    #[error("access has been granted already")]
    AlreadyGranted,
    #[error("only a pending request can be granted or denied")]
    NotPending,
    #[error("only granted access can be revoked")]
    NotGranted,
}

impl AccessStatus {
    /// An investor asks (again): allowed unless a request is pending or granted.
    pub fn request(current: Option<Self>) -> Result<Self, AccessError> {
        match current {
            Some(Self::Requested) => Err(AccessError::AlreadyRequested),
            Some(Self::Granted) => Err(AccessError::AlreadyGranted),
            None | Some(Self::Denied) | Some(Self::Revoked) => Ok(Self::Requested),
        }
    }

    /// The founder's decision.
    pub fn decide(self, decision: AccessDecision) -> Result<Self, AccessError> {
        match (self, decision) {
            (Self::Requested, AccessDecision::Grant) => Ok(Self::Granted),
            (Self::Requested, AccessDecision::Deny) => Ok(Self::Denied),
            (Self::Granted, AccessDecision::Revoke) => Ok(Self::Revoked),
            (_, AccessDecision::Revoke) => Err(AccessError::NotGranted),
            _ => Err(AccessError::NotPending),
        }
    }
}

/// Based (or controlled from) inside the EU, the EEA or NATO.
pub fn is_allied(country: &CountryCode) -> bool {
    country.is_eu_or_eea() || country.is_nato()
}

/// Shown to the founder before granting: `Some(reason)` when the investor organisation is based
/// outside the EU/EEA/NATO or controlled from there (foreign-investment screening may apply).
pub fn foreign_investment_notice(
    based_in: &CountryCode,
    controlled_from: Option<&CountryCode>,
) -> Option<String> {
    let mut reasons = Vec::new();
    if !is_allied(based_in) {
        reasons.push(format!("is based in {}", based_in.name()));
    }
    if let Some(c) = controlled_from.filter(|c| !is_allied(c)) {
        reasons.push(format!("is controlled from {}", c.name()));
    }
    (!reasons.is_empty()).then(|| {
        format!(
            "This investor {}, outside the EU, the EEA and NATO. Sharing confidential details of a \
             defence-relevant technology with it may fall under foreign direct investment screening \
             (Regulation (EU) 2019/452) and national rules; check with your national screening \
             authority before granting.",
            reasons.join(" and ")
        )
    })
}

/// Why export-controlled details may not go to an investor organisation, or `None` when they
/// may. Details count as export-controlled when the technology is listed in Annex I *or* its
/// status is still unknown (to be assessed): until someone has assessed it, it is treated as
/// listed. Such details go only to an organisation both based in and — when a controlling
/// country is declared — controlled from the EU, the EEA or NATO. A country that cannot be read
/// counts as outside (the rule fails closed).
pub fn export_block_reason(
    export: &ExportControl,
    based_in: Option<&CountryCode>,
    controlled_from: Option<Result<&CountryCode, ()>>,
) -> Option<String> {
    let what = match export {
        ExportControl::NotListed => return None,
        ExportControl::Listed { code, .. } => format!(
            "This technology is export-controlled (EU Dual-Use Regulation, Annex I, {code})"
        ),
        ExportControl::Unknown => "This technology's export-control status is still to be \
                                   assessed, so it is treated as export-controlled"
            .to_owned(),
    };
    let why = match (based_in, controlled_from) {
        (None, _) => "the investor's country is not known".to_owned(),
        (Some(c), _) if !is_allied(c) => format!("the investor is based in {}", c.name()),
        (_, Some(Err(()))) => "the investor's controlling country is not known".to_owned(),
        (_, Some(Ok(c))) if !is_allied(c) => {
            format!("the investor is controlled from {}", c.name())
        }
        _ => return None,
    };
    Some(format!(
        "{what}: its details can only be shared with investors based in and controlled from \
         the EU, the EEA or NATO, and {why}."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> CountryCode {
        CountryCode::parse(code).unwrap()
    }

    #[test]
    fn requests_are_granted_denied_and_revoked_in_order() {
        use AccessDecision::*;
        use AccessStatus::*;
        assert_eq!(AccessStatus::request(None), Ok(Requested));
        assert_eq!(AccessStatus::request(Some(Denied)), Ok(Requested));
        assert_eq!(AccessStatus::request(Some(Revoked)), Ok(Requested));
        assert_eq!(
            AccessStatus::request(Some(Requested)),
            Err(AccessError::AlreadyRequested)
        );
        assert_eq!(
            AccessStatus::request(Some(Granted)),
            Err(AccessError::AlreadyGranted)
        );
        assert_eq!(Requested.decide(Grant), Ok(Granted));
        assert_eq!(Requested.decide(Deny), Ok(Denied));
        assert_eq!(Granted.decide(Revoke), Ok(Revoked));
        assert_eq!(Requested.decide(Revoke), Err(AccessError::NotGranted));
        assert_eq!(Denied.decide(Grant), Err(AccessError::NotPending));
        assert_eq!(Granted.decide(Grant), Err(AccessError::NotPending));
    }

    #[test]
    fn the_notice_names_where_the_investor_is_based_or_controlled_from() {
        assert_eq!(foreign_investment_notice(&c("NL"), None), None);
        assert_eq!(foreign_investment_notice(&c("US"), None), None);
        assert_eq!(foreign_investment_notice(&c("NO"), Some(&c("GB"))), None);
        let notice = foreign_investment_notice(&c("CH"), None).expect("notice");
        assert!(notice.contains("based in Switzerland"), "{notice}");
        let notice = foreign_investment_notice(&c("LU"), Some(&c("CN"))).expect("notice");
        assert!(notice.contains("controlled from China"), "{notice}");
    }

    #[test]
    fn export_controlled_details_go_to_investors_based_in_and_controlled_from_allies_only() {
        let listed = ExportControl::from_form("listed", "5A001.f.1", "2024").unwrap();
        let allowed = |based: &str, controlled: Option<&str>| {
            let based = c(based);
            let controlled = controlled.map(c);
            export_block_reason(&listed, Some(&based), controlled.as_ref().map(Ok)).is_none()
        };
        assert!(allowed("DE", None));
        assert!(allowed("IS", None));
        assert!(allowed("US", None));
        assert!(allowed("NO", Some("GB")));
        assert!(!allowed("CH", None));
        assert!(!allowed("SG", None));
        // Control counts, not only the seat: a Luxembourg fund controlled from China is refused.
        assert!(!allowed("LU", Some("CN")));
        let reason =
            export_block_reason(&listed, Some(&c("LU")), Some(Ok(&c("CN")))).expect("refused");
        assert!(reason.contains("controlled from China"), "{reason}");
    }

    #[test]
    fn unknown_export_status_is_treated_as_listed_and_unreadable_countries_fail_closed() {
        let unknown = ExportControl::Unknown;
        assert!(export_block_reason(&unknown, Some(&c("CH")), None).is_some());
        assert!(export_block_reason(&unknown, Some(&c("FR")), None).is_none());
        assert!(export_block_reason(&unknown, None, None).is_some());
        assert!(export_block_reason(&unknown, Some(&c("FR")), Some(Err(()))).is_some());
        let not_listed = ExportControl::NotListed;
        assert!(export_block_reason(&not_listed, Some(&c("CN")), None).is_none());
    }
}
