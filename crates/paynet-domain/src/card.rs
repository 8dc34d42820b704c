//! Card data: a [`Card`] (number, expiry, CVC, holder), checked before anything is sent and never
//! printed, or a stored card's [`CardHash`].
//!
//! A card's number and CVC live in [`secrecy::SecretString`]s (wiped from memory when dropped),
//! are read only through `expose_*`, and never appear in `Debug` or `Display`: the number shows
//! at most its first 6 and last 4 digits (`435508******4358`), the CVC never. A payment request
//! hands both to the call as secrets of its own, so they are scrubbed from whatever Paynet sends
//! back, even when it echoes them.

use std::fmt;

use chrono::{Datelike as _, Utc};
use secrecy::{ExposeSecret, SecretString};

use crate::clock::TURKEY_OFFSET_SECONDS;
use crate::error::Error;

/// A card, checked when it is made: the number passes the Luhn check and has 12 to 19 digits,
/// the expiry is not in the past (in Turkish time), the CVC has 3 or 4 digits, and the holder's
/// name is printable text of at most 50 characters.
///
/// ```
/// use paynet_domain::Card;
///
/// let card = Card::new("4355 0843 5508 4358", "12/30", "123", "AYSE YILMAZ")?;
/// assert_eq!(card.masked_number(), "435508******4358");
/// assert_eq!(format!("{card:?}"), r#"Card { number: "435508******4358", expiry: "12/30", cvc: "***", holder: "AYSE YILMAZ" }"#);
///
/// // Refused before anything is sent, without the number in the error:
/// let e = Card::new("4355 0843 5508 4359", "12/30", "123", "AYSE YILMAZ").unwrap_err();
/// assert!(e.to_string().contains("Luhn"));
/// assert!(!e.to_string().contains("43550843"));
/// assert!(Card::new("4355084355084358", "01/20", "123", "AYSE YILMAZ").is_err()); // expired
/// assert!(Card::new("4355084355084358", "12/30", "12", "AYSE YILMAZ").is_err()); // CVC
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone)]
pub struct Card {
    number: SecretString,
    month: u8,
    year: u16,
    cvc: SecretString,
    holder: String,
}

/// The longest card holder name Paynet accepts (`card_holder` string(50)).
pub const MAX_HOLDER_LEN: usize = 50;

impl Card {
    /// A card from its number (spaces and dashes between digits are allowed), its expiry as
    /// `MM/YY` (or `MM/YYYY`), its CVC and its holder's name.
    pub fn new(
        number: impl Into<String>,
        expiry: &str,
        cvc: impl Into<String>,
        holder: impl Into<String>,
    ) -> Result<Card, Error> {
        let (month, year) = parse_expiry(expiry)?;
        Card::with_expiry(number, month, year, cvc, holder)
    }

    /// A card without its CVC, for what may be sent without one: storing a card
    /// (`SaveCardRequest`: then the bank does not check it with a 1 TL pre-authorisation). A
    /// payment refuses it (Paynet requires the CVC of card data). The other checks are
    /// [`Card::new`]'s.
    ///
    /// ```
    /// use paynet_domain::Card;
    ///
    /// let card = Card::without_cvc("4355 0843 5508 4358", "12/30", "AYSE YILMAZ")?;
    /// assert!(!card.has_cvc());
    /// assert_eq!(format!("{card:?}"), r#"Card { number: "435508******4358", expiry: "12/30", cvc: "none", holder: "AYSE YILMAZ" }"#);
    /// # Ok::<(), paynet_domain::Error>(())
    /// ```
    pub fn without_cvc(
        number: impl Into<String>,
        expiry: &str,
        holder: impl Into<String>,
    ) -> Result<Card, Error> {
        let (month, year) = parse_expiry(expiry)?;
        let mut card = Card::with_expiry(number, month, year, "000", holder)?;
        card.cvc = SecretString::from(String::new());
        Ok(card)
    }

    /// A card with its expiry as a month (1-12) and a four-digit year.
    pub fn with_expiry(
        number: impl Into<String>,
        month: u8,
        year: u16,
        cvc: impl Into<String>,
        holder: impl Into<String>,
    ) -> Result<Card, Error> {
        let number = check_number(SecretString::from(number.into()))?;
        check_expiry(month, year)?;
        let cvc = SecretString::from(cvc.into());
        let digits = cvc.expose_secret();
        if !(3..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid("cvc", "must be 3 or 4 digits"));
        }
        let holder = holder.into();
        let trimmed = holder.trim();
        if trimmed.is_empty() {
            return Err(Error::invalid("card_holder", "is empty"));
        }
        if trimmed.chars().count() > MAX_HOLDER_LEN {
            return Err(Error::invalid(
                "card_holder",
                format!("is longer than {MAX_HOLDER_LEN} characters"),
            ));
        }
        if trimmed.chars().any(char::is_control) || trimmed.bytes().any(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(
                "card_holder",
                "must be a name (no digits or control characters)",
            ));
        }
        Ok(Card {
            number,
            month,
            year,
            cvc,
            holder: trimmed.to_owned(),
        })
    }

    /// The number's first 6 and last 4 digits, the rest masked: `435508******4358`.
    pub fn masked_number(&self) -> String {
        mask(self.number.expose_secret())
    }

    /// The first 6 digits (the BIN): what instalment tables are looked up by.
    pub fn bin(&self) -> &str {
        &self.number.expose_secret()[..6]
    }

    /// The number's digits. The only way to read them: keep the result out of logs.
    pub fn expose_number(&self) -> &str {
        self.number.expose_secret()
    }

    /// The CVC (empty for a card made [`Card::without_cvc`]). The only way to read it: keep the
    /// result out of logs.
    pub fn expose_cvc(&self) -> &str {
        self.cvc.expose_secret()
    }

    /// False for a card made [`Card::without_cvc`].
    pub fn has_cvc(&self) -> bool {
        !self.cvc.expose_secret().is_empty()
    }

    getters! {
        /// The expiry month (1-12).
        month -> u8 => copy month;
        /// The expiry year (four digits).
        year -> u16 => copy year;
        /// The holder's name.
        holder -> &str => borrow holder;
    }
}

