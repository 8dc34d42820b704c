//! Stored cards as payments and saves use them (`impl State`): the card a payment with a
//! `card_hash` is made with ([`State::stored_card`], [`State::read_card`]: the one lookup of
//! every route that takes a `card_hash`), storing a card ([`State::store_card`]) after the bank's
//! 1 TL check ([`State::verify_card`]) for `v1/card/save`, and saving the card of a payment that
//! asked for it ([`State::save_after_payment`]).

use crate::{
    card_store::{CardLookupError, CardSave, StoredCard},
    cards::{self, Behaviour, Card, CardError, CardInput},
    ledger::{Channel, PRE_AUTH, PRE_AUTH_REVERSAL},
    state::State,
};

/// The amount of the bank's check of a card stored with its CVV: 1.00 TL.
pub(crate) const VERIFY_KURUS: u64 = 100;

/// A stored card and its owner's ids, as a save answers them.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub(crate) card_owner_id: String,
    pub(crate) user_unique_id: String,
    pub(crate) card: StoredCard,
}

impl State {
    /// The stored card `card_hash`, of `card_owner_id` when one is named (an empty one counts
    /// as none), as a payment with it records it (its `card_hash`, `card_owner_id` and
    /// `user_unique_id` set). An unknown owner is [`CardLookupError::UnknownOwner`] (code 26); a
    /// card unknown, deleted or another owner's is [`CardLookupError::NotFound`] (code 25).
    ///
    /// The lookup of every route that takes a `card_hash`: `pay` and `tds_initial`, and the
    /// browser routes (`check_card_bin`, `create_card_token`).
    pub(crate) fn stored_card(
        &self,
        card_owner_id: Option<&str>,
        card_hash: &str,
    ) -> Result<Card, CardLookupError> {
        self.card_store
            .find(card_owner_id, card_hash)
            .map(|(owner, stored)| {
                let mut card = stored.card.clone();
                card.card_hash = stored.card_hash.clone();
                card.card_owner_id = owner.card_owner_id.clone();
                card.user_unique_id = owner.user_unique_id.clone();
                card
            })
    }

