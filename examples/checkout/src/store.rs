//! The shop's own record of its orders, in SQLite: what the shop knows whatever happens to the
//! browser, and what survives a restart.
//!
//! An order is created before any card is typed, so that its `reference_no` exists before Paynet
//! hears of it. Each step of the checkout then writes what it learnt: the 3-D session it started,
//! what Paynet answered, the refund it asked for. **No card data is ever written here**: only the
//! masked number Paynet answers with (`435508******4358`).
//!
//! One connection behind a mutex is plenty for an example (each query takes microseconds and no
//! lock is held across an `.await`); a busy shop would use a connection pool.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use paynet::{Amount, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderState {
    /// Created; no payment tried yet.
    New,
    /// The shopper was sent to the bank's 3-D page; the shop waits for the return.
    AwaitingBank,
    /// Paynet approved the payment.
    Paid,
    /// The bank declined (or 3-D verification failed): nothing was charged; the shopper may try
    /// again, with the same `reference_no`.
    Declined,
    /// Paynet's answer to the charge was lost and the lookup could not tell: the shop asks again
    /// before doing anything else.
    Unknown,
    /// A refund was asked for; Paynet decides it later.
    RefundRequested,
    /// Paynet approved the refund.
    Refunded,
    /// Paynet denied the refund.
    RefundDenied,
}

impl OrderState {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::New => "new",
            OrderState::AwaitingBank => "awaiting_bank",
            OrderState::Paid => "paid",
            OrderState::Declined => "declined",
            OrderState::Unknown => "unknown",
            OrderState::RefundRequested => "refund_requested",
            OrderState::Refunded => "refunded",
            OrderState::RefundDenied => "refund_denied",
        }
    }

    fn parse(text: &str) -> Option<OrderState> {
        [
            OrderState::New,
            OrderState::AwaitingBank,
            OrderState::Paid,
            OrderState::Declined,
            OrderState::Unknown,
            OrderState::RefundRequested,
            OrderState::Refunded,
            OrderState::RefundDenied,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// True once money moved to the shop (the receipt can be shown).
    pub fn is_paid(self) -> bool {
        matches!(
            self,
            OrderState::Paid
                | OrderState::RefundRequested
                | OrderState::Refunded
                | OrderState::RefundDenied
        )
    }

    /// True while the shopper may (re)try paying: nothing was charged.
    pub fn can_pay(self) -> bool {
        matches!(
            self,
            OrderState::New | OrderState::AwaitingBank | OrderState::Declined
        )
    }
}

/// Which checkout the order's latest payment attempt went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checkout {
    /// The card form on the shop's own page, then the bank's 3-D page (`tds_initial`,
    /// `tds_charge`).
    ThreeD,
    /// Paynet.js: the card went from the shopper's browser to Paynet; the shop got a
    /// `session_id` and a `token_id` and finished the payment with `charge`.
    PaynetJs,
}

impl Checkout {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Checkout::ThreeD => "3d",
            Checkout::PaynetJs => "paynetjs",
        }
    }

    fn parse(text: &str) -> Option<Checkout> {
        [Checkout::ThreeD, Checkout::PaynetJs]
            .into_iter()
            .find(|c| c.as_str() == text)
    }
}

/// One order, as the shop recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// The order's `reference_no`: sent with every payment attempt of the order, so that Paynet
    /// never makes two successful payments for it (result code 100), and so that a lost answer
    /// can be looked up.
    pub reference_no: String,
    /// What is sold.
    pub product: String,
    /// The price, exact (kuruş in the database).
    pub amount: Amount,
    /// Where the order stands.
    pub state: OrderState,
    /// The instalment count chosen for the latest attempt (1: a single payment).
    pub instalments: Option<u8>,
    /// The latest 3-D session Paynet started for the order, and its token: the return handler
    /// finds the order by them.
    pub session_id: Option<String>,
    /// The token of `session_id`.
    pub token_id: Option<String>,
    /// The payment's encrypted transaction id (what a refund names).
    pub xact_id: Option<String>,
    /// The amount charged, exactly as Paynet reported it (`149.90`).
    pub paid_amount: Option<String>,
    /// The masked card number Paynet answered with.
    pub card_masked: Option<String>,
    /// The card's bank.
    pub bank_name: Option<String>,
    /// What to tell the shopper about the latest step (a decline's reason, ...).
    pub note: Option<String>,
    /// The day the refund was asked for (Turkish date: where Paynet's refund list files it).
    pub refund_requested_on: Option<NaiveDate>,
    /// The amount refunded, as Paynet reported it.
    pub refunded_amount: Option<String>,
    /// The checkout of the latest payment attempt (none before the first).
    pub checkout: Option<Checkout>,
}

