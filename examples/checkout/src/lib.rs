//! An example shop on the Paynet SDK: a card checkout with instalments and 3-D Secure, a
//! receipt, and a refund, done the way Paynet merchants should do it. Read it in this order:
//!
//! 1. **[`store`]**: the shop's own record of its orders, in SQLite. An order, and so its
//!    `reference_no`, exists *before* Paynet hears of it; every step writes what it learnt, so a
//!    restart (or a shopper who closes the tab) loses nothing.
//! 2. **[`checkout`]**: the handlers, one per step:
//!    - `GET /`: the product page; `POST /orders` creates the order.
//!    - `GET /orders/{ref}`: the card form (or the receipt, once paid).
//!    - `GET /orders/{ref}/instalments?bin=435508`: the instalment options of the card's bank,
//!      from Paynet's ratio table (`ratio/Get`), asked **by the shop's server**: the secret key
//!      never reaches the browser, and the amount comes from the order, not from the page.
//!    - `POST /orders/{ref}/pay`: starts 3-D Secure (`tds_initial`) and sends the shopper to the
//!      bank's page (`post_url`, or the `html_content` Paynet gave).
//!    - `POST /paynet/3d-return`: the `return_url`, where the bank's page posts `session_id` and
//!      `token_id`. The posted fields are only a key: the shop finds *its* order by them, and
//!      asks Paynet to charge (`tds_charge`) with the order's `reference_no`. The posted fields
//!      never say whether the shopper paid; Paynet's answer does.
//!    - `POST /orders/{ref}/refund`: asks for a refund; Paynet decides it later.
//! 3. **[`html`]**: the pages.
//! 4. **[`paynetjs`]**: the other checkout, Paynet.js. The order's page offers both (tabs): the
//!    card form above, posted to the shop; or Paynet's custom-form script on the shop's page
//!    ([`paynetjs_page`]), which sends the card from the browser straight to Paynet. The shop's
//!    server then gets only `session_id` and `token_id` and finishes with `charge`: it never
//!    sees a card number (the browser test proves it: [`request_log`] records, in tests only,
//!    every request the shop received).
//! 5. **[`stored_cards`]**: "remember this card" at checkout (Paynet saves the card while
//!    paying) and a returning customer's stored cards on the order's page; paying with one is
//!    [`stored_card_payment`] (`POST /orders/{ref}/pay-stored`: directly, or through the bank's
//!    3-D page when the card needs it). The shop keeps only the customer's `card_owner_id`.
//! 6. **[`pay_links`]**: pay by link (the order page's third tab): the shop creates a Paynet pay
//!    link for the order and shows it as a URL and a QR code; the customer pays on Paynet's page;
//!    the order turns paid only once the shop has read the payment back (`confirm_pay_link`), so
//!    a forged post to the link's `confirmation_url` marks nothing paid.
//!
//! # What can go wrong, and what the shop does
//!
//! - **The return page is loaded twice** (a refresh, the back button, a double submit): the
//!   shop's record says the order is paid, so it shows the receipt without calling Paynet again.
//!   Two returns racing each other both call Paynet, which answers the second with result code
//!   100 ("an earlier success": [`paynet::PaymentOutcome::Approved`] with `replayed: true`): no
//!   money moves twice either way, because every attempt of an order carries the same
//!   `reference_no`.
//! - **Paynet's answer is lost** (a timeout after the charge was sent): the SDK looks the payment
//!   up by the `reference_no` itself and returns what it found (`reconciled: true`). When even that
//!   cannot say, the order is marked *unknown*; its page asks Paynet again
//!   (`check_payment`) until it knows, and never offers to pay again meanwhile.
//! - **The bank declines**, or the 3-D check fails: the order stays unpaid and the shopper may try
//!   another card, with the same `reference_no`.
//! - **Card data** only passes through: the card form's fields become a [`paynet::Card`] for one
//!   request and are dropped. Nothing stores or logs them; the receipt shows the masked number
//!   Paynet answered with.
//!
//! What the example leaves out, and a real shop needs: shopper sessions (here, anyone with an
//! order's reference can see its page), staff sign-in and CSRF tokens for the refund button, and
//! HTTPS (Paynet takes an `https` `return_url`; `http` only on loopback, for development).
//!
//! The shop's configuration is a [`paynet::Client`] (with the merchant's secret key), a
//! [`store::Store`], the shop's public URL (for the `return_url`) and the [`Product`] it sells:
//! see [`Shop::new`]. `src/main.rs` runs it against the simulated Paynet.

