//! Which address a request came from, for throttling: the connection's peer, or — when the peer
//! is one of the site's own reverse proxies — the client address the proxies recorded in
//! `X-Forwarded-For`. Only trusted proxies are believed: anyone else can write that header.

use std::net::IpAddr;

/// The client's address. `forwarded_for` is the `X-Forwarded-For` header: a comma-separated
/// list, each proxy appending the address it received the request from. Read from the right,
/// skipping the trusted proxies, the first other address is the client. An entry that is not
/// an address ends the walk at the last address known to be real.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut client = peer;
    for entry in header.rsplit(',') {
        let Ok(ip) = entry.trim().parse::<IpAddr>() else {
            return client;
        };
        client = ip;
        if !trusted.contains(&ip) {
            return ip;
        }
    }
    client
}

/// Parses `LAB2FIELD_TRUSTED_PROXIES`: addresses separated by commas (spaces allowed).
pub fn parse_trusted(list: &str) -> Result<Vec<IpAddr>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpAddr>().map_err(|_| {
                format!("{s:?} is not an IP address (a comma-separated list of the proxies' addresses, such as 10.0.0.2, fd00::2)")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_claims() {
        let trusted = [ip("10.0.0.2")];
        assert_eq!(
            client_ip(ip("198.51.100.7"), Some("203.0.113.5"), &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(ip("198.51.100.7"), Some("203.0.113.5"), &[]),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_other_address_is_the_client() {
        let trusted = [ip("10.0.0.2"), ip("10.0.0.3")];
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("203.0.113.5"), &trusted),
            ip("203.0.113.5")
        );
        // A client that sends its own header cannot choose its address: the proxy appended the
        // real one, and that is the first untrusted address from the right.
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("1.2.3.4, 203.0.113.5"), &trusted),
            ip("203.0.113.5")
        );
        // Two trusted proxies in a row.
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("203.0.113.5, 10.0.0.3"), &trusted),
            ip("203.0.113.5")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("2001:db8::1"), &trusted),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn without_a_usable_header_the_last_known_address_counts() {
        let trusted = [ip("10.0.0.2"), ip("10.0.0.3")];
        assert_eq!(client_ip(ip("10.0.0.2"), None, &trusted), ip("10.0.0.2"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("garbage"), &trusted),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                Some("203.0.113.5, junk, 10.0.0.3"),
                &trusted
            ),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn the_trusted_list_is_checked_entry_by_entry() {
        assert_eq!(
            parse_trusted(" 10.0.0.2, fd00::2 ,").unwrap(),
            vec![ip("10.0.0.2"), ip("fd00::2")]
        );
        assert!(parse_trusted("").unwrap().is_empty());
        let error = parse_trusted("10.0.0.2, proxy.local").unwrap_err();
        assert!(error.contains("proxy.local"), "{error}");
    }
}
