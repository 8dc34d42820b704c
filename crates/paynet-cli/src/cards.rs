//! Card payments' shared input: the card from the environment (never from arguments: they show
//! in `ps` and in shell history), and the refusals about it in the words of the variables.
//!
//! The card is read from `PAYNET_CARD_NUMBER`, `PAYNET_CARD_EXPIRY`, `PAYNET_CARD_CVC` and
//! `PAYNET_CARD_HOLDER`. The number is registered with the client as a secret whichever command
//! runs (see `context::build_client`); the SDK scrubs the number and the CVC from every answer of
//! the payment that carries them (the CVC only where a number stands alone, never in a result
//! code: a CVC of `100` leaves result code 100 readable).

use paynet::{Card, Error};

use crate::context::{CARD_CVC_VAR, CARD_EXPIRY_VAR, CARD_HOLDER_VAR, CARD_NUMBER_VAR, DOMAIN_VAR};
use crate::failure::Failure;

/// The SDK's "no domain" refusal (nothing was sent) as a usage error that says how to give one.
pub(crate) fn domain_missing(error: Error, three_d: bool) -> Failure {
    match error {
        Error::InvalidRequest {
            field: "domain", ..
        } => Failure::Usage(format!(
            "Paynet requires the merchant's domain on card payments: set {DOMAIN_VAR} (e.g. \
             {DOMAIN_VAR}=www.acme.com){}",
            if three_d {
                ", or give --return-url on the merchant's host name (an IP address is no domain)"
            } else {
                ""
            }
        )),
        other => Failure::Sdk(other),
    }
}

/// The card in `PAYNET_CARD_NUMBER`, `PAYNET_CARD_EXPIRY`, `PAYNET_CARD_CVC` and
/// `PAYNET_CARD_HOLDER`, checked by the SDK. Errors name the variable, never its value.
pub(crate) fn card_from_environment() -> Result<Card, Failure> {
    let read = |var: &'static str| match std::env::var(var) {
        Ok(text) => Ok(Some(text)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Usage(format!(
            "the {var} environment variable is not valid UTF-8"
        ))),
    };
    let number = read(CARD_NUMBER_VAR)?;
    let expiry = read(CARD_EXPIRY_VAR)?;
    let cvc = read(CARD_CVC_VAR)?;
    let holder = read(CARD_HOLDER_VAR)?;
    let missing: Vec<&str> = [
        (CARD_NUMBER_VAR, number.is_none()),
        (CARD_EXPIRY_VAR, expiry.is_none()),
        (CARD_CVC_VAR, cvc.is_none()),
        (CARD_HOLDER_VAR, holder.is_none()),
    ]
    .into_iter()
    .filter_map(|(var, absent)| absent.then_some(var))
    .collect();
    let (Some(number), Some(expiry), Some(cvc), Some(holder)) = (number, expiry, cvc, holder)
    else {
        let verb = if missing.len() == 1 { "is" } else { "are" };
        return Err(Failure::Usage(format!(
            "{} {verb} not set: pay takes the card from {CARD_NUMBER_VAR}, {CARD_EXPIRY_VAR} \
             (MM/YY), {CARD_CVC_VAR} and {CARD_HOLDER_VAR} (card data is never taken as \
             arguments: they would show in `ps` and shell history), or a stored card from \
             --card-hash",
            missing.join(", ")
        )));
    };
    Card::new(number, &expiry, cvc, holder).map_err(card_refused)
}

/// A card the SDK refused, as a usage error naming the variable (never its value).
fn card_refused(error: Error) -> Failure {
    let Error::InvalidRequest { field, reason, .. } = error else {
        return Failure::Sdk(error);
    };
    let var = match field {
        "pan" => CARD_NUMBER_VAR,
        "expiry" => CARD_EXPIRY_VAR,
        "cvc" => CARD_CVC_VAR,
        _ => CARD_HOLDER_VAR,
    };
    // The SDK's expiry reasons quote the expiry: said here without it.
    let why = match field {
        "expiry" if reason.contains("in the past") => {
            "the card has expired (its month is in the past)".to_owned()
        }
        "expiry" => "must be MM/YY (e.g. 08/29), with a month from 01 to 12".to_owned(),
        _ => reason,
    };
    Failure::Usage(format!(
        "the {var} environment variable is not valid: {why}; nothing was sent"
    ))
}
