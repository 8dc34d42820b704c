//! Stored cards: "remember this card" at checkout, and a returning customer paying with a card
//! Paynet stored, without typing it again.
//!
//! - **Who the customer is.** The example has no sign-in, so the shop knows a customer by a
//!   cookie ([`CUSTOMER_COOKIE`], made the first time they ask to remember a card); a real shop
//!   would use its own sign-in. Per customer the shop keeps one thing: the `card_owner_id` Paynet
//!   answered to their first saved card ([`Store::card_owner`](crate::Store::card_owner)). Paynet
//!   keeps the cards; the shop keeps no card data, not even their tokens.
//! - **Remember this card.** The card form has a box and a name for the card. Ticked, the payment
//!   asks Paynet to save its card when it succeeds ([`SaveCardOptions`]): a customer's first card
//!   under the shop's id for them (`user_unique_id`), later ones under their `card_owner_id`. The
//!   payment's answer says whether the card was saved ([`paynet::CardStorage`]); the shop then
//!   keeps the `card_owner_id` ([`learn_owner`], called when a payment is recorded).
//! - **A returning customer.** The order's page lists their stored cards (`list_cards`: mask,
//!   bank, brand, name) above the card form ([`checkout_page`]); "Pay with this card" is
//!   [`crate::stored_card_payment`]'s.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, Response};
use paynet::{
    CardOwner, Error, ListCardsRequest, PaymentBuilder, SaveCardOptions, StoredCard, Transaction,
};
use serde::Deserialize;

use crate::Shop;
use crate::html::{escape, tl};
use crate::store::Order;

/// The cookie that names the customer.
pub const CUSTOMER_COOKIE: &str = "shop_customer";

