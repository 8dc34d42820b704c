//! Sequential calls on one facade client reuse one connection: the loopback server accepts
//! exactly one. (A test, not a timing.)

use paynet_benches::baseline::{self, CaptureBody, InitSaleBody};
use paynet_benches::sdk::{self, Sdk};
use paynet_benches::server::Loopback;
use paynet_benches::{CALLBACK_URL, REFERENCE_NO, SECRET_KEY, SESSION_KEY};

const CALLS: usize = 25;

#[tokio::test]
async fn sequential_facade_calls_share_one_connection() {
    let server = Loopback::start().expect("server");
    let sdk = Sdk::new(&server.base_url()).expect("client");
    let capture = sdk::capture_request(sdk::capture_amount()).expect("capture");
    let sale = sdk::init_sale_request(sdk::sale_amount()).expect("sale");

    for _ in 0..CALLS {
        let outcome = sdk.capture(&capture).await.expect("capture answered");
        assert!(outcome.is_approved(), "{outcome:?}");
        let session = sdk.init_sale(&sale).await.expect("init_sale answered");
        assert!(session.deeplink_url.starts_with("paypos://"));
    }
    // A clone shares the client's pool.
    let clone = sdk.clone();
    clone.capture(&capture).await.expect("capture answered");

    assert_eq!(server.requests(), 2 * CALLS + 1);
    assert_eq!(
        server.connections(),
        1,
        "every call should reuse the first connection"
    );
}

#[tokio::test]
async fn the_hand_written_baseline_also_reuses_its_connection() {
    let server = Loopback::start().expect("server");
    let client = baseline::Client::new(&server.base_url(), SECRET_KEY, SESSION_KEY);
    let capture = CaptureBody::new(REFERENCE_NO, 10.50);
    let sale = InitSaleBody::new(149.90, REFERENCE_NO, CALLBACK_URL);
    for _ in 0..CALLS {
        let t = client.capture(&capture).await.expect("capture");
        assert_eq!(t.is_succeed, Some(true));
        let s = client.init_sale(&sale).await.expect("init_sale");
        assert_eq!(s.code, Some(0));
    }
    assert_eq!(server.requests(), 2 * CALLS);
    assert_eq!(server.connections(), 1);
}

#[test]
fn unknown_paths_are_not_found() {
    let (status, _) = paynet_benches::server::answer_for("/v1/nothing");
    assert_eq!(status.as_u16(), 404);
}