    /// A payment's card: its card data when a `pan` is sent (checked by `cards::read_card`),
    /// else the stored card `card_hash` of `card_owner_id` ([`State::stored_card`]; a failed
    /// lookup is [`CardError::UnknownHash`]), else [`CardError::Missing`].
    pub(crate) fn read_card(
        &self,
        input: &CardInput<'_>,
        card_owner_id: Option<&str>,
    ) -> Result<Card, CardError> {
        fn given(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|s| !s.is_empty())
        }
        if given(input.pan).is_none()
            && let Some(hash) = given(input.card_hash)
        {
            return self
                .stored_card(card_owner_id, hash)
                .map_err(|_| CardError::UnknownHash);
        }
        cards::read_card(input, self.this_month())
    }

    /// The bank's check of a card stored with its CVV ("If you send a CVV code, the bank will
    /// take pre-provision of 1 TL … then it will be canceled"): a 1.00 TL pre-authorisation and
    /// its cancellation (type 5), both recorded under `reference_no`, so that the transaction
    /// list shows them. The declining test card declines it: the declined pre-authorisation is
    /// recorded and the bank's message returned.
    pub(crate) fn verify_card(&mut self, card: &Card, reference_no: &str) -> Result<(), String> {
        let note = "Kart saklama doğrulaması: 1 TL ön provizyon ve iptali";
        let mut pre_auth = self.new_tx(PRE_AUTH, Channel::Api, card.clone(), VERIFY_KURUS, false);
        pre_auth.reference_no = reference_no.to_owned();
        pre_auth.note = note.to_owned();
        if card.behaviour == Behaviour::Decline {
            pre_auth.decline("Kart sahibinin bankası 1 TL doğrulamasını onaylamadı (paynet-sim).");
            let message = pre_auth.errors.bank_message.clone();
            self.push(pre_auth);
            return Err(message);
        }
        let mut cancel = self.new_tx(
            PRE_AUTH_REVERSAL,
            Channel::Api,
            card.clone(),
            VERIFY_KURUS,
            false,
        );
        cancel.fees = pre_auth.fees;
        cancel.reference_no = reference_no.to_owned();
        cancel.parent = Some(pre_auth.id.clone());
        cancel.note = format!("{} ön provizyonunun iptali ({note})", pre_auth.xact_id);
        pre_auth.remaining = 0;
        pre_auth.reversed = true;
        pre_auth.reversed_xact_id = cancel.xact_id.clone();
        self.push(pre_auth);
        self.push(cancel);
        Ok(())
    }

    /// Stores `card` as `save` says, under the new token `card_hash`: for the known owner, or
    /// for the owner of its `user_unique_id` (made on a first save, with a new `card_owner_id`).
    pub(crate) fn store_card(
        &mut self,
        save: &CardSave,
        card: &Card,
        card_hash: String,
    ) -> Result<Stored, CardLookupError> {
        let rng = &mut self.rng;
        let owner = self.card_store.owner_for_save(&save.owner, || rng.uuid())?;
        let mut card = card.clone();
        card.card_hash = card_hash.clone();
        card.card_owner_id = String::new();
        card.user_unique_id = String::new();
        let stored = StoredCard {
            card_hash,
            description: save.description.clone(),
            card,
            expire_month: save.expire_month,
            expire_year: save.expire_year,
            deleted: false,
        };
        let (o, c) = self
            .card_store
            .add(owner, stored)
            .ok_or(CardLookupError::UnknownOwner)?;
        Ok(Stored {
            card_owner_id: o.card_owner_id.clone(),
            user_unique_id: o.user_unique_id.clone(),
            card: c.clone(),
        })
    }

    /// Saves the card of the payment at `index` (just charged) as `save` says, and writes what
    /// became of it on the transaction: `is_save_card_succeed` and `save_card_result_message`,
    /// and, once saved, its card's `card_hash`, `card_owner_id` and `user_unique_id`. A declined
    /// payment saves nothing; with a one-time password required
    /// ([`SimConfig::card_otp`](crate::SimConfig::card_otp)) the card is saved only with a
    /// `user_gsm_no`; an unknown `card_owner_id` saves nothing. The payment stands whatever
    /// happens to the save.
    pub(crate) fn save_after_payment(&mut self, index: usize, save: &CardSave) {
        let Some(tx) = self.ledger.get(index) else {
            return;
        };
        let (succeeded, card) = (tx.is_succeed, tx.card.clone());
        let outcome = if !succeeded {
            Err("Ödeme başarısız olduğu için kart saklanmadı".to_owned())
        } else if self.card_store.otp_required && save.user_gsm.is_none() {
            Err(
                "Kart saklama için OTP zorunlu: user_gsm_no gönderilmeli; kart saklanmadı"
                    .to_owned(),
            )
        } else {
            let card_hash = self.rng.uuid();
            self.store_card(save, &card, card_hash)
                .map_err(|e| format!("{}: kart saklanmadı", e.message()))
        };
        let Some(tx) = self.ledger.get_mut(index) else {
            return;
        };
        match outcome {
            Ok(stored) => {
                tx.card.card_hash = stored.card.card_hash;
                tx.card.card_owner_id = stored.card_owner_id;
                tx.card.user_unique_id = stored.user_unique_id;
                tx.card_save = Some((true, "Kart saklandı".to_owned()));
            }
            Err(message) => tx.card_save = Some((false, message)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{
        card_store::SaveFor,
        config::SimConfig,
        fixtures::{TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_HASH, TEST_CARD_OWNER_ID},
        ledger::SALE,
    };

    fn state() -> State {
        State::new(&SimConfig::default().seed(1).without_history())
    }

    fn save(owner: SaveFor) -> CardSave {
        CardSave {
            owner,
            description: "Kart".into(),
            user_gsm: None,
            expire_month: 12,
            expire_year: 2035,
        }
    }

    #[test]
    fn a_payment_card_is_card_data_or_a_stored_card() {
        let s = state();
        let by_hash = CardInput {
            card_hash: Some(TEST_CARD_HASH),
            ..CardInput::default()
        };
        let card = s.read_card(&by_hash, Some(TEST_CARD_OWNER_ID)).unwrap();
        assert_eq!(
            (card.card_hash.as_str(), card.card_owner_id.as_str()),
            (TEST_CARD_HASH, TEST_CARD_OWNER_ID)
        );
        assert_eq!(s.read_card(&by_hash, Some("")).unwrap().masked, card.masked);
        assert_eq!(
            s.read_card(&by_hash, Some("someone")).unwrap_err(),
            CardError::UnknownHash
        );
        assert_eq!(
            s.stored_card(Some("someone"), TEST_CARD_HASH).unwrap_err(),
            CardLookupError::UnknownOwner
        );
    }

    #[test]
    fn the_1_tl_check_is_a_pre_authorisation_and_its_cancellation() {
        let mut s = state();
        let before = s.ledger.len();
        s.verify_card(&Card::from_pan(TEST_CARD_APPROVE, "A B"), "CARDSAVE-1")
            .unwrap();
        let txs: Vec<_> = s.ledger[before..].iter().collect();
        assert_eq!(txs.len(), 2);
        assert_eq!(
            (txs[0].kind, txs[0].amount, txs[0].reversed),
            (PRE_AUTH, 100, true)
        );
        assert_eq!((txs[1].kind, txs[1].amount), (PRE_AUTH_REVERSAL, 100));
        assert_eq!(txs[1].parent.as_ref(), Some(&txs[0].id));
        let before = s.ledger.len();
        assert!(
            s.verify_card(&Card::from_pan(TEST_CARD_DECLINE, "A B"), "CARDSAVE-2")
                .is_err()
        );
        assert_eq!(s.ledger.len(), before + 1);
        assert!(!s.ledger[before].is_succeed);
    }

    #[test]
    fn a_payment_saves_its_card_once_it_succeeded() {
        let mut s = state();
        let card = Card::from_pan(TEST_CARD_APPROVE, "A B");
        let tx = s.new_tx(SALE, Channel::Api, card.clone(), 1000, false);
        let i = s.push(tx);
        s.save_after_payment(i, &save(SaveFor::New("u-1".into())));
        let tx = &s.ledger[i];
        assert_eq!(tx.card_save.as_ref().map(|c| c.0), Some(true));
        let owner = tx.card.card_owner_id.clone();
        assert!(s.stored_card(Some(&owner), &tx.card.card_hash).is_ok());
        let mut declined = s.new_tx(SALE, Channel::Api, card, 1000, false);
        declined.decline("no");
        let j = s.push(declined);
        s.save_after_payment(j, &save(SaveFor::Known(owner.clone())));
        assert_eq!(s.ledger[j].card_save.as_ref().map(|c| c.0), Some(false));
        assert_eq!(s.card_store.live_cards(&owner).unwrap().1.len(), 1);
    }
}
