//! Cards: the banks the simulator knows, its test cards, and the checks that card data must pass.
//! (Stored cards are `card_store`'s.)

use crate::fixtures::{
    CARD_HOLDER, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE,
};

/// A bank in Paynet's list, with the one BIN the simulator gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bank {
    /// Paynet's 4-letter code.
    pub(crate) id: &'static str,
    /// The bank's name (and card programme).
    pub(crate) name: &'static str,
    /// The first six digits of its cards in the simulator.
    pub(crate) bin: &'static str,
}

/// The 13 banks of Paynet's `bank_id` list, in its order. The BINs are the simulator's own (the
/// test cards use four of them); `ZDGR` is read as "other banks".
pub(crate) const BANKS: [Bank; 13] = [
    Bank {
        id: "ADVT",
        name: "HSBC (Advantage)",
        bin: "540130",
    },
    Bank {
        id: "AXSS",
        name: "Akbank (Axess)",
        bin: "435508",
    },
    Bank {
        id: "BONS",
        name: "Garanti BBVA (Bonus)",
        bin: "540061",
    },
    Bank {
        id: "DENZ",
        name: "DenizBank",
        bin: "520932",
    },
    Bank {
        id: "FINS",
        name: "QNB Finansbank (CardFinans)",
        bin: "545616",
    },
    Bank {
        id: "KVYT",
        name: "Kuveyt Türk",
        bin: "402277",
    },
    Bank {
        id: "MAXM",
        name: "Türkiye İş Bankası (Maximum)",
        bin: "450803",
    },
    Bank {
        id: "ODEA",
        name: "Odeabank",
        bin: "528825",
    },
    Bank {
        id: "PARF",
        name: "Halkbank (Paraf)",
        bin: "540435",
    },
    Bank {
        id: "VAKF",
        name: "VakıfBank",
        bin: "415565",
    },
    Bank {
        id: "WRLD",
        name: "Yapı Kredi (World)",
        bin: "552879",
    },
    Bank {
        id: "ZDGR",
        name: "Diğer bankalar",
        bin: "979200",
    },
    Bank {
        id: "ZRTB",
        name: "Ziraat Bankası (Bankkart)",
        bin: "404308",
    },
];

/// The bank of the "other banks" entry, for cards whose BIN the simulator does not know.
const OTHER_BANK: Bank = Bank {
    id: "ZDGR",
    name: "Diğer bankalar",
    bin: "979200",
};

/// The bank whose BIN is `bin`, if the simulator knows it.
pub(crate) fn bank_of_bin(bin: &str) -> Option<Bank> {
    BANKS.iter().copied().find(|b| b.bin == bin)
}

/// The bank with this code, if any.
pub(crate) fn bank_by_id(id: &str) -> Option<Bank> {
    BANKS.iter().copied().find(|b| b.id == id)
}

/// What the simulated bank does with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Behaviour {
    /// Approves every payment (also through 3-D).
    Approve,
    /// Declines every payment (bank error "05").
    Decline,
    /// Needs 3-D Secure: a direct payment is refused (code 16); through 3-D it approves.
    ThreeDRequired,
    /// Needs 3-D Secure, and its 3-D verification always fails.
    ThreeDDecline,
    /// Approves while what the bank approved on it stays within its limit
    /// ([`TEST_CARD_LIMIT_KURUS`](crate::TEST_CARD_LIMIT_KURUS)); declines the rest (bank error
    /// "51").
    Limited,
}

/// `bank_error_id` of a charge above [`TEST_CARD_LIMITED`](crate::TEST_CARD_LIMITED)'s limit.
pub(crate) const LIMIT_ERROR_ID: &str = "51";
/// `bank_error_message` of a charge above the limit.
pub(crate) const LIMIT_MESSAGE: &str = "Limit yetersiz";

/// Whether the bank declines `amount` on `card` for its limit, given what it approved on it
/// (`spent`): only the limited test card has one.
pub(crate) fn over_limit(card: &Card, spent: u64, amount: u64) -> bool {
    card.behaviour == Behaviour::Limited
        && spent.saturating_add(amount) > crate::fixtures::TEST_CARD_LIMIT_KURUS
}

