//! `paynet`: the command-line tool of the Paynet Rust SDK.
//!
//! Every Paynet call goes through the `paynet` facade crate; `paynet-sim` is used only by the
//! `demo` and `sim` commands. Credentials and card data come from the environment only
//! (`PAYNET_SECRET_KEY`, `PAYNET_SESSION_KEY`, `PAYNET_CARD_*`) and are never printed (a card
//! number shows at most its first 6 and last 4 digits); the one key the tool prints is the new
//! session key that `paynet session open` exists to hand over, on stdout only. See the crate's
//! README for the contract: options, output and exit codes.

mod after_sale;
mod demo;
mod failure;
mod json;
mod pay;
mod render;
mod reports;
mod sim;
mod text;

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, ArgGroup, Args, Parser, Subcommand, ValueEnum};
use paynet::{
    Amount, CaptureOutcome, CaptureRequest, CheckPaymentRequest, CheckSaleRequest, Client,
    CloseSessionRequest, ConfigError, CredentialError, Environment, InitReversalRequest,
    InitSaleRequest, OpenSessionRequest, Operation, SecretKey, SessionKey, TransactionRef,
};
use serde::Serialize;

use crate::failure::Failure;

/// The environment variable holding the merchant's secret key (capture, session open/close).
pub(crate) const SECRET_KEY_VAR: &str = "PAYNET_SECRET_KEY";
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
/// The longest `--timeout` accepted.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

const AFTER_HELP: &str = "\
Credentials and card data come from the environment only, never from arguments:
  PAYNET_SECRET_KEY   the merchant's secret key (capture, capture cancel, preauth cancel,
                      pay, pay complete, charge, refund, payment check, payment detail,
                      payments list, refunds list, ratios, session open, session close)
  PAYNET_SESSION_KEY  a PayPOS session key from `paynet session open` (init-sale,
                      check-sale, init-reversal; session close ends the session it names)
  PAYNET_CARD_NUMBER, PAYNET_CARD_EXPIRY (MM/YY), PAYNET_CARD_CVC, PAYNET_CARD_HOLDER
                      the card `paynet pay` pays with (unless --card-hash names a stored one)
  PAYNET_DOMAIN       the merchant's domain (www.acme.com), which Paynet requires on card
                      payments (pay; with --3d, the --return-url's host stands in)
No key is ever printed, with one deliberate exception: `paynet session open` prints the new
session key, once, on stdout only, as its result (never on stderr, never in --verbose logs).
No card number is printed beyond its first 6 and last 4 digits, and no CVC at all.
Whichever command runs, both keys and the card's number are scrubbed from all Paynet sends
back; a payment's CVC is scrubbed from that payment's answers (wherever a number stands alone,
never from result codes). (`paynet sim` prints the simulator's own test keys and cards, which
work nowhere else.)

Exit codes:
  0  success (result code 0 or 100, and is_succeed true where present); for check-sale, also
     a sale still PENDING (result code 12: no card tapped yet); for pay, pay complete and
     charge, also a payment whose answer was lost and that a lookup found approved; for
     refund, the refund REQUEST accepted (Paynet decides it later: see `paynet refunds list`)
  1  the tool itself failed (e.g. the simulator could not bind its port)
  2  invalid input or usage: nothing was sent
  3  refused by Paynet, or declined by the bank (also when a lookup found it declined)
  4  transport failure, timeout, or outcome unknown (reconcile before retrying)
  5  an answer that could not be understood

First time? Run `paynet demo`: it needs no credentials and no network.";

/// The Paynet / PayPOS command-line tool: card payments (direct, 3-D Secure, Paynet.js charges),
/// the PayPOS App2App flow (sessions, sales, their outcome, reversals), captures of
/// pre-authorisations, refunds and cancellations, reports, the instalment table, and a simulated
/// Paynet.
#[derive(Debug, Parser)]
#[command(name = "paynet", version, after_help = AFTER_HELP)]
struct Cli {
    /// Which Paynet to talk to.
    #[arg(long, value_enum, default_value_t = Env::Sandbox, global = true)]
    env: Env,

    /// Talk to this base URL instead (overrides --env), e.g. a `paynet sim` on loopback.
    #[arg(long, value_name = "URL", global = true)]
    base_url: Option<String>,

    /// Bound each attempt (from sending to the end of the answer) to this many seconds
    /// (decimals allowed, e.g. 2.5).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout, global = true)]
    timeout: Option<Duration>,

    /// Print exactly one JSON object on stdout: the response, or {"error": {...}}.
    #[arg(long, global = true)]
    json: bool,

    /// Log the SDK's calls to stderr (secrets are never logged); -vv for more.
    #[arg(short, long, action = ArgAction::Count, global = true)]
    verbose: u8,

    #[command(subcommand)]
    command: Command,
}

/// `--env`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Env {
    /// https://pts-api.paynet.com.tr, Paynet's test system.
    Sandbox,
    /// https://api.paynet.com.tr: real money.
    Production,
}

