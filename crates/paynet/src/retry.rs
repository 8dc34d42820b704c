//! Retries that are safe for money.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher as _;
use std::time::Duration;

/// When a failed call is sent again.
///
/// Only a failure that **provably never reached Paynet** ([`Error::Transport`], e.g. a refused
/// connection) is retried, with jittered exponential backoff, up to [`RetryPolicy::max_attempts`]
/// attempts in all. Nothing else is ever re-sent by the SDK:
///
/// - [`Error::OutcomeUnknown`] (a timeout or a dropped connection after the request may have
///   left) is returned at once, with the reference to reconcile. Re-sending a capture then could
///   capture twice.
/// - Refusals, declines and unreadable answers are answers: sending again would get the same.
///
/// When is a re-send by the caller safe? After an unknown outcome, first look the transaction up.
/// Where Paynet de-duplicates by `reference_no` (a repeated `reference_no` of a successful
/// transaction is answered with result code 100 and the earlier transaction, reported here as
/// [`CaptureOutcome::Approved`] with `replayed: true`), sending the same request with the same
/// `reference_no` again is safe.
///
/// [`Error::Transport`]: crate::Error::Transport
/// [`Error::OutcomeUnknown`]: crate::Error::OutcomeUnknown
/// [`CaptureOutcome::Approved`]: crate::CaptureOutcome::Approved
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 100 ms doubling up to 2 s, with full jitter.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// Never retry: one attempt.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Up to `attempts` attempts in all (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff, doubled after each failed attempt up to `max`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The most attempts made, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1` (after `attempt` failures, from 1): a random
    /// duration between zero and the exponential bound ("full jitter"), so that many clients
    /// failing together do not retry together.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(20);
        let bound = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random_u64() % (nanos + 1))
    }
}

fn random_u64() -> u64 {
    // A fresh randomly keyed hasher per call: enough randomness for jitter, no extra crate.
    RandomState::new().hash_one(std::time::Instant::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded_and_grows() {
        let p = RetryPolicy::default()
            .with_backoff(Duration::from_millis(100), Duration::from_millis(350));
        for _ in 0..200 {
            assert!(p.backoff(1) <= Duration::from_millis(100));
            assert!(p.backoff(2) <= Duration::from_millis(200));
            assert!(p.backoff(3) <= Duration::from_millis(350));
            assert!(p.backoff(30) <= Duration::from_millis(350));
        }
        // Jitter: not always the same value.
        let samples: std::collections::BTreeSet<_> = (0..50).map(|_| p.backoff(3)).collect();
        assert!(samples.len() > 1);
    }

    #[test]
    fn none_means_one_attempt() {
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
