//! The records of subscriptions (`v1/subscription/*`) the state keeps: each subscription with its
//! schedule, its cards' order and its invoices (each with its charge attempts), the merchant's
//! subscription cards, and the 3-D sessions that add a card; and their pure rules: the schedule's
//! dates, the statuses, the cooldown of a manual charge.

use crate::{cards::Card, clock};

/// Paynet's Status table: 0 Waiting, 2 External charged, 3 Done succeed, 4 Done unsucceed,
/// 5 Cancel, 6 Deleted.
pub(crate) const STATUSES: [u8; 6] = [0, 2, 3, 4, 5, 6];
/// Waiting: an invoice to charge; a subscription that bills.
pub(crate) const WAITING: u8 = 0;
/// Paid another way (an invoice).
pub(crate) const EXTERNAL: u8 = 2;
/// Paid by a charge (an invoice).
pub(crate) const DONE_SUCCEED: u8 = 3;
/// Every card declined (an invoice).
pub(crate) const DONE_UNSUCCEED: u8 = 4;
/// Cancelled.
pub(crate) const CANCEL: u8 = 5;
/// Deleted: final.
pub(crate) const DELETED: u8 = 6;

/// The status's name, as the invoice list writes it.
pub(crate) fn status_desc(status: u8) -> &'static str {
    match status {
        WAITING => "Waiting",
        EXTERNAL => "External charged",
        DONE_SUCCEED => "Done succeed",
        DONE_UNSUCCEED => "Done unsucceed",
        CANCEL => "Cancel",
        DELETED => "Deleted",
        _ => "",
    }
}

/// How long after an invoice's last attempt it may be charged again: two hours ("about two
/// hours": Paynet's example says 1 h 57 min left).
pub(crate) const COOLDOWN_TICKS: i64 = 2 * 3_600 * clock::ONE_SECOND;

/// The message of a manual charge inside the cooldown, in Paynet's words:
/// `11400528 numarali siparis için 1 saat 57 dakika sonra deneme yapabilirsiniz` (minutes
/// rounded up).
pub(crate) fn cooldown_message(invoice_no: &str, left_ticks: i64) -> String {
    let minutes = (left_ticks.max(0) + 60 * clock::ONE_SECOND - 1) / (60 * clock::ONE_SECOND);
    format!(
        "{invoice_no} numarali siparis için {} saat {} dakika sonra deneme yapabilirsiniz",
        minutes / 60,
        minutes % 60
    )
}

/// `interval`: 0 daily, 1 weekly, 2 monthly, 3 yearly.
pub(crate) const INTERVALS: std::ops::RangeInclusive<u32> = 0..=3;

/// The local day of charge `n` (0 first) of a schedule from `begin` (days since 1970-01-01):
/// every `period`-th `interval` (`period` 0 is 1). Months count from `begin`, keeping its day or
/// the month's last (31 January, 29 February, 31 March...).
pub(crate) fn charge_day(begin: i64, interval: u32, period: u32, n: u32) -> i64 {
    let units = i64::from(n) * i64::from(period.max(1));
    match interval {
        0 => begin + units,
        1 => begin + 7 * units,
        3 => clock::add_months(begin, 12 * units),
        _ => clock::add_months(begin, units),
    }
}

/// One subscription.
#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    /// Its GUID (`subscription_id`).
    pub(crate) id: String,
    /// The token of its page (`url`, `/sim/subscription/{token}`).
    pub(crate) token: String,
    pub(crate) reference_no: String,
    pub(crate) name_surname: String,
    /// Each charge, in kuruş.
    pub(crate) amount: u64,
    pub(crate) agent_amount: Option<u64>,
    pub(crate) company_amount: Option<u64>,
    pub(crate) interval: u32,
    pub(crate) interval_count: u32,
    pub(crate) period: u32,
    /// The first charge's local day.
    pub(crate) begin_day: i64,
    pub(crate) email: String,
    pub(crate) gsm: String,
    pub(crate) agent_id: String,
    pub(crate) description: String,
    pub(crate) add_commission: bool,
    pub(crate) group: String,
    pub(crate) currency: String,
    /// 0 bills; any other stops billing (6 for good).
    pub(crate) status: u8,
    /// The payer accepted the terms on its page.
    pub(crate) accepted: bool,
    pub(crate) created_ticks: i64,
    /// How many times `send_again` sent its page.
    pub(crate) resent: u32,
    /// Its cards, in charging order (`order_no` 1 first).
    pub(crate) links: Vec<CardLink>,
    /// Its invoices, by date.
    pub(crate) invoices: Vec<Invoice>,
}

