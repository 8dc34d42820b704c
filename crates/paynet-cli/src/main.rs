//! `paynet`: the command-line tool of the Paynet Rust SDK.
//!
//! Every Paynet call goes through the `paynet` facade crate; `paynet-sim` is used only by the
//! `demo` and `sim` commands. Credentials and card data come from the environment only
//! (`PAYNET_SECRET_KEY`, `PAYNET_SESSION_KEY`, `PAYNET_CARD_*`, a request's secret fields as
//! `PAYNET_<FIELD>`) and are never printed (a card number shows at most its first 6 and last 4
//! digits); the one key the tool prints is the new session key that `paynet session open` exists
//! to hand over, on stdout only. See the crate's README for the contract: options, output and
//! exit codes.
//!
//! The map:
//! - `main.rs`: the clap root (global options, the noun-verb groups, `demo`, `sim`), exit codes;
//! - `generated.rs`: `paynet <dashed-operation-id>` for every operation of the table (generated);
//! - `generic.rs`: how a generated command sends its request and prints its answer;
//! - `commands/`: the hand-written commands, one per operation with a hand-written request type;
//! - `context.rs`: the global options, the environment, the facade client;
//! - `values.rs`: reading dates, amounts, decimals and timeouts;
//! - `cards.rs`, `listing.rs`, `report.rs`: what several commands share (the card from the
//!   environment; date-range lists; payment and lookup outcomes);
//! - `render.rs`, `text.rs`, `json.rs`, `failure.rs`: text output, JSON output, failures;
//! - `demo.rs`, `sim.rs`: the demo and the simulator; `demo_subscriptions.rs`: the demo's part 5
//!   (a subscription billed on the simulator's clock); `demo_story.rs`: how both tell a step;
//!   `bank_page.rs`: both play the card holder on the simulator's bank 3-D page.

mod bank_page;
mod cards;
mod commands;
mod context;
mod demo;
mod demo_story;
mod demo_subscriptions;
mod failure;
mod generated;
mod generic;
mod json;
mod listing;
mod render;
mod report;
mod sim;
mod text;
mod values;

use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, Parser, Subcommand};

pub(crate) use crate::context::{Global, out};
use crate::failure::Failure;

const AFTER_HELP: &str = "\
Credentials and card data come from the environment only, never from arguments:
  PAYNET_SECRET_KEY   the merchant's secret key (every server-side command: capture, pay,
                      refund, payment check, payments list, ratios, session open, add-info,
                      list-settlements...; each command's help says which key it needs)
  PAYNET_PUBLISHABLE_KEY
                      the merchant's publishable key (public-ratios)
  PAYNET_SESSION_KEY  a PayPOS session key from `paynet session open` (init-sale,
                      check-sale, init-reversal; session close ends the session it names)
  PAYNET_<FIELD>      a request's secret field (e.g. PAYNET_SECRET_KEY for check-integration's
                      secret_key): never a flag; each command's help names its own
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

Every Paynet operation is a command named by its operationId with dashes (`paynet
check-payment`, `paynet mark-transferred`), with one --flag per request field; the older
noun-verb forms (`paynet payment check`) remain.

First time? Run `paynet demo`: it needs no credentials and no network.";

/// The Paynet / PayPOS command-line tool: card payments (direct, 3-D Secure, Paynet.js charges),
/// the PayPOS App2App flow (sessions, sales, their outcome, reversals), captures of
/// pre-authorisations, refunds and cancellations, reports, the instalment table, every other
/// Paynet operation, and a simulated Paynet.
#[derive(Debug, Parser)]
#[command(name = "paynet", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(flatten)]
    global: Global,

    /// Log the SDK's calls to stderr (secrets are never logged); -vv for more.
    #[arg(short, long, action = ArgAction::Count, global = true)]
    verbose: u8,

    #[command(subcommand)]
    command: Command,
}

/// The commands: one per operation, named by the operation (`paynet check-sale` for check_sale,
/// generated), the older noun-verb groups over the same commands, and the tool's own.
// Parsed once per run: the size of the generated operations' flags (one variant) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Operation(generated::Operations),
    /// Open or close a PayPOS session (open_session / close_session; needs PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Session(SessionCommand),
    /// Cancel a pre-authorisation (`preauth cancel`: cancel_preauth; needs PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Preauth(PreauthCommand),
    /// Look up a payment: its transactions (check) or their full detail (detail); needs
    /// PAYNET_SECRET_KEY.
    #[command(subcommand)]
    Payment(PaymentCommand),
    /// Report the transactions of a date range (`payments list`: list_payments; needs
    /// PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// Report the refund and cancellation requests of a date range, with Paynet's decisions
    /// (`refunds list`: list_refunds; needs PAYNET_SECRET_KEY).
    #[command(subcommand)]
    Refunds(RefundsCommand),
    /// Run a complete story against an in-process simulated Paynet (no credentials, no
    /// network).
    Demo,
    /// Run the simulated Paynet on 127.0.0.1 until Ctrl-C, for any client in any language.
    Sim(SimArgs),
}

