//! Rate limits on joining and on failed sign-ins, per client address. They are kept in memory:
//! an attacker spreading attempts over several instances gets each instance's allowance, which
//! the single-use, expiring, 128-bit codes and tokens make worthless to them.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

/// Beyond this many addresses, expired windows are swept out.
const SWEEP_ABOVE: usize = 10_000;

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds until `ip` may try again, when it has used up its allowance.
    pub fn blocked(&self, ip: IpAddr) -> Option<u64> {
        let hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let (start, count) = hits.get(&ip)?;
        let left = self.window.checked_sub(start.elapsed())?;
        (*count >= self.limit).then(|| left.as_secs().max(1))
    }

    /// Counts one attempt by `ip`.
    pub fn hit(&self, ip: IpAddr) {
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() > SWEEP_ABOVE {
            hits.retain(|_, (start, _)| start.elapsed() < self.window);
        }
        let entry = hits.entry(ip).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= self.window {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
    }
}

/// The limits of one server instance.
#[derive(Debug)]
pub struct Limits {
    /// Join attempts, successful or not.
    pub join: RateLimiter,
    /// Requests with a missing, wrong or revoked token.
    pub failed_auth: RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            join: RateLimiter::new(10, Duration::from_secs(60)),
            failed_auth: RateLimiter::new(30, Duration::from_secs(60)),
        }
    }
}

/// The client's address, when the server was started with connection info (tests driving
/// the router directly have none, and share one allowance).
pub fn client_ip(parts: &axum::http::request::Parts) -> IpAddr {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// The client's address as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_blocked_after_its_allowance_and_others_are_not() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(limiter.blocked(a), None);
        limiter.hit(a);
        assert_eq!(limiter.blocked(a), None);
        limiter.hit(a);
        assert!(limiter.blocked(a).is_some_and(|s| (1..=60).contains(&s)));
        assert_eq!(limiter.blocked(b), None);
    }

    #[test]
    fn the_window_resets() {
        let limiter = RateLimiter::new(1, Duration::from_millis(20));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        limiter.hit(a);
        assert!(limiter.blocked(a).is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(limiter.blocked(a), None);
    }
}
