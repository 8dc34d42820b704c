//! Credentials: the server-side [`SecretKey`], the PayPOS [`SessionKey`], and the
//! [`EncryptionKey`] that init_sale returns.
//!
//! Every type here:
//!
//! - keeps its text in a [`secrecy::SecretString`], which is wiped from memory (zeroized) when
//!   dropped;
//! - prints `[redacted]` in `Display` and `TypeName([redacted])` in `Debug`, never the key;
//! - is read only through `expose_secret`, so that every place that touches the key is easy to
//!   find;
//! - does not implement `PartialEq`: comparing keys with `==` would not be constant-time, and no
//!   caller needs it.
//!
//! [`SecretKey`] and [`SessionKey`] are validated when built (not empty, only visible ASCII), so
//! they are always safe as HTTP header values. Validation errors ([`CredentialError`]) say which
//! credential and which rule, never the key's text.

use std::fmt;

use http::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use zeroize::{Zeroize, Zeroizing};

use crate::redact::REDACTED;

/// Paynet's server-side secret key, sent as `Authorization: Basic <key>`.
///
/// The key goes after `Basic ` as it is: no base64 and no `:` suffix, as Paynet's documentation
/// and its own PHP sample show. It is opaque and may contain `/`, `+`, `*` and `=`. It is used by
/// the calls made from the merchant's server: capture, get_auth_key, logout and every
/// `/v1/transaction/*` call.
///
/// ```
/// use paynet_domain::secret::{CredentialError, SecretKey};
///
/// let key = SecretKey::new("sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW")?;
///
/// // Never printed:
/// assert_eq!(format!("{key:?}"), "SecretKey([redacted])");
/// assert_eq!(key.to_string(), "[redacted]");
///
/// // Sent as the raw key after "Basic ", marked sensitive so HTTP stacks do not log it.
/// let header = key.authorization_header();
/// assert_eq!(header, "Basic sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW");
/// assert!(header.is_sensitive());
///
/// // Refused: empty, whitespace (a trailing newline from a file), control or non-ASCII characters.
/// assert!(matches!(SecretKey::new(""), Err(CredentialError::Empty { .. })));
/// assert!(matches!(SecretKey::new("sck_abc\n"), Err(CredentialError::Whitespace { .. })));
/// # Ok::<(), CredentialError>(())
/// ```
#[derive(Clone)]
pub struct SecretKey(SecretString);

impl SecretKey {
    /// The header the key is sent in: `Authorization`.
    pub const HEADER_NAME: HeaderName = http::header::AUTHORIZATION;

    /// Validates and wraps a secret key.
    ///
    /// Refused: an empty key, and any character outside visible ASCII (`0x21..=0x7E`): spaces,
    /// tabs, newlines, other control characters and non-ASCII characters. The key is not trimmed:
    /// a key read from a file with its trailing newline is refused, with an error that says so.
    /// On refusal the text is wiped from memory and the error does not contain it.
    pub fn new(key: impl Into<String>) -> Result<SecretKey, CredentialError> {
        validated(CredentialKind::SecretKey, key.into()).map(SecretKey)
    }

    /// The key's text. This is the only way to read it: keep the result out of logs.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The `Authorization` header value: `Basic <key>`, with the key as it is (no base64), marked
    /// sensitive ([`HeaderValue::set_sensitive`]) so that HTTP stacks redact it.
    ///
    /// The intermediate text is wiped; the returned `HeaderValue` holds its own copy, which the
    /// `http` crate does not wipe when dropped, so build it right before sending.
    pub fn authorization_header(&self) -> HeaderValue {
        basic_header(self.expose_secret())
    }
}

/// The merchant's publishable key (`pbk_...`), sent as `Authorization: Basic <key>` by the
/// operations a shop's pages may call (`public_ratios`, Paynet.js's `v1/paynetj/*`).
///
/// It is meant to be shown (Paynet.js's `data-key`), so it is not one of the client's secrets;
/// it is still validated like a header value and redacted in `Debug` and `Display`, so that a
/// secret key passed as one by mistake is not printed.
///
/// ```
/// use paynet_domain::secret::PublishableKey;
///
/// let key = PublishableKey::new("pbk_pcs_4rVq2N9xWbLk0mJ7")?;
/// assert_eq!(format!("{key:?}"), "PublishableKey([redacted])");
/// assert_eq!(key.authorization_header(), "Basic pbk_pcs_4rVq2N9xWbLk0mJ7");
/// # Ok::<(), paynet_domain::secret::CredentialError>(())
/// ```
#[derive(Clone)]
pub struct PublishableKey(SecretString);

