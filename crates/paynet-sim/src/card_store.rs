//! The stored-card store ([`CardStore`], kept by `State` as `state.card_store`): Paynet's card
//! storage as the simulator remembers it. Card owners by `card_owner_id` (each made by a first
//! save with its `user_unique_id`), their cards by `card_hash` (the card as transactions record
//! it: mask, holder, bank, brand, behaviour; never the whole number nor the CVV), soft-deleted
//! cards kept but never found, and the one-time-password sessions of `send_otp` / `check_otp`.
//!
//! Every route that takes a `card_hash` looks it up here, through [`CardStore::find`] (or
//! `State::stored_card` / `State::read_card`, which give the card a payment uses): the payment
//! routes (`pay`, `tds_initial`), and the browser routes (`check_card_bin`, `create_card_token`).
//! A lookup is one call under the state's lock, like every change here: ten concurrent first
//! saves for one `user_unique_id` find (or make) one owner.

use std::collections::HashMap;

use crate::{
    cards::Card,
    clock::ONE_SECOND,
    fixtures::{
        CARD_HOLDER, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE,
        TEST_CARD_DECLINE, TEST_CARD_HASH, TEST_CARD_HASH_3D_DECLINE, TEST_CARD_HASH_3D_REQUIRED,
        TEST_CARD_HASH_DECLINE, TEST_CARD_OWNER_ID, TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR,
        TEST_OTP_CODE, TEST_USER_UNIQUE_ID,
    },
};

/// How long a one-time password is valid (`otp_expire` is this after `send_otp`).
pub(crate) const OTP_VALIDITY_SECONDS: i64 = 180;

/// Wrong codes after which an OTP session ends.
pub(crate) const MAX_WRONG_OTP: u32 = 3;

/// The longest stored-card description the simulator takes (Paynet documents none).
pub(crate) const MAX_CARD_DESC: usize = 50;

/// A stored card.
#[derive(Debug, Clone)]
pub(crate) struct StoredCard {
    /// Its token (a GUID), unique in the simulator.
    pub(crate) card_hash: String,
    /// Its description (`card_desc`), as the last save or rename gave it.
    pub(crate) description: String,
    /// The card as a payment with it records it (its `card_hash` set).
    pub(crate) card: Card,
    pub(crate) expire_month: u32,
    pub(crate) expire_year: u32,
    /// Soft-deleted (`delete`): kept, but never listed nor found.
    pub(crate) deleted: bool,
}

impl StoredCard {
    /// The first six digits.
    pub(crate) fn bin(&self) -> &str {
        self.card.masked.get(..6).unwrap_or("")
    }
}

/// A customer of the merchant, with their stored cards (in the order they were saved).
#[derive(Debug, Clone)]
pub(crate) struct CardOwner {
    /// Paynet's id for them (a GUID), answered by their first save.
    pub(crate) card_owner_id: String,
    /// The merchant's key for them, from their first save.
    pub(crate) user_unique_id: String,
    pub(crate) cards: Vec<StoredCard>,
}

/// Why a stored card (or its owner) was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CardLookupError {
    /// A `card_owner_id` the simulator never answered: result code 26 (`card_key_undefined`).
    UnknownOwner,
    /// No live card with this `card_hash` (of this owner, when one is named): unknown, deleted,
    /// or another customer's. Result code 25 (`card_not_found`).
    NotFound,
}

impl CardLookupError {
    /// Paynet's result code.
    pub(crate) fn code(self) -> u32 {
        match self {
            CardLookupError::UnknownOwner => 26,
            CardLookupError::NotFound => 25,
        }
    }

    /// The simulator's message.
    pub(crate) fn message(self) -> &'static str {
        match self {
            CardLookupError::UnknownOwner => "Kart sahibi bulunamadı (card_owner_id tanımsız)",
            CardLookupError::NotFound => "Saklı kart bulunamadı (card_hash)",
        }
    }
}

/// Who a save is for: a first save's `user_unique_id`, or a known `card_owner_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SaveFor {
    New(String),
    Known(String),
}

/// Why a save names no owner: both `user_unique_id` and `card_owner_id` were given, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoOwner {
    Both,
    Neither,
}

