//! What every command shares: the global options, the environment variables the tool reads, the
//! facade client built from them (with every key of the environment registered as a secret),
//! sending a request through it, and printing the result.

use std::fmt::Debug;
use std::io::Write as _;
use std::time::Duration;

use paynet::{
    Amount, Call, Client, ConfigError, CredentialError, Environment, Operation, PayPos,
    PublishableKey, Request, SecretKey, SessionKey,
};
use serde::Serialize;

use crate::failure::Failure;
use crate::json;

/// The environment variable holding the merchant's secret key (capture, session open/close).
pub(crate) const SECRET_KEY_VAR: &str = "PAYNET_SECRET_KEY";
/// The environment variable holding the merchant's publishable key (public-ratios).
pub(crate) const PUBLISHABLE_KEY_VAR: &str = "PAYNET_PUBLISHABLE_KEY";
/// The environment variable holding the PayPOS session key (init-sale, check-sale,
/// init-reversal, session close).
pub(crate) const SESSION_KEY_VAR: &str = "PAYNET_SESSION_KEY";
/// The card number for `pay` (spaces and dashes between groups allowed).
pub(crate) const CARD_NUMBER_VAR: &str = "PAYNET_CARD_NUMBER";
/// The card's expiry for `pay`, `MM/YY`.
pub(crate) const CARD_EXPIRY_VAR: &str = "PAYNET_CARD_EXPIRY";
/// The card's CVC for `pay` (scrubbed from that payment's answers by the SDK itself; never
/// registered client-wide: a short number would blank every equal number Paynet sends).
pub(crate) const CARD_CVC_VAR: &str = "PAYNET_CARD_CVC";
/// The name on the card for `pay`.
pub(crate) const CARD_HOLDER_VAR: &str = "PAYNET_CARD_HOLDER";
/// The merchant's domain (`www.acme.com`), which Paynet requires on card payments.
pub(crate) const DOMAIN_VAR: &str = "PAYNET_DOMAIN";
/// Card data from the environment shorter than this is not registered as a secret: no card
/// number is that short, and a stray `0` would blank every zero Paynet sends back.
const MIN_CARD_SECRET_LEN: usize = 3;

/// The default whole-call bound of the facade; raised when `--timeout` asks for longer attempts.
const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// `--env`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Env {
    /// https://pts-api.paynet.com.tr, Paynet's test system.
    Sandbox,
    /// https://api.paynet.com.tr: real money.
    Production,
}

/// The global options every command sees.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Global {
    /// Which Paynet to talk to.
    #[arg(long, value_enum, default_value_t = Env::Sandbox, global = true)]
    pub(crate) env: Env,

    /// Talk to this base URL instead (overrides --env), e.g. a `paynet sim` on loopback.
    #[arg(long, value_name = "URL", global = true)]
    pub(crate) base_url: Option<String>,

    /// Bound each attempt (from sending to the end of the answer) to this many seconds
    /// (decimals allowed, e.g. 2.5).
    #[arg(long, value_name = "SECONDS", value_parser = crate::values::parse_timeout, global = true)]
    pub(crate) timeout: Option<Duration>,

    /// Print exactly one JSON object on stdout: the response, or {"error": {...}}.
    #[arg(long, global = true)]
    pub(crate) json: bool,
}

impl Global {
    /// The Paynet the global options name: `--base-url`, else `--env`'s.
    pub(crate) fn environment(&self) -> Environment {
        match (&self.base_url, self.env) {
            (Some(url), _) => Environment::Custom(url.clone()),
            (None, Env::Sandbox) => Environment::Sandbox,
            (None, Env::Production) => Environment::Production,
        }
    }
}

/// Logs (`-v`) that `operation` is being sent to `base_url`, with the request as its `Debug`
/// shows it (which never holds a key or card data: a card shows its first 6 and last 4 digits).
pub(crate) fn sending(base_url: &str, operation: Operation, request: &impl Debug) {
    tracing::debug!(target: "paynet_cli", base_url, request = ?request, "sending {operation}");
}

/// Sends `request` (`call`: its operation's call, on a client for `base_url`), logged (`-v`) as
/// [`sending`], then its answer (whose `Debug` holds no secret either); an error is the SDK's.
pub(crate) async fn send<R: Request + Debug>(
    base_url: &str,
    request: &R,
    call: Call<'_, R>,
) -> Result<R::Output, Failure> {
    sending(base_url, R::OPERATION, request);
    let answer = call.await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", answer = ?answer, "{} answered", R::OPERATION);
    Ok(answer)
}

/// [`send`]s `request` with `method` (the facade's method of its operation: `Client::capture`) on
/// a client under the secret key ([`secret_client`]; `command` is named if it is missing).
pub(crate) async fn call<R: Request + Debug>(
    global: &Global,
    command: &str,
    request: &R,
    method: impl for<'a> FnOnce(&'a Client, &'a R) -> Call<'a, R>,
) -> Result<R::Output, Failure> {
    let client = secret_client(global, command, false)?;
    send(client.base_url(), request, method(&client, request)).await
}

/// Prints a command's result on stdout: with `--json`, `value` as one line of JSON; else the
/// text `text` writes.
pub(crate) fn print(
    global: &Global,
    value: &impl Serialize,
    text: impl FnOnce() -> String,
) -> Result<(), Failure> {
    let json = global.json.then(|| json::line(value));
    out(&json.unwrap_or_else(text));
    Ok(())
}

/// Writes one line on stdout and flushes it; a closed stdout (e.g. `| head`) is not an error.
pub(crate) fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