impl Behaviour {
    /// Whether a payment without 3-D Secure is refused for this card.
    pub(crate) fn needs_3d(self) -> bool {
        matches!(self, Behaviour::ThreeDRequired | Behaviour::ThreeDDecline)
    }
}

/// A card as a transaction records it (never its full number nor its CVC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Card {
    /// First six and last four digits: `435508******4358`.
    pub(crate) masked: String,
    /// The name on the card.
    pub(crate) holder: String,
    /// Its bank.
    pub(crate) bank: Bank,
    /// `cc` (personal credit card): every simulated card is one.
    pub(crate) card_type: &'static str,
    /// `Visa`, `MasterCard`, `Troy`, `American Express` or empty.
    pub(crate) brand: &'static str,
    /// What the bank does with it.
    pub(crate) behaviour: Behaviour,
    /// The stored card's token when paid by `card_hash` (or saved while paying), else empty.
    pub(crate) card_hash: String,
    /// The stored card's owner (`card_owner_id`) then, else empty.
    pub(crate) card_owner_id: String,
    /// That owner's `user_unique_id`, else empty.
    pub(crate) user_unique_id: String,
}

impl Card {
    /// The simulator's default card (the approving test card), for pre-authorisations configured
    /// by [`PreAuth`](crate::PreAuth) and for PayPOS sales.
    pub(crate) fn default_card() -> Card {
        Card::from_pan(TEST_CARD_APPROVE, CARD_HOLDER)
    }

    /// No card (a refusal before the card was read).
    pub(crate) fn unknown() -> Card {
        Card {
            masked: String::new(),
            holder: String::new(),
            bank: Bank {
                id: "",
                name: "",
                bin: "",
            },
            card_type: "",
            brand: "",
            behaviour: Behaviour::Approve,
            card_hash: String::new(),
            card_owner_id: String::new(),
            user_unique_id: String::new(),
        }
    }

    /// The card with this (valid) number and holder.
    pub(crate) fn from_pan(pan: &str, holder: &str) -> Card {
        let bank = pan.get(..6).and_then(bank_of_bin).unwrap_or(OTHER_BANK);
        let behaviour = match pan {
            TEST_CARD_DECLINE => Behaviour::Decline,
            TEST_CARD_3D_REQUIRED => Behaviour::ThreeDRequired,
            TEST_CARD_3D_DECLINE => Behaviour::ThreeDDecline,
            crate::fixtures::TEST_CARD_LIMITED => Behaviour::Limited,
            _ => Behaviour::Approve,
        };
        Card {
            masked: mask(pan),
            holder: holder.trim().to_owned(),
            bank,
            card_type: "cc",
            brand: brand(pan),
            behaviour,
            card_hash: String::new(),
            card_owner_id: String::new(),
            user_unique_id: String::new(),
        }
    }
}

/// `435508******4358` from `4355084355084358`.
fn mask(pan: &str) -> String {
    let len = pan.len();
    match (pan.get(..6), pan.get(len.saturating_sub(4)..)) {
        (Some(first), Some(last)) if len > 10 => {
            format!("{first}{}{last}", "*".repeat(len - 10))
        }
        _ => "*".repeat(len),
    }
}

/// The card brand by its first digits.
fn brand(pan: &str) -> &'static str {
    if pan.starts_with("9792") {
        "Troy"
    } else if pan.starts_with("34") || pan.starts_with("37") {
        "American Express"
    } else if pan.starts_with('4') {
        "Visa"
    } else if pan.starts_with('5') || pan.starts_with('2') {
        "MasterCard"
    } else {
        ""
    }
}

/// Whether `digits` (ASCII digits only) passes the Luhn check.
pub(crate) fn luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b.wrapping_sub(b'0'));
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// A payment's card fields, as sent.
#[derive(Debug, Default)]
pub(crate) struct CardInput<'a> {
    pub(crate) holder: Option<&'a str>,
    pub(crate) pan: Option<&'a str>,
    pub(crate) month: Option<u32>,
    pub(crate) year: Option<u32>,
    pub(crate) cvc: Option<&'a str>,
    pub(crate) card_hash: Option<&'a str>,
}