impl SaveFor {
    /// The owner a save names: `user_unique_id` (a customer's first card) or `card_owner_id`,
    /// exactly one of them (each route words the refusal in its own fields' names).
    pub(crate) fn named(
        user_unique_id: Option<&str>,
        card_owner_id: Option<&str>,
    ) -> Result<SaveFor, NoOwner> {
        match (user_unique_id, card_owner_id) {
            (Some(u), None) => Ok(SaveFor::New(u.to_owned())),
            (None, Some(o)) => Ok(SaveFor::Known(o.to_owned())),
            (Some(_), Some(_)) => Err(NoOwner::Both),
            (None, None) => Err(NoOwner::Neither),
        }
    }
}

/// A card to store: for whom, under what description, the GSM sent with it, and the card's
/// expiry (the card itself is what its save or payment read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CardSave {
    pub(crate) owner: SaveFor,
    pub(crate) description: String,
    pub(crate) user_gsm: Option<String>,
    pub(crate) expire_month: u32,
    pub(crate) expire_year: u32,
}

/// Where a one-time-password session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OtpState {
    /// Sent, not yet checked right.
    Sent,
    /// `check_otp` accepted its code: a save may use it (once).
    Verified,
    /// A save used it.
    Used,
    /// Three wrong codes, or checked after it expired: over.
    Ended,
}

/// A one-time-password session (`send_otp`), by the merchant's `otp_session_id`.
#[derive(Debug, Clone)]
pub(crate) struct OtpSession {
    pub(crate) user_gsm: String,
    /// The code sent ([`TEST_OTP_CODE`], always).
    pub(crate) code: &'static str,
    /// Until when it is valid (`otp_expire`), in clock ticks.
    pub(crate) expires: i64,
    pub(crate) wrong: u32,
    pub(crate) state: OtpState,
}

/// Why `check_otp` (or a save's password) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OtpError {
    /// No such session, or it is over (ended or used): result code 12.
    NoSession,
    /// The session's password went to another GSM: result code 1.
    OtherGsm,
    /// Past `otp_expire`: result code 1; the session is over.
    Expired,
    /// A wrong code, with the attempts left (0: the session is over): result code 1.
    WrongCode(u32),
    /// A save's session was never checked right (`check_otp`): result code 1.
    NotVerified,
    /// `send_otp` again before `otp_expire`: result code 1.
    TooSoon,
}

impl OtpError {
    /// Paynet's result code (the simulator's choice: Paynet documents none for OTP).
    pub(crate) fn code(self) -> u32 {
        match self {
            OtpError::NoSession => 12,
            _ => 1,
        }
    }

    /// The simulator's message.
    pub(crate) fn message(self) -> String {
        match self {
            OtpError::NoSession => "OTP oturumu bulunamadı veya sona erdi (otp_session_id)".into(),
            OtpError::OtherGsm => "OTP bu GSM numarasına gönderilmedi (user_gsm)".into(),
            OtpError::Expired => "OTP süresi doldu (otp_expire): yeniden gönderin".into(),
            OtpError::WrongCode(0) => {
                "OTP kodu hatalı: 3 hatalı deneme, OTP oturumu sona erdi".into()
            }
            OtpError::WrongCode(left) => format!("OTP kodu hatalı (kalan deneme: {left})"),
            OtpError::NotVerified => "OTP doğrulanmadı: önce check_otp ile kodu doğrulayın".into(),
            OtpError::TooSoon => "OTP otp_expire zamanından önce yeniden gönderilemez".into(),
        }
    }
}

/// Everything the simulator remembers of stored cards.
#[derive(Debug)]
pub(crate) struct CardStore {
    /// Whether a save needs a checked one-time password ([`SimConfig::card_otp`](crate::SimConfig::card_otp)).
    pub(crate) otp_required: bool,
    owners: Vec<CardOwner>,
    otps: HashMap<String, OtpSession>,
    /// The saves a payment asked for, until it is charged: by its 3-D session id, or by the
    /// `token_id` of a browser token (`create_token`).
    pending: HashMap<String, CardSave>,
}

