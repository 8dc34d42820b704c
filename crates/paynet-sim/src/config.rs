//! How a simulator starts: [`SimConfig`], and the pre-authorisations it seeds ([`PreAuth`]).

use std::{fmt, time::Duration};

use crate::{
    fixtures::{
        DEFAULT_AGENT_COMPANY_CODE, DEFAULT_AGENT_ID, DEFAULT_AGENT_REFERENCE_NO,
        DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY, DEFAULT_SESSION_KEY, DEFAULT_USER_ID,
        PRE_AUTH_100_REFERENCE_NO, PRE_AUTH_100_XACT, PRE_AUTH_100_XACT_ID,
        PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT, PRE_AUTH_250_XACT_ID,
    },
    triggers,
};

/// A pre-authorisation the simulator holds, which `capture` can finalise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreAuth {
    /// Encrypted transaction id, as Paynet hands it out (`xk_…`).
    pub xact_id: String,
    /// Plain transaction id.
    pub xact: String,
    /// The merchant's reference number of the pre-authorisation.
    pub reference_no: String,
    /// The pre-authorised amount, in kuruş (25000 = 250.00 TL).
    pub amount_kurus: u64,
}

impl PreAuth {
    /// A pre-authorisation of `amount_kurus` kuruş.
    pub fn new(
        xact_id: impl Into<String>,
        xact: impl Into<String>,
        reference_no: impl Into<String>,
        amount_kurus: u64,
    ) -> Self {
        PreAuth {
            xact_id: xact_id.into(),
            xact: xact.into(),
            reference_no: reference_no.into(),
            amount_kurus,
        }
    }

    /// The pre-authorisations a default [`SimConfig`] seeds: 250.00 TL and 100.00 TL (see
    /// [`protocol`](crate::protocol#seeded-pre-authorisations)).
    pub fn defaults() -> Vec<PreAuth> {
        vec![
            PreAuth::new(
                PRE_AUTH_250_XACT_ID,
                PRE_AUTH_250_XACT,
                PRE_AUTH_250_REFERENCE_NO,
                25_000,
            ),
            PreAuth::new(
                PRE_AUTH_100_XACT_ID,
                PRE_AUTH_100_XACT,
                PRE_AUTH_100_REFERENCE_NO,
                10_000,
            ),
        ]
    }
}

/// How to start a [`Simulator`]. Start from [`SimConfig::default`] and chain the setters.
///
/// `Debug` does not show the keys.
///
/// [`Simulator`]: crate::Simulator
#[derive(Clone)]
pub struct SimConfig {
    pub(crate) secret_key: String,
    pub(crate) publishable_key: String,
    pub(crate) agents: Vec<(String, String)>,
    /// (reference_no, agent_id, company_code): what `check_agent` knows.
    pub(crate) agent_references: Vec<(String, String, String)>,
    pub(crate) pre_auths: Vec<PreAuth>,
    pub(crate) session_keys: Vec<String>,
    pub(crate) seed: Option<u64>,
    pub(crate) port: Option<u16>,
    pub(crate) slow_delay: Duration,
    pub(crate) history: bool,
    pub(crate) v2_comma_amounts: bool,
    pub(crate) deny_reversals: bool,
    pub(crate) reversal_delay: Duration,
    pub(crate) card_otp: bool,
}

impl Default for SimConfig {
    /// Secret key [`DEFAULT_SECRET_KEY`], publishable key [`DEFAULT_PUBLISHABLE_KEY`], session
    /// key [`DEFAULT_SESSION_KEY`], agent [`DEFAULT_AGENT_ID`] / [`DEFAULT_USER_ID`] with the
    /// reference [`DEFAULT_AGENT_REFERENCE_NO`] (company [`DEFAULT_AGENT_COMPANY_CODE`]), the
    /// pre-authorisations of [`PreAuth::defaults`], the seeded history, no seed, a free port,
    /// `SLOW` delay 5 s, v2 amounts as JSON numbers, refunds approved after 50 ms, stored cards
    /// without a one-time password.
    fn default() -> Self {
        SimConfig {
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            publishable_key: DEFAULT_PUBLISHABLE_KEY.to_owned(),
            agents: vec![(DEFAULT_AGENT_ID.to_owned(), DEFAULT_USER_ID.to_owned())],
            agent_references: vec![(
                DEFAULT_AGENT_REFERENCE_NO.to_owned(),
                DEFAULT_AGENT_ID.to_owned(),
                DEFAULT_AGENT_COMPANY_CODE.to_owned(),
            )],
            pre_auths: PreAuth::defaults(),
            session_keys: vec![DEFAULT_SESSION_KEY.to_owned()],
            seed: None,
            port: None,
            slow_delay: triggers::DEFAULT_SLOW_DELAY,
            history: true,
            v2_comma_amounts: false,
            deny_reversals: false,
            reversal_delay: triggers::DEFAULT_REVERSAL_DELAY,
            card_otp: false,
        }
    }
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("secret_key", &"<redacted>")
            .field("publishable_key", &"<redacted>")
            .field("agents", &self.agents)
            .field("agent_references", &self.agent_references)
            .field("pre_auths", &self.pre_auths)
            .field(
                "session_keys",
                &format_args!("<{} redacted>", self.session_keys.len()),
            )
            .field("seed", &self.seed)
            .field("port", &self.port)
            .field("slow_delay", &self.slow_delay)
            .field("history", &self.history)
            .field("v2_comma_amounts", &self.v2_comma_amounts)
            .field("deny_reversals", &self.deny_reversals)
            .field("reversal_delay", &self.reversal_delay)
            .field("card_otp", &self.card_otp)
            .finish()
    }
}

