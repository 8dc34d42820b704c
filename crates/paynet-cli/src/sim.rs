//! `paynet sim`: the simulated Paynet on 127.0.0.1 until interrupted.
//!
//! It prints its URL and its *test* credentials (the simulator's own keys, useless anywhere
//! else): printing them is the point, so that any client can be pointed at it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use paynet::{Decimal, SecretKey};
use paynet_sim::triggers::{
    DECLINE_PREFIX, DROP_PREFIX, FAIL500_PREFIX, LOST_PREFIX, REFUND_DENY_PREFIX, SLOW_PREFIX,
};
use paynet_sim::{
    DEFAULT_AGENT_ID, DEFAULT_USER_ID, PRE_AUTH_250_REFERENCE_NO, PreAuth, SimConfig, Simulator,
    TEST_3D_PASSWORD, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE,
    TEST_CARD_DECLINE, TEST_CARD_HASH, TEST_CARD_HASH_3D_DECLINE, TEST_CARD_HASH_3D_REQUIRED,
    TEST_CARD_HASH_DECLINE, TEST_CARD_LIMIT_KURUS, TEST_CARD_LIMITED, TEST_CARD_OWNER_ID, TEST_CVC,
    TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR, TEST_OTP_CODE,
};
use serde::Serialize;

use crate::context::print;
use crate::json::Exact;
use crate::values::Flags as _;
use crate::{Global, SimArgs, failure::Failure};

/// `paynet sim --json`: where the simulator listens and its test credentials, on one line.
#[derive(Debug, Serialize)]
struct SimInfo<'a> {
    /// The simulator's base URL.
    base_url: &'a str,
    /// Its test secret key (valid only there).
    secret_key: &'a str,
    /// Its test publishable key (valid only there; `public-ratios`).
    publishable_key: &'a str,
    /// Its test session key (valid only there).
    session_key: &'a str,
    /// The agent `session open` accepts.
    agent_id: &'a str,
    /// The user `session open` accepts.
    user_id: &'a str,
    /// `--tap-after`, in seconds (exact), or `null`.
    tap_after_seconds: Option<Exact>,
    /// The pre-authorisations it holds.
    pre_auths: Vec<PreAuthInfo<'a>>,
    /// Its test cards (for `pay`, `tds_initial` and the Paynet.js stand-in).
    test_cards: Vec<TestCardInfo>,
    /// A CVC for the test cards (any 3 or 4 digits work).
    test_cvc: &'static str,
    /// The expiry rule, and an expiry that always works.
    test_expiry: ExpiryInfo,
    /// The password of the simulated bank's 3-D page.
    three_d_password: &'static str,
    /// The bank's 3-D page, as `tds_initial`'s `post_url` gives it.
    three_d_page: &'a str,
    /// Where a page loads Paynet's browser scripts from (with `data-key` the publishable key).
    paynet_js: PaynetJsInfo,
    /// The test customer who holds the test stored cards (`list-cards --card-owner-id`).
    card_owner_id: &'static str,
    /// Whether a card save needs a one-time password (`--card-otp`).
    card_otp: bool,
    /// The one-time password `send-card-otp` sends.
    otp_code: &'static str,
    /// The simulator's clock: `POST` `{"days": N}` here moves it, billing the subscriptions'
    /// due invoices.
    clock_advance: String,
    /// A test card with a limit (it declines once the limit is spent).
    limited_card: LimitedCardInfo,
}

/// Paynet's browser scripts, as the simulator serves them.
#[derive(Debug, Serialize)]
struct PaynetJsInfo {
    /// The custom form (`data-amount` in TL as written, `"149,90"`).
    custom_form: String,
    /// The ready-made button (`data-amount` in kuruş, `14990`).
    button: String,
}

/// One test card of the simulator.
#[derive(Debug, Serialize)]
struct TestCardInfo {
    /// What the simulated bank does with it.
    behaviour: &'static str,
    /// The card number.
    pan: &'static str,
    /// The stored card (`card_hash`) that works like it.
    card_hash: &'static str,
}

/// The test cards' expiry.
#[derive(Debug, Serialize)]
struct ExpiryInfo {
    /// The rule.
    rule: &'static str,
    /// A month that works.
    month: u32,
    /// A year that works.
    year: u32,
}

/// The test cards, in the order they are printed: what the simulated bank does with each, its
/// number and the stored card (`card_hash`) that works like it.
const TEST_CARDS: [(&str, &str, &str); 4] = [
    ("approve", TEST_CARD_APPROVE, TEST_CARD_HASH),
    ("decline", TEST_CARD_DECLINE, TEST_CARD_HASH_DECLINE),
    (
        "3d_required",
        TEST_CARD_3D_REQUIRED,
        TEST_CARD_HASH_3D_REQUIRED,
    ),
    (
        "3d_decline",
        TEST_CARD_3D_DECLINE,
        TEST_CARD_HASH_3D_DECLINE,
    ),
];