impl CardStore {
    /// The store a simulator starts with: the test owner ([`TEST_CARD_OWNER_ID`], user
    /// [`TEST_USER_UNIQUE_ID`]) holding the four test stored cards ([`TEST_CARD_HASH`]...).
    pub(crate) fn new(otp_required: bool) -> Self {
        let test_card = |hash: &str, pan: &str, description: &str| {
            let mut card = Card::from_pan(pan, CARD_HOLDER);
            card.card_hash = hash.to_owned();
            StoredCard {
                card_hash: hash.to_owned(),
                description: description.to_owned(),
                card,
                expire_month: TEST_EXPIRY_MONTH,
                expire_year: TEST_EXPIRY_YEAR,
                deleted: false,
            }
        };
        CardStore {
            otp_required,
            owners: vec![CardOwner {
                card_owner_id: TEST_CARD_OWNER_ID.to_owned(),
                user_unique_id: TEST_USER_UNIQUE_ID.to_owned(),
                cards: vec![
                    test_card(TEST_CARD_HASH, TEST_CARD_APPROVE, "Onaylanan test kartı"),
                    test_card(
                        TEST_CARD_HASH_DECLINE,
                        TEST_CARD_DECLINE,
                        "Reddedilen test kartı",
                    ),
                    test_card(
                        TEST_CARD_HASH_3D_REQUIRED,
                        TEST_CARD_3D_REQUIRED,
                        "3D isteyen test kartı",
                    ),
                    test_card(
                        TEST_CARD_HASH_3D_DECLINE,
                        TEST_CARD_3D_DECLINE,
                        "3D'si başarısız test kartı",
                    ),
                ],
            }],
            otps: HashMap::new(),
            pending: HashMap::new(),
        }
    }

    /// Keeps the save a payment asked for until the payment of `key` is charged (`tds_initial`
    /// until `tds_charge`, by its session id; a browser token until `charge`, by its
    /// `token_id`).
    pub(crate) fn hold_save(&mut self, key: &str, save: CardSave) {
        self.pending.insert(key.to_owned(), save);
    }

    /// The save held for `key`, taken (a payment saves its card once).
    pub(crate) fn take_save(&mut self, key: &str) -> Option<CardSave> {
        self.pending.remove(key)
    }

    /// The owner with this `card_owner_id`.
    pub(crate) fn owner(&self, card_owner_id: &str) -> Option<&CardOwner> {
        self.owners
            .iter()
            .find(|o| o.card_owner_id == card_owner_id)
    }

