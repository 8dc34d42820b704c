//! `paynet sim`: the simulated Paynet on 127.0.0.1 until interrupted.
//!
//! It prints its URL and its *test* credentials (the simulator's own keys, useless anywhere
//! else): printing them is the point, so that any client can be pointed at it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use paynet::{Decimal, SecretKey};
use paynet_sim::{PreAuth, SimConfig, Simulator, triggers};
use serde::Serialize;

use crate::json::{self, Exact};
use crate::{Global, SimArgs, failure::Failure, out};

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
    three_d_page: String,
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

/// The test cards, in the order they are printed.
fn test_cards() -> Vec<TestCardInfo> {
    vec![
        TestCardInfo {
            behaviour: "approve",
            pan: paynet_sim::TEST_CARD_APPROVE,
            card_hash: paynet_sim::TEST_CARD_HASH,
        },
        TestCardInfo {
            behaviour: "decline",
            pan: paynet_sim::TEST_CARD_DECLINE,
            card_hash: paynet_sim::TEST_CARD_HASH_DECLINE,
        },
        TestCardInfo {
            behaviour: "3d_required",
            pan: paynet_sim::TEST_CARD_3D_REQUIRED,
            card_hash: paynet_sim::TEST_CARD_HASH_3D_REQUIRED,
        },
        TestCardInfo {
            behaviour: "3d_decline",
            pan: paynet_sim::TEST_CARD_3D_DECLINE,
            card_hash: paynet_sim::TEST_CARD_HASH_3D_DECLINE,
        },
    ]
}

