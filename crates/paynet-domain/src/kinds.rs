//! Paynet's value lists: [`TransactionType`], [`PosType`], [`CardType`] and [`BankId`].
//!
//! Every type keeps values it does not know (an `Unknown` case, or any text for [`BankId`]), so
//! reading a response never fails because Paynet added a value.

use std::fmt;

use crate::macros::integer_code_enum;

integer_code_enum! {
    /// A transaction's `transaction_type` (a JSON number on the wire, although documented as a
    /// char).
    ///
    /// ```
    /// use paynet_domain::kinds::TransactionType;
    ///
    /// assert_eq!(TransactionType::from_i64(4), TransactionType::Capture);
    /// assert_eq!(TransactionType::Capture.to_string(), "4 (capture)");
    /// assert!(matches!(TransactionType::from_i64(8), TransactionType::Unknown(u) if u.value() == 8));
    /// ```
    pub enum TransactionType {
        /// 1: a sale.
        Sale = 1 => "sale",
        /// 2: a reversal (cancel or refund) of a sale.
        Reversal = 2 => "reversal",
        /// 3: a pre-authorisation (an amount held on the card, to be captured later).
        PreAuth = 3 => "pre-authorisation",
        /// 4: a capture (finansallaştırma) of a pre-authorisation.
        Capture = 4 => "capture",
        /// 5: a reversal of a pre-authorisation.
        PreAuthReversal = 5 => "pre-authorisation reversal",
        /// 6: a reversal of a capture.
        CaptureReversal = 6 => "capture reversal",
        /// 7: a query.
        Query = 7 => "query",
        /// 9: a credit.
        Credit = 9 => "credit",
        /// 10: a use of card points.
        PointUse = 10 => "point use",
        /// 11: a return of card points.
        PointReturn = 11 => "point return",
        @unknown
        /// A type this crate does not know, with its number (8 is not documented either).
        ///
        /// [`TransactionType::from_i64`] produces it only for numbers with no named variant.
        Unknown,
    }
}

integer_code_enum! {
    /// A transaction's `pos_type` (a JSON number on the wire, although documented as a char).
    ///
    /// ```
    /// use paynet_domain::kinds::PosType;
    ///
    /// assert_eq!(PosType::from_i64(5), PosType::PaynetPos);
    /// assert_eq!(PosType::from_i64(1), PosType::SwipePos);
    /// assert_eq!(PosType::SwipePos.to_string(), "1 (Süpürmeli POS)");
    /// ```
    pub enum PosType {
        /// 1: "Süpürmeli POS", Paynet's Turkish name, literally "swipe POS" (a POS the card is
        /// swiped through). [`PosType::name`] returns the Turkish name.
        SwipePos = 1 => "Süpürmeli POS",
        /// 5: Paynet POS.
        PaynetPos = 5 => "Paynet POS",
        @unknown
        /// A POS type this crate does not know, with its number.
        ///
        /// [`PosType::from_i64`] produces it only for numbers with no named variant.
        Unknown,
    }
}

/// A card's `card_type`: `bc` commercial, `cc` personal, `dc` debit.
///
/// ```
/// use paynet_domain::kinds::CardType;
///
/// assert_eq!(CardType::parse("cc"), CardType::Personal);
/// assert_eq!(CardType::Personal.as_str(), "cc");
/// assert_eq!(CardType::Personal.to_string(), "cc (personal)");
/// assert!(matches!(CardType::parse("pc"), CardType::Unknown(t) if t.as_str() == "pc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardType {
    /// `bc`: a commercial (business) card.
    Commercial,
    /// `cc`: a personal credit card.
    Personal,
    /// `dc`: a debit card.
    Debit,
    /// A card type this crate does not know, as Paynet sent it (possibly empty: whether an empty
    /// value means "none" is for the response reader to decide).
    Unknown(crate::codes::UnknownText),
}

impl CardType {
    /// Every named (documented) card type.
    pub const KNOWN: &'static [CardType] =
        &[CardType::Commercial, CardType::Personal, CardType::Debit];

    /// Reads a `card_type` as Paynet sends it. Never fails; reading is lenient (surrounding
    /// whitespace and ASCII case are ignored), and an unknown value is kept as sent in
    /// [`CardType::Unknown`].
    pub fn parse(text: &str) -> CardType {
        let trimmed = text.trim();
        CardType::KNOWN
            .iter()
            .find(|known| known.as_str().eq_ignore_ascii_case(trimmed))
            .cloned()
            .unwrap_or_else(|| CardType::Unknown(crate::codes::UnknownText(text.to_owned())))
    }

