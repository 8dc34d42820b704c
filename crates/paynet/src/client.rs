//! The client and the PayPOS handle: one thin method per operation over [`Call`].

use std::sync::Arc;
use std::time::Duration;

use paynet_api::reqwest::header::HeaderValue;
use paynet_domain::{
    CancelCaptureRequest, CancelPreAuthRequest, CaptureRequest, ChargeRequest, CheckPaymentRequest,
    CheckSaleRequest, CloseSessionRequest, Complete3dRequest, Defaults, Error, InitReversalRequest,
    InitSaleRequest, OpenSessionRequest, PaymentDetailRequest, PaymentListRequest, PaymentRequest,
    RatiosRequest, RefundListRequest, RefundRequest, SecretKey, Secrets, SessionKey,
    Start3dRequest,
};

use crate::call::Call;
use crate::config::ClientBuilder;
use crate::retry::RetryPolicy;
use crate::transport::Transport;

/// A Paynet client: cheap to clone (every clone shares one connection pool and one set of
/// secrets).
///
/// Server-side calls ([`Client::capture`], [`Client::open_session`]...) run under the secret key
/// given to the builder; PayPOS calls run under a session key, through [`Client::paypos`]. Each
/// method returns a [`Call`]: await it, after setting per-call options if needed.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) transport: Transport,
    pub(crate) secret_key: Option<SecretKey>,
    /// `Basic <key>`, built once, marked sensitive.
    pub(crate) secret_header: Option<HeaderValue>,
    pub(crate) secrets: Secrets,
    pub(crate) defaults: Defaults,
    pub(crate) retry: RetryPolicy,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Option<Duration>,
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        self.inner.transport.base_url()
    }

    /// True when the client has a secret key (needed by server-side calls).
    pub fn has_secret_key(&self) -> bool {
        self.inner.secret_key.is_some()
    }

    /// Every secret this client keeps out of its errors, logs and outcomes: its secret key, the
    /// session keys handed to it or issued to it, the encryption keys Paynet issued it, and what
    /// was added with [`ClientBuilder::redact`]. Use it to scrub your own logs too.
    pub fn secrets(&self) -> &Secrets {
        &self.inner.secrets
    }

    /// A handle for PayPOS SoftPOS calls under `session_key` (from [`Client::open_session`]).
    /// Make one per terminal or session; replace the key with [`PayPos::set_session_key`] when
    /// the session is renewed. The key joins the client's [secrets](Client::secrets).
    pub fn paypos(&self, session_key: SessionKey) -> PayPos {
        self.inner.secrets.remember(session_key.expose_secret());
        PayPos {
            client: self.clone(),
            header: session_key.header_value(),
            session_key,
        }
    }

    /// `capture`: captures a pre-authorisation, in full or in part (`POST
    /// /v1/transaction/capture`, "Finansallaştırma"). Needs the secret key. Moves money.
    ///
    /// `Ok` is Paynet's answer: [`CaptureOutcome::Approved`](crate::CaptureOutcome::Approved)
    /// (with `replayed: true` for result code 100, an earlier successful capture with the same
    /// `reference_no`) or [`CaptureOutcome::Declined`](crate::CaptureOutcome::Declined) (the bank
    /// said no). A capture is never re-sent once its bytes may have left: a timeout or a dropped
    /// connection then is [`Error::OutcomeUnknown`].
    pub fn capture<'a>(&'a self, request: &'a CaptureRequest) -> Call<'a, CaptureRequest> {
        Call::new(self, request, None)
    }

    /// `check_payment`: a payment's transactions by `xact_id` or `reference_no` (`POST
    /// /v1/transaction/check`). Needs the secret key. A read: sent again after an unknown outcome,
    /// within the call's time budget. Nothing found is an empty
    /// [`TransactionCheck`](crate::TransactionCheck) (result code 12), never "not charged".
    pub fn check_payment<'a>(
        &'a self,
        request: &'a CheckPaymentRequest,
    ) -> Call<'a, CheckPaymentRequest> {
        Call::new(self, request, None)
    }

    /// `pay`: a direct (non-3-D) card payment or pre-authorisation (`POST
    /// /v2/transaction/payment`). Needs the secret key. Moves money: never sent again once it may
    /// have reached Paynet. When its answer is lost, the call looks the payment up by its
    /// `reference_no` (`check_payment`, within the call's time budget) and returns what it found,
    /// marked reconciled; [`Error::OutcomeUnknown`] only when the lookup cannot say.
    pub fn pay<'a>(&'a self, request: &'a PaymentRequest) -> Call<'a, PaymentRequest> {
        Call::new(self, request, None)
    }

    /// `start_3d`: starts a 3-D Secure payment (`POST /v2/transaction/tds_initial`): the
    /// [`ThreeDSession`](crate::ThreeDSession) says where to send the shopper. Needs the secret
    /// key. No money moves until [`Client::complete_3d`].
    pub fn start_3d<'a>(&'a self, request: &'a Start3dRequest) -> Call<'a, Start3dRequest> {
        Call::new(self, request, None)
    }

    /// `complete_3d`: finishes a 3-D Secure payment with what the bank's page posted back (`POST
    /// /v2/transaction/tds_charge`). Needs the secret key. Moves money; a lost answer is settled
    /// by a lookup like [`Client::pay`]'s (give the request the order's `reference_no`).
    pub fn complete_3d<'a>(
        &'a self,
        request: &'a Complete3dRequest,
    ) -> Call<'a, Complete3dRequest> {
        Call::new(self, request, None)
    }

    /// `charge`: finishes a payment Paynet's JS form started (`POST /v1/transaction/charge`).
    /// Needs the secret key. Moves money; a lost answer is settled by a lookup when the request
    /// has a `reference_no`.
    pub fn charge<'a>(&'a self, request: &'a ChargeRequest) -> Call<'a, ChargeRequest> {
        Call::new(self, request, None)
    }

    /// `payment_detail`: a transaction's full detail (`POST /v1/transaction/detail`). Needs the
    /// secret key. A read.
    pub fn payment_detail<'a>(
        &'a self,
        request: &'a PaymentDetailRequest,
    ) -> Call<'a, PaymentDetailRequest> {
        Call::new(self, request, None)
    }

    /// `refund`: asks Paynet to refund a transaction, in full or in part, or to cancel it the
    /// same day (`POST /v1/transaction/reversed_request`). Needs the secret key. Moves money.
    ///
    /// `Ok` is a [`RefundRequested`](crate::RefundRequested): Paynet **accepted the request**;
    /// its operations team decides it later, posts the decision to the request's `succeedUrl`
    /// ([`RefundDecision`](crate::RefundDecision)) and shows it in [`Client::refunds`]. A lost
    /// answer is settled by looking the request up in the refund list.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
    /// use paynet::{Card, Client, PaymentRequest, RefundRequest, SecretKey};
    ///
    /// # let secret = sim.secret_key().to_owned();
    /// let client = Client::builder()
    /// #   .base_url(sim.base_url())
    ///     .secret_key(SecretKey::new(secret)?)
    ///     .merchant_domain("shop.example")
    ///     .build()?;
    /// # let card = Card::new(paynet_sim::TEST_CARD_APPROVE, "12/35", paynet_sim::TEST_CVC, "AYSE YILMAZ")?;
    /// # let payment = PaymentRequest::builder("120.00".parse()?, "ORDER-7", card).build()?;
    /// # let paid = client.pay(&payment).await?;
    /// let xact_id = paid.transaction().xact_id.clone().ok_or("no xact_id")?;
    ///
    /// // Refund it (the same day, only in full: later, `.amount(...)` refunds part of it).
    /// // Paynet posts its decision to the shop.
    /// let refund = RefundRequest::builder(xact_id)
    ///     .succeed_url("https://shop.example/paynet/refund-decision")
    /// #   .succeed_url("http://127.0.0.1:9/refund-decision") // the simulator posts to loopback only
    ///     .build()?;
    /// let requested = client.refund(&refund).await?;
    /// assert!(!requested.reconciled);
    /// # Ok(()) }
    /// ```
    pub fn refund<'a>(&'a self, request: &'a RefundRequest) -> Call<'a, RefundRequest> {
        Call::new(self, request, None)
    }

    /// `cancel_preauth`: cancels a pre-authorisation that was not captured, releasing the held
    /// amount (`POST /v1/transaction/preauth_reversal`). Needs the secret key. Moves money; a
    /// lost answer is settled by the transaction's detail.
    pub fn cancel_preauth<'a>(
        &'a self,
        request: &'a CancelPreAuthRequest,
    ) -> Call<'a, CancelPreAuthRequest> {
        Call::new(self, request, None)
    }

    /// `cancel_capture`: cancels a capture (`POST /v1/transaction/capture_reversal`), answered
    /// with the cancellation's transaction, approved or declined. Needs the secret key. Moves
    /// money.
    pub fn cancel_capture<'a>(
        &'a self,
        request: &'a CancelCaptureRequest,
    ) -> Call<'a, CancelCaptureRequest> {
        Call::new(self, request, None)
    }

    /// `list_payments`: one page of the transactions of a date range (`POST
    /// /v1/transaction/list`). Needs the secret key. A read. [`Client::payments`] streams every
    /// page.
    pub fn list_payments<'a>(
        &'a self,
        request: &'a PaymentListRequest,
    ) -> Call<'a, PaymentListRequest> {
        Call::new(self, request, None)
    }

    /// `list_refunds`: one page of the refund and cancellation requests of a date range (`POST
    /// /v1/transaction/reversal_list`). Needs the secret key. A read. [`Client::refunds`] streams
    /// every page.
    pub fn list_refunds<'a>(
        &'a self,
        request: &'a RefundListRequest,
    ) -> Call<'a, RefundListRequest> {
        Call::new(self, request, None)
    }

    /// `ratios`: the instalment options and what each costs, for every bank or for one card's
    /// bank by its BIN (`POST /v1/ratio/Get`). Needs the secret key. A read.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
    /// use paynet::{Client, RatiosRequest, SecretKey};
    ///
    /// # let secret = sim.secret_key().to_owned();
    /// let client = Client::builder()
    /// #   .base_url(sim.base_url())
    ///     .secret_key(SecretKey::new(secret)?)
    ///     .build()?;
    /// // The options a shopper paying 1,000.00 TL with this card can choose from.
    /// let request = RatiosRequest::for_card("435508", "1000.00".parse()?)?;
    /// let table = client.ratios(&request).await?;
    /// for (bank, option) in table.options() {
    ///     println!(
    ///         "{:?}: {:?} x {:?}, total {:?}",
    ///         bank.bank_name, option.count, option.instalment_amount, option.total
    ///     );
    /// }
    /// # assert!(table.options().count() > 1);
    /// # Ok(()) }
    /// ```
    pub fn ratios<'a>(&'a self, request: &'a RatiosRequest) -> Call<'a, RatiosRequest> {
        Call::new(self, request, None)
    }

    /// `open_session`: opens a PayPOS mobile session for an agent's user (`POST
    /// /v1/agent/get_auth_key`). Needs the secret key (and, at Paynet, a registered server IP).
    ///
    /// The returned [`AgentSession`](crate::AgentSession) carries the session key for
    /// [`Client::paypos`] (or for the merchant's mobile app) and its expiry as Paynet reports it.
    pub fn open_session<'a>(
        &'a self,
        request: &'a OpenSessionRequest,
    ) -> Call<'a, OpenSessionRequest> {
        Call::new(self, request, None)
    }

    /// `close_session`: ends a PayPOS mobile session (`POST /v1/agent/logout`). Needs the secret
    /// key.
    pub fn close_session<'a>(
        &'a self,
        request: &'a CloseSessionRequest,
    ) -> Call<'a, CloseSessionRequest> {
        Call::new(self, request, None)
    }
}