/// The commands: each Paynet operation's command has the operation's one name (`init-sale` for
/// init_sale, `check-sale` for check_sale...); `check` and `reverse` remain as aliases.
#[derive(Debug, Subcommand)]
enum Command {
    /// Open or close a PayPOS session (open_session / close_session; needs PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Session(SessionCommand),
    /// Start a PayPOS SoftPOS sale (init_sale: POST /v1/softpos/init_sale_transaction; needs
    /// PAYNET_SESSION_KEY).
    InitSale(InitSaleArgs),
    /// Check a PayPOS sale's or reversal's outcome by its payment session id (check_sale:
    /// POST /v1/softpos/check_transaction; needs PAYNET_SESSION_KEY).
    #[command(visible_alias = "check", after_help = CHECK_AFTER_HELP)]
    CheckSale(CheckSaleArgs),
    /// Start a reversal (cancel or refund) of a PayPOS sale (init_reversal:
    /// POST /v1/softpos/init_reversal_transaction; needs PAYNET_SESSION_KEY).
    #[command(visible_alias = "reverse")]
    InitReversal(InitReversalArgs),
    /// Capture a pre-authorisation, in part or in full (capture: POST /v1/transaction/capture;
    /// needs PAYNET_SECRET_KEY); `capture cancel` cancels a capture (cancel_capture).
    Capture(CaptureCommand),
    /// Cancel a pre-authorisation (`preauth cancel`: cancel_preauth; needs PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Preauth(after_sale::PreauthCommand),
    /// Pay with a card (pay: POST /v2/transaction/payment), or with --3d start a 3-D Secure
    /// payment (start_3d) that `paynet pay complete` finishes (complete_3d). Needs
    /// PAYNET_SECRET_KEY, the card in PAYNET_CARD_* (or --card-hash) and PAYNET_DOMAIN.
    Pay(pay::PayCommand),
    /// Finish a payment Paynet.js's form started (charge: POST /v1/transaction/charge; needs
    /// PAYNET_SECRET_KEY).
    Charge(pay::ChargeArgs),
    /// Look up a payment: its transactions (check) or their full detail (detail); needs
    /// PAYNET_SECRET_KEY.
    #[command(subcommand)]
    Payment(PaymentCommand),
    /// Request a refund (or, the same day, a cancellation) of a sale or capture (refund:
    /// POST /v1/transaction/reversed_request; needs PAYNET_SECRET_KEY). Paynet decides it later:
    /// exit 0 means the REQUEST was accepted, not that money was returned.
    Refund(after_sale::RefundArgs),
    /// Report the transactions of a date range (`payments list`: list_payments; needs
    /// PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Payments(reports::PaymentsCommand),
    /// Report the refund and cancellation requests of a date range, with Paynet's decisions
    /// (`refunds list`: list_refunds; needs PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Refunds(reports::RefundsCommand),
    /// The instalment options and what each costs, for every bank or for one card's BIN (ratios:
    /// POST /v1/ratio/Get; needs PAYNET_SECRET_KEY).
    Ratios(reports::RatiosArgs),
    /// Run a complete story against an in-process simulated Paynet (no credentials, no
    /// network).
    Demo,
    /// Run the simulated Paynet on 127.0.0.1 until Ctrl-C, for any client in any language.
    Sim(SimArgs),
}