    /// The code as Paynet writes it (`"bc"`, `"cc"`, `"dc"`); an unknown value as received.
    pub fn as_str(&self) -> &str {
        match self {
            CardType::Commercial => "bc",
            CardType::Personal => "cc",
            CardType::Debit => "dc",
            CardType::Unknown(text) => text.as_str(),
        }
    }

    /// The card type's name: `"commercial"`, `"personal"`, `"debit"` or `"unknown"`.
    pub fn name(&self) -> &'static str {
        match self {
            CardType::Commercial => "commercial",
            CardType::Personal => "personal",
            CardType::Debit => "debit",
            CardType::Unknown(_) => "unknown",
        }
    }
}

impl serde::Serialize for CardType {
    /// The code as Paynet writes it (`"cc"`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl serde::Serialize for BankId {
    /// The id as Paynet wrote it (`"AXSS"`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for CardType {
    /// Writes the code and its name, e.g. `cc (personal)`; `xx (unknown)` for an unknown value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.as_str(), self.name())
    }
}

/// A transaction's `bank_id`: a four-letter code such as `AXSS` (documented as `char(4)`).
///
/// Any value is accepted and kept exactly as Paynet sent it; [`BankId::known`] says whether it is
/// one of the 13 documented ids ([`BankId::KNOWN`]).
///
/// ```
/// use paynet_domain::kinds::BankId;
///
/// let bank = BankId::new("AXSS");
/// assert!(bank.known());
/// assert_eq!(bank.as_str(), "AXSS");
/// assert!(!BankId::new("QNBF").known()); // kept, but not documented
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BankId(String);

impl BankId {
    /// The documented bank ids.
    pub const KNOWN: [&'static str; 13] = [
        "ADVT", "AXSS", "BONS", "DENZ", "FINS", "KVYT", "MAXM", "ODEA", "PARF", "VAKF", "WRLD",
        "ZDGR", "ZRTB",
    ];

    /// Wraps a bank id as sent, without validation.
    pub fn new(id: impl Into<String>) -> BankId {
        BankId(id.into())
    }

    /// The id as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the id is one of the 13 documented ids ([`BankId::KNOWN`]). The comparison is
    /// exact: `"axss"` or `" AXSS"` is not known.
    pub fn known(&self) -> bool {
        BankId::KNOWN.contains(&self.0.as_str())
    }

    /// The id as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for BankId {
    /// Writes the id as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for BankId {
    fn from(id: String) -> BankId {
        BankId(id)
    }
}

impl From<&str> for BankId {
    fn from(id: &str) -> BankId {
        BankId(id.to_owned())
    }
}

