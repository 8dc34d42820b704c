//! Paying an order with one of the customer's stored cards ([`crate::stored_cards`]): "Pay with
//! this card" (`POST /orders/{ref}/pay-stored`) pays by `card_hash` and `card_owner_id` with the
//! order's `reference_no`: directly (`pay`; Paynet allows it to merchants it permitted) and, when
//! Paynet answers that the card needs 3-D Secure (result code 16, nothing charged), through the
//! bank's 3-D page (`start_3d`, then the checkout's usual return). A card hash is accepted only
//! if it is one of the customer's own cards.

use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use paynet::{CardHash, Error, PaymentRequest, ResultCode, Start3dRequest};
use serde::Deserialize;

use crate::Shop;
use crate::checkout::{RETURN_PATH, ShopError, no_such_order, record, to_order};
use crate::stored_cards::stored_cards;

/// The route: paying an order with one of the customer's stored cards.
pub fn router(shop: Shop) -> Router {
    Router::new()
        .route("/orders/{reference}/pay-stored", post(pay_stored))
        .with_state(shop)
}

/// The stored card the shopper chose.
#[derive(Debug, Deserialize)]
struct StoredChoice {
    card_hash: String,
}

/// `POST /orders/{ref}/pay-stored`: pays the order with one of the customer's stored cards:
/// directly, or through the bank's 3-D page when the card needs it.
async fn pay_stored(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(choice): Form<StoredChoice>,
) -> Result<Response, ShopError> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    if !order.state.can_pay() {
        return Ok(to_order(&order.reference_no));
    }
    // Only the customer's own cards: the hash must be in their list.
    let (owner, cards) = stored_cards(&shop, &headers).await;
    let Some(owner) = owner.filter(|_| {
        cards
            .iter()
            .any(|c| c.card_hash.as_deref() == Some(choice.card_hash.as_str()))
    }) else {
        tracing::warn!(reference_no = %order.reference_no, "a stored card that is not the customer's");
        return Ok(to_order(&order.reference_no));
    };
    let payment = PaymentRequest::builder(
        order.amount,
        &order.reference_no,
        CardHash::new(choice.card_hash)?,
    )
    .card_owner_id(owner)
    .description(&order.product)
    .build()?;
    match shop.client().pay(&payment).await {
        // The card needs 3-D Secure: the bank's page, then the usual return.
        Err(Error::Rejected(r)) if r.code == Some(ResultCode::Paynetj3dError) => {
            let start =
                Start3dRequest::new(payment, format!("{}{RETURN_PATH}", shop.public_url()))?;
            let session = shop.client().start_3d(&start).await?;
            shop.store().started_3d(
                &order.reference_no,
                &session.session_id,
                &session.token_id,
                1,
            )?;
            tracing::info!(reference_no = %order.reference_no, "stored card needs 3-D: shopper sent to the bank");
            match session.post_url {
                Some(url) => Ok(Redirect::to(&url).into_response()),
                None => Ok(crate::html::page(
                    "Redirecting to your bank",
                    session.html_content.as_deref().unwrap_or_default(),
                    None,
                )
                .into_response()),
            }
        }
        outcome => {
            record(&shop, &order, outcome)?;
            Ok(to_order(&order.reference_no))
        }
    }
}
