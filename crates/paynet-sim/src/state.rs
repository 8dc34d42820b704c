//! Everything the simulator remembers ([`State`]): the transaction ledger, sessions, PayPOS
//! payment sessions, 3-D and Paynet.js sessions, refund requests, agents, ratio tables and pay
//! links; and the operations on it that record transactions (payments, captures, PayPOS sales,
//! refunds).

use std::collections::{BTreeMap, HashMap};

use crate::{
    callback::Callback,
    card_store::CardStore,
    cards::Card,
    clock::{self, BASE64, Clock, Rng, XACT_ID_CHARS},
    config::{PreAuth, SimConfig},
    driving::{CompleteSaleError, CompletedSale},
    fixtures::{DEFAULT_AGENT_ID, DEFAULT_USER_ID},
    history,
    ledger::{self, CAPTURE, Channel, Errors, PRE_AUTH, REVERSAL, SALE, Tx},
    model::{
        AgentReference, AutoLogin, FormSession, JsSession, Order, Payment, PaymentKind, RatioTable,
        ReversalRequest, ReversalStatus, Session, TdsSession,
    },
    triggers,
    wire::{
        CaptureTx, FAILURE_MESSAGE, Money, OLD_SUCCESS_MESSAGE, ReversalCallback, SUCCESS_MESSAGE,
    },
};

/// The ids of a new transaction.
#[derive(Debug)]
pub(crate) struct TxIds {
    pub(crate) xact_id: String,
    pub(crate) id: String,
    /// A 4-digit number shared by the authorisation code, reference code and order id.
    pub(crate) n: u64,
    pub(crate) ticks: i64,
}

/// Which identifier a capture names its pre-authorisation by.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PreAuthKey<'a> {
    XactId(&'a str),
    Xact(&'a str),
    ReferenceNo(&'a str),
}

impl PreAuthKey<'_> {
    fn matches(&self, t: &Tx) -> bool {
        match *self {
            PreAuthKey::XactId(v) => t.xact_id == v,
            PreAuthKey::Xact(v) => t.id == v,
            PreAuthKey::ReferenceNo(v) => t.reference_no == v,
        }
    }
}

/// The result of a capture request, once validated.
pub(crate) enum CaptureOutcome {
    /// HTTP 200 with this transaction body.
    Tx(Box<CaptureTx>),
    /// No such pre-authorisation: HTTP 404 `no_data_error`.
    NoData,
}

/// Everything the simulator remembers.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) agents: Vec<(String, String)>,
    pub(crate) default_agent: (String, String),
    pub(crate) sessions: HashMap<String, Session>,
    /// Every transaction, in the order it was recorded.
    pub(crate) ledger: Vec<Tx>,
    pub(crate) payments: Vec<Payment>,
    pub(crate) tds: Vec<TdsSession>,
    pub(crate) js: Vec<JsSession>,
    /// The payment sessions of Paynet's browser scripts (`/v1/paynetj/auth`).
    pub(crate) paynetj: Vec<FormSession>,
    pub(crate) reversals: Vec<ReversalRequest>,
    /// What `check_agent` knows (and `check_integration_info`'s company codes).
    pub(crate) agent_references: Vec<AgentReference>,
    /// The links `autologin` handed out, by token.
    pub(crate) autologins: HashMap<String, AutoLogin>,
    /// The merchant's ratio tables (`set_type`, `define`), in the order they were created.
    pub(crate) ratio_tables: Vec<RatioTable>,
    /// The stored cards, their owners and the one-time-password sessions (`v1/card/*`).
    pub(crate) card_store: CardStore,
    /// The pay links (`/v1/mailorder/create`), in the order they were created.
    pub(crate) pay_links: Vec<crate::model::PayLink>,
    /// The subscriptions, their invoices and cards (`v1/subscription/*`).
    pub(crate) subscriptions: crate::subscription_model::Subscriptions,
    requests: BTreeMap<String, u64>,
    pub(crate) rng: Rng,
    pub(crate) clock: Clock,
    next_xact: u64,
    next_seq: u64,
    pub(crate) deny_reversals: bool,
}