impl SimConfig {
    /// The default configuration (same as [`SimConfig::default`]).
    pub fn new() -> Self {
        SimConfig::default()
    }

    /// The secret key that `Authorization: Basic <key>` must carry. An empty key is never
    /// accepted.
    #[must_use]
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = key.into();
        self
    }

    /// The publishable key that `Authorization: Basic <key>` must carry on
    /// `/v1/ratio/Get_public` and the browser scripts' `/v1/paynetj/*` (a page's `data-key`), and
    /// that `check_integration_info` checks. An empty key is never accepted.
    #[must_use]
    pub fn publishable_key(mut self, key: impl Into<String>) -> Self {
        self.publishable_key = key.into();
        self
    }

    /// Adds an agent / user pair that `get_auth_key` knows (and whose agent `autologin` and
    /// `check_integration_info` know). The first pair is also the agent of capture transactions
    /// and of the configured session keys.
    #[must_use]
    pub fn agent(mut self, agent_id: impl Into<String>, user_id: impl Into<String>) -> Self {
        self.agents.push((agent_id.into(), user_id.into()));
        self
    }

    /// Forgets every agent / user pair (including the default one).
    #[must_use]
    pub fn without_agents(mut self) -> Self {
        self.agents.clear();
        self
    }

    /// Adds an agent that `check_agent` finds by the merchant's reference number `reference_no`,
    /// answering `agent_id` and `company_code` (the first entry of a reference wins).
    /// `check_integration_info` reports the `company_code` of an agent's first entry.
    #[must_use]
    pub fn agent_reference(
        mut self,
        reference_no: impl Into<String>,
        agent_id: impl Into<String>,
        company_code: impl Into<String>,
    ) -> Self {
        self.agent_references
            .push((reference_no.into(), agent_id.into(), company_code.into()));
        self
    }

    /// Forgets every agent reference number (including the default one).
    #[must_use]
    pub fn without_agent_references(mut self) -> Self {
        self.agent_references.clear();
        self
    }

    /// Adds a pre-authorisation (one with the same `xact_id` as an earlier one replaces it).
    #[must_use]
    pub fn pre_auth(mut self, pre_auth: PreAuth) -> Self {
        self.pre_auths.push(pre_auth);
        self
    }

    /// Forgets every pre-authorisation (including the default ones).
    #[must_use]
    pub fn without_pre_auths(mut self) -> Self {
        self.pre_auths.clear();
        self
    }

    /// Adds a session key that is valid from the start. The first one is what
    /// [`Simulator::session_key`] returns.
    ///
    /// [`Simulator::session_key`]: crate::Simulator::session_key
    #[must_use]
    pub fn session_key(mut self, key: impl Into<String>) -> Self {
        self.session_keys.push(key.into());
        self
    }

    /// Forgets every configured session key (including the default one); sessions then come
    /// from `get_auth_key` only.
    #[must_use]
    pub fn without_session_keys(mut self) -> Self {
        self.session_keys.clear();
        self
    }

    /// Makes generated ids, keys and timestamps deterministic (see
    /// [`protocol`](crate::protocol#determinism)).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Listens on this port of 127.0.0.1 instead of a free one.
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// How long the `SLOW` trigger waits before answering.
    #[must_use]
    pub fn slow_delay(mut self, delay: Duration) -> Self {
        self.slow_delay = delay;
        self
    }

    /// Starts with an empty ledger: no seeded history (the configured pre-authorisations are
    /// still there).
    #[must_use]
    pub fn without_history(mut self) -> Self {
        self.history = false;
        self
    }

    /// Writes the v2 answers' amounts (`pay`, `complete_3d`) as Turkish strings (`"149,90"`), as
    /// some of Paynet's peers read them, instead of JSON numbers (`149.90`, the default).
    #[must_use]
    pub fn v2_comma_amounts(mut self, comma: bool) -> Self {
        self.v2_comma_amounts = comma;
        self
    }

    /// Denies every refund and cancellation request (`reversed_request`), as Paynet's operations
    /// team may.
    #[must_use]
    pub fn deny_reversals(mut self) -> Self {
        self.deny_reversals = true;
        self
    }

    /// Makes a one-time password mandatory before a card is stored, as Paynet can for a merchant:
    /// `v1/card/save` then needs an `otp_session_id` that `send_otp` sent and `check_otp`
    /// verified (code [`TEST_OTP_CODE`](crate::TEST_OTP_CODE), `ART2`), and its `otp_code`; and
    /// a card saved while paying needs `user_gsm_no` (see
    /// [`protocol`](crate::protocol#stored-cards)). Off by default.
    #[must_use]
    pub fn card_otp(mut self, required: bool) -> Self {
        self.card_otp = required;
        self
    }

    /// How long a refund or cancellation request waits before it is decided (default 50 ms).
    /// Zero decides it before `reversed_request` answers (its callback is still sent after).
    #[must_use]
    pub fn reversal_delay(mut self, delay: Duration) -> Self {
        self.reversal_delay = delay;
        self
    }
}