impl Subscription {
    /// The date of its next unpaid invoice.
    pub(crate) fn next_charge(&self) -> Option<i64> {
        self.invoices
            .iter()
            .filter(|i| i.status == WAITING)
            .map(|i| i.due_ticks)
            .min()
    }
}

/// A card's place among a subscription's cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CardLink {
    /// The link's id (`subscription_card_id`).
    pub(crate) link_id: String,
    /// The card (`card_id`).
    pub(crate) card_id: String,
}

/// One invoice of a subscription.
#[derive(Debug, Clone)]
pub(crate) struct Invoice {
    pub(crate) id: String,
    pub(crate) no: String,
    /// Its place in the plan, from 1 (`plan_id`); `None` for one `create_invoice` added.
    pub(crate) plan_id: Option<u32>,
    /// When it is due (a planned one at its day's 00:00, Turkish time).
    pub(crate) due_ticks: i64,
    /// In kuruş.
    pub(crate) amount: u64,
    pub(crate) agent_amount: Option<u64>,
    pub(crate) company_amount: Option<u64>,
    pub(crate) status: u8,
    pub(crate) attempts: Vec<Attempt>,
    /// The transaction that paid it, and when.
    pub(crate) paid: Option<(String, i64)>,
}

impl Invoice {
    /// Not paid, nor set aside: what a charge may take (0 Waiting, 4 Done unsucceed).
    pub(crate) fn unpaid(&self) -> bool {
        matches!(self.status, WAITING | DONE_UNSUCCEED)
    }

    /// When it was last tried.
    pub(crate) fn last_attempt(&self) -> Option<i64> {
        self.attempts.iter().map(|a| a.ticks).max()
    }
}

/// One card tried for an invoice.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    pub(crate) ticks: i64,
    pub(crate) card_id: String,
    pub(crate) masked: String,
    /// In kuruş.
    pub(crate) amount: u64,
    pub(crate) succeed: bool,
    /// By `manuel_charge` rather than on the invoice's date.
    pub(crate) manual: bool,
    pub(crate) message: String,
    pub(crate) xact_id: String,
}

/// One of the merchant's subscription cards.
#[derive(Debug, Clone)]
pub(crate) struct SubscriptionCard {
    /// `card_id`.
    pub(crate) id: String,
    /// The card (masked number, holder, bank, what the bank does with it).
    pub(crate) card: Card,
    pub(crate) label: String,
    /// The agent of the subscription it was added to.
    pub(crate) agent_id: String,
}

/// A 3-D session that adds a card (`create_card_tds_initial`, or the subscription's page).
#[derive(Debug, Clone)]
pub(crate) struct PendingCard {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    /// The subscriptions the card goes to (indices).
    pub(crate) targets: Vec<usize>,
    /// The group named, if one was.
    pub(crate) group: String,
    pub(crate) label: String,
    /// The card added once the session was confirmed.
    pub(crate) card_id: Option<String>,
}

/// Everything the simulator knows of subscriptions.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    pub(crate) list: Vec<Subscription>,
    pub(crate) cards: Vec<SubscriptionCard>,
    pub(crate) pending: Vec<PendingCard>,
    next_card: u64,
    next_link: u64,
    next_invoice_id: u64,
    next_invoice_no: u64,
}

impl Subscriptions {
    /// The index of the subscription with this id or reference_no (the id first).
    pub(crate) fn find(&self, id: Option<&str>, reference_no: Option<&str>) -> Option<usize> {
        if let Some(id) = id {
            return self.list.iter().position(|s| s.id.eq_ignore_ascii_case(id));
        }
        let reference_no = reference_no?;
        self.list
            .iter()
            .position(|s| s.reference_no == reference_no)
    }