impl State {
    pub(crate) fn new(config: &SimConfig) -> Self {
        let default_agent = config
            .agents
            .first()
            .cloned()
            .unwrap_or_else(|| (DEFAULT_AGENT_ID.to_owned(), DEFAULT_USER_ID.to_owned()));
        let sessions = config
            .session_keys
            .iter()
            .filter(|k| !k.is_empty())
            .map(|k| {
                (
                    k.clone(),
                    Session {
                        agent_id: default_agent.0.clone(),
                    },
                )
            })
            .collect();
        let mut state = State {
            agents: config.agents.clone(),
            default_agent,
            sessions,
            ledger: Vec::new(),
            payments: Vec::new(),
            tds: Vec::new(),
            js: Vec::new(),
            paynetj: Vec::new(),
            reversals: Vec::new(),
            agent_references: config
                .agent_references
                .iter()
                .map(|(reference_no, agent_id, company_code)| AgentReference {
                    reference_no: reference_no.clone(),
                    agent_id: agent_id.clone(),
                    company_code: company_code.clone(),
                })
                .collect(),
            autologins: HashMap::new(),
            ratio_tables: Vec::new(),
            card_store: CardStore::new(config.card_otp),
            pay_links: Vec::new(),
            subscriptions: Default::default(),
            requests: BTreeMap::new(),
            rng: Rng::new(config.seed.unwrap_or_else(clock::entropy)),
            clock: Clock::new(config.seed.is_some()),
            next_xact: 1_000_101,
            next_seq: 0,
            deny_reversals: config.deny_reversals,
        };
        if config.history {
            let past = history::build(config.seed, state.today(), &state.default_agent);
            for tx in past.txs {
                state.push(tx);
            }
            if let Some(refund) = past.refund {
                let mut request = refund.request;
                request.seq = state.reversals.len();
                state.approve_reversal(&request, refund.decided_ticks, refund.guid);
                state.reversals.push(request);
            }
        }
        for p in &config.pre_auths {
            state.add_pre_auth(p.clone());
        }
        state
    }

    /// Adds a pre-authorisation, or resets one with the same `xact_id`. Its date is one hour
    /// before the clock's current time (the clock does not move).
    pub(crate) fn add_pre_auth(&mut self, pre_auth: PreAuth) {
        let ticks = self.clock.peek().saturating_sub(3_600 * clock::ONE_SECOND);
        let existing = self.ledger.iter().position(|t| {
            t.kind == PRE_AUTH && !pre_auth.xact_id.is_empty() && t.xact_id == pre_auth.xact_id
        });
        let n = 1_000 + self.rng.below(9_000);
        let guid = self.rng.uuid();
        let (agent_id, user_id) = self.default_agent.clone();
        let (amount, fees) = ledger::fees(pre_auth.amount_kurus, false);
        let tx = Tx {
            seq: 0,
            id: pre_auth.xact,
            xact_id: pre_auth.xact_id,
            ticks,
            kind: PRE_AUTH,
            channel: Channel::Api,
            is_tds: false,
            md_status: "",
            agent_id,
            user_id,
            email: String::new(),
            phone: String::new(),
            note: String::new(),
            reference_no: pre_auth.reference_no,
            capture_ref: None,
            card: Card::default_card(),
            instalment: 0,
            ratio_code: String::new(),
            amount,
            fees,
            authorization_code: format!("aut-{n}"),
            reference_code: format!("ref-{n}"),
            order_id: format!("order-{n}"),
            is_succeed: true,
            errors: Errors::default(),
            xact_transaction_id: guid,
            parent: None,
            remaining: amount,
            refunded: 0,
            reversed: false,
            reversed_xact_id: String::new(),
            transferred: false,
            agent_reference: None,
            escrow_status: None,
            card_save: None,
        };
        match existing.and_then(|i| self.ledger.get_mut(i)) {
            Some(old) => {
                let seq = old.seq;
                *old = Tx { seq, ..tx };
            }
            None => {
                self.push(tx);
            }
        }
    }

    /// Records a transaction; returns its index.
    pub(crate) fn push(&mut self, mut tx: Tx) -> usize {
        tx.seq = self.next_seq;
        self.next_seq += 1;
        self.ledger.push(tx);
        self.ledger.len() - 1
    }