/// The test card with a limit.
#[derive(Debug, Serialize)]
struct LimitedCardInfo {
    /// Its number.
    pan: &'static str,
    /// Its limit, in kuruş.
    limit_kurus: u64,
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
    let mut config = SimConfig::default();
    if let Some(port) = args.port {
        config = config.port(port);
    }
    config = config.card_otp(args.card_otp);
    if let Some(key) = args.secret_key {
        // The key must be usable as a header value by the SDK (and any other client).
        if let Err(e) = SecretKey::new(key.clone()) {
            return Err(Failure::Usage(format!("--secret-key: {e}")));
        }
        config = config.secret_key(key);
    }
    let sim = Simulator::start(config)
        .await
        .map_err(|e| Failure::Internal(format!("the simulator could not start: {e}")))?;
    let base_url = sim.base_url();
    let pre_auths = PreAuth::defaults();
    let three_d_page = format!("{base_url}/sim/3d?session_id=SESSION_ID&token_id=TOKEN_ID");
    if global.json {
        let info = SimInfo {
            base_url: &base_url,
            secret_key: sim.secret_key(),
            publishable_key: sim.publishable_key(),
            session_key: sim.session_key(),
            agent_id: paynet_sim::DEFAULT_AGENT_ID,
            user_id: paynet_sim::DEFAULT_USER_ID,
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
            test_cards: test_cards(),
            test_cvc: paynet_sim::TEST_CVC,
            test_expiry: ExpiryInfo {
                rule: EXPIRY_RULE,
                month: paynet_sim::TEST_EXPIRY_MONTH,
                year: paynet_sim::TEST_EXPIRY_YEAR,
            },
            three_d_password: paynet_sim::TEST_3D_PASSWORD,
            three_d_page,
            paynet_js: PaynetJsInfo {
                custom_form: format!("{base_url}/public/js/paynet-custom.js"),
                button: format!("{base_url}/public/js/paynet.js"),
            },
            card_owner_id: paynet_sim::TEST_CARD_OWNER_ID,
            card_otp: args.card_otp,
            otp_code: paynet_sim::TEST_OTP_CODE,
            clock_advance: format!("{base_url}/sim/clock/advance"),
            limited_card: LimitedCardInfo {
                pan: paynet_sim::TEST_CARD_LIMITED,
                limit_kurus: paynet_sim::TEST_CARD_LIMIT_KURUS,
            },
        };
        out(&json::line(&info));
    } else {
        let mut text = format!(
            "paynet-sim: a simulated Paynet listening on {base_url} (Ctrl-C to stop)\n\
             Its test credentials (valid only here):\n  \
             export PAYNET_SECRET_KEY='{}'\n  \
             export PAYNET_PUBLISHABLE_KEY='{}'\n  \
             export PAYNET_SESSION_KEY='{}'\n\
             Pre-authorisations to capture:\n",
            sim.secret_key(),
            sim.publishable_key(),
            sim.session_key()
        );
        for p in &pre_auths {
            text.push_str(&format!(
                "  reference_no {}  xact {}  {}.{:02} TRY  xact_id {}\n",
                p.reference_no,
                p.xact,
                p.amount_kurus / 100,
                p.amount_kurus % 100,
                p.xact_id
            ));
        }
        let (agent, user) = (paynet_sim::DEFAULT_AGENT_ID, paynet_sim::DEFAULT_USER_ID);
        let taps = match args.tap_after {
            Some(d) => format!(
                "a card is tapped on each sale {} s after it starts",
                d.as_secs_f64()
            ),
            None => "sales wait for a card forever (--tap-after SECONDS taps one)".to_owned(),
        };
        text.push_str(&format!(
            "Test cards (any holder; CVC {}, expiry {:02}/{} or {EXPIRY_RULE}):\n",
            paynet_sim::TEST_CVC,
            paynet_sim::TEST_EXPIRY_MONTH,
            paynet_sim::TEST_EXPIRY_YEAR
        ));
        for card in test_cards() {
            text.push_str(&format!(
                "  {:<12} {}  card_hash {}\n",
                card.behaviour, card.pan, card.card_hash
            ));
        }
        text.push_str(&format!(
            "3-D Secure: the bank's page is {three_d_page} (tds_initial's post_url), password '{}'; \
             add &auto=approve or &auto=decline to skip it\n",
            paynet_sim::TEST_3D_PASSWORD
        ));
        text.push_str(&format!(
            "Stored cards: the test customer card_owner_id {} holds the card_hash above; saving a \
             card {} (send-card-otp sends the code {})\n",
            paynet_sim::TEST_CARD_OWNER_ID,
            if args.card_otp {
                "needs a one-time password (--card-otp)"
            } else {
                "needs no one-time password (--card-otp makes it mandatory)"
            },
            paynet_sim::TEST_OTP_CODE
        ));
        text.push_str(&format!(
            "Subscriptions bill on the simulator's clock: move it with `curl -X POST -H \
             'Content-Type: application/json' -d '{{\"days\": 30}}' {base_url}/sim/clock/advance`; \
             the card {} has a limit of {}.{:02} TRY (it declines once spent)\n",
            paynet_sim::TEST_CARD_LIMITED,
            paynet_sim::TEST_CARD_LIMIT_KURUS / 100,
            paynet_sim::TEST_CARD_LIMIT_KURUS % 100,
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
             (data-amount in kuruş)\n",
            key = sim.publishable_key(),
        ));
        text.push_str(&format!(
            "Sessions: open_session (get_auth_key) knows agent {agent}, user {user}; {taps}.\n\
             Triggers (in reference_no): {}… bank decline, {}… slow answer, {}… HTTP 500 page, {}… dropped connection, {}… answer lost after the payment, capture or refund was made (lookups answered), {}… refund denied\n\
             Try:\n  paynet --base-url {base_url} capture --reference-no {} --amount 10.50\n  \
             out=$(paynet --base-url {base_url} session open --agent-id {agent} --user-id {user}) && eval \"$out\"",
            triggers::DECLINE_PREFIX,
            triggers::SLOW_PREFIX,
            triggers::FAIL500_PREFIX,
            triggers::DROP_PREFIX,
            triggers::LOST_PREFIX,
            triggers::REFUND_DENY_PREFIX,
            paynet_sim::PRE_AUTH_250_REFERENCE_NO,
        ));
        out(&text);
    }
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