    /// The (subscription, invoice) with this id or number (the id first).
    pub(crate) fn find_invoice(
        &self,
        id: Option<&str>,
        no: Option<&str>,
    ) -> Option<(usize, usize)> {
        self.list.iter().enumerate().find_map(|(s, sub)| {
            let i = sub.invoices.iter().position(|inv| match (id, no) {
                (Some(id), _) => inv.id == id,
                (None, Some(no)) => inv.no == no,
                (None, None) => false,
            })?;
            Some((s, i))
        })
    }

    /// The card with this id.
    pub(crate) fn card(&self, id: &str) -> Option<&SubscriptionCard> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// Whether a 3-D session of `tds_initial` is one that adds a subscription card (which
    /// `tds_charge` must not charge).
    pub(crate) fn owns_session(&self, session_id: &str) -> bool {
        self.pending.iter().any(|p| p.session_id == session_id)
    }

    /// A new card id (`1800`, `1801`...: the examples' numbers).
    pub(crate) fn new_card_id(&mut self) -> String {
        self.next_card += 1;
        (1_799 + self.next_card).to_string()
    }

    /// A new card link id (`2400`...).
    pub(crate) fn new_link_id(&mut self) -> String {
        self.next_link += 1;
        (2_399 + self.next_link).to_string()
    }

    /// A new invoice's id and number (`18092` and `11400505`...: the examples' numbers).
    pub(crate) fn new_invoice_ids(&mut self) -> (String, String) {
        self.next_invoice_id += 1;
        self.next_invoice_no += 1;
        (
            (18_091 + self.next_invoice_id).to_string(),
            (11_400_504 + self.next_invoice_no).to_string(),
        )
    }

    /// Adds the card `card_id` to subscription `index`, after its other cards; `false` when it
    /// already has it.
    pub(crate) fn link(&mut self, index: usize, card_id: &str) -> bool {
        let link_id = self.new_link_id();
        let Some(sub) = self.list.get_mut(index) else {
            return false;
        };
        if sub.links.iter().any(|l| l.card_id == card_id) {
            return false;
        }
        sub.links.push(CardLink {
            link_id,
            card_id: card_id.to_owned(),
        });
        true
    }
}

/// A holder's name masked as the card list writes it: `AYSE YILMAZ` is `A*** Y*****`.
pub(crate) fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            let first: String = chars.next().into_iter().collect();
            format!("{first}{}", "*".repeat(chars.count()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_lay_out_their_days() {
        let begin = clock::parse_day("31.01.2024").unwrap_or_default();
        let days = |interval, period| -> Vec<String> {
            (0..3)
                .map(|n| clock::format_dmy_day(charge_day(begin, interval, period, n)))
                .collect()
        };
        assert_eq!(days(0, 0), ["31.01.2024", "01.02.2024", "02.02.2024"]);
        assert_eq!(days(1, 1), ["31.01.2024", "07.02.2024", "14.02.2024"]);
        assert_eq!(days(2, 0), ["31.01.2024", "29.02.2024", "31.03.2024"]);
        assert_eq!(days(2, 2), ["31.01.2024", "31.03.2024", "31.05.2024"]);
        assert_eq!(days(3, 1), ["31.01.2024", "31.01.2025", "31.01.2026"]);
    }

    #[test]
    fn the_cooldown_speaks_paynets_words() {
        let left = (3_600 + 56 * 60 + 1) * clock::ONE_SECOND;
        assert_eq!(
            cooldown_message("11400528", left),
            "11400528 numarali siparis için 1 saat 57 dakika sonra deneme yapabilirsiniz"
        );
        assert_eq!(
            cooldown_message("1", COOLDOWN_TICKS),
            "1 numarali siparis için 2 saat 0 dakika sonra deneme yapabilirsiniz"
        );
        assert_eq!(mask_name("AYSE  YILMAZ"), "A*** Y*****");
    }
}
