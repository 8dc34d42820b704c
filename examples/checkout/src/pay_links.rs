//! Pay by link: the shop creates a Paynet pay link for an order (`create_pay_link`), shows it as a
//! URL and a QR code to send to the customer (by e-mail, SMS or on a screen), and turns the order
//! paid **only after reading the payment back** from Paynet.
//!
//! - `GET /orders/{ref}/pay-link`: the order's link (its URL and QR code), or the form that
//!   creates one. It updates itself until the order is paid, then shows the receipt.
//! - `POST /orders/{ref}/pay-link`: creates the link, with the order's `reference_no` and amount
//!   (never the page's), valid for 72 hours.
//! - `POST /paynet/pay-link-confirmation`: the link's `confirmation_url`, where Paynet posts the
//!   payment as JSON. The post is **not signed**, so it is only a hint: the shop finds its order by
//!   the posted reference, and asks Paynet (`Client::confirm_pay_link`: the payment check by the
//!   order's reference, against the order's own amount). A forged post, however well shaped,
//!   marks nothing paid.
//! - `GET /orders/{ref}/pay-link/return`: the link's `succeed_url` (Paynet appends `xact_id`,
//!   also only a hint): the same read, then the order's page.
//!
//! The link's URL is kept in the shop's database (table `pay_links`, beside the orders).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use paynet::{CreatePayLinkRequest, Error, PayLinkCallback, PayLinkVerdict, Transaction};
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;

use crate::Shop;
use crate::checkout::{ShopError, no_such_order, to_order};
use crate::html::{self, escape, tl};
use crate::store::{Order, Payment, Store, StoreError};

/// Where Paynet posts a paid link's payment (the `confirmation_url`, under the shop's URL).
pub const CONFIRMATION_PATH: &str = "/paynet/pay-link-confirmation";

/// How long a link is valid, in hours.
const LINK_HOURS: i64 = 72;

/// The routes of paying by link.
pub fn router(shop: Shop) -> Router {
    Router::new()
        .route(
            "/orders/{reference}/pay-link",
            get(link_page).post(create_link),
        )
        .route("/orders/{reference}/pay-link/return", get(returned))
        .route(CONFIRMATION_PATH, post(confirmation))
        .with_state(shop)
}

type Result<T, E = ShopError> = std::result::Result<T, E>;

// ---------------------------------------------------------------------------------------------
// The links the shop created, one per order (the latest).

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS pay_links (
    reference_no TEXT PRIMARY KEY,
    url          TEXT NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)";

/// The URL of the order's link, if the shop created one.
pub fn link_of(store: &Store, reference_no: &str) -> Result<Option<String>, StoreError> {
    let conn = store.conn();
    conn.execute_batch(SCHEMA)?;
    conn.query_row(
        "SELECT url FROM pay_links WHERE reference_no = ?1",
        [reference_no],
        |row| row.get(0),
    )
    .optional()
}