/// Why card data was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CardError {
    /// Neither card data nor a `card_hash`: the request is invalid (HTTP 400, code 11).
    Missing,
    /// The card data is wrong (HTTP 200, code 18 wrongcarddata), with Paynet's message.
    Wrong(String),
    /// A `card_hash` without card data: this function does not look stored cards up (their
    /// store does: `State::read_card`), so it is unknown here (HTTP 200, code 25 card_not_found).
    UnknownHash,
}

/// Reads and checks a payment's card data: a `pan` (with holder, expiry and CVC). A `card_hash`
/// alone is [`CardError::UnknownHash`]: stored cards are looked up in their store
/// (`State::read_card`, which calls this for card data). `today` is the simulator clock's (year,
/// month).
pub(crate) fn read_card(input: &CardInput<'_>, today: (i64, i64)) -> Result<Card, CardError> {
    fn present(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|s| !s.is_empty())
    }
    let Some(pan) = present(input.pan) else {
        return match present(input.card_hash) {
            Some(_) => Err(CardError::UnknownHash),
            None => Err(CardError::Missing),
        };
    };
    let wrong = |m: &str| Err(CardError::Wrong(m.to_owned()));
    if !pan.bytes().all(|b| b.is_ascii_digit()) || !(13..=19).contains(&pan.len()) {
        return wrong("Kart numarası 13-19 haneli olmalı ve yalnızca rakam içermelidir");
    }
    if !luhn(pan) {
        return wrong("Kart numarası geçersiz (Luhn kontrolü)");
    }
    let Some(holder) = present(input.holder) else {
        return wrong("Kart sahibi (card_holder) zorunludur");
    };
    let (Some(month), Some(year)) = (input.month, input.year) else {
        return wrong("Son kullanma tarihi (month, year) zorunludur");
    };
    if !(1..=12).contains(&month) {
        return wrong("Son kullanma ayı 1 ile 12 arasında olmalıdır");
    }
    let year = match year {
        0..=99 => 2000 + i64::from(year),
        1000..=9999 => i64::from(year),
        _ => return wrong("Son kullanma yılı geçersiz"),
    };
    if (year, i64::from(month)) < today {
        return wrong("Kartın son kullanma tarihi geçmiş");
    }
    match present(input.cvc) {
        Some(cvc) if (3..=4).contains(&cvc.len()) && cvc.bytes().all(|b| b.is_ascii_digit()) => {}
        _ => return wrong("Güvenlik kodu (cvc) 3 veya 4 haneli olmalıdır"),
    }
    Ok(Card::from_pan(pan, holder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cards_are_luhn_valid_and_known() {
        for pan in [
            TEST_CARD_APPROVE,
            TEST_CARD_DECLINE,
            TEST_CARD_3D_REQUIRED,
            TEST_CARD_3D_DECLINE,
            crate::fixtures::TEST_CARD_LIMITED,
        ] {
            assert!(luhn(pan), "{pan}");
            assert!(bank_of_bin(&pan[..6]).is_some(), "{pan}");
        }
        assert!(!luhn("4355084355084357"));
        assert_eq!(mask(TEST_CARD_APPROVE), "435508******4358");
        assert_eq!(mask("4355084355084355084"), "435508*********5084");
        assert_eq!(brand(TEST_CARD_DECLINE), "MasterCard");
    }

    #[test]
    fn card_checks() {
        let good = CardInput {
            holder: Some("AYSE"),
            pan: Some(TEST_CARD_APPROVE),
            month: Some(12),
            year: Some(2030),
            cvc: Some("000"),
            card_hash: None,
        };
        let today = (2024, 6);
        assert_eq!(
            read_card(&good, today).map(|c| c.behaviour),
            Ok(Behaviour::Approve)
        );
        let expired = CardInput {
            year: Some(2024),
            month: Some(5),
            ..good
        };
        assert!(matches!(
            read_card(&expired, today),
            Err(CardError::Wrong(_))
        ));
        let this_month = CardInput {
            year: Some(24),
            month: Some(6),
            ..expired
        };
        assert!(read_card(&this_month, today).is_ok());
        let none = CardInput::default();
        assert_eq!(read_card(&none, today), Err(CardError::Missing));
        let hash = CardInput {
            card_hash: Some("nope"),
            ..CardInput::default()
        };
        assert_eq!(read_card(&hash, today), Err(CardError::UnknownHash));
    }
}
