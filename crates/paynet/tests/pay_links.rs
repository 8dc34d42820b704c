//! Pay links through the facade against the simulator: the callback parser on the simulator's
//! real `confirmation_url` post, and `Client::confirm_pay_link` on a real payment, a forged post,
//! a payment of another amount and a link that adds the commission on top.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use paynet::raw::reqwest;
use paynet::{
    Amount, Client, CreatePayLinkRequest, PayLinkCallback, PayLinkVerdict, SecretKey,
    UpdatePayLinkStatusRequest,
};
use paynet_sim::{SimConfig, Simulator};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// A loopback `confirmation_url`: records each posted body, answers 200.
struct Merchant {
    url: String,
    bodies: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Merchant {
    async fn start() -> Merchant {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/confirm", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&bodies);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                let (head_end, length) = loop {
                    let n = stream.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        break (request.len(), 0);
                    }
                    request.extend_from_slice(&buf[..n]);
                    if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&request[..i]).to_ascii_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap_or(0));
                        break (i + 4, length);
                    }
                };
                while request.len() < head_end + length {
                    let n = stream.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    request.extend_from_slice(&buf[..n]);
                }
                seen.lock().unwrap().push(request[head_end..].to_vec());
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .await;
            }
        });
        Merchant { url, bodies }
    }

    fn bodies(&self) -> Vec<Vec<u8>> {
        self.bodies.lock().unwrap().clone()
    }
}

fn client(sim: &Simulator) -> Client {
    Client::builder()
        .base_url(sim.base_url())
        .secret_key(SecretKey::new(sim.secret_key()).unwrap())
        .build()
        .unwrap()
}

fn tl(text: &str) -> Amount {
    text.parse().unwrap()
}

/// Creates a link of `amount` for `reference`, posting to `confirmation_url`; its page's URL.
async fn link(
    client: &Client,
    reference: &str,
    amount: &str,
    on_top: bool,
    confirm: &str,
) -> String {
    let request = CreatePayLinkRequest::builder()
        .name_surname("Ayşe Yılmaz")
        .amount(tl(amount))
        .reference_no(reference)
        .addcomission_to_amount(on_top)
        .succeed_url("http://127.0.0.1:9/paid")
        .confirmation_url(confirm)
        .build()
        .unwrap();
    let created = client.create_pay_link(&request).await.unwrap();
    created.url.unwrap().as_str().to_owned()
}

/// The payer pays with `?auto=pay`: the `xact_id` appended to `succeed_url`.
async fn pay(url: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap();
    let answer = browser.get(format!("{url}?auto=pay")).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 303);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let encoded = location.split("xact_id=").nth(1).unwrap();
    // Percent-decoding (the simulator encodes all but letters, digits and `-_.~`).
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn the_real_callback_is_read_and_confirmed_by_reading_back() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let client = client(&sim);
    let merchant = Merchant::start().await;
    let url = link(&client, "LINK-REAL", "149.90", false, &merchant.url).await;

    // Before the payment: nothing to confirm.
    let before = client
        .confirm_pay_link("LINK-REAL", tl("149.90"))
        .await
        .unwrap();
    assert_eq!(before, PayLinkVerdict::NotFound { declined: 0 });

    let xact_id = pay(&url).await;
    let bodies = merchant.bodies();
    assert_eq!(bodies.len(), 1, "one post, before the redirect");
    let posted = PayLinkCallback::from_json(&bodies[0]).unwrap();
    assert_eq!(posted.reference_no, "LINK-REAL");
    assert_eq!(
        posted.card_number_masked.as_deref(),
        Some("435508******4358")
    );
    assert_eq!(posted.amount.unwrap().value().to_string(), "149.90");
    assert_eq!(posted.net_amount.unwrap().value().to_string(), "146.32");
    assert_eq!(posted.commission.unwrap().value().to_string(), "2.98");
    assert_eq!(posted.commission_tax.unwrap().value().to_string(), "0.60");
    assert_eq!(posted.is_succeed, Some(true));
    assert_eq!(posted.bank_id.as_ref().map(|b| b.as_str()), Some("AXSS"));
    assert!(posted.date.is_some() && posted.authorization_code.is_some());

    // The hint names the link; the read decides.
    let verdict = client
        .confirm_pay_link(&posted.reference_no, tl("149.90"))
        .await
        .unwrap();
    let sale = verdict.transaction().expect("confirmed");
    assert_eq!(sale.xact_id.as_deref(), Some(xact_id.as_str()));
    assert_eq!(sale.amount.unwrap().value().to_string(), "149.90");
    // The same payment is not the one of another amount.
    let other = client
        .confirm_pay_link("LINK-REAL", tl("100.00"))
        .await
        .unwrap();
    assert!(
        matches!(other, PayLinkVerdict::Mismatch { .. }),
        "{other:?}"
    );
}

#[tokio::test]
async fn a_forged_callback_confirms_nothing() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let client = client(&sim);
    let merchant = Merchant::start().await;
    // A link that is never paid, and a paid one to copy the real post from.
    link(&client, "LINK-UNPAID", "149.90", false, &merchant.url).await;
    let paid = link(&client, "LINK-PAID", "149.90", false, &merchant.url).await;
    pay(&paid).await;
    let real = String::from_utf8(merchant.bodies()[0].clone()).unwrap();

    // The real post's shape, the unpaid link's reference, a full card number even.
    let forged = real
        .replace("LINK-PAID", "LINK-UNPAID")
        .replace("435508******4358", "4355084355084358");
    let hint = PayLinkCallback::from_json(forged.as_bytes()).unwrap();
    assert_eq!(hint.reference_no, "LINK-UNPAID");
    assert_eq!(
        hint.card_number_masked.as_deref(),
        Some("435508******4358"),
        "never more than 6 + 4 digits"
    );
    assert!(!format!("{hint:?}").contains("4355084355084358"));
    let verdict = client
        .confirm_pay_link(&hint.reference_no, tl("149.90"))
        .await
        .unwrap();
    assert_eq!(verdict, PayLinkVerdict::NotFound { declined: 0 });
    assert!(!verdict.is_confirmed());

    // Closed, the link takes no payment later either.
    let close = UpdatePayLinkStatusRequest::builder()
        .reference_no("LINK-UNPAID")
        .status(3)
        .build()
        .unwrap();
    client.update_pay_link_status(&close).await.unwrap();
    assert_eq!(
        client
            .confirm_pay_link("LINK-UNPAID", tl("149.90"))
            .await
            .unwrap(),
        PayLinkVerdict::NotFound { declined: 0 }
    );
    // A reference that is not one is refused before anything is sent.
    assert!(matches!(
        client.confirm_pay_link(" ", tl("1.00")).await,
        Err(paynet::Error::InvalidRequest { .. })
    ));
}

#[tokio::test]
async fn commission_on_top_confirms_what_the_merchant_nets() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let client = client(&sim);
    let merchant = Merchant::start().await;
    let url = link(&client, "LINK-ONTOP", "100.00", true, &merchant.url).await;
    pay(&url).await;
    let posted = PayLinkCallback::from_json(&merchant.bodies()[0]).unwrap();
    assert_eq!(posted.amount.unwrap().value().to_string(), "102.39");
    assert_eq!(posted.net_amount.unwrap().value().to_string(), "100.00");
    let verdict = client
        .confirm_pay_link("LINK-ONTOP", tl("100.00"))
        .await
        .unwrap();
    assert!(verdict.is_confirmed(), "{verdict:?}");
}