/// `paynet session open` and `paynet session close`.
#[derive(Debug, Subcommand)]
enum SessionCommand {
    /// Open a PayPOS session for an agent's user (open_session: POST /v1/agent/get_auth_key;
    /// needs PAYNET_SECRET_KEY) and print its session key, on stdout only.
    Open(commands::open_session::Args),
    /// End the session whose key is in PAYNET_SESSION_KEY (close_session: POST
    /// /v1/agent/logout; needs PAYNET_SECRET_KEY too). Its key is refused afterwards.
    Close(commands::close_session::Args),
}

/// `paynet preauth ...`.
#[derive(Debug, Subcommand)]
enum PreauthCommand {
    /// Cancel a pre-authorisation that was not captured, releasing the held amount
    /// (cancel_preauth: POST /v1/transaction/preauth_reversal; needs PAYNET_SECRET_KEY).
    Cancel(commands::cancel_preauth::Args),
}

/// `paynet payment ...`.
#[derive(Debug, Subcommand)]
enum PaymentCommand {
    /// A payment's transactions by xact_id or reference_no (check_payment:
    /// POST /v1/transaction/check). Exit 0 when found and approved, or when nothing is found
    /// (code 12: nothing is not "not charged"); 3 when the latest was declined.
    Check(commands::check_payment::Args),
    /// A payment's transactions in full detail, by xact_id, xact or reference_no
    /// (payment_detail: POST /v1/transaction/detail). Exit codes as for `payment check`.
    Detail(commands::payment_detail::Args),
}

/// `paynet payments ...`.
#[derive(Debug, Subcommand)]
enum PaymentsCommand {
    /// The transactions of a date range (list_payments: POST /v1/transaction/list; needs
    /// PAYNET_SECRET_KEY): one page, or every page with --all.
    List(commands::list_payments::Args),
}

/// `paynet refunds ...`.
#[derive(Debug, Subcommand)]
enum RefundsCommand {
    /// The refund and cancellation requests made in a date range, with Paynet's decision on each
    /// (list_refunds: POST /v1/transaction/reversal_list; needs PAYNET_SECRET_KEY): one page, or
    /// every page with --all.
    List(commands::list_refunds::Args),
}

#[derive(Debug, clap::Args)]
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
    #[arg(long, value_name = "SECONDS", value_parser = values::parse_timeout)]
    pub(crate) tap_after: Option<Duration>,
    /// Make a one-time password mandatory before a card is stored, as Paynet can for a merchant:
    /// save-card then needs --otp-session-id (after send-card-otp and check-card-otp) and the
    /// code in PAYNET_OTP_CODE (the simulator always sends ART2).
    #[arg(long)]
    pub(crate) card_otp: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    if cli.verbose > 0 {
        init_tracing(cli.verbose);
    }
    let global = cli.global;
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
        use generated::Operations;
        // The noun-verb forms are the operations' commands by other names.
        let operation = match cli.command {
            Command::Operation(operation) => operation,
            Command::Session(SessionCommand::Open(args)) => Operations::OpenSession(args),
            Command::Session(SessionCommand::Close(args)) => Operations::CloseSession(args),
            Command::Preauth(PreauthCommand::Cancel(args)) => Operations::CancelPreauth(args),
            Command::Payment(PaymentCommand::Check(args)) => Operations::CheckPayment(args),
            Command::Payment(PaymentCommand::Detail(args)) => Operations::PaymentDetail(args),
            Command::Payments(PaymentsCommand::List(args)) => Operations::ListPayments(args),
            Command::Refunds(RefundsCommand::List(args)) => Operations::ListRefunds(args),
            Command::Demo => return demo::run(&global).await,
            Command::Sim(args) => return sim::run(&global, args).await,
        };
        operation.run(&global).await
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
    let Err(failure) = result else {
        return ExitCode::SUCCESS;
    };
    if global.json {
        out(&json::line(&failure.to_json()));
    }
    eprintln!("{}", render::failure(&failure));
    ExitCode::from(failure.exit_code())
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every operation of the table is a command named by its operationId with dashes.
    #[test]
    fn every_operation_is_a_command() {
        let cli = Cli::command();
        for op in paynet::Operation::ALL {
            let name = op.command();
            let found = cli.get_subcommands().any(|c| c.get_name() == name);
            assert!(found, "`paynet {name}` ({op}) is missing");
        }
    }
}