#[derive(Debug, Subcommand)]
enum PaymentCommand {
    /// A payment's transactions by xact_id or reference_no (check_payment:
    /// POST /v1/transaction/check). Exit 0 when found and approved, or when nothing is found
    /// (code 12: nothing is not "not charged"); 3 when the latest was declined.
    Check(PaymentCheckArgs),
    /// A payment's transactions in full detail, by xact_id, xact or reference_no
    /// (payment_detail: POST /v1/transaction/detail). Exit codes as for `payment check`.
    Detail(pay::PaymentDetailArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("payment").required(true).multiple(false).args(["xact_id", "reference_no"])))]
struct PaymentCheckArgs {
    /// The payment's encrypted id (xact_id).
    #[arg(long, value_name = "ID")]
    xact_id: Option<String>,
    /// The merchant's reference number of the payment.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
}

#[derive(Debug, Args)]
struct InitSaleArgs {
    /// The amount in TL, written with '.' as the decimal separator (e.g. 149.90).
    #[arg(long, value_name = "TL")]
    amount: String,
    /// Instalment count (0 or 1: a single payment).
    #[arg(long, value_name = "N")]
    instalment: Option<u8>,
    /// Have Paynet add its commission on top of the amount.
    #[arg(long)]
    add_commission: bool,
    /// The merchant's reference number for the sale.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// A description of the sale.
    #[arg(long, value_name = "D")]
    description: Option<String>,
    /// The card holder's phone number.
    #[arg(long, value_name = "P")]
    card_holder_phone: Option<String>,
    /// The card holder's e-mail address.
    #[arg(long, value_name = "M")]
    card_holder_mail: Option<String>,
    /// The agent (bayi) the sale is made for.
    #[arg(long, value_name = "A")]
    selected_agent_id: Option<String>,
    /// Where PayPOS sends the user back (e.g. myshop://paypos/return).
    #[arg(long, value_name = "URL")]
    callback_url: Option<String>,
}

const SESSION_OPEN_AFTER_HELP: &str = "\
The session key is a secret. Printing it is this command's whole point, so it is printed once,
on stdout only, as the command's result: by default as the line
  export PAYNET_SESSION_KEY='...'
after a summary written as shell comments (so `out=$(paynet session open ...) && eval \"$out\"`
works), and with --json as \"session_key\". It never goes to stderr, nor into --verbose logs.
Keep this command's stdout out of logs, CI output and shared terminals.
End the session with `paynet session close`.";