impl PublishableKey {
    /// Validates and wraps a publishable key, with the same rules as [`SecretKey::new`].
    pub fn new(key: impl Into<String>) -> Result<PublishableKey, CredentialError> {
        validated(CredentialKind::PublishableKey, key.into()).map(PublishableKey)
    }

    /// The key's text.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The `Authorization` header value: `Basic <key>` (no base64), marked sensitive.
    pub fn authorization_header(&self) -> HeaderValue {
        basic_header(self.expose_secret())
    }
}

/// A PayPOS session key, sent as `Session-Key: <key>` on the `/v1/softpos/*` calls.
///
/// The merchant's server obtains it from `get_auth_key` (with its [`SecretKey`]) and hands it to
/// its mobile app. Its lifetime is not documented. It is treated as a secret, like the secret key.
///
/// ```
/// use paynet_domain::secret::SessionKey;
///
/// let key = SessionKey::new("d5f3c2a1-0b9e-4c7d-8e6f-1a2b3c4d5e6f")?;
/// assert_eq!(format!("{key:?}"), "SessionKey([redacted])");
/// assert_eq!(SessionKey::HEADER_NAME, "session-key");
/// assert!(key.header_value().is_sensitive());
/// # Ok::<(), paynet_domain::secret::CredentialError>(())
/// ```
#[derive(Clone)]
pub struct SessionKey(SecretString);

impl SessionKey {
    /// The header the key is sent in: `Session-Key` (header names are case-insensitive; `http`
    /// stores them in lower case).
    pub const HEADER_NAME: HeaderName = HeaderName::from_static("session-key");

    /// Validates and wraps a session key, with the same rules as [`SecretKey::new`]: not empty,
    /// only visible ASCII (`0x21..=0x7E`).
    pub fn new(key: impl Into<String>) -> Result<SessionKey, CredentialError> {
        validated(CredentialKind::SessionKey, key.into()).map(SessionKey)
    }

    /// The key's text. This is the only way to read it: keep the result out of logs.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The `Session-Key` header value: the key as it is, marked sensitive
    /// ([`HeaderValue::set_sensitive`]).
    ///
    /// The returned `HeaderValue` holds its own copy of the key, which the `http` crate does not
    /// wipe when dropped, so build it right before sending.
    pub fn header_value(&self) -> HeaderValue {
        sensitive_header(self.expose_secret())
    }
}

/// The `encryption_key` that init_sale returns.
///
/// It decrypts data that PayPOS hands back to the merchant's mobile app (algorithm and layout are
/// not documented). It is sensitive, so it is redacted and wiped like the other credentials, but
/// it is not validated: it holds whatever text Paynet sent.
///
/// ```
/// use paynet_domain::secret::EncryptionKey;
///
/// let key = EncryptionKey::new("q8Xv+0aZ/1b2c3d4e5f6g7h8==");
/// assert_eq!(format!("{key:?}"), "EncryptionKey([redacted])");
/// assert_eq!(key.to_string(), "[redacted]");
/// assert_eq!(key.expose_secret(), "q8Xv+0aZ/1b2c3d4e5f6g7h8==");
/// ```
#[derive(Clone)]
pub struct EncryptionKey(SecretString);

impl EncryptionKey {
    /// Wraps the key as Paynet sent it, without validation.
    pub fn new(key: impl Into<String>) -> EncryptionKey {
        EncryptionKey(into_secret(key.into()))
    }

    /// The key's text. This is the only way to read it: keep the result out of logs.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

/// `Debug` as `TypeName([redacted])` and `Display` as `[redacted]`: never the key.
macro_rules! redacted {
    ($($ty:ident),+) => {$(
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({REDACTED})", stringify!($ty))
            }
        }

        impl fmt::Display for $ty {
            /// Writes `[redacted]`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(REDACTED)
            }
        }
    )+};
}

redacted!(SecretKey, PublishableKey, SessionKey, EncryptionKey);

/// Which validated credential a [`CredentialError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialKind {
    /// A [`SecretKey`].
    SecretKey,
    /// A [`SessionKey`].
    SessionKey,
    /// A [`PublishableKey`].
    PublishableKey,
}

impl CredentialKind {
    /// The credential's name in messages: `"secret key"`, `"session key"` or `"publishable key"`.
    pub fn name(self) -> &'static str {
        match self {
            CredentialKind::SecretKey => "secret key",
            CredentialKind::SessionKey => "session key",
            CredentialKind::PublishableKey => "publishable key",
        }
    }

    /// The credential's field name in [`crate::Error::InvalidRequest`]: `secret_key`,
    /// `session_key` or `publishable_key`.
    pub fn field(self) -> &'static str {
        match self {
            CredentialKind::SecretKey => "secret_key",
            CredentialKind::SessionKey => "session_key",
            CredentialKind::PublishableKey => "publishable_key",
        }
    }
}

