//! One place that knows every secret: [`Secrets`], and the scrubbing of server text.
//!
//! A client registers every credential it holds in its [`Secrets`]: its secret key, every session
//! key handed to it or issued to it, every encryption key Paynet issued, and whatever else its
//! owner adds (the `paynet` CLI adds every key it found in its environment). Each answer's raw
//! JSON is scrubbed of all of them **before** it is read, so no outcome, error, log line or
//! printed value can hold one, whichever call is running and whichever field Paynet echoed it in.
//! A call may add secrets of its own for its duration (a payment's card number and CVC), which are
//! never kept.
//!
//! Scrubbing an answer that holds no secret costs one pass of a multi-pattern matcher over it
//! (`aho-corasick`), and copies nothing.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use aho_corasick::AhoCorasick;
use zeroize::Zeroizing;

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// How many recently issued or handed-over secrets a registry keeps (the oldest is forgotten
/// first); pinned secrets are always kept.
pub const RECENT_SECRETS: usize = 64;

/// Secrets shorter than this are matched only as a whole value (a JSON string or number that is
/// exactly the secret), never inside other text: a 3-digit CVC must not blank every `123` of an
/// answer.
pub const MIN_ANYWHERE_LEN: usize = 8;

/// A longer secret is found by its first this many characters: its whole text, and any start of
/// it at least this long (a key cut in a message, `sck_pcs_jECRyoZq0k... (truncated)`).
pub const MIN_PREFIX_LEN: usize = 10;

/// JSON fields whose values are the answer's own newly issued credentials (get_auth_key's
/// `session_key`, init_sale's `encryption_key`: every answer field the specs mark
/// `x-paynet-secret: true`): not scrubbed from the answer, because the outcome keeps them as
/// typed secrets (redacted wherever they are printed). Paynet may issue a key the client already
/// knows (the same session again).
const ISSUED_FIELDS: &[&str] = paynet_api::operations::ISSUED_FIELDS;

/// Keeps at most this many characters of a body in an error.
pub const EXCERPT_LEN: usize = 160;

/// JSON fields whose values are credentials or card data: blanked in excerpts whatever they hold.
/// Every field the specs mark `x-paynet-secret: true` ([`paynet_api::operations::SECRET_FIELDS`])
/// is, and these, which Paynet may echo in an answer whatever the request was.
const SENSITIVE_FIELDS: [&str; 7] = [
    "encryption_key",
    "session_key",
    "secret_key",
    "authorization",
    "pan",
    "cvc",
    "cvv",
];

/// The fields blanked in excerpts: [`SENSITIVE_FIELDS`] and every secret field of the specs.
fn sensitive_fields() -> impl Iterator<Item = &'static str> {
    SENSITIVE_FIELDS.iter().copied().chain(
        paynet_api::operations::SECRET_FIELDS
            .iter()
            .copied()
            .filter(|f| !SENSITIVE_FIELDS.contains(f)),
    )
}

/// Fields whose values are Paynet's result codes and type numbers: never searched for short
/// secrets (a CVC of `100` must not hide result code 100, an earlier success).
const CODE_FIELDS: [&str; 7] = [
    "code",
    "status",
    "transaction_type",
    "xact_type",
    "pos_type",
    "instalment",
    "plus_installment",
];

/// The shortest start of a secret that is redacted when a text ends with it (a body cut inside
/// a key).
const MIN_CUT_SECRET: usize = 6;

/// A shared, thread-safe set of secrets to keep out of every output. Cheap to clone (clones share
/// the set). Its `Debug` shows only how many it holds.
///
/// ```
/// use paynet_domain::Secrets;
///
/// let secrets = Secrets::new();
/// secrets.pin("sck_live_0123456789abcdef");
/// let answer = br#"{"message":"bad key sck_live_0123456789abcdef"}"#;
/// assert_eq!(
///     secrets.scrub_json(answer, &[]).as_ref(),
///     br#"{"message":"bad key [redacted]"}"#
/// );
/// assert_eq!(format!("{secrets:?}"), "Secrets { pinned: 1, recent: 0 }");
/// ```
#[derive(Clone, Default)]
pub struct Secrets {
    inner: Arc<RwLock<Registry>>,
}

#[derive(Default)]
struct Registry {
    pinned: Vec<Zeroizing<String>>,
    recent: VecDeque<Zeroizing<String>>,
    matcher: Arc<Matcher>,
}

/// A snapshot of the registered secrets, ready to search.
#[derive(Default)]
struct Matcher {
    /// Finds the [`start`] of any of `secrets`.
    finder: Option<AhoCorasick>,
    /// The same, one SIMD substring search per secret: faster than the automaton over a JSON
    /// answer (whose many `_` defeat its prefilter) while the set is small.
    starts: Vec<memchr::memmem::Finder<'static>>,
    secrets: Vec<Zeroizing<String>>,
}

/// Up to this many secrets, a body is searched secret by secret ([`Matcher::starts`]); above,
/// with the automaton.
const FEW_SECRETS: usize = 8;

