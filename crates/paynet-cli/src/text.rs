//! Words shared by the human summaries (`render`) and the failure messages (`failure`).

use paynet::{ReportedAmount, ResultCode, Transaction};

/// An amount Paynet reported (`10.50 TRY`), or "not reported".
pub(crate) fn or_unreported(a: Option<ReportedAmount>) -> String {
    a.map_or_else(|| "not reported".to_owned(), |a| a.to_string())
}

/// `result code 0 (successful): message`, or "no result code".
pub(crate) fn code_text(code: Option<ResultCode>, message: Option<&str>) -> String {
    let code = code.map(|c| format!("result code {c}"));
    let code = code.unwrap_or_else(|| "no result code".to_owned());
    match message {
        Some(m) => format!("{code}: {m}"),
        None => code,
    }
}

/// `n` of `noun`: "1 row", "20 rows".
pub(crate) fn counted<N: std::fmt::Display + PartialEq + From<u8>>(n: N, noun: &str) -> String {
    let s = if n == N::from(1) { "" } else { "s" };
    format!("{n} {noun}{s}")
}

/// What a transaction is, in words: "sale", "reversal"... ("transaction" when not said).
pub(crate) fn kind_of(t: &Transaction) -> String {
    t.transaction_type
        .map_or_else(|| "transaction".to_owned(), |k| k.name().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_or_plural() {
        assert_eq!(counted(1usize, "row"), "1 row");
        assert_eq!(counted(0u64, "row"), "0 rows");
        assert_eq!(counted(20u64, "stored card"), "20 stored cards");
    }
}