impl fmt::Debug for Card {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Card")
            .field("number", &self.masked_number())
            .field(
                "expiry",
                &format!("{:02}/{:02}", self.month, self.year % 100),
            )
            .field("cvc", &if self.has_cvc() { "***" } else { "none" })
            .field("holder", &self.holder)
            .finish()
    }
}

impl fmt::Display for Card {
    /// The masked number and the expiry: `435508******4358 12/30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:02}/{:02}",
            self.masked_number(),
            self.month,
            self.year % 100
        )
    }
}

/// A stored card's token (`card_hash`), from Paynet's card storage: it pays without card data.
/// Redacted in `Debug`: with the merchant's secret key it can be charged.
#[derive(Clone, PartialEq, Eq)]
pub struct CardHash(String);

impl CardHash {
    /// A stored card's token, as Paynet issued it. Refused when empty or not a single line of
    /// visible ASCII.
    pub fn new(hash: impl Into<String>) -> Result<CardHash, Error> {
        let hash = hash.into();
        if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid(
                "card_hash",
                "must be a non-empty token of visible ASCII characters",
            ));
        }
        Ok(CardHash(hash))
    }

    /// The token. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CardHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardHash([redacted])")
    }
}

/// How a payment is paid: with a card's data, or with a stored card.
#[derive(Clone, Debug)]
pub enum PaymentMethod {
    /// Card data.
    Card(Card),
    /// A stored card's token.
    Stored(CardHash),
}

impl From<Card> for PaymentMethod {
    fn from(card: Card) -> Self {
        PaymentMethod::Card(card)
    }
}

impl From<CardHash> for PaymentMethod {
    fn from(hash: CardHash) -> Self {
        PaymentMethod::Stored(hash)
    }
}

/// `MM/YY` or `MM/YYYY` (also with `-` or without the separator for `MMYY`).
fn parse_expiry(text: &str) -> Result<(u8, u16), Error> {
    let bad = || Error::invalid("expiry", "must be MM/YY (e.g. 08/29)");
    let t = text.trim();
    let (m, y) = match t.split_once(['/', '-']) {
        Some((m, y)) => (m.trim(), y.trim()),
        None if t.len() == 4 => (&t[..2], &t[2..]),
        None => return Err(bad()),
    };
    if !m.bytes().all(|b| b.is_ascii_digit()) || !y.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let month: u8 = m.parse().map_err(|_| bad())?;
    let year: u16 = match y.len() {
        2 => 2000 + y.parse::<u16>().map_err(|_| bad())?,
        4 => y.parse().map_err(|_| bad())?,
        _ => return Err(bad()),
    };
    Ok((month, year))
}

fn check_expiry(month: u8, year: u16) -> Result<(), Error> {
    if !(1..=12).contains(&month) {
        return Err(Error::invalid(
            "expiry",
            format!("month {month} is not 1 to 12"),
        ));
    }
    if !(2000..=2099).contains(&year) {
        return Err(Error::invalid(
            "expiry",
            format!("year {year} is not a card's"),
        ));
    }
    let (this_year, this_month) = turkish_year_month();
    if i32::from(year) < this_year
        || (i32::from(year) == this_year && u32::from(month) < this_month)
    {
        return Err(Error::invalid(
            "expiry",
            format!("{month:02}/{} is in the past", year % 100),
        ));
    }
    Ok(())
}

/// This year and month in Turkey (UTC+03:00): a card is valid to the end of its month there.
fn turkish_year_month() -> (i32, u32) {
    let now = Utc::now().naive_utc() + chrono::TimeDelta::seconds(i64::from(TURKEY_OFFSET_SECONDS));
    (now.year(), now.month())
}

/// Removes spaces and dashes between digit groups; refuses anything else that is not a digit,
/// a length outside 12..=19 and a failed Luhn check. Errors never contain the number.
fn check_number(raw: SecretString) -> Result<SecretString, Error> {
    let text = raw.expose_secret();
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == ' ' || c == '-'))
    {
        return Err(Error::invalid(
            "pan",
            "must hold only digits (spaces and dashes between groups are allowed)",
        ));
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let digits = SecretString::from(digits);
    let d = digits.expose_secret();
    if !(12..=19).contains(&d.len()) {
        return Err(Error::invalid(
            "pan",
            format!("has {} digits; a card number has 12 to 19", d.len()),
        ));
    }
    if !luhn(d) {
        return Err(Error::invalid(
            "pan",
            "fails the Luhn check (a mistyped digit?)",
        ));
    }
    Ok(digits)
}

