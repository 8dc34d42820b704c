//! Both clients side by side, with the requests they send, ready to call: what every benchmark
//! and the `callcount` binary measure.

use std::error::Error as StdError;
use std::time::{Duration, Instant};

use futures_util::future::join_all;

use crate::baseline::{self, CaptureBody, InitSaleBody};
use crate::sdk::{self, Sdk};
use crate::server::Loopback;
use crate::{CALLBACK_URL, Op, REFERENCE_NO, SECRET_KEY, SESSION_KEY};

/// Which client makes a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The facade (`paynet::Client`, default settings).
    Facade,
    /// The hand-written reqwest + serde_json client ([`baseline`]).
    HandWritten,
    /// The hand-written client with reqwest's per-request timeout, as the facade has one per
    /// attempt (only `callcount` uses it, to put a figure on the timer).
    HandWrittenTimeout,
}

impl Side {
    /// The name used in benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Side::Facade => "facade",
            Side::HandWritten => "hand-written",
            Side::HandWrittenTimeout => "hand-written+timeout",
        }
    }
}

/// A boxed error.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// The two clients, the requests each sends, and (unless another process serves) the loopback
/// server they talk to.
#[derive(Debug)]
pub struct Clients {
    server: Option<Loopback>,
    /// The facade client.
    pub sdk: Sdk,
    /// The hand-written client.
    pub base: baseline::Client,
    /// The hand-written client with a 30 s per-request timeout (the facade's default attempt
    /// timeout).
    pub base_timeout: baseline::Client,
    /// The facade's capture: 10.50 TL of [`REFERENCE_NO`].
    pub capture: paynet::CaptureRequest,
    /// The facade's sale: 149.90 TL, with a reference number and a callback URL.
    pub sale: paynet::InitSaleRequest,
    /// The same capture, hand-written.
    pub capture_body: CaptureBody,
    /// The same sale, hand-written.
    pub sale_body: InitSaleBody,
}

impl Clients {
    /// Starts a loopback server (its own thread) and makes both clients for it.
    pub fn start() -> Result<Self, BoxError> {
        let server = Loopback::start()?;
        let mut clients = Self::new(&server.base_url())?;
        clients.server = Some(server);
        Ok(clients)
    }

    /// Both clients for a server already running at `base_url`.
    pub fn new(base_url: &str) -> Result<Self, BoxError> {
        Ok(Self {
            server: None,
            sdk: Sdk::new(base_url)?,
            base: baseline::Client::new(base_url, SECRET_KEY, SESSION_KEY),
            base_timeout: baseline::Client::new(base_url, SECRET_KEY, SESSION_KEY)
                .with_timeout(Duration::from_secs(30)),
            capture: sdk::capture_request(sdk::capture_amount())?,
            sale: sdk::init_sale_request(sdk::sale_amount())?,
            capture_body: CaptureBody::new(REFERENCE_NO, 10.50),
            sale_body: InitSaleBody::new(149.90, REFERENCE_NO, CALLBACK_URL),
        })
    }

    /// The loopback server, when this process runs it.
    pub fn server(&self) -> Option<&Loopback> {
        self.server.as_ref()
    }

    /// One call by `side`. An error, or an answer that is not a success, is an error: a
    /// measurement never times an error path by mistake.
    pub async fn call(&self, side: Side, op: Op) -> Result<(), BoxError> {
        let ok = match (side, op) {
            (Side::Facade, Op::Capture) => self.sdk.capture(&self.capture).await?.is_approved(),
            (Side::Facade, Op::InitSale) => !self
                .sdk
                .init_sale(&self.sale)
                .await?
                .deeplink_url
                .is_empty(),
            (Side::HandWritten | Side::HandWrittenTimeout, Op::Capture) => {
                self.hand_written(side)
                    .capture(&self.capture_body)
                    .await?
                    .is_succeed
                    == Some(true)
            }
            (Side::HandWritten | Side::HandWrittenTimeout, Op::InitSale) => {
                self.hand_written(side)
                    .init_sale(&self.sale_body)
                    .await?
                    .code
                    == Some(0)
            }
        };
        if ok {
            Ok(())
        } else {
            Err(format!("{} by {} was not a success", op.name(), side.name()).into())
        }
    }