impl Matcher {
    /// True when `keep` says yes to every position where the start of a secret begins in
    /// `bytes` (overlapping matches included).
    fn all_positions(&self, bytes: &[u8], mut keep: impl FnMut(usize) -> bool) -> bool {
        if self.starts.len() <= FEW_SECRETS {
            return self
                .starts
                .iter()
                .all(|f| f.find_iter(bytes).all(&mut keep));
        }
        match &self.finder {
            Some(finder) => finder.find_overlapping_iter(bytes).all(|m| keep(m.start())),
            None => true,
        }
    }
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.read();
        f.debug_struct("Secrets")
            .field("pinned", &r.pinned.len())
            .field("recent", &r.recent.len())
            .finish()
    }
}

impl Secrets {
    /// An empty set.
    pub fn new() -> Secrets {
        Secrets::default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Registry> {
        // The registry holds plain data: a panic elsewhere cannot leave it inconsistent.
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `secret` for as long as the set lives (a client's secret key, keys from the
    /// environment). Empty text is ignored.
    pub fn pin(&self, secret: &str) {
        self.add(secret, true);
    }

    /// Keeps `secret` among the [`RECENT_SECRETS`] most recent ones (session keys, encryption
    /// keys): a long-running server does not accumulate every key it ever saw.
    pub fn remember(&self, secret: &str) {
        self.add(secret, false);
    }

    /// [`Secrets::remember`] of a secret as raw bytes of an answer: nothing is checked or copied
    /// when it is the most recent one already (an answer issuing the key the client holds), and
    /// bytes that are not UTF-8 are no text an answer could print.
    pub(crate) fn remember_bytes(&self, secret: &[u8]) {
        {
            let r = self.read();
            if r.recent.back().is_some_and(|s| s.as_bytes() == secret)
                || r.pinned.iter().any(|s| s.as_bytes() == secret)
            {
                return;
            }
        }
        if let Ok(text) = std::str::from_utf8(secret) {
            self.remember(text);
        }
    }

    fn add(&self, secret: &str, pinned: bool) {
        if secret.is_empty() {
            return;
        }
        // The common case, without the write lock: a key already pinned, or remembered again
        // while it is the most recent one (an answer issuing the key the client holds).
        {
            let r = self.read();
            let known = r.pinned.iter().any(|s| s.as_str() == secret)
                || (!pinned && r.recent.back().is_some_and(|s| s.as_str() == secret));
            if known {
                return;
            }
        }
        let mut r = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if r.pinned.iter().any(|s| s.as_str() == secret) {
            return;
        }
        if let Some(at) = r.recent.iter().position(|s| s.as_str() == secret) {
            if pinned {
                r.recent.remove(at);
            } else {
                // Already known: make it the most recent, nothing to rebuild.
                if let Some(s) = r.recent.remove(at) {
                    r.recent.push_back(s);
                }
                return;
            }
        }
        let owned = Zeroizing::new(secret.to_owned());
        if pinned {
            r.pinned.push(owned);
        } else {
            if r.recent.len() >= RECENT_SECRETS {
                r.recent.pop_front();
            }
            r.recent.push_back(owned);
        }
        let secrets: Vec<Zeroizing<String>> =
            r.pinned.iter().chain(r.recent.iter()).cloned().collect();
        r.matcher = Arc::new(Matcher {
            finder: AhoCorasick::new(
                secrets
                    .iter()
                    .map(|s| prefix::<MIN_CUT_SECRET>(s).as_bytes()),
            )
            .ok(),
            starts: secrets
                .iter()
                .map(|s| {
                    memchr::memmem::Finder::new(prefix::<MIN_CUT_SECRET>(s).as_bytes()).into_owned()
                })
                .collect(),
            secrets,
        });
    }

    /// How many secrets the set holds.
    pub fn len(&self) -> usize {
        let r = self.read();
        r.pinned.len() + r.recent.len()
    }

    /// True when the set holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn matcher(&self) -> Arc<Matcher> {
        self.read().matcher.clone()
    }

    /// A scrubber for one call: these secrets, and `call_secrets` (the call's own, e.g. a card
    /// number and CVC), which are not kept.
    pub fn scrubber<'a>(&self, call_secrets: &'a [&'a str]) -> Scrubber<'a> {
        Scrubber {
            matcher: self.matcher(),
            call: call_secrets,
        }
    }

    /// [`Scrubber::scrub_json`] with these secrets and `call_secrets`.
    pub fn scrub_json<'b>(&self, body: &'b [u8], call_secrets: &[&str]) -> Cow<'b, [u8]> {
        self.scrubber(call_secrets).scrub_json(body)
    }

    /// [`Scrubber::scrub`] with these secrets and `call_secrets`.
    pub fn scrub(&self, text: &str, call_secrets: &[&str]) -> String {
        self.scrubber(call_secrets).scrub(text)
    }
}

/// Scrubs server text of a set of secrets for one call. Made by [`Secrets::scrubber`].
pub struct Scrubber<'a> {
    matcher: Arc<Matcher>,
    call: &'a [&'a str],
}

impl fmt::Debug for Scrubber<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scrubber")
            .field("secrets", &(self.matcher.secrets.len() + self.call.len()))
            .finish()
    }
}