const CHECK_AFTER_HELP: &str = "\
Exit codes: 0 when the latest transaction succeeded (is_succeed true), and also while the sale
is PENDING (no transaction yet: Paynet answers result code 12 with an empty Data list; the
summary says \"pending\"); 3 when the bank declined it (is_succeed false) or Paynet refused the
check (e.g. a closed session: result code 7).";

/// `paynet session open` and `paynet session close`.
#[derive(Debug, Subcommand)]
enum SessionCommand {
    /// Open a PayPOS session for an agent's user (open_session: POST /v1/agent/get_auth_key;
    /// needs PAYNET_SECRET_KEY) and print its session key, on stdout only.
    #[command(after_help = SESSION_OPEN_AFTER_HELP)]
    Open(SessionOpenArgs),
    /// End the session whose key is in PAYNET_SESSION_KEY (close_session: POST
    /// /v1/agent/logout; needs PAYNET_SECRET_KEY too). Its key is refused afterwards.
    Close,
}

#[derive(Debug, Args)]
struct SessionOpenArgs {
    /// The agent (bayi) the session is for: its Paynet account code.
    #[arg(long, value_name = "A")]
    agent_id: String,
    /// The agent's user the session is for.
    #[arg(long, value_name = "U")]
    user_id: String,
}

/// `paynet check-sale`.
#[derive(Debug, Args)]
struct CheckSaleArgs {
    /// The payment session id init-sale (or init-reversal) returned.
    #[arg(long, value_name = "ID")]
    payment_session_id: String,
}

/// `paynet init-reversal`.
#[derive(Debug, Args)]
struct InitReversalArgs {
    /// The encrypted id (xact_id) of the sale to cancel or refund, as `paynet check-sale` shows
    /// it.
    #[arg(long, value_name = "ID")]
    xact_id: String,
    /// The merchant's reference number for the reversal.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// Where PayPOS sends the user back (e.g. myshop://paypos/return).
    #[arg(long, value_name = "URL")]
    callback_url: Option<String>,
}

/// `paynet capture ...` (a capture) and `paynet capture cancel ...` (its cancellation).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct CaptureCommand {
    #[command(subcommand)]
    cancel: Option<after_sale::CaptureSubcommand>,
    #[command(flatten)]
    args: CaptureArgs,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("transaction")
        .required(true)
        .multiple(false)
        .args(["xact_id", "xact", "reference_no"])
))]
struct CaptureArgs {
    /// The pre-authorisation's encrypted id (xact_id, e.g. xk_EAAAA...).
    #[arg(long, value_name = "ID")]
    xact_id: Option<String>,
    /// The pre-authorisation's plain id (xact).
    #[arg(long, value_name = "ID")]
    xact: Option<String>,
    /// The pre-authorisation's reference number (reference_no). Capturing again with the same
    /// reference number is safe: Paynet answers result code 100 with the earlier capture.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// The amount to capture in TL, written with '.' as the decimal separator (e.g. 10.50);
    /// without it, all that is left of the pre-authorisation is captured.
    #[arg(long, value_name = "TL")]
    amount: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SimArgs {
    /// Listen on this port of 127.0.0.1 (default: a free port).
    #[arg(long, value_name = "N")]
    pub(crate) port: Option<u16>,
    /// The secret key the simulator accepts (default: sck_sim_secret_key).
    #[arg(long, value_name = "K")]
    pub(crate) secret_key: Option<String>,
    /// "Tap a card" on every sale this many seconds after it was started (approved, unless a
    /// decline trigger says otherwise), so that `paynet check-sale` and `paynet init-reversal`
    /// can be tried
    /// (default: sales wait for a card forever).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub(crate) tap_after: Option<Duration>,
}

/// The global options every command sees.
#[derive(Debug, Clone)]
pub(crate) struct Global {
    env: Env,
    base_url: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) json: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    if cli.verbose > 0 {
        init_tracing(cli.verbose);
    }
    let global = Global {
        env: cli.env,
        base_url: cli.base_url,
        timeout: cli.timeout,
        json: cli.json,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return finish(
                &global,
                Err(Failure::Internal(format!("cannot start the runtime: {e}"))),
            );
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Session(SessionCommand::Open(args)) => session_open(&global, args).await,
            Command::Session(SessionCommand::Close) => session_close(&global).await,
            Command::InitSale(args) => init_sale(&global, args).await,
            Command::CheckSale(args) => check_sale(&global, args).await,
            Command::InitReversal(args) => init_reversal(&global, args).await,
            Command::Capture(CaptureCommand {
                cancel: Some(cancel),
                ..
            }) => after_sale::cancel_capture(&global, cancel).await,
            Command::Capture(CaptureCommand { args, .. }) => capture(&global, args).await,
            Command::Preauth(command) => after_sale::cancel_preauth(&global, command).await,
            Command::Refund(args) => after_sale::refund(&global, args).await,
            Command::Payments(reports::PaymentsCommand::List(args)) => {
                reports::payments(&global, args).await
            }
            Command::Refunds(reports::RefundsCommand::List(args)) => {
                reports::refunds(&global, args).await
            }
            Command::Ratios(args) => reports::ratios(&global, args).await,
            Command::Pay(command) => pay::run(&global, command).await,
            Command::Charge(args) => pay::charge(&global, args).await,
            Command::Payment(PaymentCommand::Check(args)) => check_payment(&global, args).await,
            Command::Payment(PaymentCommand::Detail(args)) => pay::detail(&global, args).await,
            Command::Demo => demo::run(&global).await,
            Command::Sim(args) => sim::run(&global, args).await,
        }
    });
    finish(&global, result)
}

/// A clap error: help and version are printed as usual; anything else is a usage error (exit 2),
/// also reported as JSON on stdout when `--json` was among the arguments.
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    if std::env::args_os().skip(1).any(|a| a == "--json") {
        let rendered = error.render().to_string();
        // The error's paragraph (e.g. "the following required arguments were not provided:"
        // and the arguments), on one line; not the usage and help lines after it.
        let message = rendered
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        out(&json::line(&Failure::Usage(message).to_json()));
    }
    let _ = error.print();
    ExitCode::from(2)
}

