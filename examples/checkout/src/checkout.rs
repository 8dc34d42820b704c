//! The checkout, one handler per step. Each handler reads the shop's own record of the order
//! first, talks to Paynet only through the SDK's facade (`paynet`), and writes what it learnt
//! before answering the browser.

use std::fmt;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use paynet::{
    Card, ChargeAmount, ChargeRequest, CheckPaymentRequest, Complete3dRequest, Error,
    PaymentOutcome, PaymentRequest, RatiosRequest, RefundDecision, RefundListRequest,
    RefundRequest, RefundStatus, ResultCode, Start3dRequest, ThreeDReturn, Transaction,
    TransactionRef, TransactionType, turkish_today,
};
use serde::{Deserialize, Serialize};

use crate::Shop;
use crate::html;
use crate::store::{Checkout, Order, OrderState, Payment, StoreError};

/// Where the bank's 3-D page posts the shopper back (the `return_url`, under the shop's public
/// URL).
pub const RETURN_PATH: &str = "/paynet/3d-return";

/// Where Paynet posts its decision on a refund (`succeedUrl`), followed by the order's
/// reference.
pub const REFUND_DECISION_PATH: &str = "/paynet/refund-decision";

/// The shop's routes.
pub fn router(shop: Shop) -> Router {
    Router::new()
        .route("/", get(product_page))
        .route("/orders", get(order_list).post(create_order))
        .route("/orders/{reference}", get(order_page))
        .route("/orders/{reference}/instalments", get(instalments))
        .route("/orders/{reference}/pay", post(pay))
        .route("/orders/{reference}/refund", post(refund))
        .route(RETURN_PATH, post(three_d_return))
        .route(
            &format!("{REFUND_DECISION_PATH}/{{reference}}"),
            post(refund_decision),
        )
        .with_state(shop)
}

/// A failure the shopper can do nothing about: logged, and answered with a 500 page.
#[derive(Debug)]
pub enum ShopError {
    /// The order store failed.
    Store(StoreError),
    /// A Paynet call failed where the shop has no better answer. The SDK's errors never carry a
    /// key nor card data, so they can be logged.
    Paynet(Error),
}

impl fmt::Display for ShopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShopError::Store(e) => write!(f, "order store: {e}"),
            ShopError::Paynet(e) => write!(f, "paynet: {e}"),
        }
    }
}

impl From<StoreError> for ShopError {
    fn from(e: StoreError) -> Self {
        ShopError::Store(e)
    }
}

impl From<Error> for ShopError {
    fn from(e: Error) -> Self {
        ShopError::Paynet(e)
    }
}

impl IntoResponse for ShopError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self, "request failed");
        let page = html::message("Something went wrong", "Please try again in a moment.");
        (StatusCode::INTERNAL_SERVER_ERROR, page).into_response()
    }
}

type Result<T, E = ShopError> = std::result::Result<T, E>;

/// The order's page (`303 See Other`, so that a refresh never re-posts a form).
pub(crate) fn to_order(reference_no: &str) -> Response {
    Redirect::to(&format!("/orders/{reference_no}")).into_response()
}

pub(crate) fn no_such_order() -> Response {
    let page = html::message("Order not found", "There is no order with this reference.");
    (StatusCode::NOT_FOUND, page).into_response()
}

// ---------------------------------------------------------------------------------------------
// Step 1: the product page, and the order.

async fn product_page(State(shop): State<Shop>) -> Html<String> {
    let product = shop.product();
    html::product(&product.name, product.price)
}

/// "Buy now": the order is recorded, with its `reference_no`, before any card is typed. Every
/// payment attempt for it will carry that reference: Paynet then never makes two successful
/// payments for one order (it answers a second with result code 100), and the SDK can look a
/// lost answer up by it.
async fn create_order(State(shop): State<Shop>) -> Result<Response> {
    let product = shop.product();
    let order = shop.store().create(&product.name, product.price)?;
    tracing::info!(reference_no = %order.reference_no, amount = %order.amount, "order created");
    Ok(to_order(&order.reference_no))
}