    fn hand_written(&self, side: Side) -> &baseline::Client {
        if side == Side::HandWrittenTimeout {
            &self.base_timeout
        } else {
            &self.base
        }
    }

    /// `count` calls by `side`, `inflight` at a time (joined on the calling task).
    pub async fn calls(
        &self,
        side: Side,
        op: Op,
        count: usize,
        inflight: usize,
    ) -> Result<(), BoxError> {
        let inflight = inflight.max(1);
        let mut left = count;
        while left > 0 {
            let batch = left.min(inflight);
            if batch == 1 {
                self.call(side, op).await?;
            } else {
                for result in join_all((0..batch).map(|_| self.call(side, op))).await {
                    result?;
                }
            }
            left -= batch;
        }
        Ok(())
    }

    /// Times `count` calls by `side`.
    pub async fn time(
        &self,
        side: Side,
        op: Op,
        count: usize,
        inflight: usize,
    ) -> Result<Duration, BoxError> {
        let started = Instant::now();
        self.calls(side, op, count, inflight).await?;
        Ok(started.elapsed())
    }
}

/// The result of an interleaved comparison: one facade / hand-written ratio per round.
#[derive(Clone, Debug)]
pub struct Interleaved {
    /// Per-round ratios (facade time / hand-written time for the same number of calls), sorted.
    pub ratios: Vec<f64>,
    /// Median time per call, facade.
    pub facade_per_call: Duration,
    /// Median time per call, hand-written.
    pub hand_written_per_call: Duration,
}

#[allow(clippy::float_arithmetic)]
impl Interleaved {
    /// The `q` quantile of the ratios (`0.5`: the median), by nearest rank.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.ratios.is_empty() {
            return f64::NAN;
        }
        let last = self.ratios.len() - 1;
        let at = (q.clamp(0.0, 1.0) * last as f64).round() as usize;
        self.ratios[at.min(last)]
    }
}

impl Clients {
    /// Compares the two clients in alternating batches: each round times `per_round` calls by
    /// one client and then by the other (the order swapped every round), so that the machine's
    /// drift (frequency, other tenants) falls on both alike. Warms both up first.
    #[allow(clippy::float_arithmetic)]
    pub async fn interleaved(
        &self,
        op: Op,
        inflight: usize,
        rounds: usize,
        per_round: usize,
    ) -> Result<Interleaved, BoxError> {
        for side in [Side::Facade, Side::HandWritten] {
            self.calls(side, op, per_round.max(inflight), inflight)
                .await?;
        }
        let mut ratios = Vec::with_capacity(rounds);
        let mut facade = Vec::with_capacity(rounds);
        let mut hand = Vec::with_capacity(rounds);
        for round in 0..rounds {
            let (f, h) = if round % 2 == 0 {
                let f = self.time(Side::Facade, op, per_round, inflight).await?;
                (
                    f,
                    self.time(Side::HandWritten, op, per_round, inflight)
                        .await?,
                )
            } else {
                let h = self
                    .time(Side::HandWritten, op, per_round, inflight)
                    .await?;
                (self.time(Side::Facade, op, per_round, inflight).await?, h)
            };
            ratios.push(f.as_secs_f64() / h.as_secs_f64());
            facade.push(f);
            hand.push(h);
        }
        ratios.sort_by(f64::total_cmp);
        facade.sort();
        hand.sort();
        let per_call = |v: &[Duration]| {
            v.get(v.len() / 2)
                .map_or(Duration::ZERO, |d| d.div_f64(per_round.max(1) as f64))
        };
        Ok(Interleaved {
            ratios,
            facade_per_call: per_call(&facade),
            hand_written_per_call: per_call(&hand),
        })
    }
}