/// The customer the browser says it is (its cookie), if any.
pub fn customer(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == CUSTOMER_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The card form's "remember this card" fields.
#[derive(Debug, Default, Deserialize)]
pub struct Remember {
    /// The box (`on` when ticked).
    #[serde(default)]
    pub remember: Option<String>,
    /// The name the shopper gives the card.
    #[serde(default)]
    pub card_desc: Option<String>,
}

/// When the shopper ticked "remember this card": `payment` asks Paynet to save its card for the
/// customer, and the cookie to set comes back for a customer seen for the first time. Refused
/// (an [`Error::InvalidRequest`] naming the field) when the name is too long. Should the order
/// store fail, the card is simply not remembered (logged).
pub fn save_while_paying(
    shop: &Shop,
    headers: &HeaderMap,
    remember: &Remember,
    payment: PaymentBuilder,
) -> Result<(PaymentBuilder, Option<HeaderValue>), Error> {
    if remember.remember.as_deref() != Some("on") {
        return Ok((payment, None));
    }
    let store_failed = |e: crate::store::StoreError| {
        tracing::warn!(error = %e, "order store failed: the card is not remembered");
    };
    let (customer, cookie) = match customer(headers) {
        Some(c) => (c, None),
        None => {
            let Ok(c) = shop.store().new_customer().map_err(store_failed) else {
                return Ok((payment, None));
            };
            let cookie = HeaderValue::from_str(&format!(
                "{CUSTOMER_COOKIE}={c}; Path=/; HttpOnly; SameSite=Lax"
            ))
            .ok();
            (c, cookie)
        }
    };
    let Ok(known) = shop.store().card_owner(&customer).map_err(store_failed) else {
        return Ok((payment, cookie));
    };
    let owner = match known {
        Some(owner) => CardOwner::known(owner)?,
        None => CardOwner::new_customer(customer)?,
    };
    let name = remember.card_desc.clone().unwrap_or_default();
    let save = SaveCardOptions::new(
        owner,
        if name.trim().is_empty() {
            "My card".to_owned()
        } else {
            name
        },
    )?;
    Ok((payment.save_card(save), cookie))
}

/// `response` with the customer's cookie, when there is a new one.
pub fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// After an approved payment: when Paynet saved its card, keep the customer's `card_owner_id`
/// (the customer is the `user_unique_id` the shop gave Paynet).
pub fn learn_owner(shop: &Shop, transaction: &Transaction) {
    let Some(storage) = &transaction.card_storage else {
        return;
    };
    match (
        storage.saved,
        &storage.user_unique_id,
        &storage.card_owner_id,
    ) {
        (Some(true), Some(customer), Some(owner)) => {
            if let Err(e) = shop.store().set_card_owner(customer, owner) {
                tracing::warn!(error = %e, "card owner not recorded");
            } else {
                tracing::info!("card saved for the customer");
            }
        }
        (Some(false), _, _) => {
            tracing::info!(
                reason = storage.save_message.as_deref().unwrap_or(""),
                "card not saved"
            );
        }
        _ => {}
    }
}

/// The customer's `card_owner_id` and stored cards (none for a browser without the cookie, or
/// whose customer has none; a failed list is logged and shows none: the shopper can still type a
/// card).
pub async fn stored_cards(shop: &Shop, headers: &HeaderMap) -> (Option<String>, Vec<StoredCard>) {
    let Some(owner) = customer(headers).and_then(|c| shop.store().card_owner(&c).ok().flatten())
    else {
        return (None, Vec::new());
    };
    let cards = match ListCardsRequest::builder(owner.as_str()).limit(20).build() {
        Ok(request) => match shop.client().list_cards(&request).await {
            Ok(list) => list.cards,
            Err(e) => {
                tracing::warn!(error = %e, "list_cards failed");
                Vec::new()
            }
        },
        Err(_) => Vec::new(),
    };
    (Some(owner), cards)
}

/// The order's card page, with the customer's stored cards above the card form and "remember
/// this card" in it. (The card form is [`crate::html::card_form`]'s: this adds to it, before its
/// `#pay` form and its `#pay-button`.)
pub async fn checkout_page(
    shop: &Shop,
    headers: &HeaderMap,
    order: &Order,
    page: Html<String>,
) -> Html<String> {
    let (_, cards) = stored_cards(shop, headers).await;
    let Html(mut text) = page;
    let remember = "<fieldset id=\"remember-card\"><legend>Next time</legend>\
         <label><input type=\"checkbox\" id=\"remember\" name=\"remember\" value=\"on\"> Remember \
         this card (Paynet keeps it: this shop never stores card data)</label>\
         <label for=\"card_desc\">Name it</label>\
         <input type=\"text\" id=\"card_desc\" name=\"card_desc\" maxlength=\"50\" placeholder=\"My card\">\
         </fieldset>\n";
    if let Some(at) = text.find("<button id=\"pay-button\"") {
        text.insert_str(at, remember);
    }
    if !cards.is_empty()
        && let Some(at) = text.find("<form class=\"card\" id=\"pay\"")
    {
        text.insert_str(at, &saved_cards_form(order, &cards));
    }
    Html(text)
}

/// The customer's stored cards, each a choice, and the button that pays with the one chosen.
fn saved_cards_form(order: &Order, cards: &[StoredCard]) -> String {
    let reference = escape(&order.reference_no);
    let mut choices = String::new();
    for (i, card) in cards.iter().enumerate() {
        let Some(hash) = &card.card_hash else {
            continue;
        };
        let parts: Vec<String> = [
            card.masked_number.clone(),
            card.bank_name.clone(),
            card.brand.clone(),
            card.description.clone(),
        ]
        .into_iter()
        .flatten()
        .map(|p| escape(&p))
        .collect();
        choices.push_str(&format!(
            "<label class=\"stored-card\"><input type=\"radio\" name=\"card_hash\" id=\"stored-{i}\" \
             value=\"{}\"{}> {}</label>\n",
            escape(hash),
            if i == 0 { " checked" } else { "" },
            parts.join(" · ")
        ));
    }
    format!(
        "<form class=\"card\" id=\"stored-cards\" method=\"post\" action=\"/orders/{reference}/pay-stored\">\n\
         <h2>Your saved cards</h2>\n{choices}\
         <button id=\"pay-stored\" type=\"submit\">Pay {} with this card</button>\n\
         <p class=\"hint\">Or type another card below.</p>\n</form>\n",
        tl(order.amount.lira())
    )
}