/// The test card with a limit.
#[derive(Debug, Serialize)]
struct LimitedCardInfo {
    /// Its number.
    pan: &'static str,
    /// Its limit, in kuruş.
    limit_kurus: u64,
}

/// `kurus` as TL: `250.00 TRY`.
fn lira(kurus: u64) -> String {
    format!("{}.{:02} TRY", kurus / 100, kurus % 100)
}

/// The expiry rule, as printed.
const EXPIRY_RULE: &str = "any month not before the simulator's clock";

/// One pre-authorisation of the simulator.
#[derive(Debug, Serialize)]
struct PreAuthInfo<'a> {
    /// Its encrypted id.
    xact_id: &'a str,
    /// Its plain id.
    xact: &'a str,
    /// Its reference number.
    reference_no: &'a str,
    /// Its amount, in kuruş.
    amount_kurus: u64,
}

pub(crate) async fn run(global: &Global, args: SimArgs) -> Result<(), Failure> {
    if let Some(key) = &args.secret_key {
        // The key must be usable as a header value by the SDK (and any other client).
        SecretKey::new(key.clone()).map_err(|e| Failure::Usage(format!("--secret-key: {e}")))?;
    }
    let config = SimConfig::default()
        .maybe(args.port, SimConfig::port)
        .card_otp(args.card_otp)
        .maybe(args.secret_key, SimConfig::secret_key);
    let sim = Simulator::start(config)
        .await
        .map_err(|e| Failure::Internal(format!("the simulator could not start: {e}")))?;
    let base_url = sim.base_url();
    let pre_auths = PreAuth::defaults();
    let three_d_page = format!("{base_url}/sim/3d?session_id=SESSION_ID&token_id=TOKEN_ID");
    let info = SimInfo {
        base_url: &base_url,
        secret_key: sim.secret_key(),
        publishable_key: sim.publishable_key(),
        session_key: sim.session_key(),
        agent_id: DEFAULT_AGENT_ID,
        user_id: DEFAULT_USER_ID,
        tap_after_seconds: args.tap_after.map(|d| {
            let millis = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
            Exact(Decimal::new(millis, 3).normalize())
        }),
        pre_auths: pre_auths
            .iter()
            .map(|p| PreAuthInfo {
                xact_id: &p.xact_id,
                xact: &p.xact,
                reference_no: &p.reference_no,
                amount_kurus: p.amount_kurus,
            })
            .collect(),
        test_cards: TEST_CARDS
            .map(|(behaviour, pan, card_hash)| TestCardInfo {
                behaviour,
                pan,
                card_hash,
            })
            .into(),
        test_cvc: TEST_CVC,
        test_expiry: ExpiryInfo {
            rule: EXPIRY_RULE,
            month: TEST_EXPIRY_MONTH,
            year: TEST_EXPIRY_YEAR,
        },
        three_d_password: TEST_3D_PASSWORD,
        three_d_page: &three_d_page,
        paynet_js: PaynetJsInfo {
            custom_form: format!("{base_url}/public/js/paynet-custom.js"),
            button: format!("{base_url}/public/js/paynet.js"),
        },
        card_owner_id: TEST_CARD_OWNER_ID,
        card_otp: args.card_otp,
        otp_code: TEST_OTP_CODE,
        clock_advance: format!("{base_url}/sim/clock/advance"),
        limited_card: LimitedCardInfo {
            pan: TEST_CARD_LIMITED,
            limit_kurus: TEST_CARD_LIMIT_KURUS,
        },
    };
    print(global, &info, || {
        let (key, session_key) = (sim.publishable_key(), sim.session_key());
        let mut text = format!(
            "paynet-sim: a simulated Paynet listening on {base_url} (Ctrl-C to stop)\n\
             Its test credentials (valid only here):\n  \
             export PAYNET_SECRET_KEY='{}'\n  \
             export PAYNET_PUBLISHABLE_KEY='{key}'\n  \
             export PAYNET_SESSION_KEY='{session_key}'\n\
             Pre-authorisations to capture:\n",
            sim.secret_key(),
        );
        for p in &pre_auths {
            let (reference_no, xact, xact_id) = (&p.reference_no, &p.xact, &p.xact_id);
            text.push_str(&format!(
                "  reference_no {reference_no}  xact {xact}  {}  xact_id {xact_id}\n",
                lira(p.amount_kurus)
            ));
        }
        let taps = match args.tap_after {
            Some(d) => format!(
                "a card is tapped on each sale {} s after it starts",
                d.as_secs_f64()
            ),
            None => "sales wait for a card forever (--tap-after SECONDS taps one)".to_owned(),
        };
        text.push_str(&format!(
            "Test cards (any holder; CVC {TEST_CVC}, expiry {TEST_EXPIRY_MONTH:02}/{TEST_EXPIRY_YEAR} \
             or {EXPIRY_RULE}):\n"
        ));
        for (behaviour, pan, card_hash) in TEST_CARDS {
            text.push_str(&format!("  {behaviour:<12} {pan}  card_hash {card_hash}\n"));
        }
        let otp = if args.card_otp {
            "needs a one-time password (--card-otp)"
        } else {
            "needs no one-time password (--card-otp makes it mandatory)"
        };
        text.push_str(&format!(
            "3-D Secure: the bank's page is {three_d_page} (tds_initial's post_url), password \
             '{TEST_3D_PASSWORD}'; add &auto=approve or &auto=decline to skip it\n\
             Stored cards: the test customer card_owner_id {TEST_CARD_OWNER_ID} holds the card_hash \
             above; saving a card {otp} (send-card-otp sends the code {TEST_OTP_CODE})\n\
             Subscriptions bill on the simulator's clock: move it with `curl -X POST -H \
             'Content-Type: application/json' -d '{{\"days\": 30}}' {base_url}/sim/clock/advance`; \
             the card {TEST_CARD_LIMITED} has a limit of {} (it declines once spent)\n",
            lira(TEST_CARD_LIMIT_KURUS),
        ));
        text.push_str(&format!(
            "Paynet.js (the card goes from the browser straight here; the page's server charges \
             the posted session_id and token_id with `charge`):\n  \
             custom form: <script class=\"paynet-button\" src=\"{base_url}/public/js/paynet-custom.js\" \
             data-key=\"{key}\" data-form=\"#checkout-form\" data-amount=\"149,90\"></script> \
             (inputs tagged data-paynet=\"number|holderName|exp-month|exp-year|cvv|installmentKey\", \
             the button data-paynet=\"submit\")\n  \
             ready-made:  <form action=\"/your-charge\" method=\"post\"><script class=\"paynet-button\" \
             src=\"{base_url}/public/js/paynet.js\" data-key=\"{key}\" data-amount=\"14990\"></script></form> \
             (data-amount in kuruş)\n\
             Sessions: open_session (get_auth_key) knows agent {DEFAULT_AGENT_ID}, user {DEFAULT_USER_ID}; {taps}.\n\
             Triggers (in reference_no): {DECLINE_PREFIX}… bank decline, {SLOW_PREFIX}… slow answer, \
             {FAIL500_PREFIX}… HTTP 500 page, {DROP_PREFIX}… dropped connection, {LOST_PREFIX}… answer \
             lost after the payment, capture or refund was made (lookups answered), \
             {REFUND_DENY_PREFIX}… refund denied\n\
             Try:\n  paynet --base-url {base_url} capture --reference-no {PRE_AUTH_250_REFERENCE_NO} \
             --amount 10.50\n  \
             out=$(paynet --base-url {base_url} session open --agent-id {DEFAULT_AGENT_ID} --user-id {DEFAULT_USER_ID}) && eval \"$out\""
        ));
        text
    })?;
    match args.tap_after {
        Some(after) => {
            tokio::select! {
                result = interrupted() => result?,
                () = tap_cards(&sim, after) => {}
            }
        }
        None => interrupted().await?,
    }
    sim.shutdown().await;
    eprintln!("paynet-sim stopped");
    Ok(())
}

