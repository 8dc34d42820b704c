//! The prologue every JSON route shares, per credential: the whole body is read, then the
//! credential is checked (a wrong key is refused even when the body is not JSON), then the body is
//! read leniently (a bad body under the right key gets the credential's 400), and only then does
//! the route's own work start.

use crate::support::{Answer, assert_paynet_error, assert_paypos_error, post, sim};

/// A body that is not JSON, and a JSON value no route's body can be read from.
const BAD_BODIES: [&str; 2] = ["nope", r#""text""#];

/// Whether the answer is the refusal of a body that cannot be read.
fn unreadable(a: &Answer) -> bool {
    a.json["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("İstek"))
}

/// `path` without a credential, under a wrong one and under the right one (`headers`), with a body
/// that cannot be read each time.
async fn answers(
    sim: &paynet_sim::Simulator,
    path: &str,
    headers: &[(&str, &str)],
) -> Vec<(Answer, Answer, Answer)> {
    let mut all = Vec::new();
    for body in BAD_BODIES {
        let wrong: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, _)| (*name, "Basic not-the-key"))
            .collect();
        all.push((
            post(sim, path, &[], body).await,
            post(sim, path, &wrong, body).await,
            post(sim, path, headers, body).await,
        ));
    }
    all
}

#[tokio::test]
async fn secret_key_routes_refuse_the_key_before_the_body() {
    let sim = sim().await;
    let auth = format!("Basic {}", sim.secret_key());
    for path in [
        "/v1/transaction/capture",
        "/v1/transaction/preauth_reversal",
        "/v1/mailorder/detail",
        "/v1/card/send_otp",
        "/v1/subscription/list",
    ] {
        for (none, wrong, right) in answers(&sim, path, &[("authorization", &auth)]).await {
            assert_paynet_error(&none, 401, "authorization_error", 7);
            assert_paynet_error(&wrong, 401, "authorization_error", 7);
            assert_paynet_error(&right, 400, "invalid_request_error", 11);
            assert!(unreadable(&right), "{path}: {}", right.text);
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn agent_routes_refuse_the_key_then_the_header_then_the_body() {
    let sim = sim().await;
    let auth = format!("Basic {}", sim.secret_key());
    for path in ["/v1/agent/get_auth_key", "/v1/agent/logout"] {
        for body in BAD_BODIES {
            let no_key = post(&sim, path, &[("paynetmobile", "2")], body).await;
            assert_paynet_error(&no_key, 401, "authorization_error", 7);
            let no_header = post(&sim, path, &[("authorization", &auth)], body).await;
            assert_paypos_error(&no_header, 11);
            assert!(
                no_header.json["message"]
                    .as_str()
                    .unwrap()
                    .contains("PaynetMobile")
            );
            let headers = [("authorization", auth.as_str()), ("paynetmobile", "2")];
            let bad_body = post(&sim, path, &headers, body).await;
            assert_paypos_error(&bad_body, 11);
            assert!(unreadable(&bad_body), "{path}: {}", bad_body.text);
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn softpos_routes_refuse_the_session_key_before_the_body() {
    let sim = sim().await;
    for path in [
        "/v1/softpos/init_sale_transaction",
        "/v1/softpos/check_transaction",
        "/v1/softpos/init_reversal_transaction",
    ] {
        for body in BAD_BODIES {
            assert_paypos_error(&post(&sim, path, &[], body).await, 7);
            let wrong = post(&sim, path, &[("session-key", "ssk_not_a_session")], body).await;
            assert_paypos_error(&wrong, 7);
            let right = post(&sim, path, &[("session-key", sim.session_key())], body).await;
            assert_paypos_error(&right, 11);
            assert!(unreadable(&right), "{path}: {}", right.text);
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn publishable_key_routes_refuse_the_key_before_the_body_and_the_token_after() {
    let sim = sim().await;
    let auth = format!("Basic {}", sim.publishable_key());
    for path in [
        "/v1/ratio/Get_public",
        "/v1/paynetj/auth",
        "/v1/paynetj/check_bin",
        "/v1/paynetj/create_token",
    ] {
        for (none, wrong, right) in answers(&sim, path, &[("authorization", &auth)]).await {
            assert_paynet_error(&none, 401, "authorization_error", 7);
            assert_paynet_error(&wrong, 401, "authorization_error", 7);
            assert_paynet_error(&right, 400, "invalid_request_error", 11);
            assert!(unreadable(&right), "{path}: {}", right.text);
        }
    }
    // The browser wire's `token`, when sent, must be the key too: checked once the body is read.
    let headers = [("authorization", auth.as_str())];
    let wrong_token = post(&sim, "/v1/paynetj/auth", &headers, r#"{"token":"pk_x"}"#).await;
    assert_paynet_error(&wrong_token, 401, "authorization_error", 7);
    let public = post(
        &sim,
        "/v1/ratio/Get_public",
        &headers,
        r#"{"token":"pk_x"}"#,
    )
    .await;
    assert_eq!(public.status.as_u16(), 200, "{}", public.text);
    sim.shutdown().await;
}

#[tokio::test]
async fn the_form_route_needs_no_key_but_a_readable_body() {
    let sim = sim().await;
    for body in BAD_BODIES {
        let a = post(&sim, "/sim/js_payment", &[], body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
        assert!(unreadable(&a), "{}", a.text);
    }
    sim.shutdown().await;
}
