//! The manual charge's cooldown: Paynet tries a subscription's invoice again only about two hours
//! after its last attempt, and refuses a manual charge (`charge_subscription_invoice`, Paynet's
//! `manuel_charge`) inside that wait with a message that says when to try again:
//! "11400528 numarali siparis için 1 saat 57 dakika sonra deneme yapabilirsiniz" (Paynet's own
//! example, result code 1). [`ChargeCooldown`] reads it.
//!
//! ```
//! use std::time::Duration;
//! use paynet_domain::ChargeCooldown;
//!
//! let cooldown = ChargeCooldown::from_message(
//!     "11400528 numarali siparis için 1 saat 57 dakika sonra deneme yapabilirsiniz",
//! )
//! .ok_or("not a cooldown")?;
//! assert_eq!(cooldown.invoice_no(), Some("11400528"));
//! assert_eq!(cooldown.wait(), Duration::from_secs(117 * 60));
//! assert_eq!(cooldown.to_string(), "invoice 11400528 can be charged again in 1 h 57 min");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::time::Duration;

use crate::error::{Error, Operation};

/// A manual charge refused because its invoice was tried too recently: which invoice, and how
/// long to wait before trying it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChargeCooldown {
    invoice_no: Option<String>,
    wait: Duration,
}

impl ChargeCooldown {
    /// The cooldown a refusal of `charge_subscription_invoice` says, if it is one (an
    /// [`Error::Rejected`] whose message reads as one); `None` for any other error.
    ///
    /// ```
    /// # use paynet_domain::{ChargeCooldown, Error};
    /// fn explain(error: &Error) -> String {
    ///     match ChargeCooldown::of(error) {
    ///         Some(wait) => format!("too early: {wait}"),
    ///         None => error.to_string(),
    ///     }
    /// }
    /// ```
    pub fn of(error: &Error) -> Option<ChargeCooldown> {
        match error {
            Error::Rejected(r) if r.operation == Operation::CHARGE_SUBSCRIPTION_INVOICE => {
                ChargeCooldown::from_message(r.message.as_deref()?)
            }
            _ => None,
        }
    }

    /// Reads Paynet's message: "`<invoice>` numaralı sipariş için `<h>` saat `<m>` dakika sonra
    /// deneme yapabilirsiniz" (with or without Turkish letters, any case; hours, minutes or
    /// seconds may be left out). `None` when the text says no wait.
    pub fn from_message(text: &str) -> Option<ChargeCooldown> {
        let folded = fold(text);
        let end = folded.find("sonra deneme yapabilirsiniz")?;
        let before = folded.get(..end)?;
        // The wait: the number-unit pairs just before "sonra".
        let words: Vec<&str> = before.split_whitespace().collect();
        let mut seconds: Option<u64> = None;
        for pair in words.rchunks_exact(2) {
            let scale = match pair[1] {
                "saat" => 3600,
                "dakika" | "dk" => 60,
                "saniye" | "sn" => 1,
                _ => break,
            };
            let Ok(n) = pair[0].parse::<u64>() else { break };
            seconds = Some(seconds.unwrap_or(0).checked_add(n.checked_mul(scale)?)?);
        }
        let seconds = seconds?;
        // The invoice: the number before "numarali".
        let invoice_no = words
            .windows(2)
            .find(|w| w[1].starts_with("numara") && w[0].bytes().all(|b| b.is_ascii_digit()))
            .map(|w| w[0].to_owned());
        Some(ChargeCooldown {
            invoice_no,
            wait: Duration::from_secs(seconds),
        })
    }

    getters! {
        /// The invoice the message names (Paynet calls it "sipariş", an order), when it names one.
        invoice_no -> Option<&str> => as_deref invoice_no;
        /// How long to wait before charging it again, from the refusal.
        wait -> Duration => copy wait;
    }

    /// When it can be charged again, for a refusal received at `refused_at`.
    pub fn retry_at<T>(&self, refused_at: T) -> T
    where
        T: std::ops::Add<chrono::TimeDelta, Output = T>,
    {
        let wait = chrono::TimeDelta::from_std(self.wait).unwrap_or(chrono::TimeDelta::MAX);
        refused_at + wait
    }
}