/// The facade client under the secret key in `PAYNET_SECRET_KEY` (`command` needs it), with the
/// merchant's domain when `domain` (`PAYNET_DOMAIN`, for card payments).
pub(crate) fn secret_client(
    global: &Global,
    command: &str,
    domain: bool,
) -> Result<Client, Failure> {
    let key = Some(credential(SECRET_KEY_VAR, command, SecretKey::new)?);
    let domain = if domain { merchant_domain()? } else { None };
    build_client(global.environment(), global.timeout, key, None, domain)
}

/// A PayPOS handle under `PAYNET_SESSION_KEY`, for `command`.
pub(crate) fn paypos(global: &Global, command: &str) -> Result<PayPos, Failure> {
    let key = credential(SESSION_KEY_VAR, command, SessionKey::new)?;
    let client = build_client(global.environment(), global.timeout, None, None, None)?;
    Ok(client.paypos(key))
}

/// Builds a facade client for `environment`, with the CLI's user agent and `--timeout`. Every
/// key found in the environment, and the card number, is registered with it
/// ([`environment_keys`]), whichever command runs, so that nothing it returns can hold one.
pub(crate) fn build_client(
    environment: Environment,
    timeout: Option<Duration>,
    secret_key: Option<SecretKey>,
    publishable_key: Option<PublishableKey>,
    merchant_domain: Option<String>,
) -> Result<Client, Failure> {
    let mut builder = Client::builder()
        .environment(environment)
        .user_agent(format!(
            "paynet-cli/{} {}",
            env!("CARGO_PKG_VERSION"),
            paynet::DEFAULT_USER_AGENT
        ));
    if let Some(timeout) = timeout {
        builder = builder
            .attempt_timeout(timeout)
            .total_timeout(Some(timeout.max(DEFAULT_TOTAL_TIMEOUT)));
    }
    if let Some(key) = secret_key {
        builder = builder.secret_key(key);
    }
    if let Some(key) = publishable_key {
        builder = builder.publishable_key(key);
    }
    if let Some(domain) = merchant_domain {
        builder = builder.merchant_domain(domain);
    }
    for key in environment_keys() {
        builder = builder.redact(&key);
    }
    builder.build().map_err(|e| match e {
        // Only --base-url and PAYNET_DOMAIN can be wrong: the other settings are the tool's own.
        ConfigError::BaseUrl(_) => Failure::InvalidInput(e.to_string()),
        ConfigError::MerchantDomain(_) => Failure::Usage(format!(
            "the {DOMAIN_VAR} environment variable is not valid: {e}"
        )),
        _ => Failure::Internal(format!("the Paynet client could not be built: {e}")),
    })
}

/// The text of every key variable set in the environment (`PAYNET_SECRET_KEY`,
/// `PAYNET_SESSION_KEY`), valid or not and whether or not the command needs it (and, when it has
/// surrounding whitespace, its trimmed text too), and of the card's number (`PAYNET_CARD_NUMBER`:
/// also its digits alone, the form Paynet would echo): secrets to keep out of all the tool
/// prints. A variable that is not UTF-8 cannot appear in what Paynet answers, and is skipped;
/// card data shorter than [`MIN_CARD_SECRET_LEN`] is no card's.
///
/// The CVC (`PAYNET_CARD_CVC`) is deliberately not registered: a client-wide secret of 3 or 4
/// digits would blank every equal number Paynet sends (a CVC of `100` turned result code 100,
/// an earlier success, into `"[redacted]"`). The SDK scrubs a payment's own CVC from that
/// payment's answers (a number standing alone, never a result code), and no other call carries
/// it.
fn environment_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for var in [SECRET_KEY_VAR, SESSION_KEY_VAR] {
        if let Ok(text) = std::env::var(var) {
            let trimmed = text.trim();
            if trimmed != text && !trimmed.is_empty() {
                keys.push(trimmed.to_owned());
            }
            keys.push(text);
        }
    }
    if let Ok(text) = std::env::var(CARD_NUMBER_VAR) {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        for form in [text.trim(), digits.as_str(), text.as_str()] {
            if form.chars().count() >= MIN_CARD_SECRET_LEN && !keys.iter().any(|k| k == form) {
                keys.push(form.to_owned());
            }
        }
    }
    keys
}

/// Reads a credential from its environment variable. The value is never echoed: errors name the
/// variable and the rule broken only.
pub(crate) fn credential<T>(
    var: &'static str,
    needed_for: &str,
    make: impl FnOnce(String) -> Result<T, CredentialError>,
) -> Result<T, Failure> {
    let Some(value) = env_text(var)? else {
        return Err(Failure::Usage(format!(
            "{var} is not set: {needed_for} needs it in the environment (credentials are never taken as arguments)"
        )));
    };
    make(value)
        .map_err(|e| Failure::Usage(format!("the {var} environment variable is not valid: {e}")))
}

/// An environment variable's text, `None` when it is not set; a usage error naming the variable
/// (never its value) when it is not UTF-8.
pub(crate) fn env_text(var: &str) -> Result<Option<String>, Failure> {
    match std::env::var(var) {
        Ok(text) => Ok(Some(text)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Usage(format!(
            "the {var} environment variable is not valid UTF-8"
        ))),
    }
}

/// Reads `--amount`: TL as a person writes them, checked by the SDK (`10,50` is refused).
pub(crate) fn amount(text: &str) -> Result<Amount, Failure> {
    Amount::parse(text).map_err(|e| Failure::InvalidInput(format!("--amount: {e}")))
}

/// `PAYNET_DOMAIN`, when set (blank counts as not set).
pub(crate) fn merchant_domain() -> Result<Option<String>, Failure> {
    Ok(env_text(DOMAIN_VAR)?.filter(|text| !text.trim().is_empty()))
}
