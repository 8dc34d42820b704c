//! Stored cards: the save's body (the card's data, its owner, the one-time password) and the
//! secrets its answer is scrubbed of, and the reading of a stored card from the save's answer
//! and the card list's rows (the mask masked again, the old tables' names read too).

use paynet_api::operations::bind;
use paynet_api::paynet_card::types as card;
use secrecy::ExposeSecret;

use super::read::{code, count, flag, int, list_envelope, text};
use crate::card::masked_card;
use crate::codes::{BankId, CardType, ResultCode};
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token, outcome};
use crate::reader::Reader;
use crate::stored_cards::{CardList, ListCardsRequest, SaveCardRequest, SavedCard, StoredCard};

/// A stored card from a generated answer type with the card fields (the save's answer, a list
/// row): `card_no` or the old `card_no_masked`, `card_bin` or the old `card_bin_no`.
macro_rules! stored_card {
    ($t:expr) => {{
        let t = $t;
        StoredCard {
            card_hash: text(t.card_hash),
            card_owner_id: text(t.card_owner_id),
            user_unique_id: text(t.user_unique_id),
            description: text(t.card_desc),
            masked_number: masked_card(text(t.card_no).or_else(|| text(t.card_no_masked))),
            // A BIN is 6 or 8 digits: anything longer is masked like a number.
            bin: masked_card(text(t.card_bin).or_else(|| text(t.card_bin_no))),
            card_type: text(t.card_type).map(|c| CardType::parse(&c)),
            bank_id: text(t.card_bank_id).map(BankId::new),
            bank_name: text(t.card_bank_name),
            logo_url: text(t.card_logo_url),
            brand: text(t.card_brand_name),
            card_holder: text(t.card_holder),
            expire_month: int(t.expire_month),
            expire_year: int(t.expire_year),
        }
    }};
}

impl Request for SaveCardRequest {
    type Output = SavedCard;
    type Wire = bind::SaveCard;

    fn body(&self, _: Token, _: &Defaults) -> Result<card::SaveCardRequest, Error> {
        let c = &self.card;
        Ok(card::SaveCardRequest {
            card_desc: self.description.clone(),
            card_holder: c.holder().to_owned(),
            card_number: c.expose_number().to_owned(),
            expire_month: format!("{:02}", c.month()),
            expire_year: c.year().to_string(),
            cvv: c.has_cvc().then(|| c.expose_cvc().to_owned()),
            user_unique_id: self.owner.user_unique_id().map(str::to_owned),
            card_owner_id: self.owner.card_owner_id().map(str::to_owned),
            otp_code: self.otp.as_ref().map(|o| o.code.expose_secret().to_owned()),
            otp_session_id: self.otp.as_ref().map(|o| o.session_id.clone()),
            user_gsm: self.user_gsm.clone(),
        })
    }

    /// The card number, the CVV and the one-time password: scrubbed from the answer (the
    /// number wherever it stands, the short ones where they stand alone).
    fn call_secrets(&self, _: Token) -> Vec<&str> {
        let cvv = self.card.has_cvc().then(|| self.card.expose_cvc());
        let otp = self.otp.as_ref().map(|o| o.code.expose_secret());
        [Some(self.card.expose_number()), cvv, otp]
            .into_iter()
            .flatten()
            .collect()
    }

    fn read(&self, a: card::SaveCardResponse, r: &Reader<'_>) -> Result<SavedCard, Error> {
        let code = code(r, a.code.clone())?;
        let message = text(a.message.clone());
        r.check_code(code, &message)?;
        let stored = stored_card!(a);
        if stored.card_hash.is_none() {
            return Err(
                r.invalid("a successful save without card_hash: the stored card cannot be named")
            );
        }
        Ok(SavedCard {
            card: stored,
            result_code: code.unwrap_or(ResultCode::Successful),
            message,
        })
    }
}

outcome!(SavedCard, "card saved");

impl Request for ListCardsRequest {
    type Output = CardList;
    type Wire = bind::ListCards;

    fn body(&self, _: Token, _: &Defaults) -> Result<card::CardListRequest, Error> {
        let offset = |n: Option<u64>| n.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        Ok(card::CardListRequest {
            card_owner_id: self.card_owner_id.clone(),
            limit: self.limit.map(i64::from),
            ending_before: offset(self.ending_before),
            starting_after: offset(self.starting_after),
        })
    }