/// What Paynet said about an approved payment.
#[derive(Clone, Debug, Default)]
pub struct Payment {
    /// The encrypted transaction id.
    pub xact_id: Option<String>,
    /// The amount, as reported.
    pub amount: Option<String>,
    /// The masked card number.
    pub card_masked: Option<String>,
    /// The bank's name.
    pub bank_name: Option<String>,
}

/// A failure of the order store.
pub type StoreError = rusqlite::Error;

/// The orders, in one SQLite database.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    reference_prefix: String,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS orders (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    reference_no        TEXT NOT NULL UNIQUE,
    product             TEXT NOT NULL,
    amount_kurus        INTEGER NOT NULL,
    state               TEXT NOT NULL,
    instalments         INTEGER,
    session_id          TEXT,
    token_id            TEXT,
    xact_id             TEXT,
    paid_amount         TEXT,
    card_masked         TEXT,
    bank_name           TEXT,
    note                TEXT,
    refund_requested_on TEXT,
    refunded_amount     TEXT,
    checkout            TEXT,
    created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS orders_session ON orders (session_id);
CREATE TABLE IF NOT EXISTS customers (
    customer      TEXT PRIMARY KEY,
    card_owner_id TEXT
);
";

const COLUMNS: &str = "reference_no, product, amount_kurus, state, instalments, session_id, \
     token_id, xact_id, paid_amount, card_masked, bank_name, note, refund_requested_on, \
     refunded_amount, checkout";

