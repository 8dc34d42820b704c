//! Unknown paths, wrong methods, counters, lifecycle.

use std::time::Duration;

use paynet_sim::{SimConfig, Simulator};
use reqwest::StatusCode;

use crate::support::{Answer, assert_paynet_error, capture, client, post, sim};

#[tokio::test]
async fn unknown_path_is_404_json() {
    let sim = sim().await;
    for path in [
        "/",
        "/v1/transaction/unknown",
        "/v1/transaction/capture/",
        "/v2/softpos/check_transaction",
    ] {
        let a = post(&sim, path, &[], "{}").await;
        assert_paynet_error(&a, 404, "no_data_error", 12);
    }
}

#[tokio::test]
async fn wrong_method_is_405_json() {
    let sim = sim().await;
    let http = client();
    for path in [
        "/v1/transaction/capture",
        "/v1/softpos/init_sale_transaction",
        "/v1/agent/logout",
    ] {
        let response = http
            .get(format!("{}{path}", sim.base_url()))
            .send()
            .await
            .unwrap();
        let allow = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        let a = Answer::from(response).await;
        assert_paynet_error(&a, 405, "invalid_request_error", 11);
        assert_eq!(allow.as_deref(), Some("POST"));
        let response = http
            .put(format!("{}{path}", sim.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
}

#[tokio::test]
async fn counts_requests_by_path() {
    let sim = sim().await;
    assert!(sim.requests_seen().is_empty());
    capture(&sim, "{}").await;
    capture(&sim, "{}").await;
    post(&sim, "/nowhere", &[], "{}").await;
    client()
        .get(format!("{}/v1/agent/logout", sim.base_url()))
        .send()
        .await
        .unwrap();
    let seen = sim.requests_seen();
    assert_eq!(seen.get("/v1/transaction/capture"), Some(&2));
    assert_eq!(seen.get("/nowhere"), Some(&1));
    assert_eq!(seen.get("/v1/agent/logout"), Some(&1));
    assert_eq!(seen.len(), 3);
    assert_eq!(sim.request_count("/v1/softpos/check_transaction"), 0);
}

#[tokio::test]
async fn base_url_is_loopback() {
    let sim = sim().await;
    let url = sim.base_url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!url.ends_with('/'));
    assert_eq!(url, format!("http://{}", sim.local_addr()));
    assert!(sim.local_addr().ip().is_loopback());
    assert_eq!(sim.secret_key(), paynet_sim::DEFAULT_SECRET_KEY);
    assert_eq!(sim.session_key(), paynet_sim::DEFAULT_SESSION_KEY);
    // Keys stay out of Debug output.
    let debug = format!("{sim:?} {:?}", SimConfig::default());
    assert!(
        !debug.contains("sck_sim") && !debug.contains("ssk_sim"),
        "{debug}"
    );
}

#[tokio::test]
async fn listens_on_a_given_port() {
    let first = sim().await;
    let port = first.local_addr().port();
    // The port is taken: a clear error.
    assert!(
        Simulator::start(SimConfig::default().port(port))
            .await
            .is_err()
    );
    first.shutdown().await;
    let sim = Simulator::start(SimConfig::default().port(port))
        .await
        .unwrap();
    assert_eq!(sim.local_addr().port(), port);
    assert_eq!(capture(&sim, "{}").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let sim = sim().await;
    let url = format!("{}/v1/transaction/capture", sim.base_url());
    // Keep a connection open (keep-alive) before stopping.
    let http = client();
    assert_eq!(
        http.post(&url).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    sim.shutdown().await;
    let err = http.post(&url).send().await.unwrap_err();
    assert!(err.is_connect() || err.is_request(), "{err:?}");
    let err = client().post(&url).send().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");

    let sim = Simulator::start(SimConfig::default().slow_delay(Duration::from_secs(30)))
        .await
        .unwrap();
    let url = format!("{}/v1/transaction/capture", sim.base_url());
    // A request in flight when the simulator is dropped gets no answer, at once.
    let in_flight = tokio::spawn({
        let url = url.clone();
        let auth = format!("Basic {}", sim.secret_key());
        async move {
            client()
                .post(url)
                .header("authorization", auth)
                .body(r#"{"reference_no":"SLOW"}"#)
                .send()
                .await
        }
    });
    while sim.request_count("/v1/transaction/capture") == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(sim);
    let err = in_flight.await.unwrap().unwrap_err();
    assert!(!err.is_timeout(), "{err:?}");
    // Dropping does not wait for the server task: give the runtime a moment to end it.
    let mut refused = false;
    for _ in 0..100 {
        if client()
            .post(&url)
            .send()
            .await
            .is_err_and(|e| e.is_connect())
        {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the dropped simulator still accepts connections");
}
