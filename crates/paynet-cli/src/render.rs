//! Short human summaries.

use std::fmt::Write as _;

use paynet::{Error, InitSaleRequest, ReportedAmount, ResultCode, SaleSession, Transaction};

use crate::failure::Failure;

fn or_unreported(a: Option<ReportedAmount>) -> String {
    a.map_or_else(|| "not reported".to_owned(), |a| a.to_string())
}

fn code_text(code: Option<ResultCode>, message: Option<&str>) -> String {
    let mut s = match code {
        Some(c) => format!("result code {c}"),
        None => "no result code".to_owned(),
    };
    if let Some(m) = message {
        let _ = write!(s, ": {m}");
    }
    s
}

/// The details of a transaction, one per line, indented.
pub(crate) fn transaction_details(t: &Transaction) -> String {
    let mut s = String::new();
    let mut line = |label: &str, value: String| {
        let _ = writeln!(s, "  {label:<12} {value}");
    };
    if let Some(id) = &t.xact_id {
        line("xact_id", id.clone());
    }
    if let Some(date) = &t.date_text {
        line("date", date.clone());
    }
    line("amount", or_unreported(t.amount));
    line(
        "commission",
        format!(
            "{} (tax on it: {})",
            or_unreported(t.commission),
            or_unreported(t.commission_tax)
        ),
    );
    line("net amount", or_unreported(t.net_amount));
    let mut card = Vec::new();
    if let Some(c) = &t.card_number_masked {
        card.push(c.clone());
    }
    if let Some(b) = &t.bank_id {
        card.push(format!("bank {b}"));
    }
    if let Some(a) = &t.authorization_code {
        card.push(format!("authorisation code {a}"));
    }
    if !card.is_empty() {
        line("card", card.join(", "));
    }
    line("result", code_text(t.result_code, t.message.as_deref()));
    s.trim_end().to_owned()
}

/// An approved capture.
pub(crate) fn capture_approved(t: &Transaction, replayed: bool) -> String {
    let head = if replayed {
        "Already captured: result code 100 (oldsuccessful). Paynet returned the earlier successful \
         capture with this reference_no; no money moved again."
            .to_owned()
    } else {
        format!("Captured {}.", or_unreported(t.amount))
    };
    format!("{head}\n{}", transaction_details(t))
}

/// What a bank decline says, in one line.
pub(crate) fn decline_message(t: &Transaction) -> String {
    let mut s = format!(
        "the bank declined the capture, nothing was captured (is_succeed false, {})",
        code_text(t.result_code, t.message.as_deref())
    );
    if let Some(e) = &t.bank_error {
        let parts: Vec<&str> = [&e.id, &e.message, &e.short_desc, &e.long_desc]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .map(|p| p.trim_end_matches('.'))
            .collect();
        let _ = write!(s, "; bank error: {}", parts.join(" / "));
    }
    if let Some(e) = &t.paynet_error {
        let parts: Vec<&str> = [&e.id, &e.message]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        let _ = write!(s, "; Paynet error: {}", parts.join(" / "));
    }
    s
}

/// A started PayPOS sale.
pub(crate) fn sale_started(request: &InitSaleRequest, s: &SaleSession) -> String {
    let head = if s.result_code == ResultCode::OldSuccessful {
        format!(
            "PayPOS sale of {} already started with this reference_no: Paynet returned it (result code 100).",
            request.amount()
        )
    } else {
        format!("PayPOS sale of {} started.", request.amount())
    };
    let key = if s.encryption_key.is_some() {
        "[redacted] (never printed)"
    } else {
        "not sent"
    };
    format!(
        "{head}\n  payment_session_id  {}\n  deeplink_url        {}\n  encryption_key      {key}\n  result              {}\n\
         Next: open the deeplink in the PayPOS app on the phone; once the card is tapped, check the \
         outcome by the payment_session_id.",
        s.payment_session_id,
        s.deeplink_url,
        code_text(Some(s.result_code), s.message.as_deref()),
    )
}

/// A failure, for stderr: the message and what to do about it.
pub(crate) fn failure(f: &Failure) -> String {
    let hint = match f {
        Failure::Usage(_) => Some("run `paynet --help` for usage".to_owned()),
        Failure::InvalidInput(_) => Some("nothing was sent".to_owned()),
        Failure::Declined(_) | Failure::Internal(_) => None,
        Failure::Sdk(error) => match error {
            Error::Rejected(r) if r.status == 401 || r.code == Some(ResultCode::Unauthorized) => {
                Some(format!(
                    "Paynet refused the credential: check {} (capture) or {} (init-sale)",
                    crate::SECRET_KEY_VAR,
                    crate::SESSION_KEY_VAR
                ))
            }
            Error::Rejected(_) => Some("Paynet answered and refused the request".to_owned()),
            Error::Transport { .. } => {
                Some("the request never reached Paynet: trying again is safe".to_owned())
            }
            Error::OutcomeUnknown { operation, .. } if operation.moves_money() => Some(
                "the outcome is UNKNOWN: the request may have reached Paynet and money may have \
                 moved. Do not send a new capture blindly: look the transaction up first. Sending \
                 the same capture again is safe only with the same --reference-no (Paynet then \
                 answers result code 100 with the earlier capture if it had succeeded)."
                    .to_owned(),
            ),
            Error::OutcomeUnknown { .. } => Some(
                "the outcome is UNKNOWN: the request may have reached Paynet. Check it (e.g. by \
                 its reference_no) before trying again; with the same --reference-no Paynet \
                 answers result code 100 if it had succeeded."
                    .to_owned(),
            ),
            Error::InvalidResponse { .. } if error.needs_reconciliation() => Some(
                "Paynet's answer could not be understood: money may have moved; look the \
                 transaction up before trying again"
                    .to_owned(),
            ),
            Error::InvalidResponse { .. } => {
                Some("Paynet's answer could not be understood".to_owned())
            }
            _ => None,
        },
    };
    match hint {
        Some(hint) => format!("error: {}\n{hint}", f.message()),
        None => format!("error: {}", f.message()),
    }
}