pub mod checkout;
pub mod demo;
pub mod html;
pub mod pay_links;
pub mod paynetjs;
pub mod paynetjs_page;
pub mod request_log;
pub mod store;
pub mod stored_card_payment;
pub mod stored_cards;

use std::sync::Arc;

use paynet::{Amount, Client};

pub use store::{Checkout, Order, OrderState, Store};

/// What the shop sells: one product, at one price.
#[derive(Clone, Debug)]
pub struct Product {
    /// Its name.
    pub name: String,
    /// Its price, exact.
    pub price: Amount,
}

/// Where the shop's Paynet.js page loads Paynet's custom-form script from, and the merchant's
/// publishable key it gives the script (public by design: it is in the page).
#[derive(Clone)]
pub struct PaynetJs {
    /// `https://pj.paynet.com.tr/public/js/paynet-custom.js` live,
    /// `https://pts-pj.paynet.com.tr/public/js/paynet-custom.js` on Paynet's test system, or the
    /// simulator's `{base}/public/js/paynet-custom.js`.
    pub script_url: String,
    /// The publishable key (`data-key`).
    pub publishable_key: String,
}

impl std::fmt::Debug for PaynetJs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaynetJs")
            .field("script_url", &self.script_url)
            .finish_non_exhaustive()
    }
}

/// The shop's routes: the checkout through its own server ([`checkout::router`]) and the
/// Paynet.js checkout ([`paynetjs::router`]).
pub fn router(shop: Shop) -> axum::Router {
    checkout::router(shop.clone())
        .merge(stored_card_payment::router(shop.clone()))
        .merge(pay_links::router(shop.clone()))
        .merge(paynetjs::router(shop))
}

/// The shop: what every handler shares. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Shop {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: Client,
    store: Store,
    public_url: String,
    product: Product,
    paynet_js: Option<PaynetJs>,
}

impl Shop {
    /// A shop that takes payments through `client` (built with the merchant's secret key and
    /// domain), keeps its orders in `store`, is reached by shoppers at `public_url` (e.g.
    /// `https://shop.example`, without a trailing slash: the bank's page posts back to
    /// `{public_url}/paynet/3d-return`) and sells `product`.
    pub fn new(
        client: Client,
        store: Store,
        public_url: impl Into<String>,
        product: Product,
    ) -> Shop {
        Shop::build(client, store, public_url.into(), product, None)
    }

    /// [`Shop::new`], also offering the Paynet.js checkout (`/orders/{ref}/paynetjs`) with
    /// Paynet's custom-form script as `paynet_js` says.
    pub fn with_paynet_js(
        client: Client,
        store: Store,
        public_url: impl Into<String>,
        product: Product,
        paynet_js: PaynetJs,
    ) -> Shop {
        Shop::build(client, store, public_url.into(), product, Some(paynet_js))
    }

    fn build(
        client: Client,
        store: Store,
        public_url: String,
        product: Product,
        paynet_js: Option<PaynetJs>,
    ) -> Shop {
        let public_url = public_url.trim_end_matches('/').to_owned();
        Shop {
            inner: Arc::new(Inner {
                client,
                store,
                public_url,
                product,
                paynet_js,
            }),
        }
    }

    /// The Paynet client.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The orders.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Where shoppers reach the shop.
    pub fn public_url(&self) -> &str {
        &self.inner.public_url
    }

    /// What the shop sells.
    pub fn product(&self) -> &Product {
        &self.inner.product
    }

    /// The Paynet.js settings, when the shop offers that checkout.
    pub fn paynet_js(&self) -> Option<&PaynetJs> {
        self.inner.paynet_js.as_ref()
    }
}