/// PayPOS SoftPOS calls under one session key. Cheap to clone.
///
/// Made by [`Client::paypos`]; the session key comes from [`Client::open_session`], which only
/// the merchant's server (with the secret key and a registered IP) can call.
#[derive(Clone, Debug)]
pub struct PayPos {
    client: Client,
    session_key: SessionKey,
    /// `Session-Key`, built once, marked sensitive.
    header: HeaderValue,
}

impl PayPos {
    /// Replaces the session key (e.g. after the session expired and a new one was issued).
    pub fn set_session_key(&mut self, session_key: SessionKey) {
        self.client
            .inner
            .secrets
            .remember(session_key.expose_secret());
        self.header = session_key.header_value();
        self.session_key = session_key;
    }

    /// The session key this handle uses.
    pub fn session_key(&self) -> &SessionKey {
        &self.session_key
    }

    /// The client this handle calls through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Any session-key operation under this handle's key.
    pub(crate) fn call<'a, R: paynet_domain::Request>(&'a self, request: &'a R) -> Call<'a, R> {
        Call::new(&self.client, request, Some(&self.header))
    }

    /// `init_sale`: starts a PayPOS sale (`POST /v1/softpos/init_sale_transaction`): returns the
    /// deeplink to open in the PayPOS app and the payment session id to check the outcome by.
    /// Re-sent only when the request provably never reached Paynet.
    pub fn init_sale<'a>(&'a self, request: &'a InitSaleRequest) -> Call<'a, InitSaleRequest> {
        self.call(request)
    }