impl Store {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        // WAL: a crash never leaves a half-written order behind, and readers never block.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Store::with_connection(conn)
    }

    /// A database in memory (for tests).
    pub fn in_memory() -> Result<Store, StoreError> {
        Store::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(conn: Connection) -> Result<Store, StoreError> {
        conn.execute_batch(SCHEMA)?;
        // A database made before the Paynet.js checkout lacks its column.
        let has_checkout: bool = conn.query_row(
            "SELECT count(*) > 0 FROM pragma_table_info('orders') WHERE name = 'checkout'",
            [],
            |row| row.get(0),
        )?;
        if !has_checkout {
            conn.execute_batch("ALTER TABLE orders ADD COLUMN checkout TEXT")?;
        }
        Ok(Store {
            conn: Mutex::new(conn),
            reference_prefix: "ORDER-".to_owned(),
        })
    }

    /// Starts every new order's `reference_no` with `prefix` (default `ORDER-`).
    #[must_use]
    pub fn reference_prefix(mut self, prefix: impl Into<String>) -> Store {
        self.reference_prefix = prefix.into();
        self
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written: keep going.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new customer (the id of the shop's customer cookie, see `stored_cards`), with no stored
    /// card yet.
    pub fn new_customer(&self) -> Result<String, StoreError> {
        self.conn().query_row(
            "INSERT INTO customers (customer) VALUES (lower(hex(randomblob(16)))) RETURNING customer",
            [],
            |row| row.get(0),
        )
    }

    /// The `card_owner_id` Paynet answered to the customer's first stored card, if any.
    pub fn card_owner(&self, customer: &str) -> Result<Option<String>, StoreError> {
        self.conn()
            .query_row(
                "SELECT card_owner_id FROM customers WHERE customer = ?1",
                params![customer],
                |row| row.get::<_, Option<String>>(0),
            )
            .optional()
            .map(Option::flatten)
    }

    /// Keeps the customer's `card_owner_id` (once Paynet stored a card for them).
    pub fn set_card_owner(&self, customer: &str, card_owner_id: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO customers (customer, card_owner_id) VALUES (?1, ?2) \
             ON CONFLICT (customer) DO UPDATE SET card_owner_id = excluded.card_owner_id",
            params![customer, card_owner_id],
        )?;
        Ok(())
    }

    /// Records a new order and gives it its `reference_no`: the prefix, the time in seconds (so
    /// that a fresh database never reuses a reference Paynet already saw) and the row id.
    pub fn create(&self, product: &str, amount: Amount) -> Result<Order, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let kurus = i64::try_from(amount.kurus()).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO orders (reference_no, product, amount_kurus, state) \
             VALUES (hex(randomblob(16)), ?1, ?2, 'new')",
            params![product, kurus],
        )?;
        let id = tx.last_insert_rowid();
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let reference_no = format!("{}{secs:X}-{id}", self.reference_prefix);
        tx.execute(
            "UPDATE orders SET reference_no = ?1 WHERE id = ?2",
            params![reference_no, id],
        )?;
        tx.commit()?;
        drop(conn);
        self.get(&reference_no)?
            .ok_or(rusqlite::Error::QueryReturnedNoRows)
    }

    /// The order with this `reference_no`.
    pub fn get(&self, reference_no: &str) -> Result<Option<Order>, StoreError> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM orders WHERE reference_no = ?1"),
                [reference_no],
                read_order,
            )
            .optional()
    }

    /// The order whose latest 3-D session is this one (the session id *and* its token must
    /// match what Paynet gave the shop).
    pub fn by_session(
        &self,
        session_id: &str,
        token_id: &str,
    ) -> Result<Option<Order>, StoreError> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM orders WHERE session_id = ?1 AND token_id = ?2"),
                [session_id, token_id],
                read_order,
            )
            .optional()
    }

    /// Every order, newest first.
    pub fn all(&self) -> Result<Vec<Order>, StoreError> {
        let conn = self.conn();
        let mut statement =
            conn.prepare(&format!("SELECT {COLUMNS} FROM orders ORDER BY id DESC"))?;
        let rows = statement.query_map([], read_order)?;
        rows.collect()
    }

    /// A 3-D session was started: the shopper is on the way to the bank's page.
    pub fn started_3d(
        &self,
        reference_no: &str,
        session_id: &str,
        token_id: &str,
        instalments: u8,
    ) -> Result<(), StoreError> {
        self.update(
            "state = 'awaiting_bank', session_id = ?2, token_id = ?3, instalments = ?4, \
             note = NULL, checkout = '3d'",
            params![reference_no, session_id, token_id, instalments],
        )
    }

    /// Paynet.js gave the shop a payment session and its token, and the shop is about to charge
    /// it: the order is `unknown` until Paynet answers (a crash meanwhile leaves it to be settled,
    /// never paid twice: charging the same pair again returns the first payment).
    pub fn started_paynetjs(
        &self,
        reference_no: &str,
        session_id: &str,
        token_id: &str,
    ) -> Result<(), StoreError> {
        self.update(
            "state = 'unknown', session_id = ?2, token_id = ?3, instalments = NULL, \
             note = 'We are confirming your payment with Paynet.', checkout = 'paynetjs'",
            params![reference_no, session_id, token_id],
        )
    }

    /// The instalment count the payment was made in (Paynet.js: the shopper chose it on the
    /// page, and Paynet's answer tells it).
    pub fn set_instalments(&self, reference_no: &str, instalments: u8) -> Result<(), StoreError> {
        self.update("instalments = ?2", params![reference_no, instalments])
    }

    /// Paynet approved the payment.
    pub fn paid(&self, reference_no: &str, payment: &Payment) -> Result<(), StoreError> {
        self.update(
            "state = 'paid', xact_id = ?2, paid_amount = ?3, card_masked = ?4, bank_name = ?5, \
             note = NULL",
            params![
                reference_no,
                payment.xact_id,
                payment.amount,
                payment.card_masked,
                payment.bank_name
            ],
        )
    }

    /// Moves the order to `state` with a note for the shopper (a decline's reason, ...).
    pub fn set_state(
        &self,
        reference_no: &str,
        state: OrderState,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        self.update(
            "state = ?2, note = ?3",
            params![reference_no, state.as_str(), note],
        )
    }

    /// Claims the order for a refund: `paid` becomes `refund_requested`, once. False if the
    /// order is not `paid` (already refunded, or another click got there first).
    pub fn claim_refund(&self, reference_no: &str, today: NaiveDate) -> Result<bool, StoreError> {
        let changed = self.conn().execute(
            "UPDATE orders SET state = 'refund_requested', refund_requested_on = ?2, note = NULL, \
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
             WHERE reference_no = ?1 AND state = 'paid'",
            params![reference_no, today.to_string()],
        )?;
        Ok(changed == 1)
    }

    /// Paynet decided the refund.
    pub fn refund_decided(
        &self,
        reference_no: &str,
        approved: bool,
        amount: Option<&str>,
    ) -> Result<(), StoreError> {
        let state = if approved {
            OrderState::Refunded
        } else {
            OrderState::RefundDenied
        };
        self.update(
            "state = ?2, refunded_amount = ?3",
            params![reference_no, state.as_str(), amount],
        )
    }

    /// Runs `UPDATE orders SET {set}` on the order whose `reference_no` is the first parameter;
    /// an error if there is no such order.
    fn update(&self, set: &str, params: &[&dyn rusqlite::ToSql]) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            &format!(
                "UPDATE orders SET {set}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
                 WHERE reference_no = ?1"
            ),
            params,
        )?;
        match changed {
            1 => Ok(()),
            _ => Err(rusqlite::Error::QueryReturnedNoRows),
        }
    }
}

