//! Card data never reaches the logs: a whole checkout with every log line of every crate (the
//! shop, the SDK, axum, hyper, reqwest) captured at TRACE level.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use paynet_checkout_example::checkout::RETURN_PATH;
use reqwest::redirect::Policy;

/// Every log line, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_checkout_logs_no_card_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        // No timestamps: their microseconds would hold any three digits, the CVC's too.
        .without_time()
        .init();

    let demo = common::start().await;
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .no_proxy()
        .build()
        .unwrap();
    let order = http
        .post(format!("{}/orders", demo.url))
        .send()
        .await
        .unwrap();
    let order_path = order.headers()["location"].to_str().unwrap().to_owned();
    let to_bank = http
        .post(format!("{}{order_path}/pay", demo.url))
        .form(&[
            ("card_number", paynet_sim::TEST_CARD_APPROVE),
            ("expiry", &common::expiry()),
            ("cvc", "987"),
            ("holder", "AYSE YILMAZ"),
            ("instalments", "2"),
        ])
        .send()
        .await
        .unwrap();
    let post_url = reqwest::Url::parse(to_bank.headers()["location"].to_str().unwrap()).unwrap();
    let session_id = post_url
        .query_pairs()
        .find(|(k, _)| k == "session_id")
        .unwrap()
        .1
        .into_owned();
    let body = demo.sim.three_d_return(&session_id, true).unwrap();
    let back = http
        .post(format!("{}{RETURN_PATH}", demo.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), reqwest::StatusCode::SEE_OTHER);
    let receipt = http
        .get(format!("{}{order_path}", demo.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(receipt.contains("Payment received"));
    demo.stop().await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("paid"), "the capture works: {logs}");
    assert!(
        !logs.contains(paynet_sim::TEST_CARD_APPROVE),
        "the card number was logged"
    );
    // The CVC as a number of its own (ids and counters may hold the digits inside longer ones).
    let cvc_lines: Vec<&str> = logs
        .lines()
        .filter(|l| {
            l.match_indices("987").any(|(at, _)| {
                let before = l[..at].chars().next_back();
                let after = l[at + 3..].chars().next();
                !before.is_some_and(|c| c.is_ascii_digit())
                    && !after.is_some_and(|c| c.is_ascii_digit())
            })
        })
        .collect();
    assert!(cvc_lines.is_empty(), "the CVC was logged: {cvc_lines:#?}");
}
