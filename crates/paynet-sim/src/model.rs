//! The records the state keeps beside the ledger: agent sessions, PayPOS payment sessions, the
//! orders of 3-D and Paynet.js sessions, refund requests, the agents `check_agent` knows and the
//! login links `autologin` hands out, the merchant's ratio tables, and the pay links.

use crate::{
    callback::LoopbackUrl,
    cards::{Bank, Behaviour, Card},
    driving::ThreeDStatus,
    ledger::Tx,
    triggers,
};

/// A session key's owner.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) agent_id: String,
}

/// What a PayPOS payment session does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PaymentKind {
    Sale,
    Reversal,
}

/// A PayPOS payment session (a sale waiting for a card, or a reversal).
#[derive(Debug)]
pub(crate) struct Payment {
    pub(crate) id: String,
    pub(crate) kind: PaymentKind,
    pub(crate) encryption_key: String,
    /// In kuruş.
    pub(crate) amount: u64,
    pub(crate) add_commission: bool,
    pub(crate) instalment: u32,
    pub(crate) reference_no: String,
    pub(crate) description: String,
    pub(crate) phone: String,
    pub(crate) email: String,
    pub(crate) agent_id: String,
    pub(crate) force_decline: bool,
    /// The plain id of its transaction in the ledger, once the card was tapped.
    pub(crate) outcome: Option<String>,
}

/// A payment to make, once its request was checked: what a 3-D or Paynet.js session keeps until
/// it is charged.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    /// The amount asked for, in kuruş (before any commission added on top).
    pub(crate) amount: u64,
    pub(crate) add_commission: bool,
    pub(crate) instalment: u32,
    /// `transaction_type`: 1 sale, 3 pre-authorisation.
    pub(crate) kind: u8,
    pub(crate) reference_no: String,
    pub(crate) agent_id: Option<String>,
    pub(crate) description: String,
    pub(crate) phone: String,
    pub(crate) email: String,
    pub(crate) ratio_code: String,
    pub(crate) domain: String,
    pub(crate) card: Card,
}

impl Order {
    /// Whether the bank declines it: a declining card, a `DECLINE…` reference or 99.99 TL.
    pub(crate) fn declined_by_bank(&self) -> bool {
        self.card.behaviour == Behaviour::Decline
            || self.reference_no.starts_with(triggers::DECLINE_PREFIX)
            || self.amount == triggers::DECLINE_AMOUNT_KURUS
    }

    /// Writes what the order says on its transaction `tx`: agent, instalments, contact, note,
    /// reference and ratio code.
    pub(crate) fn fill(&self, tx: &mut Tx) {
        if let Some(agent) = &self.agent_id {
            tx.agent_id = agent.clone();
        }
        tx.instalment = self.instalment;
        tx.email = self.email.clone();
        tx.phone = self.phone.clone();
        tx.note = self.description.clone();
        tx.reference_no = self.reference_no.clone();
        tx.ratio_code = self.ratio_code.clone();
    }
}

/// A 3-D Secure session: the payment it will make, and how far the shopper got.
#[derive(Debug)]
pub(crate) struct TdsSession {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) order: Order,
    pub(crate) return_url: String,
    pub(crate) status: ThreeDStatus,
    /// The plain id of its transaction, once charged.
    pub(crate) charged: Option<String>,
    pub(crate) wrong_passwords: u32,
}

/// A Paynet.js session: what the form was given, and its charge once made. Made by
/// `/sim/js_payment` (the stand-in) or by `/v1/paynetj/create_token` (a token of a
/// [`FormSession`]).
#[derive(Debug)]
pub(crate) struct JsSession {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) order: Order,
    pub(crate) add_comission_amount: bool,
    pub(crate) ratio_code: String,
    /// The plain id of its transaction, once charged.
    pub(crate) charged: Option<String>,
    /// The bank's 3-D page of a token that needs one (`None`: no page, as for the stand-in).
    pub(crate) three_d: Option<ThreeDStatus>,
    /// Wrong passwords typed on that page.
    pub(crate) wrong_passwords: u32,
}