async fn order_list(State(shop): State<Shop>) -> Result<Html<String>> {
    Ok(html::orders(&shop.store().all()?))
}

// ---------------------------------------------------------------------------------------------
// Step 2: the order's page: the card form until it is paid, the receipt after.

async fn order_page(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let Some(mut order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    // What the shop does not know yet, it asks Paynet before showing anything.
    match order.state {
        OrderState::Unknown => order = settle_payment(&shop, order).await?,
        OrderState::RefundRequested => order = settle_refund(&shop, order).await?,
        _ => {}
    }
    let page = match order.state {
        state if state.is_paid() => html::receipt(&order),
        OrderState::Unknown => html::waiting(
            &order,
            order
                .note
                .as_deref()
                .unwrap_or("Paynet has not confirmed the payment yet."),
        ),
        OrderState::AwaitingBank => html::card_form(
            &order,
            Some((
                "wait",
                "Your bank's page was not completed, so nothing was charged. You can try again.",
            )),
        ),
        OrderState::Declined => html::card_form(
            &order,
            Some((
                "error",
                order.note.as_deref().unwrap_or("The payment was declined."),
            )),
        ),
        _ => html::card_form(&order, None),
    };
    // A card form: with the customer's stored cards and "remember this card".
    let page = if order.state.can_pay() {
        crate::stored_cards::checkout_page(&shop, &headers, &order, page).await
    } else {
        page
    };
    Ok(page.into_response())
}

// ---------------------------------------------------------------------------------------------
// Step 3: the instalment options, as the shopper types the card number.

#[derive(Deserialize)]
struct BinQuery {
    bin: String,
}

/// What the card form's script shows: the bank, and each option already formatted.
#[derive(Serialize)]
struct Instalments {
    bank: String,
    options: Vec<InstalmentChoice>,
}

#[derive(Serialize)]
struct InstalmentChoice {
    count: i64,
    label: String,
    instalment: String,
    total: String,
}

/// `GET /orders/{ref}/instalments?bin=435508`: Paynet's ratio table (`ratio/Get`) for the card's
/// bank, computed for **the order's** amount. The call is made here, on the server, with the
/// secret key; the browser only ever sees the options. The BIN (the first 6 digits) identifies a
/// bank, not a card.
async fn instalments(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    Query(query): Query<BinQuery>,
) -> Result<Response> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    let Ok(request) = RatiosRequest::for_card(query.bin, order.amount) else {
        return Ok((StatusCode::BAD_REQUEST, "bin: the card's first 6 digits").into_response());
    };
    let table = match shop.client().ratios(&request).await {
        Ok(table) => table,
        Err(e) => {
            // The shopper can still pay in one go: no options is not an error for them.
            tracing::warn!(error = %e, "ratio/Get failed");
            return Ok(Json(Instalments {
                bank: String::new(),
                options: Vec::new(),
            })
            .into_response());
        }
    };
    // An unknown BIN is an empty table: a single payment only.
    let Some(bank) = table.banks.first() else {
        return Ok(Json(Instalments {
            bank: String::new(),
            options: Vec::new(),
        })
        .into_response());
    };
    let money =
        |a: Option<paynet::ReportedAmount>| a.map(|a| html::tl(a.value())).unwrap_or_default();
    let options = bank
        .options
        .iter()
        .filter_map(|o| {
            let count = o.count.filter(|n| (1..=12).contains(n))?;
            Some(InstalmentChoice {
                count,
                label: o
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("{count} x")),
                instalment: money(o.instalment_amount),
                total: money(o.total),
            })
        })
        .collect();
    Ok(Json(Instalments {
        bank: bank.bank_name.clone().unwrap_or_default(),
        options,
    })
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// Step 4: pay: start 3-D Secure and send the shopper to the bank's page.

/// The card form's fields. They live for one request: turned into a [`Card`], which the SDK
/// wipes when dropped. No `Debug` that could print them.
#[derive(Deserialize)]
struct CardForm {
    card_number: String,
    expiry: String,
    cvc: String,
    holder: String,
    #[serde(default)]
    instalments: Option<u8>,
    /// "Remember this card" (`on`), and the name given to it.
    #[serde(default)]
    remember: Option<String>,
    #[serde(default)]
    card_desc: Option<String>,
}

impl fmt::Debug for CardForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardForm")
            .field("instalments", &self.instalments)
            .finish_non_exhaustive()
    }
}

