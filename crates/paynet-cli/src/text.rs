//! Words shared by the human summaries (`render`) and the failure messages (`failure`).

use std::fmt::Write as _;

use paynet::{ReportedAmount, ResultCode, Transaction};

/// An amount Paynet reported (`10.50 TRY`), or "not reported".
pub(crate) fn or_unreported(a: Option<ReportedAmount>) -> String {
    a.map_or_else(|| "not reported".to_owned(), |a| a.to_string())
}

/// `result code 0 (successful): message`, or "no result code".
pub(crate) fn code_text(code: Option<ResultCode>, message: Option<&str>) -> String {
    let mut s = match code {
        Some(c) => format!("result code {c}"),
        None => "no result code".to_owned(),
    };
    if let Some(m) = message {
        let _ = write!(s, ": {m}");
    }
    s
}

/// What a transaction is, in words: "sale", "reversal"... ("transaction" when not said).
pub(crate) fn kind_of(t: &Transaction) -> String {
    t.transaction_type
        .map_or_else(|| "transaction".to_owned(), |k| k.name().to_owned())
}