impl Scrubber<'_> {
    /// Every secret this scrubber knows, as text.
    fn all(&self) -> impl Iterator<Item = &str> {
        self.matcher
            .secrets
            .iter()
            .map(|s| s.as_str())
            .chain(self.call.iter().copied())
            .filter(|s| !s.is_empty())
    }

    /// True when some secret occurs in `bytes` as it is (no escape decoding).
    fn found_in(&self, bytes: &[u8]) -> bool {
        // The start of a registered secret at some position.
        !self.matcher.all_positions(bytes, |_| false)
            || self.call_secret_in::<MIN_PREFIX_LEN>(bytes)
    }

    /// True when the first `LEN` characters of a secret of the call, or its card digits, occur
    /// in `bytes`.
    fn call_secret_in<const LEN: usize>(&self, bytes: &[u8]) -> bool {
        self.call.iter().any(|s| {
            !s.is_empty() && memchr::memmem::find(bytes, prefix::<LEN>(s).as_bytes()).is_some()
        }) || self.card_digits_in(bytes)
    }

    /// True when `bytes` show a card secret of the call ([`Scrubber::card_digit_runs`]).
    fn card_digits_in(&self, bytes: &[u8]) -> bool {
        self.has_card_digits() && !self.card_digit_runs(bytes, true).is_empty()
    }

    /// True when a raw answer holds nothing of any secret, not even the first few characters of
    /// one (so not one cut at a text's end), but the issued keys in their own fields, and no JSON
    /// escape that could hide one: the body, and every text read from it, needs no scrubbing.
    /// One pass over the body for the registered secrets, whatever their number.
    pub fn is_clean(&self, body: &[u8]) -> bool {
        if memchr::memchr(b'\\', body).is_some() {
            return false;
        }
        !self.call_secret_in::<MIN_CUT_SECRET>(body) && self.only_issued_in(body)
    }

    /// True when the only secrets in `bytes` are registered ones, each found as the value of an
    /// issued field (`"encryption_key":"ek_..."`: an answer issuing a key the client already
    /// knows), and the call's own secrets are nowhere: the body needs no scrubbing. A quick
    /// check for the common case; anything else takes the full walk.
    fn only_issued_in(&self, bytes: &[u8]) -> bool {
        self.matcher.all_positions(bytes, |at| {
            let Some(before) = bytes[..at].strip_suffix(b"\"") else {
                return false;
            };
            let Some(before) = before.trim_ascii_end().strip_suffix(b":") else {
                return false;
            };
            let before = before.trim_ascii_end();
            ISSUED_FIELDS.iter().any(|field| {
                before
                    .strip_suffix(b"\"")
                    .and_then(|b| b.strip_suffix(field.as_bytes()))
                    .and_then(|b| b.strip_suffix(b"\""))
                    .is_some()
            })
        })
    }

    /// The call's secrets made only of digits: a card number, a CVC.
    fn card_digits(&self) -> impl Iterator<Item = &str> {
        self.call
            .iter()
            .copied()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
    }

    fn has_card_digits(&self) -> bool {
        self.card_digits().next().is_some()
    }

    /// The runs of digits in `bytes` that show a card secret of this call: a run (digits, with
    /// single spaces, dashes, dots or commas between them: `4355 0843 5508 4358`) whose digits
    /// hold the card number, or a run of digits alone that is the CVC (`cvc 321`, not `1321` or
    /// `321.50`).
    fn card_digit_runs(&self, bytes: &[u8], short: bool) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
                i += 1;
                continue;
            }
            let start = i;
            let mut digits = Vec::new();
            let mut separated = false;
            while i < bytes.len() {
                if bytes[i].is_ascii_digit() {
                    digits.push(bytes[i]);
                    i += 1;
                } else if matches!(bytes[i], b' ' | b'-' | b'.' | b',')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    separated = true;
                    i += 1;
                } else {
                    break;
                }
            }
            let shows = self.card_digits().any(|secret| {
                let secret = secret.as_bytes();
                if secret.len() >= MIN_ANYWHERE_LEN {
                    memchr::memmem::find(&digits, secret).is_some()
                } else {
                    short && !separated && digits == secret
                }
            });
            if shows {
                found.push((start, i));
            }
        }
        found
    }

    /// `text` with every run of [`Scrubber::card_digit_runs`] replaced by `[redacted]`.
    fn replace_card_digits(&self, text: String, short: bool) -> String {
        if !self.has_card_digits() {
            return text;
        }
        let runs = self.card_digit_runs(text.as_bytes(), short);
        if runs.is_empty() {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (start, end) in runs {
            out.push_str(&text[from..start]);
            out.push_str(REDACTED);
            from = end;
        }
        out.push_str(&text[from..]);
        out
    }

    /// Scrubs a raw JSON answer before it is read: every string value holding a secret has it
    /// replaced by `[redacted]` (JSON escapes such as `\/` and `\u002B` are decoded first, so an
    /// escaped secret is found too), and a string or number that **is** a secret becomes
    /// `"[redacted]"`. Secrets shorter than [`MIN_ANYWHERE_LEN`] are matched only as whole
    /// values. What is not JSON is scrubbed as text. The body is returned as it is (no copy) when
    /// it holds no secret.
    pub fn scrub_json<'b>(&self, body: &'b [u8]) -> Cow<'b, [u8]> {
        if self.is_clean(body) {
            return Cow::Borrowed(body);
        }
        let Ok(text) = std::str::from_utf8(body) else {
            // Not UTF-8, so not JSON: scrub the bytes as text.
            let lossy = String::from_utf8_lossy(body);
            return Cow::Owned(self.replace_anywhere(&lossy, true).into_bytes());
        };
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        let mut rest = text;
        // The field the next value belongs to, when it is one whose value is kept as sent.
        let mut issued_value_next = false;
        // Whether the values of the current field are searched for short secrets (not in
        // Paynet's result codes and type numbers, where a CVC such as 100 would blank them).
        let mut short = true;
        loop {
            let Some(open) = rest.find('"') else {
                changed |= self.push_bare(&mut out, rest, short);
                break;
            };
            let bare = &rest[..open];
            if !bare.trim().is_empty() && !bare.trim_end().ends_with(':') {
                issued_value_next = false;
            }
            changed |= self.push_bare(&mut out, bare, short);
            let after = &rest[open + 1..];
            let Some(close) = closing_quote(after.as_bytes()) else {
                // An unterminated string (a truncated body): scrub what there is as text.
                let tail = &rest[open..];
                let scrubbed = self.replace_anywhere(tail, true);
                changed |= scrubbed != tail;
                out.push_str(&scrubbed);
                break;
            };
            let literal = &rest[open..open + 1 + close + 1];
            rest = &rest[open + 1 + close + 1..];
            let is_key = rest.trim_start().starts_with(':');
            if !is_key && issued_value_next {
                out.push_str(literal);
            } else {
                changed |= self.push_literal(&mut out, literal, short || is_key);
            }
            let name = &literal[1..literal.len() - 1];
            issued_value_next = is_key && ISSUED_FIELDS.contains(&name);
            if is_key {
                short = !CODE_FIELDS.contains(&name);
            }
        }
        if changed {
            Cow::Owned(out.into_bytes())
        } else {
            Cow::Borrowed(body)
        }
    }

    /// Copies a JSON string literal (quotes included), scrubbed. True when it changed.
    fn push_literal(&self, out: &mut String, literal: &str, short: bool) -> bool {
        let inner = &literal[1..literal.len() - 1];
        let decoded = Some(literal)
            .filter(|_| inner.contains('\\'))
            .and_then(|l| serde_json::from_str::<String>(l).ok())
            .map_or(Cow::Borrowed(inner), Cow::Owned);
        let scrubbed = self.scrub_value(&decoded, short);
        match scrubbed {
            Some(new) => {
                // serde_json writes a string as a valid JSON literal.
                out.push_str(&serde_json::to_string(&new).unwrap_or_else(|_| "\"\"".into()));
                true
            }
            None => {
                out.push_str(literal);
                false
            }
        }
    }

    /// Copies JSON outside string literals (numbers, punctuation, literals), with any token that
    /// is or holds a secret replaced by `"[redacted]"`. True when it changed.
    fn push_bare(&self, out: &mut String, bare: &str, short: bool) -> bool {
        if !self.found_in(bare.as_bytes()) && !self.all().any(|s| s.len() < MIN_ANYWHERE_LEN) {
            out.push_str(bare);
            return false;
        }
        let mut changed = false;
        let mut token_start = None;
        for (i, c) in bare.char_indices().chain([(bare.len(), ' ')]) {
            if !(c.is_whitespace() || matches!(c, ',' | ':' | '{' | '}' | '[' | ']')) {
                token_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = token_start.take() {
                let token = &bare[start..i];
                if self
                    .all()
                    .any(|s| s == token && (short || s.len() >= MIN_ANYWHERE_LEN))
                {
                    // A number that is a secret becomes a JSON string (the JSON stays
                    // valid); a word in a text that is not JSON is just replaced.
                    let number = token.bytes().all(|b| {
                        b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                    });
                    if number {
                        out.push('"');
                        out.push_str(REDACTED);
                        out.push('"');
                    } else {
                        out.push_str(REDACTED);
                    }
                    changed = true;
                } else {
                    let replaced = self.replace_anywhere(token, short);
                    changed |= replaced != token;
                    out.push_str(&replaced);
                }
            }
            if i < bare.len() {
                out.push(c);
            }
        }
        changed
    }

    /// A value's scrubbed text, or `None` when it holds no secret.
    fn scrub_value(&self, value: &str, short: bool) -> Option<String> {
        let trimmed = value.trim();
        if self
            .all()
            .any(|s| s == trimmed && (short || s.len() >= MIN_ANYWHERE_LEN))
        {
            return Some(REDACTED.to_owned());
        }
        // Most values hold nothing: no copy, no search for each secret.
        if !self.found_in(value.as_bytes()) {
            return None;
        }
        let replaced = self.replace_anywhere(value, short);
        (replaced != value).then_some(replaced)
    }

    /// Replaces every occurrence of a secret of at least [`MIN_ANYWHERE_LEN`] characters, and
    /// of any start of one at least [`MIN_PREFIX_LEN`] characters long; `short`: short digit
    /// secrets (a CVC) are looked for too.
    fn replace_anywhere(&self, text: &str, short: bool) -> String {
        let mut text = text.to_owned();
        for secret in self.all().filter(|s| s.len() >= MIN_ANYWHERE_LEN) {
            let head = prefix::<MIN_PREFIX_LEN>(secret);
            let mut from = 0;
            while let Some(at) = text[from..].find(head).map(|i| from + i) {
                // The secret, or what matches of its start, and whatever is glued to it up to the
                // next space or delimiter (the rest of a key written with escapes, `\/...`).
                let matched = text[at..]
                    .bytes()
                    .zip(secret.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                let glued = text[at + matched..]
                    .find(|c: char| c.is_whitespace() || "\"'<>,;()[]{}".contains(c))
                    .unwrap_or(text.len() - at - matched);
                let end = if matched == secret.len() {
                    at + matched
                } else {
                    at + matched + glued
                };
                text.replace_range(at..end, REDACTED);
                from = at + REDACTED.len();
            }
        }
        self.replace_card_digits(text, short)
    }

    /// Scrubs free text (a message, a reason): every secret, a start of one at the very end of
    /// the text (text cut inside a key), and the values of key-named JSON fields.
    pub fn scrub(&self, text: &str) -> String {
        if !text.contains('"') && !self.may_end_in_or_hold(text) {
            return text.to_owned();
        }
        let mut text = self.replace_anywhere(text, true);
        for secret in self.all() {
            if let Some(start) = cut_secret_at_end(&text, secret) {
                text.truncate(start);
                text.push_str(REDACTED);
            }
        }
        for field in sensitive_fields() {
            text = blank_json_field(&text, field);
        }
        text
    }

    fn may_end_in_or_hold(&self, text: &str) -> bool {
        self.card_digits_in(text.as_bytes())
            || self
                .all()
                .any(|secret| text.contains(prefix::<MIN_CUT_SECRET>(secret)))
    }

    /// A short, secret-free excerpt of a body for an error report: JSON escapes that could hide a
    /// key are undone (`\/`, and `\uXXXX` for printable ASCII), every secret and the values of
    /// key-named fields are removed, control characters are dropped, and the text is cut to
    /// [`EXCERPT_LEN`] characters.
    pub fn excerpt(&self, body: &[u8]) -> String {
        let mut unescaped = unescape_json(&String::from_utf8_lossy(body));
        // A body cut inside an escape (`...elaF\/SIBV\u00`): drop the partial escape, so that
        // the start of a key before it is recognised as the text's end.
        if let Some(at) = partial_escape_at_end(&unescaped) {
            unescaped.truncate(at);
        }
        let text = self.scrub(&unescaped);
        let mut out: String = text
            .chars()
            .filter(|c| !c.is_control() || *c == ' ')
            .take(EXCERPT_LEN)
            .collect();
        if text.chars().count() > EXCERPT_LEN {
            out.push('…');
        }
        out
    }
}

/// The first `LEN` characters of `secret` (all of a shorter one). Its first [`MIN_PREFIX_LEN`]
/// find it; its first [`MIN_CUT_SECRET`] may show it: a text with none of these holds no secret,
/// not even one cut at its end.
fn prefix<const LEN: usize>(secret: &str) -> &str {
    secret
        .char_indices()
        .nth(LEN)
        .map_or(secret, |(end, _)| &secret[..end])
}

/// The index (in `bytes`, which follow the opening quote of a JSON string) of the closing quote:
/// the first one not escaped.
pub(crate) fn closing_quote(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'"', b'\\', &bytes[i..]) {
        let at = i + at;
        if bytes[at] == b'"' {
            return Some(at);
        }
        i = at + 2;
        if i > bytes.len() {
            return None;
        }
    }
    None
}