/// `POST /orders/{ref}/pay`: checks the card (nothing is sent if it is mistyped), starts the 3-D
/// payment (`tds_initial`: no money moves yet) and sends the shopper to the bank.
async fn pay(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CardForm>,
) -> Result<Response> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    // Paid, or being settled: never start another payment for the order.
    if !order.state.can_pay() {
        return Ok(to_order(&order.reference_no));
    }
    let instalments = form.instalments.unwrap_or(1);
    let remember = crate::stored_cards::Remember {
        remember: form.remember,
        card_desc: form.card_desc,
    };
    let card = match Card::new(form.card_number, &form.expiry, form.cvc, form.holder) {
        Ok(card) => card,
        Err(e) => return Ok(form_again(&order, &e)),
    };
    // The amount comes from the order, never from the page.
    let mut payment = PaymentRequest::builder(order.amount, &order.reference_no, card)
        .description(&order.product);
    if instalments > 1 {
        payment = payment.instalment(instalments);
    }
    // "Remember this card": Paynet saves it when the payment succeeds.
    let (payment, cookie) =
        match crate::stored_cards::save_while_paying(&shop, &headers, &remember, payment) {
            Ok(saving) => saving,
            Err(e) => return Ok(form_again(&order, &e)),
        };
    let start = match payment
        .build()
        .and_then(|p| Start3dRequest::new(p, format!("{}{RETURN_PATH}", shop.public_url())))
    {
        Ok(start) => start,
        Err(e) => return Ok(form_again(&order, &e)),
    };
    let session = match shop.client().start_3d(&start).await {
        Ok(session) => session,
        Err(e) => {
            tracing::warn!(reference_no = %order.reference_no, error = %e, "tds_initial failed");
            return Ok(form_again(&order, &e));
        }
    };
    drop(start); // the card's last copy: wiped now

    // Remember the session: the return handler finds the order by it.
    shop.store().started_3d(
        &order.reference_no,
        &session.session_id,
        &session.token_id,
        instalments,
    )?;
    tracing::info!(reference_no = %order.reference_no, instalments, "3-D started, shopper sent to the bank");
    // Redirect to the bank's page; or, when Paynet sent the page itself, show it (it posts the
    // shopper on by itself). A new customer's cookie goes with it.
    let response = match (session.post_url, session.html_content) {
        (Some(url), _) => Ok(Redirect::to(&url).into_response()),
        (None, Some(content)) => {
            Ok(html::page("Redirecting to your bank", &content, None).into_response())
        }
        (None, None) => {
            shop.store().set_state(
                &order.reference_no,
                OrderState::Declined,
                Some("Paynet gave no 3-D Secure page. Nothing was charged."),
            )?;
            Ok(to_order(&order.reference_no))
        }
    };
    response.map(|r| crate::stored_cards::with_cookie(r, cookie))
}

/// The card form again, with what was wrong. The card fields are *not* filled in again.
fn form_again(order: &Order, error: &Error) -> Response {
    let text = shopper_message(error);
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        html::card_form(order, Some(("error", &text))),
    )
        .into_response()
}

