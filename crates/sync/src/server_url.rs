//! The address of a Praxis server, as a person types it: parsed once, so the rest of the app
//! only ever holds one it can call.

use std::fmt;

/// An `http://` or `https://` address with a host, no credentials, query or fragment, always
/// ending in `/` (a server may live under a path, such as `https://example.org/praxis/`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServerUrl(String);

impl ServerUrl {
    pub const MAX_CHARS: usize = 2_000;

    pub fn parse(input: &str) -> Result<Self, String> {
        let text = input.trim();
        if text.is_empty() {
            return Err("Enter the server's address, such as https://praxis.example.org/.".into());
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "A server address can be at most {} characters.",
                Self::MAX_CHARS
            ));
        }
        if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err("A server address cannot contain spaces or control characters.".into());
        }
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(
                "Start the address with https:// (or http:// for a server on your own network)."
                    .into(),
            );
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "Praxis servers are reached with https:// or http://, not {scheme}://."
            ));
        }
        if rest.contains(['?', '#']) {
            return Err(
                "A server address has no ? or # part: copy only up to the host and path.".into(),
            );
        }
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        if authority.contains('@') {
            return Err("A server address cannot hold a user name or password.".into());
        }
        let host = match authority.rsplit_once(':') {
            // An IPv6 address in brackets holds colons of its own.
            Some((host, port)) if !port.contains(']') => {
                if port.is_empty() || port.parse::<u16>().is_err() {
                    return Err(format!("{port:?} is not a port number (1 to 65535)."));
                }
                host
            }
            _ => authority,
        };
        if host.is_empty() || host.starts_with('.') || host.ends_with('.') {
            return Err("The address needs a host name, such as praxis.example.org.".into());
        }
        let path = path.trim_end_matches('/');
        let base = if path.is_empty() {
            format!("{scheme}://{}/", authority.to_ascii_lowercase())
        } else {
            format!("{scheme}://{}/{path}/", authority.to_ascii_lowercase())
        };
        Ok(Self(base))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of an API path (`workspaces/ws-1/changes`) on this server.
    pub fn api(&self, path: &str) -> String {
        format!("{}api/v1/{}", self.0, path.trim_start_matches('/'))
    }

    /// Whether tokens would travel unencrypted to a host other than this computer.
    pub fn is_insecure(&self) -> bool {
        let Some(rest) = self.0.strip_prefix("http://") else {
            return false;
        };
        let authority = rest.split('/').next().unwrap_or_default();
        let host = authority
            .rsplit_once(':')
            .filter(|(_, port)| !port.contains(']'))
            .map_or(authority, |(host, _)| host);
        !matches!(host, "localhost" | "127.0.0.1" | "[::1]")
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ServerUrl {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<ServerUrl> for String {
    fn from(url: ServerUrl) -> String {
        url.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_kept_in_one_shape_ending_in_a_slash() {
        for (typed, kept) in [
            ("https://praxis.example.org", "https://praxis.example.org/"),
            (
                "  HTTPS://Praxis.Example.org/ ",
                "https://praxis.example.org/",
            ),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/"),
            (
                "https://example.org/teams/praxis//",
                "https://example.org/teams/praxis/",
            ),
            ("http://[::1]:8080", "http://[::1]:8080/"),
        ] {
            assert_eq!(ServerUrl::parse(typed).unwrap().as_str(), kept, "{typed}");
        }
        let url = ServerUrl::parse("https://example.org/praxis").unwrap();
        assert_eq!(
            url.api("/workspaces/ws-1/changes"),
            "https://example.org/praxis/api/v1/workspaces/ws-1/changes"
        );
    }

    #[test]
    fn every_bad_address_is_refused_with_its_reason() {
        for (typed, reason) in [
            ("", "Enter the server's address"),
            ("praxis.example.org", "Start the address with https://"),
            ("ftp://example.org", "not ftp://"),
            ("javascript://alert(1)", "not javascript://"),
            ("https://example.org/?token=1", "no ? or #"),
            ("https://example.org/#x", "no ? or #"),
            ("https://ada:secret@example.org", "user name or password"),
            ("https://example.org:99999", "not a port number"),
            ("https://example.org:", "not a port number"),
            ("https://", "needs a host name"),
            ("https://:8080", "needs a host name"),
            ("https://exa mple.org", "spaces"),
            ("https://example.org/\u{0}", "control characters"),
        ] {
            let error = ServerUrl::parse(typed).unwrap_err();
            assert!(error.contains(reason), "{typed:?}: {error}");
        }
        let long = format!("https://example.org/{}", "a".repeat(2_000));
        assert!(ServerUrl::parse(&long).unwrap_err().contains("at most"));
    }

    #[test]
    fn plain_http_is_insecure_except_to_this_computer() {
        let insecure = |s: &str| ServerUrl::parse(s).unwrap().is_insecure();
        assert!(!insecure("https://example.org"));
        assert!(!insecure("http://localhost:8080"));
        assert!(!insecure("http://127.0.0.1:8080"));
        assert!(!insecure("http://[::1]:8080"));
        assert!(insecure("http://192.168.1.10:8080"));
        assert!(insecure("http://praxis.example.org"));
    }

    #[test]
    fn stored_addresses_are_checked_when_read() {
        let url: ServerUrl = serde_json::from_str("\"https://example.org\"").unwrap();
        assert_eq!(url.as_str(), "https://example.org/");
        assert!(serde_json::from_str::<ServerUrl>("\"file:///etc/passwd\"").is_err());
    }
}
