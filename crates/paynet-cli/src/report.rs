//! Printing the outcomes several commands share, or turning them into their failure: a card
//! payment's (`pay`, `pay complete`, `charge`) and a transaction lookup's (`payment check`,
//! `payment detail`, `check-sale`).

use paynet::{PaymentOutcome, Transaction, TransactionCheck};
use serde::Serialize;

use crate::context::{Global, print};
use crate::failure::Failure;
use crate::render;

/// Prints an approved payment (exit 0), or turns a decline into its failure (exit 3). `--json`
/// prints the outcome as the SDK serialises it: the transaction.
pub(crate) fn payment(global: &Global, outcome: &PaymentOutcome) -> Result<(), Failure> {
    let reconciled = outcome.is_reconciled();
    let text = |t: &Transaction, replayed| render::payment_approved(t, replayed, reconciled);
    let declined = |transaction| Failure::PaymentDeclined {
        transaction,
        reconciled,
    };
    approved(global, outcome, outcome, text, declined)
}

/// Prints an approved outcome (a payment, a capture or its cancellation; exit 0): `--json`
/// `value`, else `text(transaction, replayed)`; or turns a decline into its failure (exit 3),
/// `declined(transaction)`.
pub(crate) fn approved(
    global: &Global,
    outcome: &PaymentOutcome,
    value: &impl Serialize,
    text: impl FnOnce(&Transaction, bool) -> String,
    declined: impl FnOnce(Box<Transaction>) -> Failure,
) -> Result<(), Failure> {
    let transaction = outcome.transaction();
    if !outcome.is_approved() {
        return Err(declined(Box::new(transaction.clone())));
    }
    print(global, value, || text(transaction, outcome.is_replayed()))
}

/// Prints what a lookup found (exit 0, also when nothing is found: nothing is not "not
/// charged"): `--json` the check, else `text`; or turns a declined latest transaction into its
/// failure (exit 3).
pub(crate) fn check(
    global: &Global,
    check: &TransactionCheck,
    text: impl FnOnce() -> String,
) -> Result<(), Failure> {
    if let Some(latest) = check.latest().filter(|t| t.is_succeed == Some(false)) {
        let (transaction, code) = (Box::new(latest.clone()), check.result_code);
        return Err(Failure::SaleDeclined { transaction, code });
    }
    print(global, check, text)
}
