//! A checked API base URL: `https://…`, or plain `http://` only for a loopback address
//! (a simulator on 127.0.0.1), so a token is never sent in clear over a network.

use std::fmt;
use std::net::IpAddr;

/// A base URL that passed [`BaseUrl::parse`]; kept without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks a base URL; the error says what is wrong in words a user can act on.
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let trimmed = raw.trim().trim_end_matches('/');
        let url = reqwest::Url::parse(trimmed).map_err(|e| {
            format!(
                "{trimmed:?} is not a URL ({e}); expected e.g. https://acme.proofhub.com/api/v3"
            )
        })?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(format!(
                    "{trimmed:?} uses plain http to a non-loopback host; use https (plain http is only for 127.0.0.1/localhost)"
                ));
            }
            other => {
                return Err(format!(
                    "{trimmed:?} has scheme {other:?}; expected https (or http for 127.0.0.1/localhost)"
                ));
            }
        }
        if url.host().is_none() {
            return Err(format!("{trimmed:?} has no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!(
                "{trimmed:?} contains credentials; the token comes from PROOFHUB_TOKEN or the keyring, never the URL"
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("{trimmed:?} must not have a query or fragment"));
        }
        Ok(BaseUrl(trimmed.to_string()))
    }

    /// The base URL of a hosted account: `https://NAME.proofhub.com/api/v3`.
    pub fn for_account(name: &str) -> Result<BaseUrl, String> {
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(format!(
                "account name {name:?} is not a ProofHub sub-domain (letters, digits, '-'); use --base-url for anything else"
            ));
        }
        BaseUrl::parse(&format!("https://{name}.proofhub.com/api/v3"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether the URL's host is this machine: 127.0.0.0/8, ::1 or `localhost`.
pub fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_pass() {
        for ok in [
            "https://acme.proofhub.com/api/v3/",
            "http://127.0.0.1:8080/api/v3",
            "http://localhost:1/api/v3",
            "http://[::1]:9/api/v3",
        ] {
            let u = BaseUrl::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert!(!u.as_str().ends_with('/'));
        }
    }

    #[test]
    fn clear_text_to_a_network_host_is_refused_with_a_reason() {
        let err = BaseUrl::parse("http://acme.proofhub.com/api/v3").unwrap_err();
        assert!(err.contains("plain http"), "{err}");
        let err = BaseUrl::parse("ftp://127.0.0.1/x").unwrap_err();
        assert!(err.contains("scheme"), "{err}");
        let err = BaseUrl::parse("acme").unwrap_err();
        assert!(err.contains("not a URL"), "{err}");
        let err = BaseUrl::parse("https://me:pw@acme.proofhub.com").unwrap_err();
        assert!(err.contains("credentials"), "{err}");
    }

    #[test]
    fn account_names_become_hosted_urls() {
        assert_eq!(
            BaseUrl::for_account("acme").unwrap().as_str(),
            "https://acme.proofhub.com/api/v3"
        );
        assert!(BaseUrl::for_account("evil.com/x").is_err());
        assert!(BaseUrl::for_account("").is_err());
    }
}
