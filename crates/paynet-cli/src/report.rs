//! Printing the outcomes several commands share, or turning them into their failure: a card
//! payment's (`pay`, `pay complete`, `charge`) and a transaction lookup's (`payment check`,
//! `payment detail`, `check-sale`).

use paynet::{PaymentOutcome, TransactionCheck};

use crate::context::{Global, print};
use crate::failure::Failure;
use crate::render;

/// Prints an approved payment (exit 0), or turns a decline into its failure (exit 3). `--json`
/// prints the outcome as the SDK serialises it: the transaction.
pub(crate) fn payment(global: &Global, outcome: &PaymentOutcome) -> Result<(), Failure> {
    match outcome {
        PaymentOutcome::Approved {
            transaction,
            replayed,
            reconciled,
            ..
        } => print(global, outcome, || {
            render::payment_approved(transaction, *replayed, *reconciled)
        }),
        PaymentOutcome::Declined {
            transaction,
            reconciled,
            ..
        } => Err(Failure::PaymentDeclined {
            transaction: transaction.clone(),
            reconciled: *reconciled,
        }),
    }
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