    /// What is left of the pre-authorisation with this `xact_id`, `xact` or `reference_no`.
    pub(crate) fn remaining_kurus(&self, id: &str) -> Option<u64> {
        self.ledger
            .iter()
            .find(|t| {
                t.kind == PRE_AUTH
                    && t.is_succeed
                    && !id.is_empty()
                    && (t.xact_id == id || t.id == id || t.reference_no == id)
            })
            .map(|t| t.remaining)
    }

    /// Counts a request to `path`.
    pub(crate) fn record(&mut self, path: &str) {
        *self.requests.entry(path.to_owned()).or_insert(0) += 1;
    }

    /// Requests seen so far, by path.
    pub(crate) fn requests(&self) -> BTreeMap<String, u64> {
        self.requests.clone()
    }

    /// Whether `key` is a session key the simulator currently accepts.
    pub(crate) fn session_valid(&self, key: &str) -> bool {
        self.sessions.contains_key(key)
    }

    /// Payment sessions still waiting for a card, oldest first.
    pub(crate) fn pending(&self) -> Vec<String> {
        self.payments
            .iter()
            .filter(|p| p.outcome.is_none())
            .map(|p| p.id.clone())
            .collect()
    }

    /// Fresh ids and the current time for a new transaction (the clock moves).
    pub(crate) fn next_ids(&mut self) -> TxIds {
        let xact = self.next_xact;
        self.next_xact += 1;
        let ticks = self.clock.now();
        TxIds {
            xact_id: format!("xk_EAAAA{}", self.rng.string(XACT_ID_CHARS, 43)),
            id: xact.to_string(),
            n: 1_000 + self.rng.below(9_000),
            ticks,
        }
    }

    /// A new successful transaction of `amount` kuruş (plus commission with `add_commission`)
    /// with fresh ids, by the default agent; not yet recorded.
    pub(crate) fn new_tx(
        &mut self,
        kind: u8,
        channel: Channel,
        card: Card,
        amount: u64,
        add_commission: bool,
    ) -> Tx {
        let ids = self.next_ids();
        let guid = self.rng.uuid();
        let agent = self.default_agent.clone();
        let mut tx = ledger::draft(
            kind,
            channel,
            card,
            amount,
            add_commission,
            agent,
            ids.ticks,
        );
        tx.id = ids.id;
        tx.xact_id = ids.xact_id;
        tx.authorization_code = format!("aut-{}", ids.n);
        tx.reference_code = format!("ref-{}", ids.n);
        tx.order_id = format!("order-{}", ids.n);
        tx.xact_transaction_id = guid;
        tx
    }

    /// A refusal's body: a transaction without ids, dated now (the clock does not move).
    pub(crate) fn refusal_tx(&self, kind: u8, channel: Channel, card: Card, amount: u64) -> Tx {
        let agent = self.default_agent.clone();
        ledger::draft(kind, channel, card, amount, false, agent, self.clock.peek())
    }

    /// The index of the transaction with this encrypted id.
    pub(crate) fn by_xact_id(&self, xact_id: &str) -> Option<usize> {
        self.ledger.iter().position(|t| t.xact_id == xact_id)
    }

    /// The index of the transaction with this plain id.
    pub(crate) fn by_id(&self, id: &str) -> Option<usize> {
        self.ledger.iter().position(|t| t.id == id)
    }

    /// The earlier successful payment (sale or pre-authorisation) with this `reference_no`.
    pub(crate) fn earlier_payment(&self, reference_no: &str) -> Option<&Tx> {
        self.ledger.iter().find(|t| {
            (t.kind == SALE || t.kind == PRE_AUTH) && t.is_succeed && t.reference_no == reference_no
        })
    }

    /// The local day of the clock's current time (the clock does not move).
    pub(crate) fn today(&self) -> i64 {
        clock::local_day(self.clock.peek())
    }

    /// The clock's current (year, month), for card expiry.
    pub(crate) fn this_month(&self) -> (i64, i64) {
        clock::local_year_month(self.clock.peek())
    }

