//! Billing subscriptions (operations on [`State`]): an invoice charged with its subscription's
//! cards in their order (an approval pays it and is a sale in the ledger; a decline is an attempt;
//! every card declining leaves it Done unsucceed), every due invoice billed while the clock
//! moves, and the manual charge with its cooldown.

use crate::{
    cards::{Behaviour, Card, LIMIT_ERROR_ID, LIMIT_MESSAGE, over_limit},
    ledger::{Channel, SALE},
    state::State,
    subscription_model::{
        Attempt, COOLDOWN_TICKS, DONE_SUCCEED, DONE_UNSUCCEED, WAITING, cooldown_message,
    },
    triggers,
    wire::SUCCESS_MESSAGE,
};

/// What became of an invoice the clock or a manual charge billed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Billed {
    pub(crate) reference_no: String,
    pub(crate) invoice_no: String,
    /// Its status afterwards.
    pub(crate) status: u8,
    /// The transaction that paid it.
    pub(crate) xact_id: Option<String>,
    /// The last card's answer: "Başarılı İşlem", or the bank's decline.
    pub(crate) message: String,
}

/// One row of a manual charge's answer: an invoice's result code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChargeRow {
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// Why a manual charge charged nothing at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ManualRefusal {
    /// The subscription does not bill (its status is not 0): `code` 1.
    Stopped(u8),
    /// No such invoice of the subscription: HTTP 404.
    NoSuchInvoice,
    /// Nothing unpaid whose date has come: `code` 12.
    NothingDue,
}

impl State {
    /// Moves the clock forward by `ticks` (never back), billing on the way every invoice that
    /// falls due, in order of date: each at its due time (at once when already due), each with
    /// its subscription's cards. Subscriptions that do not bill (status other than 0) or have no
    /// card are skipped; their invoices wait.
    pub(crate) fn advance(&mut self, ticks: i64) -> Vec<Billed> {
        let target = self.clock.peek().saturating_add(ticks.max(0));
        let mut billed = Vec::new();
        while let Some((s, i, due)) = self.next_due(target) {
            let now = self.clock.peek();
            if due > now {
                self.clock.advance(due - now);
            }
            billed.push(self.charge_invoice(s, i, false));
        }
        let now = self.clock.peek();
        if target > now {
            self.clock.advance(target - now);
        }
        billed
    }

    /// The earliest waiting invoice due by `until` of a subscription that bills and has a card.
    fn next_due(&self, until: i64) -> Option<(usize, usize, i64)> {
        let subs = &self.subscriptions.list;
        subs.iter()
            .enumerate()
            .filter(|(_, s)| s.status == WAITING && !s.links.is_empty())
            .flat_map(|(si, s)| {
                s.invoices
                    .iter()
                    .enumerate()
                    .filter(move |(_, inv)| inv.status == WAITING && inv.due_ticks <= until)
                    .map(move |(ii, inv)| (si, ii, inv.due_ticks))
            })
            .min_by_key(|&(si, ii, due)| (due, si, ii))
    }

    /// Charges invoice `i` of subscription `s` now with the subscription's cards in their order,
    /// each attempt a transaction: the first approval pays it (status 3); when every card
    /// declines it is Done unsucceed (status 4). Without a card nothing happens.
    pub(crate) fn charge_invoice(&mut self, s: usize, i: usize, manual: bool) -> Billed {
        let Some(sub) = self.subscriptions.list.get(s) else {
            return Billed::default_for("", "");
        };
        let Some(invoice) = sub.invoices.get(i) else {
            return Billed::default_for(&sub.reference_no, "");
        };
        let (reference_no, invoice_no, amount) =
            (sub.reference_no.clone(), invoice.no.clone(), invoice.amount);
        let (agent_id, email, gsm, add_commission) = (
            sub.agent_id.clone(),
            sub.email.clone(),
            sub.gsm.clone(),
            sub.add_commission,
        );
        let plan = match invoice.plan_id {
            Some(n) => format!("{n}/{}", sub.interval_count),
            None => "ek fatura".to_owned(),
        };
        let cards: Vec<(String, Card)> = sub
            .links
            .iter()
            .filter_map(|l| {
                let c = self.subscriptions.card(&l.card_id)?;
                Some((c.id.clone(), c.card.clone()))
            })
            .collect();
        let mut outcome = Billed {
            reference_no: reference_no.clone(),
            invoice_no: invoice_no.clone(),
            status: invoice.status,
            xact_id: None,
            message: "Aboneliğe tanımlı kart yok".to_owned(),
        };
        for (card_id, card) in cards {
            let spent = self.spent_on(&card.masked);
            let mut tx = self.new_tx(SALE, Channel::Api, card.clone(), amount, add_commission);
            if !agent_id.is_empty() {
                tx.agent_id = agent_id.clone();
            }
            tx.email = email.clone();
            tx.phone = gsm.clone();
            tx.reference_no = reference_no.clone();
            tx.note = format!("Abonelik {reference_no}: fatura {invoice_no} ({plan})");
            let message = if over_limit(&card, spent, tx.amount) {
                tx.decline("Kartın limiti yetersiz (paynet-sim TEST_CARD_LIMITED).");
                tx.errors.bank_id = LIMIT_ERROR_ID.to_owned();
                tx.errors.bank_message = LIMIT_MESSAGE.to_owned();
                tx.errors.bank_short = LIMIT_MESSAGE.to_owned();
                LIMIT_MESSAGE.to_owned()
            } else if card.behaviour == Behaviour::Decline
                || reference_no.starts_with(triggers::DECLINE_PREFIX)
            {
                tx.decline("Kart sahibinin bankası işlemi onaylamadı (paynet-sim).");
                triggers::BANK_DECLINE_MESSAGE.to_owned()
            } else {
                SUCCESS_MESSAGE.to_owned()
            };
            let (succeed, xact_id, ticks, masked) = (
                tx.is_succeed,
                tx.xact_id.clone(),
                tx.ticks,
                tx.card.masked.clone(),
            );
            self.push(tx);
            let Some(invoice) = self
                .subscriptions
                .list
                .get_mut(s)
                .and_then(|sub| sub.invoices.get_mut(i))
            else {
                break;
            };
            invoice.attempts.push(Attempt {
                ticks,
                card_id,
                masked,
                amount,
                succeed,
                manual,
                message: message.clone(),
                xact_id: xact_id.clone(),
            });
            outcome.message = message;
            if succeed {
                invoice.status = DONE_SUCCEED;
                invoice.paid = Some((xact_id.clone(), ticks));
                outcome.status = DONE_SUCCEED;
                outcome.xact_id = Some(xact_id);
                return outcome;
            }
            invoice.status = DONE_UNSUCCEED;
            outcome.status = DONE_UNSUCCEED;
        }
        outcome
    }