fn read_order(row: &Row<'_>) -> rusqlite::Result<Order> {
    let bad = |column: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("bad {what}").into(),
        )
    };
    let kurus: i64 = row.get(2)?;
    let amount = u64::try_from(kurus)
        .ok()
        .and_then(|k| Amount::from_kurus(k).ok())
        .ok_or_else(|| bad(2, "amount"))?;
    let state: String = row.get(3)?;
    let refund_day: Option<String> = row.get(12)?;
    let checkout: Option<String> = row.get(14)?;
    Ok(Order {
        reference_no: row.get(0)?,
        product: row.get(1)?,
        amount,
        state: OrderState::parse(&state).ok_or_else(|| bad(3, "state"))?,
        instalments: row.get(4)?,
        session_id: row.get(5)?,
        token_id: row.get(6)?,
        xact_id: row.get(7)?,
        paid_amount: row.get(8)?,
        card_masked: row.get(9)?,
        bank_name: row.get(10)?,
        note: row.get(11)?,
        refund_requested_on: refund_day.and_then(|d| d.parse().ok()),
        refunded_amount: row.get(13)?,
        checkout: checkout.as_deref().and_then(Checkout::parse),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    #[test]
    fn an_order_goes_from_new_to_refunded() {
        let store = Store::in_memory().unwrap();
        let order = store.create("Mug", amount("149.90")).unwrap();
        assert!(order.reference_no.starts_with("ORDER-"));
        assert_eq!(order.state, OrderState::New);
        assert_eq!(order.amount.kurus(), 14_990);

        store
            .started_3d(&order.reference_no, "js_S", "TOKEN", 3)
            .unwrap();
        let found = store.by_session("js_S", "TOKEN").unwrap().unwrap();
        assert_eq!(found.reference_no, order.reference_no);
        assert_eq!(found.state, OrderState::AwaitingBank);
        assert_eq!(found.instalments, Some(3));
        // The session id alone (a forged or mixed-up return) finds nothing.
        assert!(store.by_session("js_S", "OTHER").unwrap().is_none());

        let payment = Payment {
            xact_id: Some("xk_1".into()),
            amount: Some("149.90".into()),
            card_masked: Some("435508******4358".into()),
            bank_name: Some("Axess".into()),
        };
        store.paid(&order.reference_no, &payment).unwrap();
        let day: NaiveDate = "2024-06-03".parse().unwrap();
        assert!(store.claim_refund(&order.reference_no, day).unwrap());
        // A second click finds it claimed.
        assert!(!store.claim_refund(&order.reference_no, day).unwrap());
        store
            .refund_decided(&order.reference_no, true, Some("149.90"))
            .unwrap();
        let done = store.get(&order.reference_no).unwrap().unwrap();
        assert_eq!(done.state, OrderState::Refunded);
        assert_eq!(done.refund_requested_on, Some(day));
        assert_eq!(done.paid_amount.as_deref(), Some("149.90"));
        assert_eq!(done.refunded_amount.as_deref(), Some("149.90"));
        assert_eq!(done.card_masked.as_deref(), Some("435508******4358"));
    }

    #[test]
    fn references_are_unique_and_prefixed() {
        let store = Store::in_memory().unwrap().reference_prefix("SHOP-");
        let a = store.create("A", amount("1.00")).unwrap();
        let b = store.create("B", amount("2.00")).unwrap();
        assert_ne!(a.reference_no, b.reference_no);
        assert!(a.reference_no.starts_with("SHOP-"));
        assert!(
            a.reference_no.len() <= 50,
            "Paynet takes at most 50 characters"
        );
        assert_eq!(store.all().unwrap().len(), 2);
    }

    #[test]
    fn a_missing_order_is_an_error_to_update() {
        let store = Store::in_memory().unwrap();
        assert!(store.get("ORDER-NOPE").unwrap().is_none());
        assert!(
            store
                .set_state("ORDER-NOPE", OrderState::Declined, None)
                .is_err()
        );
    }

    #[test]
    fn a_paynetjs_order_is_unknown_until_paynet_answers() {
        let store = Store::in_memory().unwrap();
        let order = store.create("Mug", amount("149.90")).unwrap();
        assert_eq!(order.checkout, None);
        store
            .started_paynetjs(&order.reference_no, "js_S", "TOKEN")
            .unwrap();
        let charging = store.get(&order.reference_no).unwrap().unwrap();
        assert_eq!(charging.state, OrderState::Unknown);
        assert_eq!(charging.checkout, Some(Checkout::PaynetJs));
        assert_eq!(charging.session_id.as_deref(), Some("js_S"));
        store.set_instalments(&order.reference_no, 3).unwrap();
        assert_eq!(
            store.get(&order.reference_no).unwrap().unwrap().instalments,
            Some(3)
        );
        store
            .started_3d(&order.reference_no, "js_T", "TOKEN2", 1)
            .unwrap();
        let again = store.get(&order.reference_no).unwrap().unwrap();
        assert_eq!(again.checkout, Some(Checkout::ThreeD));
        assert_eq!(again.state, OrderState::AwaitingBank);
    }

    #[test]
    fn a_database_from_before_paynetjs_gains_its_column() {
        let dir = std::env::temp_dir().join(format!(
            "paynet-checkout-migrate-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("orders.sqlite");
        let _ = std::fs::remove_file(&path);
        {
            let old = Connection::open(&path).unwrap();
            old.execute_batch(&SCHEMA.replace("    checkout            TEXT,\n", ""))
                .unwrap();
            old.execute(
                "INSERT INTO orders (reference_no, product, amount_kurus, state) \
                 VALUES ('ORDER-OLD', 'Mug', 1050, 'paid')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let order = store.get("ORDER-OLD").unwrap().unwrap();
        assert_eq!(order.checkout, None);
        assert_eq!(order.state, OrderState::Paid);
        store
            .started_paynetjs("ORDER-OLD", "js_S", "TOKEN")
            .unwrap();
        drop(store);
        // Opened again: the column is there, nothing is added twice.
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.get("ORDER-OLD").unwrap().unwrap().checkout,
            Some(Checkout::PaynetJs)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn orders_survive_a_restart() {
        let dir = std::env::temp_dir().join(format!(
            "paynet-checkout-store-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("orders.sqlite");
        let _ = std::fs::remove_file(&path);
        let reference = {
            let store = Store::open(&path).unwrap();
            let order = store.create("Mug", amount("10.50")).unwrap();
            store
                .set_state(&order.reference_no, OrderState::Declined, Some("Red"))
                .unwrap();
            order.reference_no
        };
        let reopened = Store::open(&path).unwrap();
        let order = reopened.get(&reference).unwrap().unwrap();
        assert_eq!(order.state, OrderState::Declined);
        assert_eq!(order.note.as_deref(), Some("Red"));
        assert_eq!(order.amount.kurus(), 1_050);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