impl AsRef<str> for BankId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn transaction_types_map_both_ways() {
        let documented = [
            (1, TransactionType::Sale, "sale"),
            (2, TransactionType::Reversal, "reversal"),
            (3, TransactionType::PreAuth, "pre-authorisation"),
            (4, TransactionType::Capture, "capture"),
            (
                5,
                TransactionType::PreAuthReversal,
                "pre-authorisation reversal",
            ),
            (6, TransactionType::CaptureReversal, "capture reversal"),
            (7, TransactionType::Query, "query"),
            (9, TransactionType::Credit, "credit"),
            (10, TransactionType::PointUse, "point use"),
            (11, TransactionType::PointReturn, "point return"),
        ];
        assert_eq!(TransactionType::KNOWN.len(), documented.len());
        for (code, variant, name) in documented {
            assert_eq!(TransactionType::from_i64(code), variant);
            assert_eq!(variant.as_i64(), code);
            assert_eq!(variant.name(), name);
            assert_eq!(variant.to_string(), format!("{code} ({name})"));
            assert_eq!(TransactionType::from(code), variant);
            assert_eq!(i64::from(variant), code);
        }
        for code in [0, 8, 12, -1, i64::MAX] {
            let unknown = TransactionType::from_i64(code);
            assert!(matches!(unknown, TransactionType::Unknown(u) if u.value() == code));
            assert_eq!(unknown.as_i64(), code);
            assert_eq!(unknown.to_string(), format!("{code} (unknown)"));
        }
    }

    #[test]
    fn pos_types_map_both_ways() {
        assert_eq!(PosType::KNOWN, &[PosType::SwipePos, PosType::PaynetPos]);
        assert_eq!(PosType::from_i64(5), PosType::PaynetPos);
        assert_eq!(PosType::from_i64(1), PosType::SwipePos);
        assert_eq!(PosType::PaynetPos.as_i64(), 5);
        assert_eq!(PosType::SwipePos.as_i64(), 1);
        assert_eq!(PosType::SwipePos.name(), "Süpürmeli POS");
        assert_eq!(PosType::PaynetPos.to_string(), "5 (Paynet POS)");
        for code in [0, 2, 3, 4, 6, -5] {
            let unknown = PosType::from_i64(code);
            assert!(matches!(unknown, PosType::Unknown(u) if u.value() == code));
            assert_eq!(unknown.as_i64(), code);
            assert_eq!(unknown.name(), "unknown");
        }
    }

    #[test]
    fn card_types() {
        let documented = [
            ("bc", CardType::Commercial, "commercial"),
            ("cc", CardType::Personal, "personal"),
            ("dc", CardType::Debit, "debit"),
        ];
        assert_eq!(CardType::KNOWN.len(), documented.len());
        for (code, variant, name) in documented {
            assert_eq!(CardType::parse(code), variant);
            assert_eq!(
                CardType::parse(&format!(" {} ", code.to_uppercase())),
                variant
            );
            assert_eq!(variant.as_str(), code);
            assert_eq!(variant.name(), name);
            assert_eq!(variant.to_string(), format!("{code} ({name})"));
        }
        let pc = CardType::parse("pc");
        assert!(matches!(&pc, CardType::Unknown(t) if t.as_str() == "pc"));
        assert!(matches!(CardType::parse(""), CardType::Unknown(_)));
        assert_eq!(pc.as_str(), "pc");
        assert_eq!(pc.to_string(), "pc (unknown)");
    }

    #[test]
    fn bank_ids() {
        let documented = [
            "ADVT", "AXSS", "BONS", "DENZ", "FINS", "KVYT", "MAXM", "ODEA", "PARF", "VAKF", "WRLD",
            "ZDGR", "ZRTB",
        ];
        assert_eq!(BankId::KNOWN.len(), 13);
        assert_eq!(BankId::KNOWN.iter().collect::<HashSet<_>>().len(), 13);
        for id in documented {
            let bank = BankId::new(id);
            assert!(bank.known(), "{id}");
            assert_eq!(bank.as_str(), id);
            assert_eq!(bank.to_string(), id);
            assert_eq!(BankId::from(id), bank);
            assert_eq!(BankId::from(id.to_owned()), bank);
            assert_eq!(bank.as_ref(), id);
            assert_eq!(bank.clone().into_string(), id);
        }
        for id in ["axss", " AXSS", "AXSS ", "", "QNBF", "AXS", "AXSSS", "ğüşi"] {
            let bank = BankId::new(id);
            assert!(!bank.known(), "{id:?}");
            assert_eq!(bank.as_str(), id);
        }
    }

    proptest! {
        #[test]
        fn any_transaction_type_round_trips(code in any::<i64>()) {
            let value = TransactionType::from_i64(code);
            prop_assert_eq!(value.as_i64(), code);
            prop_assert_eq!(
                matches!(value, TransactionType::Unknown(_)),
                !matches!(code, 1..=7 | 9..=11)
            );
        }

        #[test]
        fn any_pos_type_round_trips(code in any::<i64>()) {
            let value = PosType::from_i64(code);
            prop_assert_eq!(value.as_i64(), code);
            prop_assert_eq!(matches!(value, PosType::Unknown(_)), code != 1 && code != 5);
        }

        #[test]
        fn any_card_type_round_trips(text in any::<String>()) {
            match CardType::parse(&text) {
                CardType::Unknown(kept) => prop_assert_eq!(kept.as_str(), text.as_str()),
                known => prop_assert!(known.as_str().eq_ignore_ascii_case(text.trim())),
            }
        }

        #[test]
        fn any_bank_id_is_kept(text in any::<String>()) {
            let bank = BankId::new(text.clone());
            prop_assert_eq!(bank.as_str(), text.as_str());
            prop_assert_eq!(bank.known(), BankId::KNOWN.contains(&text.as_str()));
        }
    }
}