    /// The live (not deleted) card `card_hash`: of `card_owner_id` when one is named (an
    /// empty one counts as none), else of any owner. With its owner.
    pub(crate) fn find(
        &self,
        card_owner_id: Option<&str>,
        card_hash: &str,
    ) -> Result<(&CardOwner, &StoredCard), CardLookupError> {
        fn live<'a>(o: &'a CardOwner, card_hash: &str) -> Option<&'a StoredCard> {
            o.cards
                .iter()
                .find(|c| !c.deleted && c.card_hash == card_hash)
        }
        match card_owner_id.filter(|o| !o.is_empty()) {
            Some(id) => {
                let owner = self.owner(id).ok_or(CardLookupError::UnknownOwner)?;
                live(owner, card_hash)
                    .map(|c| (owner, c))
                    .ok_or(CardLookupError::NotFound)
            }
            None => self
                .owners
                .iter()
                .find_map(|o| live(o, card_hash).map(|c| (o, c)))
                .ok_or(CardLookupError::NotFound),
        }
    }

    /// The live cards of `card_owner_id`, in the order they were saved.
    pub(crate) fn live_cards(
        &self,
        card_owner_id: &str,
    ) -> Result<(&CardOwner, Vec<&StoredCard>), CardLookupError> {
        let owner = self
            .owner(card_owner_id)
            .ok_or(CardLookupError::UnknownOwner)?;
        Ok((owner, owner.cards.iter().filter(|c| !c.deleted).collect()))
    }

    /// The owner a save is for: a known `card_owner_id` (else [`CardLookupError::UnknownOwner`]),
    /// or the owner of `user_unique_id`, made (with `new_id`) on its first save. Its index.
    pub(crate) fn owner_for_save(
        &mut self,
        who: &SaveFor,
        new_id: impl FnOnce() -> String,
    ) -> Result<usize, CardLookupError> {
        match who {
            SaveFor::Known(id) => self
                .owners
                .iter()
                .position(|o| &o.card_owner_id == id)
                .ok_or(CardLookupError::UnknownOwner),
            SaveFor::New(user_unique_id) => {
                if let Some(i) = self
                    .owners
                    .iter()
                    .position(|o| &o.user_unique_id == user_unique_id)
                {
                    return Ok(i);
                }
                self.owners.push(CardOwner {
                    card_owner_id: new_id(),
                    user_unique_id: user_unique_id.clone(),
                    cards: Vec::new(),
                });
                Ok(self.owners.len() - 1)
            }
        }
    }

    /// Stores `card` for the owner at `owner` (from [`CardStore::owner_for_save`]); the stored
    /// card and its owner.
    pub(crate) fn add(
        &mut self,
        owner: usize,
        card: StoredCard,
    ) -> Option<(&CardOwner, &StoredCard)> {
        let o = self.owners.get_mut(owner)?;
        o.cards.push(card);
        let o = self.owners.get(owner)?;
        o.cards.last().map(|c| (o, c))
    }

    /// The live card `card_hash` of `card_owner_id`, to change.
    fn live_mut(
        &mut self,
        card_owner_id: &str,
        card_hash: &str,
    ) -> Result<&mut StoredCard, CardLookupError> {
        let owner = self
            .owners
            .iter_mut()
            .find(|o| o.card_owner_id == card_owner_id)
            .ok_or(CardLookupError::UnknownOwner)?;
        owner
            .cards
            .iter_mut()
            .find(|c| !c.deleted && c.card_hash == card_hash)
            .ok_or(CardLookupError::NotFound)
    }

    /// Gives a live card a new description (`desc_update`).
    pub(crate) fn rename(
        &mut self,
        card_owner_id: &str,
        card_hash: &str,
        description: &str,
    ) -> Result<(), CardLookupError> {
        self.live_mut(card_owner_id, card_hash)?.description = description.to_owned();
        Ok(())
    }

    /// Marks a live card deleted (`delete`: a soft delete).
    pub(crate) fn delete(
        &mut self,
        card_owner_id: &str,
        card_hash: &str,
    ) -> Result<(), CardLookupError> {
        self.live_mut(card_owner_id, card_hash)?.deleted = true;
        Ok(())
    }

    /// Sends a one-time password for `otp_session_id` to `user_gsm` at `now`: a new session (or a
    /// fresh one after an earlier one expired or ended); its `otp_expire`. Again before it
    /// expires: [`OtpError::TooSoon`].
    pub(crate) fn send_otp(
        &mut self,
        otp_session_id: &str,
        user_gsm: &str,
        now: i64,
    ) -> Result<i64, OtpError> {
        if let Some(s) = self.otps.get(otp_session_id)
            && matches!(s.state, OtpState::Sent | OtpState::Verified)
            && now < s.expires
        {
            return Err(OtpError::TooSoon);
        }
        let expires = now + OTP_VALIDITY_SECONDS * ONE_SECOND;
        self.otps.insert(
            otp_session_id.to_owned(),
            OtpSession {
                user_gsm: user_gsm.to_owned(),
                code: TEST_OTP_CODE,
                expires,
                wrong: 0,
                state: OtpState::Sent,
            },
        );
        Ok(expires)
    }

    /// Checks `code` for `otp_session_id` on `user_gsm` at `now` (`check_otp`): right, the
    /// session is verified (checking it again is right again); wrong three times, it ends.
    pub(crate) fn check_otp(
        &mut self,
        otp_session_id: &str,
        user_gsm: &str,
        code: &str,
        now: i64,
    ) -> Result<(), OtpError> {
        let s = self
            .otps
            .get_mut(otp_session_id)
            .filter(|s| matches!(s.state, OtpState::Sent | OtpState::Verified))
            .ok_or(OtpError::NoSession)?;
        if s.user_gsm != user_gsm {
            return Err(OtpError::OtherGsm);
        }
        if s.state == OtpState::Sent && now >= s.expires {
            s.state = OtpState::Ended;
            return Err(OtpError::Expired);
        }
        if code != s.code {
            s.wrong += 1;
            let left = MAX_WRONG_OTP.saturating_sub(s.wrong);
            if left == 0 {
                s.state = OtpState::Ended;
            }
            return Err(OtpError::WrongCode(left));
        }
        s.state = OtpState::Verified;
        Ok(())
    }

    /// Whether a save's password would be accepted: `otp_session_id` verified by `check_otp`,
    /// `code` its code, and `user_gsm` (when sent) its GSM. Changes nothing.
    pub(crate) fn check_save_otp(
        &self,
        otp_session_id: &str,
        code: &str,
        user_gsm: Option<&str>,
    ) -> Result<(), OtpError> {
        let s = self
            .otps
            .get(otp_session_id)
            .filter(|s| matches!(s.state, OtpState::Sent | OtpState::Verified))
            .ok_or(OtpError::NoSession)?;
        if user_gsm.is_some_and(|g| g != s.user_gsm) {
            return Err(OtpError::OtherGsm);
        }
        if s.state != OtpState::Verified {
            return Err(OtpError::NotVerified);
        }
        if code != s.code {
            return Err(OtpError::WrongCode(MAX_WRONG_OTP.saturating_sub(s.wrong)));
        }
        Ok(())
    }

    /// Marks a verified session used by a save: a password stores one card.
    pub(crate) fn use_otp(&mut self, otp_session_id: &str) {
        if let Some(s) = self.otps.get_mut(otp_session_id) {
            s.state = OtpState::Used;
        }
    }
}