/// What to tell the shopper about a refused card or payment.
fn shopper_message(error: &Error) -> String {
    match error {
        Error::InvalidRequest { field, reason } => {
            let name = match *field {
                "pan" => "card number",
                "expiry" => "expiry date",
                "cvc" => "CVC",
                "card_holder" => "name on the card",
                other => other,
            };
            format!("Please check the {name}: it {reason}.")
        }
        Error::Rejected(r) => r
            .message
            .clone()
            .unwrap_or_else(|| "Paynet refused the payment.".to_owned()),
        _ => "Paynet could not be reached. Nothing was charged: please try again.".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Step 5: the return from the bank's page: finish the payment, exactly once.

/// `POST /paynet/3d-return`, the `return_url`: the bank's page posts `session_id` and
/// `token_id` here (`application/x-www-form-urlencoded`).
///
/// 1. Read the two ids. They say *which* payment, never *whether* it succeeded.
/// 2. Find the order the shop started that session for (the session id and its token must both
///    match). An unknown pair gets a 404 and Paynet is not called.
/// 3. The shop's record first: an order already paid or declined was finished by an earlier
///    return (a refresh, the back button, a double submit): show it, call nothing.
/// 4. Otherwise finish it with `tds_charge` (`complete_3d`), giving the order's `reference_no`:
///    if the answer is lost, the SDK looks the payment up by it. Record the outcome, then send
///    the browser to the order's page (`303`), so that reloading that page never posts again.
async fn three_d_return(State(shop): State<Shop>, body: Bytes) -> Result<Response> {
    let Ok(back) = ThreeDReturn::from_form(&body) else {
        let page = html::message(
            "Payment not found",
            "The bank's page sent no payment session.",
        );
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    };
    let Some(order) = shop
        .store()
        .by_session(back.session_id(), back.token_id())?
    else {
        tracing::warn!("3-D return for a session this shop did not start");
        let page = html::message(
            "Payment not found",
            "This payment session is not known here.",
        );
        return Ok((StatusCode::NOT_FOUND, page).into_response());
    };
    if !matches!(order.state, OrderState::AwaitingBank | OrderState::Unknown) {
        tracing::info!(reference_no = %order.reference_no, state = order.state.as_str(), "3-D return again: nothing to do");
        return Ok(to_order(&order.reference_no));
    }
    let request = Complete3dRequest::new(&back).reference_no(&order.reference_no)?;
    let outcome = shop.client().complete_3d(&request).await;
    record(&shop, &order, outcome)?;
    Ok(to_order(&order.reference_no))
}

/// Writes what Paynet said about the order's payment (through either checkout).
pub(crate) fn record(
    shop: &Shop,
    order: &Order,
    outcome: Result<PaymentOutcome, Error>,
) -> Result<()> {
    let store = shop.store();
    let reference_no = order.reference_no.as_str();
    match outcome {
        Ok(PaymentOutcome::Approved {
            transaction,
            replayed,
            reconciled,
            ..
        }) => {
            // `replayed`: result code 100, Paynet already had this order's payment and returned
            // it (a racing second return): no money moved again. `reconciled`: the answer was
            // lost and the SDK found the payment by the reference.
            tracing::info!(reference_no, replayed, reconciled, "paid");
            check_is_this_order(order, &transaction);
            store.paid(reference_no, &payment_of(&transaction))?;
            crate::stored_cards::learn_owner(shop, &transaction);
        }
        Ok(PaymentOutcome::Declined { transaction, .. }) => {
            let reason = transaction
                .bank_error
                .as_ref()
                .or(transaction.paynet_error.as_ref())
                .and_then(|e| e.message.clone())
                .unwrap_or_else(|| "no reason given".to_owned());
            tracing::info!(reference_no, %reason, "declined");
            let note = format!("Your bank declined the payment ({reason}). Nothing was charged.");
            store.set_state(reference_no, OrderState::Declined, Some(&note))?;
        }
        Err(Error::Rejected(r)) if r.code == Some(ResultCode::Paynetj3dError) => {
            tracing::info!(reference_no, "3-D Secure verification failed");
            let note = "The 3-D Secure check with your bank failed or was cancelled. Nothing was \
                        charged.";
            store.set_state(reference_no, OrderState::Declined, Some(note))?;
        }
        Err(Error::Rejected(r)) => {
            tracing::warn!(reference_no, error = %r, "tds_charge refused");
            let note = format!(
                "Paynet refused the payment ({}). Nothing was charged.",
                r.message.as_deref().unwrap_or("no reason given")
            );
            store.set_state(reference_no, OrderState::Declined, Some(&note))?;
        }
        Err(e) => {
            // Unknown (the charge may have happened), or Paynet was not reached: either way the
            // order's page asks Paynet again before anything else happens.
            tracing::warn!(reference_no, error = %e, unknown = e.needs_reconciliation(), "outcome not known");
            store.set_state(
                reference_no,
                OrderState::Unknown,
                Some("We are confirming your payment with Paynet."),
            )?;
        }
    }
    Ok(())
}

/// What the receipt shows of an approved transaction.
fn payment_of(transaction: &Transaction) -> Payment {
    Payment {
        xact_id: transaction.xact_id.clone(),
        amount: transaction.amount.map(|a| a.value().to_string()),
        card_masked: transaction.card_number_masked.clone(),
        bank_name: transaction.bank_name.clone(),
    }
}

/// Paynet's answer should be this order's payment: its reference and amount. A mismatch is
/// logged for the back office (the money did move: the receipt shows what Paynet reported).
fn check_is_this_order(order: &Order, transaction: &Transaction) {
    if let Some(other) = transaction
        .reference_no
        .as_deref()
        .filter(|r| !r.is_empty() && *r != order.reference_no)
    {
        tracing::error!(reference_no = %order.reference_no, other, "Paynet answered with another order's payment");
    }
    if let Some(amount) = transaction.amount
        && amount.value() != order.amount.lira()
    {
        tracing::error!(reference_no = %order.reference_no, %amount, expected = %order.amount, "amount differs");
    }
}

/// An order whose outcome is unknown: ask Paynet, safely.
///
/// First a read (`check_payment` by the order's `reference_no`): a successful sale there settles
/// it. Otherwise the shop finishes the session again (`tds_charge`, or `charge` for a Paynet.js
/// order): that is safe, because Paynet charges a session at most once (a second call returns
/// the first one's transaction) and never makes a second successful payment with the same
/// `reference_no` (result code 100).
async fn settle_payment(shop: &Shop, order: Order) -> Result<Order> {
    let lookup = CheckPaymentRequest::new(TransactionRef::reference_no(&order.reference_no)?)?;
    match shop.client().check_payment(&lookup).await {
        Ok(found) => {
            let paid = found.transactions.iter().rev().find(|t| {
                t.is_succeed == Some(true)
                    && t.transaction_type
                        .is_none_or(|k| k == TransactionType::Sale)
            });
            if let Some(transaction) = paid {
                tracing::info!(reference_no = %order.reference_no, "settled: paid");
                shop.store()
                    .paid(&order.reference_no, &payment_of(transaction))?;
            } else if let (Some(session_id), Some(token_id)) = (&order.session_id, &order.token_id)
            {
                // The same session again: Paynet charges a session at most once.
                let outcome = if order.checkout == Some(Checkout::PaynetJs) {
                    let request = ChargeRequest::builder(
                        session_id,
                        token_id,
                        ChargeAmount::Lira(order.amount),
                    )
                    .reference_no(&order.reference_no)
                    .build()?;
                    shop.client().charge(&request).await
                } else {
                    let request = Complete3dRequest::from_ids(session_id, token_id)?
                        .reference_no(&order.reference_no)?;
                    shop.client().complete_3d(&request).await
                };
                record(shop, &order, outcome)?;
            }
        }
        Err(e) => {
            tracing::warn!(reference_no = %order.reference_no, error = %e, "check_payment failed")
        }
    }
    Ok(shop.store().get(&order.reference_no)?.unwrap_or(order))
}

// ---------------------------------------------------------------------------------------------
// Step 6: the refund.

/// `POST /orders/{ref}/refund`, the receipt's button. The order is claimed first (`paid` becomes
/// `refund_requested` once): a second click, or a replayed form, asks Paynet nothing. Paynet
/// accepts a *request* and decides it later; the receipt shows the decision when the refund
/// list has it.
///
/// In a real shop this is a back-office action: only a signed-in member of staff may post it
/// (with a CSRF token). The example leaves authentication out.
async fn refund(State(shop): State<Shop>, Path(reference): Path<String>) -> Result<Response> {
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(no_such_order());
    };
    let Some(xact_id) = order.xact_id.clone() else {
        return Ok(to_order(&order.reference_no));
    };
    // No amount: the whole payment (the same day, Paynet only cancels in full). Paynet posts
    // its decision to the `succeedUrl`.
    let request = RefundRequest::builder(xact_id)
        .succeed_url(format!(
            "{}{REFUND_DECISION_PATH}/{}",
            shop.public_url(),
            order.reference_no
        ))
        .build()?;
    if !shop
        .store()
        .claim_refund(&order.reference_no, turkish_today())?
    {
        return Ok(to_order(&order.reference_no));
    }
    match shop.client().refund(&request).await {
        Ok(requested) => {
            tracing::info!(reference_no = %order.reference_no, reconciled = requested.reconciled, "refund requested");
        }
        // It may have been asked: the refund list will tell (the order stays claimed).
        Err(e) if e.needs_reconciliation() => {
            tracing::warn!(reference_no = %order.reference_no, error = %e, "refund request unknown");
        }
        Err(e) => {
            tracing::warn!(reference_no = %order.reference_no, error = %e, "refund refused");
            let note = format!("The refund could not be requested: {}", shopper_message(&e));
            shop.store()
                .set_state(&order.reference_no, OrderState::Paid, Some(&note))?;
        }
    }
    Ok(to_order(&order.reference_no))
}

/// `POST /paynet/refund-decision/{ref}`: Paynet's decision arrives. The body is not trusted
/// (anyone can post here): it only prompts the shop to read the decision from Paynet's refund
/// list.
async fn refund_decision(
    State(shop): State<Shop>,
    Path(reference): Path<String>,
    body: Bytes,
) -> Result<Response> {
    match RefundDecision::from_json(&body) {
        Ok(decision) => {
            tracing::info!(reference_no = %reference, approved = decision.approved, "refund decision posted")
        }
        Err(e) => {
            tracing::warn!(reference_no = %reference, error = %e, "unreadable refund decision")
        }
    }
    let Some(order) = shop.store().get(&reference)? else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    if order.state == OrderState::RefundRequested {
        settle_refund(&shop, order).await?;
    }
    Ok(StatusCode::OK.into_response())
}

/// Reads the order's refund request from Paynet's refund list (a read: safe to repeat) and
/// records the decision once there is one.
async fn settle_refund(shop: &Shop, order: Order) -> Result<Order> {
    let (Some(asked_on), Some(xact_id)) = (order.refund_requested_on, order.xact_id.as_deref())
    else {
        return Ok(order);
    };
    let today = turkish_today().max(asked_on);
    let request = RefundListRequest::builder(asked_on, today).build()?;
    let mut rows = shop.client().refunds(&request);
    let mut decision = None;
    while let Some(row) = rows.next().await {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                tracing::warn!(reference_no = %order.reference_no, error = %e, "refund list failed");
                return Ok(order);
            }
        };
        if row.xact_id.as_deref() != Some(xact_id) {
            continue;
        }
        match row.status {
            Some(RefundStatus::Approved) => decision = Some((true, row.amount)),
            Some(RefundStatus::Denied) => decision = Some((false, row.amount)),
            _ => {}
        }
    }
    drop(rows);
    if let Some((approved, amount)) = decision {
        tracing::info!(reference_no = %order.reference_no, approved, "refund decided");
        let amount = amount.map(|a| a.value().to_string());
        shop.store()
            .refund_decided(&order.reference_no, approved, amount.as_deref())?;
    }
    Ok(shop.store().get(&order.reference_no)?.unwrap_or(order))
}