impl fmt::Display for CredentialKind {
    /// Writes [`CredentialKind::name`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a text is not a valid credential.
///
/// Names the credential and the rule broken, and for a bad character its position (counted in
/// characters from 1), but never the key's text or the character itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// The credential is empty.
    #[error("{credential} is empty")]
    Empty {
        /// Which credential.
        credential: CredentialKind,
    },
    /// The credential contains whitespace (space, tab, newline, carriage return, ...).
    #[error(
        "{credential} contains whitespace at character {position}; only visible ASCII (0x21..=0x7E) is allowed (a trailing newline from a file or an environment variable is a common cause)"
    )]
    Whitespace {
        /// Which credential.
        credential: CredentialKind,
        /// Position of the first offending character, counted in characters from 1.
        position: usize,
    },
    /// The credential contains a control character other than whitespace.
    #[error(
        "{credential} contains a control character at character {position}; only visible ASCII (0x21..=0x7E) is allowed in an HTTP header"
    )]
    ControlCharacter {
        /// Which credential.
        credential: CredentialKind,
        /// Position of the first offending character, counted in characters from 1.
        position: usize,
    },
    /// The credential contains a non-ASCII character.
    #[error(
        "{credential} contains a non-ASCII character at character {position}; only visible ASCII (0x21..=0x7E) is allowed in an HTTP header"
    )]
    NonAscii {
        /// Which credential.
        credential: CredentialKind,
        /// Position of the first offending character, counted in characters from 1.
        position: usize,
    },
}

impl CredentialError {
    /// Which credential was refused.
    pub fn credential(&self) -> CredentialKind {
        match self {
            CredentialError::Empty { credential }
            | CredentialError::Whitespace { credential, .. }
            | CredentialError::ControlCharacter { credential, .. }
            | CredentialError::NonAscii { credential, .. } => *credential,
        }
    }
}

/// `Basic <key>`, with the key as it is (no base64), marked sensitive; the intermediate text is
/// wiped.
fn basic_header(key: &str) -> HeaderValue {
    let mut text = Zeroizing::new(String::with_capacity("Basic ".len() + key.len()));
    text.push_str("Basic ");
    text.push_str(key);
    sensitive_header(&text)
}

/// Moves `text` into a secret, wiping the original buffer.
///
/// `SecretString::from(String)` shrinks the string into a `Box<str>`, which may reallocate and
/// free the old buffer without wiping it; copying into an exact-size box and zeroizing the whole
/// original (spare capacity included) avoids leaving a copy behind. A string without spare
/// capacity is boxed in place (no reallocation, hence no copy).
fn into_secret(mut text: String) -> SecretString {
    // A string with no spare capacity becomes a box where it is: nothing is copied or left.
    if text.capacity() == text.len() {
        return SecretString::from(text.into_boxed_str());
    }
    let boxed: Box<str> = Box::from(text.as_str());
    text.zeroize();
    SecretString::from(boxed)
}

/// Wraps and validates a credential. On refusal the secret is dropped, hence wiped.
fn validated(credential: CredentialKind, text: String) -> Result<SecretString, CredentialError> {
    let secret = into_secret(text);
    check(credential, secret.expose_secret())?;
    Ok(secret)
}

fn check(credential: CredentialKind, text: &str) -> Result<(), CredentialError> {
    if text.is_empty() {
        return Err(CredentialError::Empty { credential });
    }
    for (index, c) in text.chars().enumerate() {
        let position = index + 1;
        if c.is_whitespace() {
            return Err(CredentialError::Whitespace {
                credential,
                position,
            });
        }
        if c.is_control() {
            return Err(CredentialError::ControlCharacter {
                credential,
                position,
            });
        }
        if !c.is_ascii() {
            return Err(CredentialError::NonAscii {
                credential,
                position,
            });
        }
        // What is left is ASCII, neither whitespace nor control: exactly 0x21..=0x7E.
    }
    Ok(())
}

