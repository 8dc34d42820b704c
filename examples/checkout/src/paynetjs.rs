//! The Paynet.js checkout, beside the one through the shop's server ([`crate::checkout`]): the
//! card goes from the shopper's browser straight to Paynet, by Paynet's custom-form script
//! (`paynet-custom.js`) on the shop's page. The shop's server never receives a card number: only
//! the `session_id` and `token_id` the script posts to the form's action, with which it asks
//! Paynet to charge (`charge`, under the secret key). This is the integration with the smallest
//! PCI DSS scope.
//!
//! - `GET /orders/{ref}/paynetjs`: the page ([`crate::paynetjs_page`]), with the script and the
//!   order's amount as the script wants it (`data-amount="149,90"`).
//! - `POST /orders/{ref}/paynetjs`: the form's action. The posted `session_id` and `token_id`
//!   say *which* payment, never *whether* it was made: the shop charges it, with the order's
//!   amount and `reference_no`, and Paynet's answer says. An order already paid (the return
//!   posted again, a refresh) is shown, never charged again; an unknown outcome is settled by the
//!   order's page (`check_payment`, then the same `charge` again, which Paynet answers with the
//!   first payment).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use paynet::{ChargeAmount, ChargeRequest, PaymentOutcome, ThreeDReturn};

use crate::Shop;
use crate::checkout::{ShopError, no_such_order, record, to_order};
use crate::html;
use crate::paynetjs_page::paynetjs_form;
use crate::store::OrderState;

/// The Paynet.js routes.
pub fn router(shop: Shop) -> Router {
    Router::new()
        .route("/orders/{reference}/paynetjs", get(page).post(charge))
        .with_state(shop)
}

/// `GET /orders/{ref}/paynetjs`: the Paynet.js form, while the order can be paid.
async fn page(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
) -> Result<Response, ShopError> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    let Some(settings) = shop.paynet_js() else {
        let page = html::message(
            "Paynet.js is not set up",
            "This shop takes cards on its own card form only.",
        );
        return Ok((StatusCode::NOT_FOUND, page).into_response());
    };
    if !order.state.can_pay() {
        return Ok(to_order(&order.reference_no));
    }
    let notice = match order.state {
        OrderState::Declined => Some((
            "error",
            order.note.as_deref().unwrap_or("The payment was declined."),
        )),
        _ => None,
    };
    Ok(paynetjs_form(&order, settings, notice).into_response())
}

/// `POST /orders/{ref}/paynetjs`, the form's action: the script posts `session_id` and
/// `token_id` (`application/x-www-form-urlencoded`); nothing else is read.
async fn charge(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    body: Bytes,
) -> Result<Response, ShopError> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    // Paid, declined-and-retried elsewhere, or being settled: never charge again from here.
    if !order.state.can_pay() {
        tracing::info!(reference_no = %order.reference_no, state = order.state.as_str(), "Paynet.js return again: nothing to do");
        return Ok(to_order(&order.reference_no));
    }
    let not_found = || {
        let page = html::message(
            "Payment not found",
            "Paynet.js sent no payment session. Nothing was charged.",
        );
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    };
    let Ok(back) = ThreeDReturn::from_form(&body) else {
        return not_found();
    };
    let request = ChargeRequest::builder(
        back.session_id(),
        back.token_id(),
        // The amount the page gave the script ("149,90"): the order's, never the page's.
        ChargeAmount::Lira(order.amount),
    )
    .reference_no(&order.reference_no)
    .build();
    let Ok(request) = request else {
        return not_found();
    };
    // Recorded before the call: should the answer never come, the order's page settles it.
    shop.store()
        .started_paynetjs(&order.reference_no, back.session_id(), back.token_id())?;
    let outcome = shop.client().charge(&request).await;
    let instalments = match &outcome {
        Ok(PaymentOutcome::Approved { transaction, .. }) => transaction
            .instalment
            .and_then(|n| u8::try_from(n).ok())
            .filter(|n| *n >= 1),
        _ => None,
    };
    record(&shop, &order, outcome)?;
    if let Some(n) = instalments {
        shop.store().set_instalments(&order.reference_no, n)?;
    }
    // Declined: back to this checkout's page, which says why; otherwise the order's page.
    let declined = shop
        .store()
        .get(&order.reference_no)?
        .is_some_and(|o| o.state == OrderState::Declined);
    if declined {
        let to = format!("/orders/{}/paynetjs", order.reference_no);
        return Ok(Redirect::to(&to).into_response());
    }
    Ok(to_order(&order.reference_no))
}
