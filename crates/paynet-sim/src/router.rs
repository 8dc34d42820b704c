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
    agent, capture, checks, conn::ConnToken, cors, http::Shared, js_form, lists, payments, paynetj,
    paynetj_pages, paypos, ratios, refunds, scripts, three_d, transaction_services, wire,
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
        .route("/v1/mailorder/create", post(crate::pay_links::create))
        .route("/v1/mailorder/detail", post(crate::pay_links::detail))
        .route("/v1/mailorder/list", post(crate::pay_links::list))
        .route(
            "/v1/mailorder/status_update",
            post(crate::pay_links::status_update),
        )
        .route(
            "/sim/paylink/{token}",
            get(crate::pay_link_page::show).post(crate::pay_link_page::pay),
        )
        .route(
            "/sim/paylink/{token}/instalments",
            get(crate::pay_link_page::instalments),
        )
        .route(
            "/sim/paylink/{token}/3d",
            post(crate::pay_link_page::three_d_return),
        )
        .route("/v1/card/save", post(crate::stored_cards::save))
        .route("/v1/card/list", post(crate::stored_cards::list))
        .route(
            "/v1/card/desc_update",
            post(crate::stored_cards::desc_update),
        )
        .route("/v1/card/delete", post(crate::stored_cards::delete))
        .route("/v1/card/send_otp", post(crate::stored_cards::send_otp))
        .route("/v1/card/check_otp", post(crate::stored_cards::check_otp))
        .route("/sim/autologin", get(agent::panel))
        .route("/sim/3d", get(three_d::tds_page).post(three_d::tds_submit))
        .route("/sim/js_payment", post(js_form::js_payment))
        .route("/sim/banks/{file}", get(ratios::bank_logo))
        .merge(subscription_routes())
        .route("/v1/paynetj/auth", post(paynetj::auth))
        .route("/v1/paynetj/check_bin", post(paynetj::check_bin))
        .route("/v1/paynetj/create_token", post(paynetj::create_token))
        .route("/v1/paynetj/check_card_bin", post(paynetj::check_card_bin))
        .route(
            "/v1/paynetj/create_card_token",
            post(paynetj::create_card_token),
        )
        .route("/public/js/paynet.js", get(scripts::button_script))
        .route("/public/js/paynet.min.js", get(scripts::button_script))
        .route("/public/js/paynet-custom.js", get(scripts::custom_script))
        .route("/sim/paynetj/form", get(paynetj_pages::card_form))
        .route("/sim/paynetj/form.js", get(scripts::card_form_script))
        .route(
            paynetj::TDS_PAGE_PATH,
            get(paynetj_pages::tds_page).post(paynetj_pages::tds_submit),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(cors::any_origin))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), count))
        .with_state(shared)
}

/// The subscription routes (`v1/subscription/*`: the index's misspelt `v1/subcription/amount_update`
/// and the old page's `manual_charge` too), the subscription's page, and the clock.
fn subscription_routes() -> Router<Arc<Shared>> {
    use crate::{subscription_cards as cards, subscription_page as page, subscriptions as subs};
    Router::new()
        .route("/v1/subscription/create", post(subs::create))
        .route("/v1/subscription/subscription_detail", post(subs::detail))
        .route("/v1/subscription/list", post(subs::list))
        .route("/v1/subscription/status_update", post(subs::status_update))
        .route("/v1/subscription/amount_update", post(subs::amount_update))
        .route("/v1/subcription/amount_update", post(subs::amount_update))
        .route(
            "/v1/subscription/plan_amount_update",
            post(subs::plan_amount_update),
        )
        .route("/v1/subscription/send_again", post(subs::send_again))
        .route("/v1/subscription/card_info_list", post(cards::card_list))
        .route(
            "/v1/subscription/card_info_label_update",
            post(cards::label_update),
        )
        .route("/v1/subscription/card_info_delete", post(cards::delete))
        .route(
            "/v1/subscription/card_info_link_to_subscription",
            post(cards::link),
        )
        .route("/v1/subscription/card_info_arrange", post(cards::arrange))
        .route("/v1/subscription/card_info_filter", post(cards::filter))
        .route(
            "/v1/subscription/create_card_tds_initial",
            post(cards::tds_initial),
        )
        .route(
            "/v1/subscription/create_card_tds_confirm",
            post(cards::tds_confirm),
        )
        .route(
            "/v1/subscription/create_invoice",
            post(subs::create_invoice),
        )
        .route("/v1/subscription/invoice_list", post(subs::invoice_list))
        .route(
            "/v1/subscription/invoice_status_update",
            post(subs::invoice_status_update),
        )
        .route(
            "/v1/subscription/invoice_amount_update",
            post(subs::invoice_amount_update),
        )
        .route(
            "/v1/subscription/invoices_status_update_all",
            post(subs::invoices_status_update_all),
        )
        .route(
            "/v1/subscription/invoice_attempt_list",
            post(subs::invoice_attempt_list),
        )
        .route("/v1/subscription/manuel_charge", post(subs::manual_charge))
        .route("/v1/subscription/manual_charge", post(subs::manual_charge))
        .route(
            "/sim/subscription/{token}",
            get(page::show).post(page::add_card),
        )
        .route("/sim/subscription/{token}/return", post(page::returned))
        .route("/sim/clock/advance", post(subs::advance_clock))
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

/// The paths whose answer the `LOST` trigger withholds: those that move money or change state (a
/// read's answer is never lost, so that a lookup can settle the lost one).
const LOSABLE: [&str; 15] = [
    "/v1/card/save",
    "/v1/card/desc_update",
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
    "/v1/subscription/manuel_charge",
    "/v1/subscription/manual_charge",
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