/// `5XXXXXXXXX`: a GSM as the card services take it (ten digits, starting with 5).
pub(crate) fn is_gsm(text: &str) -> bool {
    text.len() == 10 && text.starts_with('5') && text.bytes().all(|b| b.is_ascii_digit())
}

/// A card holder's name as the card list shows it: its first two and last two letters, the rest
/// masked (`RQ*****QR`); a name of four letters or fewer is masked whole.
pub(crate) fn masked_holder(holder: &str) -> String {
    let chars: Vec<char> = holder.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(2).collect();
    let tail: String = chars.iter().skip(chars.len() - 2).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 4))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_test_owner_holds_the_test_cards() {
        let store = CardStore::new(false);
        let (owner, card) = store.find(None, TEST_CARD_HASH).unwrap();
        assert_eq!(owner.card_owner_id, TEST_CARD_OWNER_ID);
        assert_eq!(card.card.masked, "435508******4358");
        assert_eq!(card.bin(), "435508");
        assert_eq!(store.live_cards(TEST_CARD_OWNER_ID).unwrap().1.len(), 4);
        assert_eq!(
            store.find(Some("nobody"), TEST_CARD_HASH).unwrap_err(),
            CardLookupError::UnknownOwner
        );
        assert_eq!(
            store.find(Some(TEST_CARD_OWNER_ID), "nope").unwrap_err(),
            CardLookupError::NotFound
        );
        assert_eq!(masked_holder("PAYNET SIM"), "PA******IM");
        assert_eq!(masked_holder("AYSE"), "****");
    }

    #[test]
    fn owners_are_made_once_per_user_unique_id() {
        let mut store = CardStore::new(false);
        let who = SaveFor::New("u-1".into());
        let a = store.owner_for_save(&who, || "o-1".into()).unwrap();
        let b = store.owner_for_save(&who, || "o-2".into()).unwrap();
        assert_eq!(a, b);
        assert!(store.owner("o-1").is_some() && store.owner("o-2").is_none());
        assert_eq!(
            store.owner_for_save(&SaveFor::Known("o-9".into()), String::new),
            Err(CardLookupError::UnknownOwner)
        );
    }

    #[test]
    fn otp_sessions() {
        let mut store = CardStore::new(true);
        let now = 1_000 * ONE_SECOND;
        store.send_otp("s1", "5321234567", now).unwrap();
        assert_eq!(
            store.send_otp("s1", "5321234567", now + 1),
            Err(OtpError::TooSoon)
        );
        assert_eq!(
            store.check_save_otp("s1", TEST_OTP_CODE, None),
            Err(OtpError::NotVerified)
        );
        assert_eq!(
            store.check_otp("s1", "5320000000", TEST_OTP_CODE, now),
            Err(OtpError::OtherGsm)
        );
        assert_eq!(
            store.check_otp("s1", "5321234567", "XXXX", now),
            Err(OtpError::WrongCode(2))
        );
        store
            .check_otp("s1", "5321234567", TEST_OTP_CODE, now)
            .unwrap();
        store
            .check_save_otp("s1", TEST_OTP_CODE, Some("5321234567"))
            .unwrap();
        store.use_otp("s1");
        assert_eq!(
            store.check_save_otp("s1", TEST_OTP_CODE, None),
            Err(OtpError::NoSession)
        );
        // Three wrong codes end a session; a right one then is too late.
        store.send_otp("s2", "5321234567", now).unwrap();
        for left in [2, 1, 0] {
            assert_eq!(
                store.check_otp("s2", "5321234567", "NOPE", now),
                Err(OtpError::WrongCode(left))
            );
        }
        assert_eq!(
            store.check_otp("s2", "5321234567", TEST_OTP_CODE, now),
            Err(OtpError::NoSession)
        );
        // An ended session may be sent again; an expired one is over when checked.
        store.send_otp("s2", "5321234567", now).unwrap();
        let later = now + (OTP_VALIDITY_SECONDS + 1) * ONE_SECOND;
        assert_eq!(
            store.check_otp("s2", "5321234567", TEST_OTP_CODE, later),
            Err(OtpError::Expired)
        );
    }
}