    /// A capture transaction of `kurus` on the pre-authorisation at `pre_auth` (if known).
    fn capture_tx(
        &mut self,
        pre_auth: Option<usize>,
        kurus: u64,
        reference_no: Option<&str>,
    ) -> Tx {
        let parent = pre_auth.and_then(|i| self.ledger.get(i)).cloned();
        let card = parent
            .as_ref()
            .map_or_else(Card::default_card, |p| p.card.clone());
        let mut tx = self.new_tx(CAPTURE, Channel::Api, card, kurus, false);
        if let Some(p) = parent {
            tx.agent_id = p.agent_id;
            tx.user_id = p.user_id;
            tx.email = p.email;
            tx.phone = p.phone;
            tx.is_tds = p.is_tds;
            tx.instalment = p.instalment;
            tx.note = p.note;
            tx.reference_no = p.reference_no;
            tx.parent = Some(p.id);
        }
        if let Some(r) = reference_no {
            tx.reference_no = r.to_owned();
        }
        tx.capture_ref = reference_no.map(str::to_owned);
        tx
    }

    pub(crate) fn capture(
        &mut self,
        key: PreAuthKey<'_>,
        amount_kurus: Option<u64>,
        reference_no: Option<&str>,
        force_decline: bool,
    ) -> CaptureOutcome {
        // Idempotency: the same reference_no as an earlier successful capture.
        if let Some(r) = reference_no
            && let Some(earlier) = self
                .ledger
                .iter()
                .find(|t| t.kind == CAPTURE && t.is_succeed && t.capture_ref.as_deref() == Some(r))
        {
            let tx = earlier.capture_shape(100, OLD_SUCCESS_MESSAGE, false);
            return CaptureOutcome::Tx(Box::new(tx));
        }
        let index = self
            .ledger
            .iter()
            .position(|t| t.kind == PRE_AUTH && t.is_succeed && key.matches(t));
        let remaining = index.and_then(|i| self.ledger.get(i)).map(|p| p.remaining);

        if force_decline {
            let kurus = amount_kurus.or(remaining).unwrap_or(0);
            let mut tx = self.capture_tx(index, kurus, reference_no);
            tx.decline(
                "Kart sahibinin bankası işlemi onaylamadı (paynet-sim DECLINE tetikleyicisi).",
            );
            let shape = tx.capture_shape(1, FAILURE_MESSAGE, false);
            if index.is_some() {
                self.push(tx);
            }
            return CaptureOutcome::Tx(Box::new(shape));
        }

        let (Some(index), Some(remaining)) = (index, remaining) else {
            return CaptureOutcome::NoData;
        };
        let kurus = amount_kurus.unwrap_or(remaining);
        if kurus == 0 || kurus > remaining {
            let mut tx = self.capture_tx(Some(index), kurus, reference_no);
            tx.fail();
            tx.errors.paynet_id = triggers::OVER_CAPTURE_ERROR_ID.to_owned();
            tx.errors.paynet_message = if remaining == 0 {
                "Ön provizyonun finansallaştırılacak tutarı kalmadı".to_owned()
            } else {
                format!(
                    "Finansallaştırma tutarı kalan ön provizyon tutarını ({} TL) aşamaz",
                    Money(remaining).text('.')
                )
            };
            return CaptureOutcome::Tx(Box::new(tx.capture_shape(1, FAILURE_MESSAGE, false)));
        }

        let tx = self.capture_tx(Some(index), kurus, reference_no);
        if let Some(p) = self.ledger.get_mut(index) {
            p.remaining = remaining - kurus;
        }
        let shape = tx.capture_shape(0, SUCCESS_MESSAGE, false);
        self.push(tx);
        CaptureOutcome::Tx(Box::new(shape))
    }

    /// The transactions matching an `xact_id` or a `reference_no`, oldest first.
    pub(crate) fn matching(&self, xact_id: Option<&str>, reference_no: Option<&str>) -> Vec<&Tx> {
        self.select(|t| {
            xact_id.is_some_and(|x| x == t.xact_id)
                || reference_no.is_some_and(|r| !r.is_empty() && r == t.reference_no)
        })
    }

