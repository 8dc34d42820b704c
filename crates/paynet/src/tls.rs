//! The TLS crypto provider.
//!
//! With the default `rustls` feature, reqwest uses rustls with the aws-lc provider and nothing
//! needs installing. With `rustls-ring`, reqwest is built without a provider and rustls needs a
//! process-wide one before the first `reqwest::Client` is built, or building it panics:
//! [`install_provider`] installs ring. Without either feature it does nothing.

/// Installs ring as the process's default rustls provider when the `rustls-ring` feature is on
/// and no provider is installed yet; otherwise does nothing. Cheap and idempotent: call it
/// before building a `reqwest::Client`.
pub fn install_provider() {
    #[cfg(feature = "rustls-ring")]
    {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Another thread may install one first: either way, a provider is then installed.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    }
}
