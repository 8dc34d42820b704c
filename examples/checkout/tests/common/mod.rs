//! What the shop's tests share: starting the demo, and reading the simulator's transaction list.

#![allow(dead_code, clippy::unwrap_used)]

use futures_util::StreamExt;
use paynet::{Client, PaymentListRequest, PaymentRow, TransactionType, turkish_today};
use paynet_checkout_example::Store;
use paynet_checkout_example::demo::Demo;
use paynet_sim::SimConfig;

/// The demo (simulator and shop on loopback) with `config` and `store`.
pub async fn start_with(config: SimConfig, store: Store) -> Demo {
    Demo::start(config, store, 0).await.unwrap()
}

/// The demo with a default simulator and orders in memory.
pub async fn start() -> Demo {
    start_with(SimConfig::default(), Store::in_memory().unwrap()).await
}

/// Every transaction of today in the simulator's transaction list (`/v1/transaction/list`,
/// unsuccessful ones too) with this `reference_no`.
pub async fn transactions(client: &Client, reference_no: &str) -> Vec<PaymentRow> {
    let today = turkish_today();
    let request = PaymentListRequest::builder(today, today)
        .show_unsucceed(true)
        .limit(100)
        .build()
        .unwrap();
    let rows: Vec<PaymentRow> = client
        .payments(&request)
        .map(Result::unwrap)
        .collect()
        .await;
    rows.into_iter()
        .filter(|r| r.transaction.reference_no.as_deref() == Some(reference_no))
        .collect()
}

/// The successful sales (payments: money taken) of the order in the transaction list.
pub async fn payments(client: &Client, reference_no: &str) -> Vec<PaymentRow> {
    transactions(client, reference_no)
        .await
        .into_iter()
        .filter(|r| {
            r.transaction.transaction_type == Some(TransactionType::Sale)
                && r.transaction.is_succeed == Some(true)
        })
        .collect()
}

/// The card expiry the simulator always accepts, as the form takes it (`12/35`).
pub fn expiry() -> String {
    format!(
        "{:02}/{:02}",
        paynet_sim::TEST_EXPIRY_MONTH,
        paynet_sim::TEST_EXPIRY_YEAR % 100
    )
}