    /// The transactions `keep` accepts, by date then order of insertion.
    pub(crate) fn select(&self, keep: impl Fn(&Tx) -> bool) -> Vec<&Tx> {
        let mut rows: Vec<&Tx> = self.ledger.iter().filter(|t| keep(t)).collect();
        rows.sort_by_key(|t| (t.ticks, t.seq));
        rows
    }

    /// Completes a pending sale as the PayPOS app would once a card is tapped.
    pub(crate) fn complete_sale(
        &mut self,
        payment_session_id: &str,
        approved: bool,
    ) -> Result<CompletedSale, CompleteSaleError> {
        let index = self
            .payments
            .iter()
            .position(|p| p.id == payment_session_id)
            .ok_or(CompleteSaleError::UnknownPaymentSession)?;
        let Some(p) = self.payments.get(index) else {
            return Err(CompleteSaleError::UnknownPaymentSession);
        };
        if p.outcome.is_some() || p.kind != PaymentKind::Sale {
            return Err(CompleteSaleError::AlreadyCompleted);
        }
        let is_succeed = approved && !p.force_decline;
        let (amount, add_commission, instalment) = (p.amount, p.add_commission, p.instalment);
        let (agent_id, email, phone, note, reference_no) = (
            p.agent_id.clone(),
            p.email.clone(),
            p.phone.clone(),
            p.description.clone(),
            p.reference_no.clone(),
        );
        let mut tx = self.new_tx(
            SALE,
            Channel::PayPos,
            Card::default_card(),
            amount,
            add_commission,
        );
        tx.agent_id = agent_id;
        tx.instalment = instalment;
        tx.email = email;
        tx.phone = phone;
        tx.note = note;
        tx.reference_no = reference_no;
        if !is_succeed {
            tx.decline("Kart sahibinin bankası işlemi onaylamadı (paynet-sim).");
        }
        let (id, xact_id) = (tx.id.clone(), tx.xact_id.clone());
        self.push(tx);
        if let Some(p) = self.payments.get_mut(index) {
            p.outcome = Some(id);
        }
        Ok(CompletedSale {
            payment_session_id: payment_session_id.to_owned(),
            xact_id,
            is_succeed,
        })
    }

    /// A new payment session id and encryption key.
    pub(crate) fn new_payment_ids(&mut self) -> (String, String) {
        let id = self.rng.uuid();
        let key = format!("{}=", self.rng.string(BASE64, 43));
        (id, key)
    }

    /// A new transaction for `order` (fresh ids, not recorded).
    fn order_tx(&mut self, order: &Order, kind: u8, channel: Channel) -> Tx {
        let mut tx = self.new_tx(
            kind,
            channel,
            order.card.clone(),
            order.amount,
            order.add_commission,
        );
        order.fill(&mut tx);
        tx
    }

    /// A refusal's body for `order` (no ids).
    pub(crate) fn order_refusal(
        &self,
        order: &Order,
        kind: u8,
        channel: Channel,
        code: u32,
        message: &str,
    ) -> Tx {
        let mut tx = self.refusal_tx(kind, channel, order.card.clone(), order.amount);
        order.fill(&mut tx);
        tx.refuse(code, message);
        tx
    }

    /// Charges `order`: records the transaction (approved, or declined by the bank) and returns
    /// its index and result code.
    pub(crate) fn charge(&mut self, order: &Order, kind: u8, channel: Channel) -> (usize, u32) {
        let mut tx = self.order_tx(order, kind, channel);
        if channel == Channel::ThreeD {
            tx.md_status = "1";
        }
        tx.is_tds = channel == Channel::ThreeD || order.card.behaviour.needs_3d();
        if channel == Channel::Js {
            tx.user_id = "PaynetJ".to_owned();
        }
        let code = if crate::cards::over_limit(
            &order.card,
            self.spent_on(&order.card.masked),
            tx.amount,
        ) {
            tx.decline("Kartın limiti yetersiz (paynet-sim TEST_CARD_LIMITED).");
            tx.errors.bank_id = crate::cards::LIMIT_ERROR_ID.to_owned();
            tx.errors.bank_message = crate::cards::LIMIT_MESSAGE.to_owned();
            tx.errors.bank_short = crate::cards::LIMIT_MESSAGE.to_owned();
            1
        } else if order.declined_by_bank() {
            tx.decline("Kart sahibinin bankası işlemi onaylamadı (paynet-sim).");
            1
        } else {
            0
        };
        (self.push(tx), code)
    }