    fn read(&self, a: card::CardListResponse, r: &Reader<'_>) -> Result<CardList, Error> {
        // A customer without cards is "no data": an empty page, not a refusal.
        let (result_code, message) = list_envelope(r, a.code, a.message)?;
        Ok(CardList {
            cards: a.data.into_iter().map(|row| stored_card!(row)).collect(),
            total_count: count(a.total_count).or_else(|| count(a.total)),
            limit: count(a.limit),
            starting_after: count(a.starting_after),
            ending_before: count(a.ending_before),
            has_more: flag(a.has_more).unwrap_or(false),
            result_code,
            message,
        })
    }
}

outcome!(CardList, |o| if o.cards.is_empty() {
    "no cards"
} else {
    "cards"
});

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::{Value, json};

    use crate::card::{Card, CardHash};
    use crate::codes::ResultCode;
    use crate::error::Error;
    use crate::exchange::{Answer, decode, encode, encode_with};
    use crate::payment::PaymentRequest;
    use crate::redact::Secrets;
    use crate::stored_cards::{CardOwner, ListCardsRequest, SaveCardOptions, SaveCardRequest};

    const PAN: &str = "4355084355084358";

    fn body(request: &impl crate::exchange::Request) -> Value {
        serde_json::from_slice(&encode(request).unwrap()).unwrap()
    }

    #[test]
    fn a_save_sends_the_card_its_owner_and_the_password() {
        let card = Card::new(PAN, "08/31", "7319", "AYSE YILMAZ").unwrap();
        let save = SaveCardRequest::builder(card, CardOwner::new_customer("u-1").unwrap(), "Kart")
            .user_gsm("5321234567")
            .otp("otp-1", "ART2")
            .build()
            .unwrap();
        assert_eq!(
            body(&save),
            json!({"card_desc": "Kart", "card_holder": "AYSE YILMAZ", "card_number": PAN,
                   "expire_month": "08", "expire_year": "2031", "cvv": "7319",
                   "user_unique_id": "u-1", "otp_code": "ART2", "otp_session_id": "otp-1",
                   "user_gsm": "5321234567"})
        );
        let card = Card::without_cvc(PAN, "12/30", "A B").unwrap();
        let later = SaveCardRequest::builder(card, CardOwner::known("o-1").unwrap(), "K")
            .build()
            .unwrap();
        let b = body(&later);
        assert_eq!(b["card_owner_id"], "o-1");
        for absent in [
            "cvv",
            "user_unique_id",
            "otp_code",
            "otp_session_id",
            "user_gsm",
        ] {
            assert!(b.get(absent).is_none(), "{absent}: {b}");
        }
    }

    #[test]
    fn a_saved_card_never_shows_what_the_server_echoed() {
        let card = Card::new(PAN, "08/31", "7319", "AYSE YILMAZ").unwrap();
        let save = SaveCardRequest::builder(card, CardOwner::new_customer("u-1").unwrap(), "Kart")
            .otp("otp-1", "QX7Z")
            .build()
            .unwrap();
        let answer = json!({"object_name": "card_save", "code": 0,
            "message": format!("ok {PAN} saklandı"), "card_owner_id": "o-1", "card_hash": "h-1",
            "card_no": PAN, "card_bin": "7319", "card_holder": "QX7Z", "card_desc": "Kart",
            "cvv": "7319", "otp_code": "QX7Z", "card_number": PAN})
        .to_string();
        let saved = decode(&save, Answer::new(200, answer.as_bytes()), &Secrets::new()).unwrap();
        let printed = format!("{saved:?} {}", serde_json::to_string(&saved).unwrap());
        for secret in [PAN, "7319", "QX7Z", "08435508"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert_eq!(saved.card.card_hash.as_deref(), Some("h-1"));
        assert_eq!(saved.card.masked_number.as_deref(), Some("[redacted]"));
        // A successful save without its card_hash names no card: an invalid answer.
        let e = decode(&save, Answer::new(200, br#"{"code":0}"#), &Secrets::new()).unwrap_err();
        assert!(matches!(e, Error::InvalidResponse { .. }), "{e}");
        assert!(e.needs_reconciliation(), "a save may have moved 1 TL");
    }

    #[test]
    fn a_list_reads_both_names_and_masks_whole_numbers() {
        let list = ListCardsRequest::builder("o-1")
            .limit(5)
            .starting_after(5)
            .build()
            .unwrap();
        assert_eq!(
            body(&list),
            json!({"card_owner_id": "o-1", "limit": 5, "starting_after": 5})
        );
        let answer = br#"{"total":7,"has_more":"true","code":0,"Data":[
            {"card_hash":"h-1","card_no_masked":"435508******4358","card_bin_no":"435508","card_type":"cc"},
            {"card_hash":"h-2","card_no":"4355084355084358","card_bin":"4355084355084358","card_bank_id":"AXSS"}]}"#;
        let page = decode(&list, Answer::new(200, answer), &Secrets::new()).unwrap();
        assert_eq!((page.total_count, page.has_more), (Some(7), true));
        assert_eq!(
            page.cards[0].masked_number.as_deref(),
            Some("435508******4358")
        );
        assert_eq!(page.cards[0].bin.as_deref(), Some("435508"));
        assert_eq!(
            page.cards[1].masked_number.as_deref(),
            Some("435508******4358")
        );
        assert_eq!(page.cards[1].bin.as_deref(), Some("435508******4358"));
        assert_eq!(page.cards[1].hash().unwrap().expose(), "h-2");
        let none = decode(
            &list,
            Answer::new(200, br#"{"code":12,"Data":[]}"#),
            &Secrets::new(),
        )
        .unwrap();
        assert!(none.cards.is_empty());
        let e = decode(
            &list,
            Answer::new(200, br#"{"code":26,"message":"x"}"#),
            &Secrets::new(),
        )
        .unwrap_err();
        assert_eq!(e.result_code(), Some(ResultCode::CardKeyUndefined));
    }

    #[test]
    fn payments_send_the_stored_card_and_the_save_and_read_what_became_of_it() {
        let defaults = crate::exchange::Defaults::default()
            .with_merchant_domain("shop.example")
            .unwrap();
        let stored =
            PaymentRequest::builder("10".parse().unwrap(), "O-1", CardHash::new("h-1").unwrap())
                .card_owner_id("o-1")
                .build()
                .unwrap();
        let b: Value = serde_json::from_slice(&encode_with(&stored, &defaults).unwrap()).unwrap();
        assert_eq!(
            (&b["card_hash"], &b["card_owner_id"]),
            (&json!("h-1"), &json!("o-1"))
        );
        assert!(
            b.get("pan").is_none() && b.get("save_card").is_none(),
            "{b}"
        );
        let card = Card::new(PAN, "08/31", "7319", "A B").unwrap();
        let save = SaveCardOptions::new(CardOwner::new_customer("u-1").unwrap(), "Kart")
            .unwrap()
            .user_gsm("5321234567")
            .unwrap();
        let paying = PaymentRequest::builder("10".parse().unwrap(), "O-2", card)
            .save_card(save)
            .build()
            .unwrap();
        let b: Value = serde_json::from_slice(&encode_with(&paying, &defaults).unwrap()).unwrap();
        assert_eq!(
            (
                &b["save_card"],
                &b["card_desc"],
                &b["user_unique_id"],
                &b["user_gsm_no"]
            ),
            (
                &json!(true),
                &json!("Kart"),
                &json!("u-1"),
                &json!("5321234567")
            )
        );
        assert!(b.get("card_owner_id").is_none(), "{b}");
        let answer = br#"{"code":0,"is_succeed":true,"amount":10.00,"card_hash":"h-9",
            "card_owner_id":"o-9","user_unique_id":"u-1","is_save_card_succeed":"true",
            "save_card_result_message":"Kart saklandi"}"#;
        let outcome = decode(&paying, Answer::new(200, answer), &Secrets::new()).unwrap();
        let storage = outcome.transaction().card_storage.clone().unwrap();
        assert_eq!(
            (
                storage.card_hash.as_deref(),
                storage.card_owner_id.as_deref(),
                storage.saved
            ),
            (Some("h-9"), Some("o-9"), Some(true))
        );
        let json = serde_json::to_value(&outcome).unwrap();
        assert_eq!(json["is_save_card_succeed"], true);
        // An ordinary payment's answer: no stored-card fields at all.
        let plain = decode(
            &paying,
            Answer::new(200, br#"{"code":0,"is_succeed":true,"card_hash":""}"#),
            &Secrets::new(),
        )
        .unwrap();
        assert!(plain.transaction().card_storage.is_none());
        assert!(
            serde_json::to_value(&plain)
                .unwrap()
                .get("card_hash")
                .is_none()
        );
    }
}
