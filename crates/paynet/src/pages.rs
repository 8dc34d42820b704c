//! Reports, streamed: every row of a date range, one page at a time.

use std::collections::VecDeque;
use std::pin::Pin;

use futures_core::Stream;
use paynet_domain::{
    Error, Page, PaymentListRequest, PaymentRow, RefundListRequest, RefundRow, Request,
};

use crate::call::Call;
use crate::client::Client;

/// The rows of a report, page after page: each page is one call (with the client's retries and
/// timeouts), asked for only when the rows before it have been taken. Made by
/// [`Client::payments`] and [`Client::refunds`].
///
/// The stream ends after the last page (Paynet says no more rows, or a page comes back empty or
/// short). A page that fails yields its error and ends the stream: restart from the row offset
/// reached with the request's `starting_after`. A stream stops at its maximum of rows
/// ([`DEFAULT_MAX_ROWS`] unless set with [`Client::payments_up_to`]): when rows remain then,
/// its last item is an [`Error::InvalidRequest`] on `max_rows`, never a silent cut.
pub type Rows<'a, T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>;

/// The most rows [`Client::payments`] and [`Client::refunds`] stream.
pub const DEFAULT_MAX_ROWS: u64 = 100_000;

/// A list request that pages.
pub(crate) trait Paged: Request<Output = Page<Self::Row>> + Clone + Send + Sync {
    /// A row of the list.
    type Row: Send;
    /// The same query, for the page after one of `rows` rows.
    fn after(&self, rows: u64) -> Self;
    /// The page size asked for.
    fn page_size(&self) -> u32;
}

/// Where a stream is: the rows of the current page not yet taken, and the next page to ask for.
struct State<'a, R: Paged> {
    client: &'a Client,
    next: Option<R>,
    rows: VecDeque<R::Row>,
    /// Rows yielded so far, and the most to yield.
    yielded: u64,
    max_rows: u64,
}

/// Streams every row of `first` and the pages after it, up to `max_rows` rows.
pub(crate) fn rows<'a, R: Paged + 'a>(
    client: &'a Client,
    first: &R,
    max_rows: u64,
) -> Rows<'a, R::Row> {
    let state = State {
        client,
        next: Some(first.clone()),
        rows: VecDeque::new(),
        yielded: 0,
        max_rows,
    };
    Box::pin(futures_util::stream::unfold(
        state,
        |mut state| async move {
            loop {
                if state.yielded == state.max_rows {
                    let more = !state.rows.is_empty() || state.next.is_some();
                    state.rows.clear();
                    state.next = None;
                    state.max_rows = u64::MAX;
                    if !more {
                        return None;
                    }
                    let reason = format!(
                        "stopped after {} rows with more to come: narrow the date range or raise the maximum",
                        state.yielded
                    );
                    return Some((
                        Err(Error::InvalidRequest {
                            field: "max_rows",
                            reason,
                        }),
                        state,
                    ));
                }
                if let Some(row) = state.rows.pop_front() {
                    state.yielded += 1;
                    return Some((Ok(row), state));
                }
                let request = state.next.take()?;
                match Call::new(state.client, &request, None).await {
                    Ok(page) => {
                        let got = page.rows.len();
                        // Another page only when Paynet says there is one and this one was full: a
                        // server that keeps saying `has_more` with empty or short pages cannot make
                        // the stream loop.
                        let full = got > 0 && got >= request.page_size() as usize;
                        if page.has_more && full {
                            state.next = Some(request.after(got as u64));
                        }
                        state.rows.extend(page.rows);
                    }
                    Err(e) => return Some((Err(e), state)),
                }
            }
        },
    ))
}

/// Writes, for each `/// doc` + `all, up_to: Request => Row;` entry, the request's [`Paged`] impl
/// and two [`Client`] methods streaming its rows: `all` (up to [`DEFAULT_MAX_ROWS`]) and `up_to`
/// (up to a given maximum).
macro_rules! streams {
    ($($(#[$doc:meta])* $all:ident, $up_to:ident: $request:ty => $row:ty;)*) => {
        $(impl Paged for $request {
            type Row = $row;
            fn after(&self, rows: u64) -> Self {
                self.next_page(rows)
            }
            fn page_size(&self) -> u32 {
                self.limit()
            }
        })*

        impl Client {$(
            $(#[$doc])*
            pub fn $all<'a>(&'a self, request: &$request) -> Rows<'a, $row> {
                rows(self, request, DEFAULT_MAX_ROWS)
            }

            #[doc = concat!("[`Client::", stringify!($all), "`], stopping at `max_rows` rows.")]
            pub fn $up_to<'a>(&'a self, request: &$request, max_rows: u64) -> Rows<'a, $row> {
                rows(self, request, max_rows)
            }
        )*}
    };
}

streams! {
        /// Every transaction of a date range, streamed page by page (`list_payments`; the page
        /// size is the request's `limit`). See [`Rows`].
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
        /// use futures_util::StreamExt as _;
        /// use paynet::{Client, NaiveDate, PaymentListRequest, SecretKey};
        ///
        /// # let secret = sim.secret_key().to_owned();
        /// let client = Client::builder()
        /// #   .base_url(sim.base_url())
        ///     .secret_key(SecretKey::new(secret)?)
        ///     .build()?;
        /// let today = paynet::turkish_today();
        /// let month_ago = today - paynet::chrono::Days::new(30);
        /// let report = PaymentListRequest::builder(month_ago, today).limit(10).build()?;
        ///
        /// let mut rows = client.payments(&report);
        /// let mut total = paynet::Decimal::ZERO;
        /// while let Some(row) = rows.next().await {
        ///     let row = row?;
        ///     if let Some(amount) = row.transaction.amount {
        ///         total += amount.value();
        ///     }
        /// }
        /// println!("{total} TL this month");
        /// # assert!(total > paynet::Decimal::ZERO);
        /// # Ok(()) }
        /// ```
    payments, payments_up_to: PaymentListRequest => PaymentRow;
        /// Every refund and cancellation request of a date range, streamed page by page
        /// (`list_refunds`). See [`Rows`].
    refunds, refunds_up_to: RefundListRequest => RefundRow;
}