/// "Taps a card" on every sale `after` it was first seen waiting (as the PayPOS app would);
/// runs until cancelled.
async fn tap_cards(sim: &Simulator, after: Duration) {
    let mut first_seen: HashMap<String, Instant> = HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_millis(50).min(after));
    loop {
        tick.tick().await;
        let now = Instant::now();
        let pending = sim.pending_sales();
        first_seen.retain(|id, _| pending.contains(id));
        for id in pending {
            let seen = *first_seen.entry(id.clone()).or_insert(now);
            if now.duration_since(seen) >= after {
                // A sale completed meanwhile (or unknown) is simply skipped.
                if let Ok(done) = sim.complete_sale(&id, true) {
                    eprintln!(
                        "paynet-sim: card tapped on payment session {}: {}",
                        done.payment_session_id,
                        if done.is_succeed {
                            "approved"
                        } else {
                            "declined"
                        }
                    );
                }
                first_seen.remove(&id);
            }
        }
    }
}

/// Waits for Ctrl-C (SIGINT), or SIGTERM on Unix.
async fn interrupted() -> Result<(), Failure> {
    let failed = |e: std::io::Error| Failure::Internal(format!("cannot wait for Ctrl-C: {e}"));
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).map_err(failed)?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.map_err(failed),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.map_err(failed)
    }
}