/// Where a trailing, unfinished escape begins: `\`, `\u`, `\u0`, `\u00`, `\u002`, `%`, `%2`,
/// `&#`, `&#4`...
fn partial_escape_at_end(text: &str) -> Option<usize> {
    let tail_start = text.len().saturating_sub(6);
    let tail_start = (tail_start..=text.len()).find(|&i| text.is_char_boundary(i))?;
    let tail = &text[tail_start..];
    for (i, c) in tail.char_indices().rev() {
        let rest = &tail[i + c.len_utf8()..];
        let partial = match c {
            '\\' => {
                rest.is_empty()
                    || (rest.starts_with('u')
                        && rest.len() < 5
                        && rest[1..].bytes().all(|b| b.is_ascii_hexdigit()))
            }
            '%' => rest.len() < 2 && rest.bytes().all(|b| b.is_ascii_hexdigit()),
            '&' => rest.starts_with('#') && !rest.contains(';') && rest.len() < 6,
            _ => false,
        };
        if partial {
            return Some(tail_start + i);
        }
    }
    None
}

/// Where `text` ends with the first [`MIN_CUT_SECRET`] or more characters of `secret`.
fn cut_secret_at_end(text: &str, secret: &str) -> Option<usize> {
    secret
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .skip(MIN_CUT_SECRET - 1)
        .filter(|&len| text.ends_with(&secret[..len]))
        .max()
        .map(|len| text.len() - len)
}