    /// `check_sale`: what happened to a sale (or reversal), by its payment session id (`POST
    /// /v1/softpos/check_transaction`): the safe way to learn the outcome after PayPOS returns to
    /// the app. While the card has not been tapped,
    /// [`TransactionCheck::is_empty`](crate::TransactionCheck::is_empty) is true. A read: sent
    /// again after an unknown outcome, within the call's time budget.
    pub fn check_sale<'a>(&'a self, request: &'a CheckSaleRequest) -> Call<'a, CheckSaleRequest> {
        self.call(request)
    }

    /// `init_reversal`: starts cancelling or refunding a PayPOS transaction (`POST
    /// /v1/softpos/init_reversal_transaction`); answered like a sale start, with a deeplink to
    /// open in PayPOS. Never re-sent once it may have reached Paynet.
    pub fn init_reversal<'a>(
        &'a self,
        request: &'a InitReversalRequest,
    ) -> Call<'a, InitReversalRequest> {
        self.call(request)
    }
}

/// A short name for an error's kind (for logs and machine-readable output).
pub fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Rejected(_) => "rejected",
        Error::Transport { .. } => "transport",
        Error::OutcomeUnknown { .. } => "outcome_unknown",
        Error::InvalidResponse { .. } => "invalid_response",
        _ => "other",
    }
}