/// Prints the outcome and turns it into the exit code.
fn finish(global: &Global, result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if global.json {
                out(&json::line(&failure.to_json()));
            }
            eprintln!("{}", render::failure(&failure));
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Writes one line on stdout and flushes it; a closed stdout (e.g. `| head`) is not an error.
pub(crate) fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

/// `-v`: the SDK's tracing spans and events on stderr. Only our own crates are logged (never the
/// HTTP stack's, whatever `RUST_LOG` says), and they carry no secret.
fn init_tracing(verbose: u8) {
    let level = if verbose > 1 { "trace" } else { "debug" };
    let directives = ["paynet", "paynet_cli", "paynet_domain", "paynet_api"]
        .map(|target| format!("{target}={level}"))
        .join(",");
    let filter = tracing_subscriber::EnvFilter::new(directives);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Parses `--timeout`: seconds, with up to three decimals, more than zero.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let bad =
        || format!("{text:?} is not a number of seconds (write e.g. 30, or 2.5; up to 3 decimals)");
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 3 {
        return Err(bad());
    }
    if text.ends_with('.') {
        return Err(bad());
    }
    let seconds: u64 = whole.parse().map_err(|_| bad())?;
    let millis: u64 = format!("{fraction:0<3}").parse().map_err(|_| bad())?;
    let timeout =
        Duration::from_secs(seconds.min(MAX_TIMEOUT.as_secs() + 1)) + Duration::from_millis(millis);
    if timeout.is_zero() {
        return Err("the timeout must be more than zero".to_owned());
    }
    if timeout > MAX_TIMEOUT {
        return Err(format!(
            "{text} seconds is more than the maximum of {} seconds",
            MAX_TIMEOUT.as_secs()
        ));
    }
    Ok(timeout)
}

/// Builds the facade client from the global options, with the merchant's domain when given
/// (`PAYNET_DOMAIN`, for card payments).
pub(crate) fn client(
    global: &Global,
    secret_key: Option<SecretKey>,
    merchant_domain: Option<String>,
) -> Result<Client, Failure> {
    let environment = match (&global.base_url, global.env) {
        (Some(url), _) => Environment::Custom(url.clone()),
        (None, Env::Sandbox) => Environment::Sandbox,
        (None, Env::Production) => Environment::Production,
    };
    build_client(environment, global.timeout, secret_key, merchant_domain)
}

/// Builds a facade client for `environment`, with the CLI's user agent and `--timeout`. Every
/// key found in the environment, and the card number, is registered with it
/// ([`environment_keys`]), whichever command runs, so that nothing it returns can hold one.
pub(crate) fn build_client(
    environment: Environment,
    timeout: Option<Duration>,
    secret_key: Option<SecretKey>,
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
fn credential<T>(
    var: &'static str,
    needed_for: &str,
    make: impl FnOnce(String) -> Result<T, CredentialError>,
) -> Result<T, Failure> {
    match std::env::var(var) {
        Ok(value) => make(value).map_err(|e| {
            Failure::Usage(format!("the {var} environment variable is not valid: {e}"))
        }),
        Err(std::env::VarError::NotPresent) => Err(Failure::Usage(format!(
            "{var} is not set: {needed_for} needs it in the environment (credentials are never taken as arguments)"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Usage(format!(
            "the {var} environment variable is not valid UTF-8"
        ))),
    }
}

/// Reads `--amount`: TL as a person writes them, checked by the SDK (`10,50` is refused).
fn amount(text: &str) -> Result<Amount, Failure> {
    Amount::parse(text).map_err(|e| Failure::InvalidInput(format!("--amount: {e}")))
}

async fn capture(global: &Global, args: CaptureArgs) -> Result<(), Failure> {
    let reference = match (args.xact_id, args.xact, args.reference_no) {
        (Some(id), None, None) => TransactionRef::xact_id(id),
        (None, Some(id), None) => TransactionRef::xact(id),
        (None, None, Some(r)) => TransactionRef::reference_no(r),
        _ => {
            return Err(Failure::Usage(
                "give exactly one of --xact-id, --xact and --reference-no".to_owned(),
            ));
        }
    }
    .map_err(Failure::Sdk)?;
    let request = match args.amount.as_deref().map(amount).transpose()? {
        Some(amount) => CaptureRequest::partial(reference, amount),
        None => CaptureRequest::full(reference),
    };
    let key = credential(SECRET_KEY_VAR, "capture", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        transaction = %request.transaction(),
        amount = %request.amount().map_or_else(|| "all that is left".to_owned(), |a| a.to_string()),
        "sending {}",
        Operation::CAPTURE
    );
    let outcome = client.capture(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", outcome = ?outcome, "{} answered", Operation::CAPTURE);
    match outcome {
        CaptureOutcome::Approved {
            transaction,
            replayed,
            ..
        } => {
            if global.json {
                out(&json::line(&transaction));
            } else {
                out(&render::capture_approved(&transaction, replayed));
            }
            Ok(())
        }
        CaptureOutcome::Declined { transaction, .. } => Err(Failure::Declined(transaction)),
    }
}

async fn init_sale(global: &Global, args: InitSaleArgs) -> Result<(), Failure> {
    let mut builder = InitSaleRequest::builder(amount(&args.amount)?);
    if let Some(n) = args.instalment {
        builder = builder.instalment(n);
    }
    if args.add_commission {
        builder = builder.add_commission(true);
    }
    if let Some(v) = args.reference_no {
        builder = builder.reference_no(v);
    }
    if let Some(v) = args.description {
        builder = builder.description(v);
    }
    if let Some(v) = args.card_holder_phone {
        builder = builder.card_holder_phone(v);
    }
    if let Some(v) = args.card_holder_mail {
        builder = builder.card_holder_mail(v);
    }
    if let Some(v) = args.selected_agent_id {
        builder = builder.selected_agent_id(v);
    }
    if let Some(v) = args.callback_url {
        builder = builder.callback_url(v);
    }
    let request = builder.build().map_err(Failure::Sdk)?;
    let key = credential(SESSION_KEY_VAR, "init-sale", SessionKey::new)?;
    let client = client(global, None, None)?;
    let paypos = client.paypos(key);
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        amount = %request.amount(),
        reference_no = request.reference_no().unwrap_or(""),
        "sending {}",
        Operation::INIT_SALE
    );
    let session = paypos.init_sale(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", session = ?session, "{} answered", Operation::INIT_SALE);
    if global.json {
        out(&json::line(&session));
    } else {
        out(&render::sale_started(&request, &session));
    }
    Ok(())
}

async fn session_open(global: &Global, args: SessionOpenArgs) -> Result<(), Failure> {
    let request = OpenSessionRequest::new(args.agent_id, args.user_id).map_err(Failure::Sdk)?;
    let key = credential(SECRET_KEY_VAR, "session open", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        agent_id = request.agent_id(),
        user_id = request.user_id(),
        "sending {}",
        Operation::OPEN_SESSION
    );
    let session = client.open_session(&request).await.map_err(Failure::Sdk)?;
    // Deliberately not the session itself: its key is printed on stdout only, below.
    tracing::debug!(
        target: "paynet_cli",
        expired_date = session.expired_date.as_deref().unwrap_or(""),
        result_code = %session.result_code,
        "{} answered",
        Operation::OPEN_SESSION
    );
    // Printing the new session key is this command's point; printing the secret key never is,
    // whatever Paynet sends back as the "session key".
    if std::env::var(SECRET_KEY_VAR).is_ok_and(|k| k.trim() == session.session_key.expose_secret())
    {
        return Err(Failure::Sdk(paynet::Error::InvalidResponse {
            operation: Operation::OPEN_SESSION,
            status: Some(200),
            reason: "the session key Paynet issued is the secret key: not printed".to_owned(),
            excerpt: String::new(),
        }));
    }
    if global.json {
        out(&json::line(&session.with_key_revealed()));
    } else {
        out(&render::session_opened(
            request.agent_id(),
            request.user_id(),
            &session,
        ));
    }
    Ok(())
}

/// `session close --json`: close_session's answer carries nothing else.
#[derive(Debug, Serialize)]
struct Closed {
    /// Always true: a session that was not closed is a failure.
    closed: bool,
}

async fn session_close(global: &Global) -> Result<(), Failure> {
    let key = credential(SECRET_KEY_VAR, "session close", SecretKey::new)?;
    let session = credential(SESSION_KEY_VAR, "session close", SessionKey::new)?;
    let request = CloseSessionRequest::new(session);
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        "sending {}",
        Operation::CLOSE_SESSION
    );
    client.close_session(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", "{} answered", Operation::CLOSE_SESSION);
    if global.json {
        out(&json::line(&Closed { closed: true }));
    } else {
        out(&render::session_closed());
    }
    Ok(())
}

async fn check_sale(global: &Global, args: CheckSaleArgs) -> Result<(), Failure> {
    let request = CheckSaleRequest::new(args.payment_session_id).map_err(Failure::Sdk)?;
    let key = credential(SESSION_KEY_VAR, "check-sale", SessionKey::new)?;
    let client = client(global, None, None)?;
    let paypos = client.paypos(key);
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        payment_session_id = request.payment_session_id(),
        "sending {}",
        Operation::CHECK_SALE
    );
    let check = paypos.check_sale(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", check = ?check, "{} answered", Operation::CHECK_SALE);
    // A declined latest transaction is a decline (exit 3); a pending sale is not a failure.
    if let Some(latest) = check.latest()
        && latest.is_succeed == Some(false)
    {
        return Err(Failure::SaleDeclined {
            transaction: Box::new(latest.clone()),
            code: check.result_code,
        });
    }
    if global.json {
        out(&json::line(&check));
    } else {
        out(&render::sale_checked(request.payment_session_id(), &check));
    }
    Ok(())
}

async fn check_payment(global: &Global, args: PaymentCheckArgs) -> Result<(), Failure> {
    let reference = match (args.xact_id, args.reference_no) {
        (Some(id), _) => TransactionRef::xact_id(id),
        (None, r) => TransactionRef::reference_no(r.unwrap_or_default()),
    };
    let request =
        CheckPaymentRequest::new(reference.map_err(Failure::Sdk)?).map_err(Failure::Sdk)?;
    let key = credential(SECRET_KEY_VAR, "payment check", SecretKey::new)?;
    let check = client(global, Some(key), None)?
        .check_payment(&request)
        .await
        .map_err(Failure::Sdk)?;
    if let Some(latest) = check.latest().filter(|t| t.is_succeed == Some(false)) {
        let (transaction, code) = (Box::new(latest.clone()), check.result_code);
        return Err(Failure::SaleDeclined { transaction, code });
    }
    match global.json {
        true => out(&json::line(&check)),
        false => out(&render::payment_checked(
            &request.transaction().to_string(),
            &check,
        )),
    }
    Ok(())
}

async fn init_reversal(global: &Global, args: InitReversalArgs) -> Result<(), Failure> {
    let mut builder = InitReversalRequest::builder(args.xact_id);
    if let Some(r) = args.reference_no {
        builder = builder.reference_no(r);
    }
    if let Some(url) = args.callback_url {
        builder = builder.callback_url(url);
    }
    let request = builder.build().map_err(Failure::Sdk)?;
    let key = credential(SESSION_KEY_VAR, "init-reversal", SessionKey::new)?;
    let client = client(global, None, None)?;
    let paypos = client.paypos(key);
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        xact_id = request.xact_id(),
        "sending {}",
        Operation::INIT_REVERSAL
    );
    let session = paypos.init_reversal(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", session = ?session, "{} answered", Operation::INIT_REVERSAL);
    if global.json {
        out(&json::line(&session));
    } else {
        out(&render::reversal_started(request.xact_id(), &session));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn timeouts() {
        assert_eq!(parse_timeout("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_timeout("2.5").unwrap(), Duration::from_millis(2500));
        assert_eq!(parse_timeout("0.05").unwrap(), Duration::from_millis(50));
        assert_eq!(parse_timeout("3600").unwrap(), MAX_TIMEOUT);
        for bad in [
            "",
            "0",
            "0.000",
            "-1",
            "1.",
            ".5",
            "1.2345",
            "abc",
            "1e3",
            "3600.001",
            "99999999999999999999",
        ] {
            assert!(parse_timeout(bad).is_err(), "{bad:?}");
        }
    }
}