    /// What the bank approved on the card with this masked number (sales and
    /// pre-authorisations): what counts against a card's limit (`cards::over_limit`).
    pub(crate) fn spent_on(&self, masked: &str) -> u64 {
        self.ledger
            .iter()
            .filter(|t| t.is_succeed && (t.kind == SALE || t.kind == PRE_AUTH))
            .filter(|t| t.card.masked == masked)
            .map(|t| t.amount)
            .sum()
    }

    /// What is asked for but not decided on the transaction with this plain id.
    pub(crate) fn pending_reversals(&self, id: &str) -> u64 {
        self.reversals
            .iter()
            .filter(|r| r.original == id && r.status == ReversalStatus::Pending)
            .map(|r| r.amount)
            .sum()
    }

    /// Records an approved reversal: the type-2 transaction, and the original marked `reversed`.
    pub(crate) fn approve_reversal(
        &mut self,
        request: &ReversalRequest,
        ticks: i64,
        guid: String,
    ) -> bool {
        let Some(index) = self.by_id(&request.original) else {
            return false;
        };
        let Some(original) = self.ledger.get(index).cloned() else {
            return false;
        };
        if original.refundable() < request.amount {
            return false;
        }
        let mut tx = ledger::draft(
            REVERSAL,
            Channel::Api,
            original.card.clone(),
            request.amount,
            false,
            (original.agent_id.clone(), original.user_id.clone()),
            ticks,
        );
        if request.amount == original.amount {
            tx.fees = original.fees;
        }
        tx.id = request.reversal_id.clone();
        tx.xact_id = request.reversal_xact_id.clone();
        tx.authorization_code = format!("aut-{}", request.n);
        tx.reference_code = format!("ref-{}", request.n);
        tx.order_id = format!("order-{}", request.n);
        tx.xact_transaction_id = guid;
        tx.instalment = original.instalment;
        tx.email = original.email.clone();
        tx.phone = original.phone.clone();
        tx.is_tds = original.is_tds;
        tx.reference_no = original.reference_no.clone();
        tx.parent = Some(original.id.clone());
        tx.note = format!(
            "{} işleminin {}",
            original.xact_id,
            if request.cancel { "iptali" } else { "iadesi" }
        );
        if let Some(o) = self.ledger.get_mut(index) {
            o.refunded = o.refunded.saturating_add(request.amount);
            o.reversed = true;
            o.reversed_xact_id = request.reversal_xact_id.clone();
        }
        self.push(tx);
        true
    }

    /// Decides the pending request at `index` and returns its callback, if it has one.
    pub(crate) fn decide_reversal(&mut self, index: usize) -> Option<Callback> {
        let request = self.reversals.get(index)?.clone();
        if request.status != ReversalStatus::Pending {
            return None;
        }
        // Release the amount first, so that the approval sees what is really left.
        if let Some(r) = self.reversals.get_mut(index) {
            r.status = ReversalStatus::Denied;
        }
        let ticks = self.clock.now();
        let guid = self.rng.uuid();
        let approved = !request.deny && self.approve_reversal(&request, ticks, guid);
        let status = if approved {
            ReversalStatus::Approved
        } else {
            ReversalStatus::Denied
        };
        if let Some(r) = self.reversals.get_mut(index) {
            r.status = status;
        }
        let url = request.succeed_url?;
        let message = if approved {
            "İptal/iade talebi onaylandı"
        } else {
            "İptal/iade talebi onaylanmadı"
        };
        let body = serde_json::to_string(&ReversalCallback {
            xact_id: &request.reversal_xact_id,
            code: u32::from(!approved),
            status: status.code(),
            message,
        })
        .ok()?;
        Some(Callback { url, body })
    }
}