/// Undoes the escapes that can hide a key in raw body text: JSON's `\/`, and `\uXXXX` for
/// printable ASCII other than `"` and `\` (which stay escaped, so that JSON strings keep their
/// bounds; `\\` is kept as it is, with what follows it); and the URL and HTML forms of the
/// characters keys hold besides letters and digits (`%2B`, `%2F`, `%3D`, `&#43;`, `&#x2F;`...).
fn unescape_json(text: &str) -> String {
    let text = undo_url_and_html(text);
    let text = text.as_str();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('/') {
            out.push('/');
            rest = tail;
        } else if let Some(c) = after
            .strip_prefix('u')
            .and_then(|hex| hex.get(..4))
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .map(char::from)
            .filter(|c| matches!(c, ' '..='~') && !matches!(c, '"' | '\\'))
        {
            out.push(c);
            rest = &after[5..];
        } else {
            // Any other escape (`\\`, `\"`, `\n`...) is copied with its escaped character.
            let len = after.chars().next().map_or(0, char::len_utf8);
            out.push('\\');
            out.push_str(&after[..len]);
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    out
}

fn undo_url_and_html(text: &str) -> String {
    if !text.contains(['%', '&']) {
        return text.to_owned();
    }
    let mut out = text.to_owned();
    for (upper, to) in [
        ("%2B", "+"),
        ("%2F", "/"),
        ("%3D", "="),
        ("&#43;", "+"),
        ("&#x2B;", "+"),
        ("&#47;", "/"),
        ("&#x2F;", "/"),
        ("&#61;", "="),
        ("&#x3D;", "="),
    ] {
        // Each form, then its lower-case twin (`%2b`, `&#x2f;`).
        for from in [upper, &upper.to_ascii_lowercase()] {
            if out.contains(from) {
                out = out.replace(from, to);
            }
        }
    }
    out
}

fn blank_json_field(text: &str, field: &str) -> String {
    let needle = format!("\"{field}\"");
    if !text.contains(&needle) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (before, after) = rest.split_at(at + needle.len());
        out.push_str(before);
        // Skip `\s*:\s*"`, then the string value up to its closing quote.
        let trimmed = after.trim_start();
        let Some(colon) = trimmed.strip_prefix(':') else {
            rest = after;
            continue;
        };
        let value = colon.trim_start();
        let Some(body) = value.strip_prefix('"') else {
            rest = after;
            continue;
        };
        out.push_str(":\"[redacted]\"");
        let end = closing_quote(body.as_bytes()).map_or(body.len(), |i| i + 1);
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const KEY: &str = "sck_live/+x0123";

    fn secrets() -> Secrets {
        let s = Secrets::new();
        s.pin(KEY);
        s
    }

    fn scrub_json(s: &Secrets, body: &str, call: &[&str]) -> String {
        String::from_utf8(s.scrub_json(body.as_bytes(), call).into_owned()).unwrap()
    }

    #[test]
    fn clean_bodies_are_not_copied() {
        let s = secrets();
        let body = br#"{"code":0,"message":"Ba\u015far\u0131l\u0131","amount":149.90}"#;
        assert!(matches!(s.scrub_json(body, &[]), Cow::Borrowed(_)));
        let body = br#"{"code":0}"#;
        assert!(matches!(
            s.scrub_json(body, &["4355081234564358"]),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn secrets_are_found_in_any_string_however_escaped() {
        let s = secrets();
        for echoed in [
            KEY,
            r"sck_live\/+x0123",
            r"sck_live\/\u002Bx0123",
            r"sck_live/\u002bx0123",
        ] {
            let body = format!(r#"{{"message":"bad {echoed} key","code":7}}"#);
            let out = scrub_json(&s, &body, &[]);
            assert_eq!(
                out, r#"{"message":"bad [redacted] key","code":7}"#,
                "{echoed}"
            );
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["code"], 7);
        }
    }

    #[test]
    fn short_secrets_only_as_whole_values_or_numbers_standing_alone() {
        let s = Secrets::new();
        // A CVC (digits): a whole value, or a number standing alone in a text; never part of
        // another number.
        let out = scrub_json(
            &s,
            r#"{"cvc":"123","amount":123.45,"n":123,"text":"order 123","id":"A-1234","m":"cvc 123!"}"#,
            &["123"],
        );
        assert_eq!(
            out,
            r#"{"cvc":"[redacted]","amount":123.45,"n":"[redacted]","text":"order [redacted]","id":"A-1234","m":"cvc [redacted]!"}"#
        );
        // Never in a result code or a type number: a CVC of 100 leaves code 100 (a replay).
        let out = scrub_json(
            &s,
            r#"{"code":100,"status":"100","is":"cvc 100","instalment":100}"#,
            &["100"],
        );
        assert_eq!(
            out,
            r#"{"code":100,"status":"100","is":"cvc [redacted]","instalment":100}"#
        );
        // A short secret that is not digits: whole values only.
        let out = scrub_json(&s, r#"{"a":"ab1","t":"x ab1 y"}"#, &["ab1"]);
        assert_eq!(out, r#"{"a":"[redacted]","t":"x ab1 y"}"#);
    }

    #[test]
    fn a_clean_answer_is_recognised_and_nothing_else_is() {
        // A few secrets (searched one by one) and many (searched with the automaton).
        for extra in [0, FEW_SECRETS + 4] {
            let s = Secrets::new();
            for i in 0..extra {
                s.remember(&format!("ssk_other_session_{i:04}"));
            }
            clean_answers(&s);
        }
    }

    fn clean_answers(s: &Secrets) {
        s.pin("sck_live_0123456789abcdef");
        s.remember("ek_Zx4vPq0Wm7Ty2Bn9Lc5Rd1Hs8Gf3Ja");
        let clean = |body: &str, call: &[&str]| s.scrubber(call).is_clean(body.as_bytes());
        assert!(clean(r#"{"code":0,"message":"Başarılı"}"#, &[]));
        // An issued key in its own field, the only secret: clean (nothing to scrub).
        assert!(clean(
            r#"{"encryption_key": "ek_Zx4vPq0Wm7Ty2Bn9Lc5Rd1Hs8Gf3Ja","code":0}"#,
            &[]
        ));
        for dirty in [
            // The same key anywhere else.
            r#"{"encryption_key":"ek_Zx4vPq0Wm7Ty2Bn9Lc5Rd1Hs8Gf3Ja","message":"ek_Zx4vPq0Wm7Ty2Bn9Lc5Rd1Hs8Gf3Ja"}"#,
            // A key cut at the end of a text (its first 6 characters).
            r#"{"message":"bad key sck_li"}"#,
            // An escape that could hide one.
            r#"{"message":"sck\u005flive_0123456789abcdef"}"#,
        ] {
            assert!(!clean(dirty, &[]), "{dirty}");
        }
        // The call's own secrets count too.
        assert!(!clean(
            r#"{"message":"4355084355084358"}"#,
            &["4355084355084358"]
        ));
        assert!(!clean(
            r#"{"message":"4355 0843 5508 4358"}"#,
            &["4355084355084358"]
        ));
    }

    #[test]
    fn a_card_number_echoed_in_groups_is_found() {
        let s = Secrets::new();
        let pan = "4355084355084358";
        for echoed in [
            "card 4355 0843 5508 4358 refused",
            "card 4355-0843-5508-4358 refused",
            "card 4355084355084358 refused",
        ] {
            let body = format!(r#"{{"message":"{echoed}"}}"#);
            let out = scrub_json(&s, &body, &[pan]);
            assert_eq!(out, r#"{"message":"card [redacted] refused"}"#, "{echoed}");
            assert_eq!(s.scrub(echoed, &[pan]), "card [redacted] refused");
        }
        // Other numbers are kept, grouped or not.
        let kept = r#"{"message":"4355 0843 9999 4358, 2026-11-30"}"#;
        assert_eq!(scrub_json(&s, kept, &[pan]), kept);
    }

    #[test]
    fn numbers_and_keys_holding_a_secret_are_replaced() {
        let s = Secrets::new();
        let out = scrub_json(
            &s,
            r#"{"card":4355081234564358,"4355081234564358":1}"#,
            &["4355081234564358"],
        );
        assert_eq!(out, r#"{"card":"[redacted]","[redacted]":1}"#);
    }

    #[test]
    fn truncated_and_non_json_bodies_are_scrubbed_as_text() {
        let s = secrets();
        assert_eq!(
            scrub_json(&s, &format!(r#"{{"m":"x {KEY} y"#), &[]),
            r#"{"m":"x [redacted] y"#
        );
        assert_eq!(
            scrub_json(&s, &format!("<html>{KEY}</html>"), &[]),
            "<html>[redacted]</html>"
        );
    }

    #[test]
    fn issued_credentials_are_kept_for_the_outcome() {
        let s = Secrets::new();
        s.remember("ssk_session_0123456789");
        s.remember("ek_encryption_0123456789");
        let body = r#"{"session_key" : "ssk_session_0123456789","encryption_key":"ek_encryption_0123456789","message":"ssk_session_0123456789"}"#;
        assert_eq!(
            scrub_json(&s, body, &[]),
            r#"{"session_key" : "ssk_session_0123456789","encryption_key":"ek_encryption_0123456789","message":"[redacted]"}"#
        );
        // Only the value right after such a key.
        let body = r#"{"session_key":null,"m":"ssk_session_0123456789"}"#;
        assert_eq!(
            scrub_json(&s, body, &[]),
            r#"{"session_key":null,"m":"[redacted]"}"#
        );
    }

    #[test]
    fn a_start_of_a_key_is_found_anywhere() {
        let s = secrets();
        let out = scrub_json(
            &s,
            r#"{"message":"Invalid key sck_live/+x01... (truncated)"}"#,
            &[],
        );
        assert_eq!(out, r#"{"message":"Invalid key [redacted] (truncated)"}"#);
        // Too short a start is not a key.
        let out = scrub_json(&s, r#"{"message":"key sck_live/ is wrong"}"#, &[]);
        assert_eq!(out, r#"{"message":"key sck_live/ is wrong"}"#);
    }

    #[test]
    fn a_key_as_a_word_of_a_text_body_is_replaced_without_quotes() {
        let s = secrets();
        assert_eq!(
            scrub_json(
                &s,
                &format!("Authorization: Basic {KEY}\nSession-Key: x"),
                &[]
            ),
            "Authorization: Basic [redacted]\nSession-Key: x"
        );
    }

    #[test]
    fn excerpts_cut_inside_an_escape_hide_the_start_of_a_key() {
        let s = Secrets::new();
        s.pin("sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW");
        let sc = s.scrubber(&[]);
        for body in [
            r#"{"message":"bad sck_pcs_jECRyoZq0khnsV9elaF\/SIBVvxQI\u00"#,
            r#"{"message":"bad sck_pcs_jECRyoZq0khnsV9elaF\"#,
            r#"{"message":"bad sck_pcs_jECRyoZq0khnsV9elaF%2FSIBVvxQI%2"#,
            "<p>bad sck_pcs_jECRyoZq0khnsV9elaF&#x2F;SIBVvxQI&#43;bIW</p>",
        ] {
            let e = sc.excerpt(body.as_bytes());
            assert!(!e.contains("jECRyoZq0khnsV9"), "{body} -> {e}");
        }
    }

    #[test]
    fn the_registry_is_bounded_and_pins_stay() {
        let s = secrets();
        // Keys that differ from their first characters, as real (random) keys do.
        for i in 0..(RECENT_SECRETS + 10) {
            s.remember(&format!("{i:04}_ssk_session"));
        }
        assert_eq!(s.len(), 1 + RECENT_SECRETS);
        let body = format!(r#"{{"a":"{KEY}","b":"0000_ssk_session","c":"0073_ssk_session"}}"#);
        assert_eq!(
            scrub_json(&s, &body, &[]),
            r#"{"a":"[redacted]","b":"0000_ssk_session","c":"[redacted]"}"#
        );
        s.remember(KEY);
        s.pin("0073_ssk_session");
        assert_eq!(s.len(), 1 + RECENT_SECRETS);
    }

    proptest::proptest! {
        /// Whatever the body, what comes out holds no registered secret, and a body that held
        /// none comes back unchanged.
        #[test]
        fn scrubbing_removes_every_secret(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "sck_live/+x0123", "sck_live\\/+x0123", "sck_live\\/\\u002Bx0123", "sck_li",
                    "\"", "\\", ":", ",", "{", "}", "[", "]", "0", "12", "Başarılı", " ",
                    "\\u0131", "ssk_1234567890", "x",
                ]),
                0..16,
            ),
        ) {
            let s = Secrets::new();
            s.pin(KEY);
            s.remember("ssk_1234567890");
            let body: String = parts.concat();
            let out = s.scrub_json(body.as_bytes(), &[]);
            let text = String::from_utf8_lossy(&out);
            proptest::prop_assert!(!text.contains(KEY), "{}", text);
            proptest::prop_assert!(!text.contains("ssk_1234567890"), "{}", text);
            if let Ok(decoded) = serde_json::from_str::<serde_json::Value>(&text) {
                let again = decoded.to_string();
                proptest::prop_assert!(!again.contains(KEY), "{}", again);
            }
            if !body.contains('\\') && !body.contains(KEY) && !body.contains("ssk_1234567890") {
                proptest::prop_assert_eq!(text.as_ref(), body.as_str());
            }
        }
    }

    #[test]
    fn excerpts_hide_credentials_and_key_fields() {
        let s = Secrets::new();
        s.pin("sck_live/+x");
        let body = br#"{"encryption_key" : "ENC\"KEY", "session_key":"ssk_1", "echo":"sck_live/+x","code":0}"#;
        let e = s.scrubber(&[]).excerpt(body);
        assert!(!e.contains("ENC"), "{e}");
        assert!(!e.contains("ssk_1"), "{e}");
        assert!(!e.contains("sck_live"), "{e}");
        assert!(e.contains(r#""code":0"#), "{e}");
    }

    #[test]
    fn excerpts_are_short_and_single_line() {
        let body = format!("<html>\n<body>{}</body></html>", "x".repeat(1000));
        let e = Secrets::new().scrubber(&[]).excerpt(body.as_bytes());
        assert_eq!(e.chars().count(), EXCERPT_LEN + 1);
        assert!(!e.contains('\n'));
        assert!(e.starts_with("<html><body>xx"), "{e}");
    }

    #[test]
    fn json_escaped_secrets_are_found_in_excerpts() {
        let body = br#"{"m":"k\/e\u002By0123 \u002by","n":"\\u002B \" \u0022 \u00e7"}"#;
        let s = Secrets::new();
        s.pin("k/e+y0123");
        let e = s.scrubber(&[]).excerpt(body);
        assert!(!e.contains("k/e+y") && !e.contains("k\\/e"), "{e}");
        assert!(e.contains("[redacted] +y"), "{e}");
        // Escaped backslashes and quotes stay escaped; non-ASCII escapes are kept as sent.
        assert!(e.contains(r#""n":"\\u002B \" \u0022 \u00e7"}"#), "{e}");
    }

    #[test]
    fn a_text_cut_inside_a_secret_is_redacted() {
        let s = Secrets::new();
        s.pin("sck_pcs_jECRyo");
        let sc = s.scrubber(&[]);
        assert_eq!(sc.scrub("bad key sck_pcs_jE"), "bad key [redacted]");
        assert_eq!(sc.scrub("bad key sck_p"), "bad key sck_p");
        // A start shorter than MIN_PREFIX_LEN is kept inside a text; a longer one is not.
        assert_eq!(sc.scrub("sck_pcs_j is a prefix"), "sck_pcs_j is a prefix");
        assert_eq!(sc.scrub("sck_pcs_jE is a prefix"), "[redacted] is a prefix");
    }

    #[test]
    fn a_truncated_key_field_is_still_blanked() {
        let e = Secrets::new()
            .scrubber(&[])
            .excerpt(br#"{"encryption_key":"abcdef"#);
        assert!(!e.contains("abcdef"), "{e}");
    }
}