impl fmt::Display for ChargeCooldown {
    /// `invoice 11400528 can be charged again in 1 h 57 min`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.invoice_no {
            Some(n) => write!(f, "invoice {n} can be charged again in ")?,
            None => f.write_str("the invoice can be charged again in ")?,
        }
        let total = self.wait.as_secs();
        let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
        let mut parts = Vec::new();
        if h > 0 {
            parts.push(format!("{h} h"));
        }
        if m > 0 || (h == 0 && s == 0) {
            parts.push(format!("{m} min"));
        }
        if s > 0 {
            parts.push(format!("{s} s"));
        }
        f.write_str(&parts.join(" "))
    }
}

/// Lower case, Turkish letters folded to ASCII (`ı` `i`, `ş` `s`, `ç` `c`, `ğ` `g`, `ö` `o`,
/// `ü` `u`, `İ` `i`).
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ı' | 'İ' | 'I' => 'i',
            'ş' | 'Ş' => 's',
            'ç' | 'Ç' => 'c',
            'ğ' | 'Ğ' => 'g',
            'ö' | 'Ö' => 'o',
            'ü' | 'Ü' => 'u',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::codes::ResultCode;
    use crate::error::Rejection;

    /// Paynet's own example (doc.paynet.com.tr/servisler/abonelik/manuel-cekim).
    const PAYNET_EXAMPLE: &str =
        "11400528 numarali siparis için 1 saat 57 dakika sonra deneme yapabilirsiniz";

    #[test]
    fn reads_paynets_example() {
        let c = ChargeCooldown::from_message(PAYNET_EXAMPLE).unwrap();
        assert_eq!(c.invoice_no(), Some("11400528"));
        assert_eq!(c.wait(), Duration::from_secs(3600 + 57 * 60));
        assert_eq!(
            c.to_string(),
            "invoice 11400528 can be charged again in 1 h 57 min"
        );
        let at = chrono::NaiveDate::from_ymd_opt(2024, 9, 3)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(c.retry_at(at).to_string(), "2024-09-03 11:57:00");
    }

    #[test]
    fn reads_its_variants() {
        let with_letters = "11400528 numaralı sipariş için 2 saat sonra deneme yapabilirsiniz.";
        let c = ChargeCooldown::from_message(with_letters).unwrap();
        assert_eq!(c.wait(), Duration::from_secs(7200));
        assert_eq!(
            c.to_string(),
            "invoice 11400528 can be charged again in 2 h"
        );
        let c =
            ChargeCooldown::from_message("Lütfen 5 dakika 30 saniye sonra deneme yapabilirsiniz")
                .unwrap();
        assert_eq!((c.invoice_no(), c.wait()), (None, Duration::from_secs(330)));
        assert_eq!(
            c.to_string(),
            "the invoice can be charged again in 5 min 30 s"
        );
        let c = ChargeCooldown::from_message(
            "1 numarali siparis icin 0 dakika sonra deneme yapabilirsiniz",
        )
        .unwrap();
        assert_eq!(c.to_string(), "invoice 1 can be charged again in 0 min");
        for other in [
            "Başarılı İşlem",
            "Kart sahibinin bankası işlemi onaylamadı",
            "sonra deneme yapabilirsiniz",
            "11400528 numarali siparis için biraz sonra deneme yapabilirsiniz",
            "",
        ] {
            assert_eq!(ChargeCooldown::from_message(other), None, "{other:?}");
        }
    }

    #[test]
    fn only_a_refused_manual_charge_is_a_cooldown() {
        let refusal = |operation| {
            Error::Rejected(Box::new(Rejection {
                operation,
                status: 200,
                code: Some(ResultCode::from_i64(1)),
                message: Some(PAYNET_EXAMPLE.to_owned()),
                error_type: None,
            }))
        };
        let c = ChargeCooldown::of(&refusal(Operation::CHARGE_SUBSCRIPTION_INVOICE)).unwrap();
        assert_eq!(c.invoice_no(), Some("11400528"));
        assert_eq!(ChargeCooldown::of(&refusal(Operation::CAPTURE)), None);
        let invalid = Error::InvalidRequest {
            field: "reference_no",
            reason: PAYNET_EXAMPLE.to_owned(),
        };
        assert_eq!(ChargeCooldown::of(&invalid), None);
    }
}