fn sensitive_header(text: &str) -> HeaderValue {
    match HeaderValue::from_str(text) {
        Ok(mut value) => {
            value.set_sensitive(true);
            value
        }
        // `check` admits only 0x21..=0x7E (and "Basic " adds a space), all valid in a header.
        Err(_) => unreachable!("credentials are validated as visible ASCII when built"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    const KEY: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
    const XACT_LIKE: &str = "xk_EAAAANFhOW7=a*b/c+d*W3uISj";

    /// Pieces of the key that must never show up in output.
    fn assert_no_secret(output: &str, key: &str) {
        assert!(!output.contains(key), "{output:?} contains the key");
        let inner = key.trim();
        assert!(!inner.is_empty());
        // No 6-character window of the key leaks either.
        let chars: Vec<char> = inner.chars().collect();
        for window in chars.windows(6) {
            let piece: String = window.iter().collect();
            assert!(!output.contains(&piece), "{output:?} contains {piece:?}");
        }
    }

    #[test]
    fn secret_key_is_redacted() {
        let key = SecretKey::new(KEY).unwrap();
        assert_eq!(format!("{key:?}"), "SecretKey([redacted])");
        assert_eq!(format!("{key:#?}"), "SecretKey([redacted])");
        assert_eq!(format!("{key}"), "[redacted]");
        assert_no_secret(&format!("{key:?}{key}"), KEY);
        assert_eq!(key.expose_secret(), KEY);
        // Clone keeps the key.
        assert_eq!(key.clone().expose_secret(), KEY);
    }

    #[test]
    fn session_key_is_redacted() {
        let key = SessionKey::new(KEY).unwrap();
        assert_eq!(format!("{key:?}"), "SessionKey([redacted])");
        assert_eq!(format!("{key}"), "[redacted]");
        assert_no_secret(&format!("{key:?}{key:#?}{key}"), KEY);
        assert_eq!(key.clone().expose_secret(), KEY);
    }

    #[test]
    fn encryption_key_is_redacted_and_not_validated() {
        for text in [KEY, "", "with space", "ü\n"] {
            let key = EncryptionKey::new(text);
            assert_eq!(format!("{key:?}"), "EncryptionKey([redacted])");
            assert_eq!(format!("{key}"), "[redacted]");
            assert_eq!(key.expose_secret(), text);
            assert_eq!(key.clone().expose_secret(), text);
        }
        assert_no_secret(&format!("{:?}", EncryptionKey::new(KEY)), KEY);
    }

    #[test]
    fn authorization_header_is_the_raw_key_and_sensitive() {
        let key = SecretKey::new(KEY).unwrap();
        let header = key.authorization_header();
        assert_eq!(
            header.to_str().unwrap(),
            "Basic sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW"
        );
        assert!(header.is_sensitive());
        // The http crate redacts sensitive values in Debug.
        assert_no_secret(&format!("{header:?}"), KEY);
        assert_eq!(SecretKey::HEADER_NAME, http::header::AUTHORIZATION);
    }

    #[test]
    fn session_key_header_is_the_raw_key_and_sensitive() {
        let key = SessionKey::new(XACT_LIKE).unwrap();
        let header = key.header_value();
        assert_eq!(header.to_str().unwrap(), XACT_LIKE);
        assert!(header.is_sensitive());
        assert_no_secret(&format!("{header:?}"), XACT_LIKE);
        assert_eq!(SessionKey::HEADER_NAME.as_str(), "session-key");
        assert_eq!(
            SessionKey::HEADER_NAME,
            HeaderName::from_bytes(b"Session-Key").unwrap()
        );
    }

    #[test]
    fn keys_may_contain_header_safe_punctuation() {
        let punctuation = "a/b+c*d=e!#$%&'()-.:;<>?@[]^_`{|}~\"\\,";
        assert!(SecretKey::new(punctuation).is_ok());
        assert!(SessionKey::new(punctuation).is_ok());
        // Every visible ASCII character is accepted.
        let all: String = (0x21u8..=0x7e).map(char::from).collect();
        let key = SecretKey::new(all.clone()).unwrap();
        assert_eq!(
            key.authorization_header().to_str().unwrap(),
            format!("Basic {all}")
        );
    }

    #[test]
    fn each_rule_is_refused() {
        use CredentialError as E;
        use CredentialKind as K;
        let cases = [
            (
                "",
                E::Empty {
                    credential: K::SecretKey,
                },
            ),
            (
                "sck_pcs jECRyoZq",
                E::Whitespace {
                    credential: K::SecretKey,
                    position: 8,
                },
            ),
            (
                " sck_pcs_jECRyoZq",
                E::Whitespace {
                    credential: K::SecretKey,
                    position: 1,
                },
            ),
            (
                "sck_pcs_jECRyoZq\n",
                E::Whitespace {
                    credential: K::SecretKey,
                    position: 17,
                },
            ),
            (
                "sck_pcs_jECRyoZq\r\n",
                E::Whitespace {
                    credential: K::SecretKey,
                    position: 17,
                },
            ),
            (
                "sck\tpcs_jECRyoZq",
                E::Whitespace {
                    credential: K::SecretKey,
                    position: 4,
                },
            ),
            (
                "sck_pcs_jECRyoZq\u{a0}",
                E::Whitespace {
                    credential: K::SecretKey,
                    position: 17,
                },
            ),
            (
                "sck_\0pcs_jECRyoZq",
                E::ControlCharacter {
                    credential: K::SecretKey,
                    position: 5,
                },
            ),
            (
                "sck_pcs_jECRyoZq\u{7f}",
                E::ControlCharacter {
                    credential: K::SecretKey,
                    position: 17,
                },
            ),
            (
                "sck_pcs_jECRyoZqü",
                E::NonAscii {
                    credential: K::SecretKey,
                    position: 17,
                },
            ),
            (
                "şck_pcs_jECRyoZq",
                E::NonAscii {
                    credential: K::SecretKey,
                    position: 1,
                },
            ),
        ];
        for (text, expected) in cases {
            let error = SecretKey::new(text).unwrap_err();
            assert_eq!(error, expected, "{text:?}");
            assert_eq!(error.credential(), K::SecretKey);
            let message = error.to_string();
            assert!(message.starts_with("secret key "), "{message}");

            let session = SessionKey::new(text).unwrap_err();
            assert_eq!(session.credential(), K::SessionKey);
            assert!(session.to_string().starts_with("session key "));
        }
    }

    #[test]
    fn error_messages_name_the_rule() {
        let message = |text: &str| SecretKey::new(text).unwrap_err().to_string();
        assert_eq!(message(""), "secret key is empty");
        assert!(message("a b").contains("whitespace at character 2"));
        assert!(message("ab\n").contains("trailing newline"));
        assert!(message("a\u{1}").contains("control character at character 2"));
        assert!(message("aü").contains("non-ASCII character at character 2"));
    }

    #[test]
    fn errors_never_contain_the_key() {
        let bad_keys = [
            format!("{KEY} "),
            format!(" {KEY}"),
            format!("{KEY}\n"),
            format!("{KEY}\t"),
            format!("{KEY}ü"),
            format!("{KEY}\u{0}"),
            "sck_pcs_jECR yoZq0khnsV9elaF/SIBVvxQI+bIW".to_owned(),
        ];
        for bad in &bad_keys {
            let errors = [
                SecretKey::new(bad.as_str()).unwrap_err(),
                SessionKey::new(bad.clone()).unwrap_err(),
            ];
            for error in errors {
                let shown = format!("{error} {error:?} {error:#?}");
                assert_no_secret(&shown, KEY);
                assert!(!shown.contains('ü'));
            }
        }
    }

    #[test]
    fn credential_kind_names() {
        assert_eq!(CredentialKind::SecretKey.to_string(), "secret key");
        assert_eq!(CredentialKind::SessionKey.to_string(), "session key");
    }

    proptest! {
        #[test]
        fn visible_ascii_is_accepted_and_headers_are_exact(key in "[!-~]{1,200}") {
            let secret = SecretKey::new(key.clone()).unwrap();
            prop_assert_eq!(secret.expose_secret(), key.as_str());
            let header = secret.authorization_header();
            prop_assert_eq!(header.to_str().unwrap(), format!("Basic {key}"));
            prop_assert!(header.is_sensitive());
            let session = SessionKey::new(key.clone()).unwrap();
            let header = session.header_value();
            prop_assert_eq!(header.to_str().unwrap(), key.as_str());
            prop_assert!(header.is_sensitive());
        }

        #[test]
        fn anything_else_is_refused_without_leaking(
            prefix in "[!-~]{0,20}",
            bad in any::<char>().prop_filter("not visible ASCII", |c| !('!'..='~').contains(c)),
            suffix in "[!-~]{0,20}",
        ) {
            let text = format!("{prefix}{bad}{suffix}");
            let error = SecretKey::new(text).unwrap_err();
            let shown = format!("{error} {error:?}");
            prop_assert!(!shown.contains(bad) || bad.is_ascii_alphanumeric() || bad == ' ');
            if prefix.len() >= 6 {
                prop_assert!(!shown.contains(&prefix));
            }
            if suffix.len() >= 6 {
                prop_assert!(!shown.contains(&suffix));
            }
            let position = match error {
                CredentialError::Whitespace { position, .. }
                | CredentialError::ControlCharacter { position, .. }
                | CredentialError::NonAscii { position, .. } => position,
                other => return Err(TestCaseError::fail(format!("{other:?}"))),
            };
            prop_assert_eq!(position, prefix.chars().count() + 1);
        }
    }
}
