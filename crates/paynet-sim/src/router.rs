//! The simulator's HTTP surface: every route to its handler, the middleware that counts requests
//! (and withholds the answers the `LOST` trigger marked), and the answers for unknown paths and
//! methods.

use std::sync::Arc;

use axum::{
    Router,
    extract::{ConnectInfo, Request, State as AxState},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::Response,
    routing::{get, post},
};

use crate::{
    agent, capture, checks, conn::ConnToken, http::Shared, js_form, lists, payments, paypos,
    ratios, refunds, three_d, transaction_services, wire,
};

/// The router of a simulator.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/transaction/capture", post(capture::capture))
        .route("/v1/transaction/check", post(checks::check_payment))
        .route("/v2/transaction/payment", post(payments::pay))
        .route("/v2/transaction/tds_initial", post(three_d::start_3d))
        .route("/v2/transaction/tds_charge", post(three_d::complete_3d))
        .route("/v1/transaction/charge", post(js_form::charge))
        .route("/v1/transaction/detail", post(checks::detail))
        .route(
            "/v1/transaction/reversed_request",
            post(refunds::reversed_request),
        )
        .route(
            "/v1/transaction/preauth_reversal",
            post(refunds::preauth_reversal),
        )
        .route(
            "/v1/transaction/capture_reversal",
            post(refunds::capture_reversal),
        )
        .route("/v1/transaction/list", post(lists::list))
        .route("/v1/transaction/reversal_list", post(lists::reversal_list))
        .route(
            "/v1/transaction/add_info",
            post(transaction_services::add_info),
        )
        .route(
            "/v1/transaction/mark_transferred",
            post(transaction_services::mark_transferred),
        )
        .route(
            "/v1/transaction/escrow_status_update",
            post(transaction_services::escrow_status_update),
        )
        .route(
            "/v1/transaction/payment_list",
            post(transaction_services::payment_list),
        )
        .route("/v1/ratio/Get", post(ratios::ratio_get))
        .route("/v1/ratio/Get_public", post(ratios::public_ratios))
        .route("/v1/ratio/set_type", post(ratios::set_type))
        .route("/v1/ratio/define", post(ratios::define))
        .route("/v1/ratio/delete_type", post(ratios::delete_type))
        .route("/v1/softpos/init_sale_transaction", post(paypos::init_sale))
        .route(
            "/v1/softpos/check_transaction",
            post(paypos::check_transaction),
        )
        .route(
            "/v1/softpos/init_reversal_transaction",
            post(paypos::init_reversal),
        )
        .route("/v1/agent/get_auth_key", post(agent::get_auth_key))
        .route("/v1/agent/logout", post(agent::logout))
        .route("/v1/agent/autologin", post(agent::autologin))
        .route("/v1/agent/check_agent", post(agent::check_agent))
        .route(
            "/v1/agent/check_integration_info",
            post(agent::check_integration_info),
        )
        .route("/sim/autologin", get(agent::panel))
        .route("/sim/3d", get(three_d::tds_page).post(three_d::tds_submit))
        .route("/sim/js_payment", post(js_form::js_payment))
        .route("/sim/banks/{file}", get(ratios::bank_logo))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), count))
        .with_state(shared)
}

/// Counts every request by path; withholds the answer the `LOST` trigger marked.
async fn count(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    shared.lock().record(&path);
    let response = next.run(request).await;
    if conn.0.take_lost_answer() && LOSABLE.contains(&path.as_str()) {
        // Handled, recorded, and the answer never arrives: after the slow delay, the connection
        // is closed without a byte of it.
        tokio::time::sleep(shared.slow_delay).await;
        conn.0.kill();
    }
    response
}

/// The paths whose answer the `LOST` trigger withholds: those that move money (a read's answer
/// is never lost, so that a lookup can settle the lost one).
const LOSABLE: [&str; 11] = [
    "/v1/transaction/capture",
    "/v2/transaction/payment",
    "/v2/transaction/tds_charge",
    "/v1/transaction/charge",
    "/v1/transaction/reversed_request",
    "/v1/transaction/preauth_reversal",
    "/v1/transaction/capture_reversal",
    "/v1/transaction/mark_transferred",
    "/v1/transaction/escrow_status_update",
    "/v1/softpos/init_sale_transaction",
    "/v1/softpos/init_reversal_transaction",
];

/// 404 for paths Paynet does not have.
async fn not_found() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Bu adreste bir servis yok (paynet-sim)",
        12,
    )
}

/// 405 for a method other than POST on a known path.
async fn method_not_allowed() -> Response {
    let mut response = wire::paynet_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid_request_error",
        "Bu servis yalnızca POST isteği kabul eder",
        11,
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}