/// The Luhn checksum of a string of ASCII digits.
pub(crate) fn luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// `435508******4358`: the first 6 and last 4 digits of a number, the rest masked.
pub(crate) fn mask(digits: &str) -> String {
    let n = digits.len();
    if n < 10 {
        return "*".repeat(n);
    }
    format!("{}{}{}", &digits[..6], "*".repeat(n - 10), &digits[n - 4..])
}

/// A card number as Paynet reported it, masked again if it holds more than the first 6 and last
/// 4 digits (an echo of a full number never reaches an outcome). Any separators are kept.
pub(crate) fn masked_card(text: Option<String>) -> Option<String> {
    let text = text?;
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    if digits <= 10 {
        return Some(text);
    }
    let mut seen = 0;
    Some(
        text.chars()
            .map(|c| {
                if !c.is_ascii_digit() {
                    return c;
                }
                seen += 1;
                if seen <= 6 || seen > digits - 4 {
                    c
                } else {
                    '*'
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    use crate::error::invalid_field as field;

    #[test]
    fn luhn_and_lengths() {
        for good in [
            "4355084355084358",
            "4111111111111111",
            "5555555555554444",
            "378282246310005",
        ] {
            assert!(luhn(good), "{good}");
            Card::new(good, "12/30", "123", "A B").unwrap();
        }
        assert!(!luhn("4355084355084359"));
        assert_eq!(
            field(Card::new("4355084355084359", "12/30", "123", "A").unwrap_err()),
            "pan"
        );
        assert_eq!(
            field(Card::new("42", "12/30", "123", "A").unwrap_err()),
            "pan"
        );
        assert_eq!(
            field(Card::new("4355x84355084358", "12/30", "123", "A").unwrap_err()),
            "pan"
        );
        let c = Card::new("4355-0843-5508-4358", "12/30", "123", "A").unwrap();
        assert_eq!(c.expose_number(), "4355084355084358");
        assert_eq!(c.bin(), "435508");
    }

    #[test]
    fn expiry_forms_and_the_past() {
        let c = Card::new("4355084355084358", "08/2031", "1234", " Ayşe Yılmaz ").unwrap();
        assert_eq!((c.month(), c.year(), c.holder()), (8, 2031, "Ayşe Yılmaz"));
        let c = Card::new("4355084355084358", "0831", "123", "A").unwrap();
        assert_eq!((c.month(), c.year()), (8, 2031));
        for bad in ["13/30", "00/30", "1/", "aa/bb", "12/3", "12/300", "01/20"] {
            assert_eq!(
                field(Card::new("4355084355084358", bad, "123", "A").unwrap_err()),
                "expiry",
                "{bad}"
            );
        }
        // This month is still valid.
        let (year, month) = turkish_year_month();
        let this = format!("{month:02}/{:02}", year % 100);
        Card::new("4355084355084358", &this, "123", "A").unwrap();
    }

    #[test]
    fn cvc_and_holder() {
        for bad in ["12", "12345", "12a", ""] {
            assert_eq!(
                field(Card::new("4355084355084358", "12/30", bad, "A").unwrap_err()),
                "cvc"
            );
        }
        for bad in ["", "  ", "A1", "a\nb"] {
            assert_eq!(
                field(Card::new("4355084355084358", "12/30", "123", bad).unwrap_err()),
                "card_holder"
            );
        }
        assert_eq!(
            field(Card::new("4355084355084358", "12/30", "123", "x".repeat(51)).unwrap_err()),
            "card_holder"
        );
    }

    #[test]
    fn nothing_prints_the_number_or_the_cvc() {
        let c = Card::new("4355084355084358", "12/30", "987", "A B").unwrap();
        for text in [format!("{c:?}"), format!("{c:#?}"), c.to_string()] {
            assert!(!text.contains("4355084355084358"), "{text}");
            assert!(!text.contains("0843"), "{text}");
            assert!(!text.contains("987"), "{text}");
        }
        assert_eq!(c.to_string(), "435508******4358 12/30");
        let h = CardHash::new("ch_abc123").unwrap();
        assert_eq!(format!("{h:?}"), "CardHash([redacted])");
        assert!(CardHash::new("").is_err() && CardHash::new("a b").is_err());
        assert_eq!(mask("378282246310005"), "378282*****0005");
        let again = |t: &str| masked_card(Some(t.to_owned())).unwrap();
        assert_eq!(again("435508******4358"), "435508******4358");
        assert_eq!(again("4355084355084358"), "435508******4358");
        assert_eq!(again("4355 0843 5508 4358"), "4355 08** **** 4358");
        assert_eq!(again("4355 08** **** 4358"), "4355 08** **** 4358");
        assert_eq!(masked_card(None), None);
    }
}
