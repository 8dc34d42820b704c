//! The documented triggers for unhappy paths.

use std::{
    io::{Read, Write},
    net::TcpStream,
    time::Duration,
};

use paynet_sim::{PRE_AUTH_250_XACT_ID, SimConfig, Simulator, triggers};
use reqwest::{Client, StatusCode};

use crate::support::{Answer, agent, capture, client, sim, softpos};

const CAPTURE: &str = "/v1/transaction/capture";

#[tokio::test]
async fn decline_by_reference_or_amount() {
    let sim = sim().await;
    for body in [
        format!(
            r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","reference_no":"DECLINE-1","amount":"1000"}}"#
        ),
        format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"9999"}}"#),
        // Without a known pre-authorisation: the bank still declines (handy for demos).
        r#"{"reference_no":"DECLINE"}"#.to_owned(),
    ] {
        let a = capture(&sim, &body).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(a.json["is_succeed"], false);
        assert_eq!(a.json["code"], 1);
        assert_eq!(a.json["object_name"], "transaction");
        assert_eq!(a.json["bank_error_id"], triggers::BANK_DECLINE_ERROR_ID);
        assert_eq!(a.json["bank_error_message"], "Red-Onaylanmadı");
        assert!(!a.json["bank_error_short_desc"].as_str().unwrap().is_empty());
        assert!(!a.json["bank_error_long_desc"].as_str().unwrap().is_empty());
        assert_eq!(a.json["authorization_code"], "");
    }
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(25_000)
    );
    // A decline is not a successful capture: the reference can be used again.
    let a = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"9999","reference_no":"X"}}"#),
    )
    .await;
    assert_eq!(a.json["code"], 1);
    let a = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"100","reference_no":"X"}}"#),
    )
    .await;
    assert_eq!(a.json["code"], 0);
}

#[tokio::test]
async fn slow_answers_after_the_configured_delay() {
    let sim = Simulator::start(SimConfig::default().slow_delay(Duration::from_millis(300)))
        .await
        .unwrap();
    let body =
        format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","reference_no":"SLOW-1","amount":"100"}}"#);
    let impatient = Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = impatient
        .post(format!("{}{CAPTURE}", sim.base_url()))
        .header("authorization", format!("Basic {}", sim.secret_key()))
        .body(body.clone())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");

    // A patient client gets the normal answer.
    let a = capture(&sim, &body.replace("SLOW-1", "SLOW-2")).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    // The same for a softpos call.
    let err = impatient
        .post(format!(
            "{}/v1/softpos/init_sale_transaction",
            sim.base_url()
        ))
        .header("session-key", sim.session_key())
        .body(r#"{"amount":1,"reference_no":"SLOW"}"#)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn fail500_is_an_html_page() {
    let sim = sim().await;
    let answers = [
        capture(&sim, r#"{"reference_no":"FAIL500"}"#).await,
        softpos(
            &sim,
            "/v1/softpos/init_sale_transaction",
            r#"{"amount":1,"reference_no":"FAIL500-x"}"#,
        )
        .await,
        softpos(
            &sim,
            "/v1/softpos/check_transaction",
            r#"{"payment_session_id":"FAIL500"}"#,
        )
        .await,
        agent(
            &sim,
            "/v1/agent/get_auth_key",
            r#"{"agent_id":"20005","user_id":"FAIL500"}"#,
        )
        .await,
        agent(&sim, "/v1/agent/logout", r#"{"session_key":"FAIL500"}"#).await,
    ];
    for a in answers {
        assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            a.content_type.starts_with("text/html"),
            "{}",
            a.content_type
        );
        assert!(a.text.contains("<html>"), "{}", a.text);
        assert!(a.json.is_null());
    }
    assert!(sim.pending_sales().is_empty());
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let sim = sim().await;
    let err = client()
        .post(format!("{}{CAPTURE}", sim.base_url()))
        .header("authorization", format!("Basic {}", sim.secret_key()))
        .body(format!(
            r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","reference_no":"DROP-1"}}"#
        ))
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_timeout(), "{err:?}");
    assert!(err.status().is_none(), "{err:?}");
    assert_eq!(sim.request_count(CAPTURE), 1);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(25_000)
    );

    // On a raw socket: the request goes out, and not one byte comes back before EOF.
    let addr = sim.local_addr();
    let key = sim.secret_key().to_owned();
    let received = tokio::task::spawn_blocking(move || {
        let mut socket = TcpStream::connect(addr).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let body = r#"{"amount":1,"reference_no":"DROP"}"#;
        let _ = key;
        write!(
            socket,
            "POST /v1/softpos/init_sale_transaction HTTP/1.1\r\nHost: sim\r\n\
             Session-Key: ssk_sim_session_key\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut received = Vec::new();
        // EOF or a reset, but never a timeout (WouldBlock / TimedOut).
        match socket.read_to_end(&mut received) {
            Ok(_) => {}
            Err(e) => assert!(
                matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
                ),
                "{e:?}"
            ),
        }
        received
    })
    .await
    .unwrap();
    assert!(
        received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );
    assert!(sim.pending_sales().is_empty());

    // The simulator goes on serving.
    let a = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"100"}}"#),
    )
    .await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    // Other endpoints drop too.
    for (path, body) in [
        (
            "/v1/softpos/check_transaction",
            r#"{"payment_session_id":"DROP"}"#,
        ),
        ("/v1/agent/logout", r#"{"session_key":"DROP"}"#),
    ] {
        let err = client()
            .post(format!("{}{path}", sim.base_url()))
            .header("authorization", format!("Basic {}", sim.secret_key()))
            .header("paynetmobile", "2")
            .header("session-key", sim.session_key())
            .body(body)
            .send()
            .await
            .unwrap_err();
        assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    }
}

#[tokio::test]
async fn triggers_need_valid_credentials_first() {
    let sim = sim().await;
    let a = crate::support::post(&sim, CAPTURE, &[], r#"{"reference_no":"DROP"}"#).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a: Answer = crate::support::post(
        &sim,
        "/v1/softpos/init_sale_transaction",
        &[],
        r#"{"amount":1,"reference_no":"FAIL500"}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}