/// A payment session of Paynet's browser scripts (`/v1/paynetj/auth`): what the page was given,
/// before any card. Its tokens (`create_token`) are [`JsSession`]s with the same `session_id`.
#[derive(Debug, Clone)]
pub(crate) struct FormSession {
    pub(crate) session_id: String,
    /// In kuruş.
    pub(crate) amount: u64,
    pub(crate) add_commission: bool,
    pub(crate) ratio_code: String,
    pub(crate) agent_id: Option<String>,
    pub(crate) reference_no: String,
    pub(crate) description: String,
    /// The page's `scheme://host[:port]`: where the 3-D page posts its message.
    pub(crate) domain: String,
    /// Every token goes through the bank's 3-D page.
    pub(crate) tds_required: bool,
    /// Only single payments (the ready-made form's `data-no_instalment`).
    pub(crate) no_instalment: bool,
    /// The instalment counts offered (the ready-made form's `data-installments`); empty: all.
    pub(crate) instalments: Vec<u32>,
    /// The title and logo the ready-made form shows (`data-name`, `data-image`).
    pub(crate) name: String,
    pub(crate) image: String,
    /// Whose stored cards `check_card_bin` and `create_card_token` may use; also the owner a
    /// token's card is saved for (`save_card`), when `user_unique_id` is not given.
    pub(crate) card_owner_id: String,
    /// The page asks to save the card (`data-save_card`): a token's own `save_card` wins.
    pub(crate) save_card: bool,
    /// A first save's customer (`data-save_carduid`).
    pub(crate) user_unique_id: String,
    /// The saved card's GSM and description, unless the token sends its own.
    pub(crate) user_gsm_no: String,
    pub(crate) card_desc: String,
    /// Where the 3-D page posts back when it is not inside the merchant's page.
    pub(crate) return_url: String,
}

/// Where a refund or cancellation request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReversalStatus {
    Pending,
    Approved,
    Denied,
}

impl ReversalStatus {
    /// `status` of the reversal list and the callback: 0 waiting, 1 approved, 2 denied.
    pub(crate) fn code(self) -> u32 {
        match self {
            ReversalStatus::Pending => 0,
            ReversalStatus::Approved => 1,
            ReversalStatus::Denied => 2,
        }
    }

    pub(crate) fn desc(self) -> &'static str {
        match self {
            ReversalStatus::Pending => "Onay bekliyor",
            ReversalStatus::Approved => "Onaylandı",
            ReversalStatus::Denied => "Reddedildi",
        }
    }
}

/// A refund or cancellation request (`reversed_request`).
#[derive(Debug, Clone)]
pub(crate) struct ReversalRequest {
    /// Order of the requests.
    pub(crate) seq: usize,
    /// The plain id of the transaction to refund.
    pub(crate) original: String,
    /// In kuruş.
    pub(crate) amount: u64,
    /// A same-day cancellation (in full) rather than a refund.
    pub(crate) cancel: bool,
    /// When it was made.
    pub(crate) entry_ticks: i64,
    pub(crate) status: ReversalStatus,
    /// The ids the reversal transaction gets (reserved when the request is made).
    pub(crate) reversal_id: String,
    pub(crate) reversal_xact_id: String,
    pub(crate) n: u64,
    pub(crate) succeed_url: Option<LoopbackUrl>,
    /// Decided as denied (trigger or configuration).
    pub(crate) deny: bool,
}

/// An agent `check_agent` finds by the merchant's reference number for it.
#[derive(Debug, Clone)]
pub(crate) struct AgentReference {
    pub(crate) reference_no: String,
    pub(crate) agent_id: String,
    pub(crate) company_code: String,
}

/// A login link `autologin` handed out.
#[derive(Debug, Clone)]
pub(crate) struct AutoLogin {
    pub(crate) agent_id: String,
    pub(crate) user_name: String,
    /// Opened once already: a link logs in once.
    pub(crate) used: bool,
}