    /// `manuel_charge` of subscription `s`: the invoice numbered `invoice_no`, or every unpaid
    /// one whose date has come; one row per invoice. An invoice tried less than two hours ago
    /// is refused with Paynet's cooldown message; a paid or set-aside one is refused.
    pub(crate) fn manual_charge(
        &mut self,
        s: usize,
        invoice_no: Option<&str>,
    ) -> Result<Vec<ChargeRow>, ManualRefusal> {
        let now = self.clock.peek();
        let Some(sub) = self.subscriptions.list.get(s) else {
            return Err(ManualRefusal::NoSuchInvoice);
        };
        if sub.status != WAITING {
            return Err(ManualRefusal::Stopped(sub.status));
        }
        let chosen: Vec<usize> = match invoice_no {
            Some(no) => {
                let no = no.trim();
                vec![
                    sub.invoices
                        .iter()
                        .position(|inv| inv.no == no)
                        .ok_or(ManualRefusal::NoSuchInvoice)?,
                ]
            }
            None => sub
                .invoices
                .iter()
                .enumerate()
                .filter(|(_, inv)| inv.unpaid() && inv.due_ticks <= now)
                .map(|(i, _)| i)
                .collect(),
        };
        if chosen.is_empty() {
            return Err(ManualRefusal::NothingDue);
        }
        let has_card = !sub.links.is_empty();
        let mut rows = Vec::new();
        for i in chosen {
            let Some(invoice) = self
                .subscriptions
                .list
                .get(s)
                .and_then(|sub| sub.invoices.get(i))
            else {
                continue;
            };
            let no = invoice.no.clone();
            if !invoice.unpaid() {
                rows.push(ChargeRow {
                    code: 1,
                    message: format!(
                        "{no} numarali fatura tahsil edilemez (durum {}: ödenmiş veya iptal)",
                        invoice.status
                    ),
                });
                continue;
            }
            if let Some(last) = invoice.last_attempt()
                && now < last.saturating_add(COOLDOWN_TICKS)
            {
                rows.push(ChargeRow {
                    code: 1,
                    message: cooldown_message(&no, last + COOLDOWN_TICKS - now),
                });
                continue;
            }
            if !has_card {
                rows.push(ChargeRow {
                    code: 1,
                    message: format!("{no} numarali fatura için aboneliğe tanımlı kart yok"),
                });
                continue;
            }
            let billed = self.charge_invoice(s, i, true);
            rows.push(if billed.status == DONE_SUCCEED {
                ChargeRow {
                    code: 0,
                    message: SUCCESS_MESSAGE.to_owned(),
                }
            } else {
                ChargeRow {
                    code: 1,
                    message: format!("{no} numarali fatura tahsil edilemedi: {}", billed.message),
                }
            });
        }
        Ok(rows)
    }
}

impl Billed {
    fn default_for(reference_no: &str, invoice_no: &str) -> Billed {
        Billed {
            reference_no: reference_no.to_owned(),
            invoice_no: invoice_no.to_owned(),
            status: WAITING,
            xact_id: None,
            message: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{TEST_CARD_APPROVE, TEST_CARD_LIMITED};

    #[test]
    fn the_limit_counts_what_was_approved() {
        let limited = Card::from_pan(TEST_CARD_LIMITED, "AYSE");
        assert_eq!(limited.behaviour, Behaviour::Limited);
        assert!(!over_limit(&limited, 20_000, 10_000));
        assert!(over_limit(&limited, 20_001, 10_000));
        let other = Card::from_pan(TEST_CARD_APPROVE, "AYSE");
        assert!(!over_limit(&other, 1_000_000, 1_000_000));
    }
}