fn keep_link(store: &Store, reference_no: &str, url: &str) -> Result<(), StoreError> {
    let conn = store.conn();
    conn.execute_batch(SCHEMA)?;
    conn.execute(
        "INSERT INTO pay_links (reference_no, url) VALUES (?1, ?2) \
         ON CONFLICT (reference_no) DO UPDATE SET url = excluded.url",
        params![reference_no, url],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The page, and creating the link.

#[derive(Deserialize, Default)]
struct PageQuery {
    /// Set by the link's `error_url`: the customer's payment failed.
    #[serde(default)]
    failed: Option<String>,
}

/// `GET /orders/{ref}/pay-link`.
async fn link_page(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    if !order.state.can_pay() {
        return Ok(to_order(&order.reference_no));
    }
    let link = link_of(shop.store(), &order.reference_no)?;
    let notice = query.failed.is_some().then_some(
        "The customer's payment did not go through. Nothing was charged; the link stays open.",
    );
    Ok(page(&order, link.as_deref(), notice, None).into_response())
}

/// The order's pay-link page: the link (URL, QR code) or the form that creates it.
fn page(
    order: &Order,
    link: Option<&str>,
    notice: Option<&str>,
    error: Option<&str>,
) -> axum::response::Html<String> {
    let reference = escape(&order.reference_no);
    let tabs = html::paths(&order.reference_no, false)
        .replace(" class=\"current\"", "")
        .replace(
            "id=\"path-paylink\"",
            "id=\"path-paylink\" class=\"current\"",
        );
    let message = |class: &str, text: Option<&str>| {
        text.map_or_else(String::new, |t| {
            format!(
                "<p class=\"notice {class}\" id=\"notice\" role=\"alert\">{}</p>\n",
                escape(t)
            )
        })
    };
    let body = match link {
        Some(url) => format!(
            "<section class=\"card\" id=\"pay-link\">\n<h2>Send this link to the customer</h2>\n\
             <p><a id=\"pay-link-url\" href=\"{url}\">{url}</a></p>\n\
             <div id=\"pay-link-qr\" style=\"width:220px\">{}</div>\n\
             <p class=\"hint\">Valid for {LINK_HOURS} hours. The customer pays on Paynet's page; \
             this page turns into the receipt once the shop has read the payment back from \
             Paynet. It updates by itself.</p>\n</section>",
            qr_svg(url),
            url = escape(url),
        ),
        None => format!(
            "<form class=\"card\" id=\"create-pay-link\" method=\"post\" \
             action=\"/orders/{reference}/pay-link\">\n\
             <p>The customer pays on Paynet's own page, from a link you send them.</p>\n\
             <label for=\"name_surname\">Customer's name</label>\n\
             <input type=\"text\" id=\"name_surname\" name=\"name_surname\" autocomplete=\"name\" required>\n\
             <label for=\"email\">E-mail (optional: Paynet sends the link)</label>\n\
             <input type=\"text\" id=\"email\" name=\"email\" autocomplete=\"email\">\n\
             <button id=\"create-pay-link-button\" type=\"submit\">Create a pay link</button>\n</form>"
        ),
    };
    html::page(
        "Pay by link",
        &format!(
            "<section class=\"card\">\n<h1>Pay by link</h1>\n\
             <p>{} – <span class=\"amount\" id=\"amount\">{}</span></p>\n\
             <p class=\"hint\">Order <code id=\"reference\">{reference}</code></p>\n</section>\n\
             {tabs}{}{}{body}",
            escape(&order.product),
            tl(order.amount.lira()),
            message("error", error),
            message("wait", notice),
        ),
        link.map(|_| 3),
    )
}

/// The link as a QR code, an inline SVG (empty if the URL is too long for one).
fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(220, 220)
                .build();
            // Inline in HTML: the SVG element, without its XML declaration.
            svg.find("<svg")
                .map_or(svg.clone(), |i| svg[i..].to_owned())
        }
        Err(e) => {
            tracing::warn!(error = %e, "no QR code for the pay link");
            String::new()
        }
    }
}

#[derive(Deserialize)]
struct LinkForm {
    name_surname: String,
    #[serde(default)]
    email: Option<String>,
}

/// `POST /orders/{ref}/pay-link`: creates the link for the order. The amount and the reference
/// are the order's; the customer's name (and e-mail) come from the form and are checked by the
/// SDK before anything is sent.
async fn create_link(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    Form(form): Form<LinkForm>,
) -> Result<Response> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    if !order.state.can_pay() {
        return Ok(to_order(&order.reference_no));
    }
    let here = format!("/orders/{}/pay-link", order.reference_no);
    if link_of(shop.store(), &order.reference_no)?.is_some() {
        return Ok(Redirect::to(&here).into_response());
    }
    let public = shop.public_url();
    let mut request = CreatePayLinkRequest::builder()
        .name_surname(form.name_surname.trim())
        .amount(order.amount)
        .reference_no(&order.reference_no)
        .expire_date(LINK_HOURS)
        .note(format!("{} – order {}", order.product, order.reference_no))
        .agent_note("example shop")
        .succeed_url(format!("{public}{here}/return"))
        .error_url(format!("{public}{here}?failed=1"))
        .confirmation_url(format!("{public}{CONFIRMATION_PATH}"));
    if let Some(email) = form
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        request = request.email(email).send_mail(true);
    }
    let refused = |e: &Error| {
        let text = match e {
            Error::InvalidRequest { field, reason } => format!("{field}: {reason}"),
            Error::Rejected(r) => r
                .message
                .clone()
                .unwrap_or_else(|| "Paynet refused the link.".to_owned()),
            _ => "Paynet could not be reached: please try again.".to_owned(),
        };
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&order, None, None, Some(&text)),
        )
            .into_response()
    };
    let request = match request.build() {
        Ok(r) => r,
        Err(e) => return Ok(refused(&e)),
    };
    let created = match shop.client().create_pay_link(&request).await {
        Ok(created) => created,
        Err(e) => {
            // Not sent again by the SDK once it may have reached Paynet: a lost answer may have
            // made a link; `pay_link_detail` by the reference would tell.
            tracing::warn!(reference_no = %order.reference_no, error = %e, "create_pay_link failed");
            return Ok(refused(&e));
        }
    };
    let Some(url) = created.url.as_ref().map(|u| u.as_str().trim().to_owned()) else {
        return Ok(refused(&Error::InvalidRequest {
            field: "url",
            reason: "Paynet answered no link".to_owned(),
        }));
    };
    keep_link(shop.store(), &order.reference_no, &url)?;
    tracing::info!(reference_no = %order.reference_no, "pay link created");
    Ok(Redirect::to(&here).into_response())
}