/// One of the merchant's ratio tables.
#[derive(Debug, Clone)]
pub(crate) struct RatioTable {
    pub(crate) code: String,
    /// Its ratios are added to the simulator's (`is_cumulative` true, "Sabit Fonlama Oranı"),
    /// else shown as they are ("Gösterilecek Oran").
    pub(crate) cumulative: bool,
    /// What `define` set last; `None` until then.
    pub(crate) definition: Option<Definition>,
}

/// A ratio table's definition: the banks and instalments left once the blocked ones are taken
/// out.
#[derive(Debug, Clone)]
pub(crate) struct Definition {
    /// The kind of card its ratios are for (the rows' `card_type`).
    pub(crate) card_type: &'static str,
    /// The banks not blocked, each with its instalments not blocked: (count, ratio in basis
    /// points, signed), by count.
    pub(crate) banks: Vec<(Bank, Vec<(u32, i64)>)>,
}

/// A pay link (`/v1/mailorder/create`): the payment order, and what became of it.
#[derive(Debug, Clone)]
pub(crate) struct PayLink {
    /// Its id, a GUID (what `detail` and `status_update` also take).
    pub(crate) id: String,
    /// The token in its page's URL (`/sim/paylink/{token}`).
    pub(crate) token: String,
    pub(crate) reference_no: String,
    pub(crate) name_surname: String,
    pub(crate) user_name: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) note: String,
    pub(crate) agent_note: String,
    pub(crate) agent_id: String,
    /// In kuruş (before any commission added on top).
    pub(crate) amount: u64,
    /// `addcomission_to_amount`: the commission and its tax are charged on top.
    pub(crate) add_commission: bool,
    pub(crate) send_sms: bool,
    pub(crate) multi_payment: bool,
    pub(crate) created_ticks: i64,
    /// From then on (by the simulator's clock) the link takes no payment.
    pub(crate) expires_ticks: i64,
    pub(crate) succeed_url: String,
    pub(crate) error_url: String,
    pub(crate) confirmation_url: Option<LoopbackUrl>,
    /// Made passive by `status_update` (status 3).
    pub(crate) passive: bool,
    /// The plain ids of its successful payments, oldest first.
    pub(crate) payments: Vec<String>,
    /// The 3-D sessions its page started (session id, token id).
    pub(crate) tds_sessions: Vec<(String, String)>,
}

/// Where a pay link stands (`status` of detail and list: 0 awaiting payment, 1 paid, 2 expired,
/// 3 passive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PayLinkStatus {
    Awaiting,
    Paid,
    Expired,
    Passive,
}

impl PayLinkStatus {
    /// The number detail and list write.
    pub(crate) fn code(self) -> u8 {
        match self {
            PayLinkStatus::Awaiting => 0,
            PayLinkStatus::Paid => 1,
            PayLinkStatus::Expired => 2,
            PayLinkStatus::Passive => 3,
        }
    }
}

impl PayLink {
    /// Where it stands at `now`: passive first, then paid, then expired.
    pub(crate) fn status(&self, now: i64) -> PayLinkStatus {
        if self.passive {
            PayLinkStatus::Passive
        } else if !self.payments.is_empty() {
            PayLinkStatus::Paid
        } else if now >= self.expires_ticks {
            PayLinkStatus::Expired
        } else {
            PayLinkStatus::Awaiting
        }
    }

    /// Why its page takes no payment at `now`, if it takes none: passive, expired, or paid
    /// (unless `multi_payment`).
    pub(crate) fn closed(&self, now: i64) -> Option<PayLinkStatus> {
        if self.passive {
            Some(PayLinkStatus::Passive)
        } else if now >= self.expires_ticks {
            Some(PayLinkStatus::Expired)
        } else if !self.payments.is_empty() && !self.multi_payment {
            Some(PayLinkStatus::Paid)
        } else {
            None
        }
    }
}