// ---------------------------------------------------------------------------------------------
// The payment: a hint (the confirmation post, the return), then the read that decides.

/// Reads the order's payment back from Paynet and records it when confirmed. Safe to repeat.
async fn confirm(shop: &Shop, order: &Order) -> Result<PayLinkVerdict> {
    let verdict = shop
        .client()
        .confirm_pay_link(&order.reference_no, order.amount)
        .await?;
    let reference_no = order.reference_no.as_str();
    match &verdict {
        PayLinkVerdict::Confirmed { transaction } => {
            // Read again: the order may have been paid meanwhile (the other hint, another tab).
            let now = shop.store().get(reference_no)?;
            if now.is_some_and(|o| o.state.can_pay()) {
                tracing::info!(reference_no, "pay link paid: confirmed by reading it back");
                shop.store().paid(reference_no, &payment_of(transaction))?;
                // The instalments the customer chose on Paynet's page, for the receipt.
                if let Some(n) = transaction.instalment.and_then(|n| u8::try_from(n).ok()) {
                    shop.store().conn().execute(
                        "UPDATE orders SET instalments = ?2 WHERE reference_no = ?1",
                        params![reference_no, n],
                    )?;
                }
            }
        }
        PayLinkVerdict::NotFound { declined } => {
            tracing::warn!(
                reference_no,
                declined,
                "pay link hint, but Paynet has no payment: nothing marked paid"
            );
        }
        PayLinkVerdict::Mismatch { transaction, .. } => {
            tracing::error!(
                reference_no,
                amount = ?transaction.amount.map(|a| a.value()),
                expected = %order.amount,
                "pay link paid with another amount: not marked paid, look into it"
            );
        }
    }
    Ok(verdict)
}

/// What the receipt shows of the confirmed sale.
fn payment_of(transaction: &Transaction) -> Payment {
    Payment {
        xact_id: transaction.xact_id.clone(),
        amount: transaction.amount.map(|a| a.value().to_string()),
        card_masked: transaction.card_number_masked.clone(),
        // The payment check reports the bank's code, not its name.
        bank_name: transaction
            .bank_name
            .clone()
            .or_else(|| transaction.bank_id.as_ref().map(|b| b.as_str().to_owned())),
    }
}

/// `POST /paynet/pay-link-confirmation`: Paynet's post (or anyone's). Answers 200 once the read
/// was made (whatever it found), 400 for a body that is not the post's shape, 404 for a
/// reference the shop does not know.
async fn confirmation(State(shop): State<Shop>, body: Bytes) -> Result<Response> {
    let hint = match PayLinkCallback::from_json(&body) {
        Ok(hint) => hint,
        Err(e) => {
            tracing::warn!(error = %e, "unreadable pay link confirmation");
            return Ok(StatusCode::BAD_REQUEST.into_response());
        }
    };
    let Some(order) = shop.store().get(hint.reference_no.trim())? else {
        tracing::warn!("pay link confirmation for an order this shop does not have");
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    if order.state.can_pay() {
        confirm(&shop, &order).await?;
    }
    Ok(StatusCode::OK.into_response())
}

/// `GET /orders/{ref}/pay-link/return?xact_id=..`: the customer is back from Paynet's page. The
/// `xact_id` is not trusted either: the same read, then the order's page.
async fn returned(State(shop): State<Shop>, Path(reference): Path<String>) -> Result<Response> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    if order.state.can_pay() {
        confirm(&shop, &order).await?;
    }
    // The link's page: the receipt once paid, else the link again.
    Ok(Redirect::to(&format!("/orders/{}/pay-link", order.reference_no)).into_response())
}
