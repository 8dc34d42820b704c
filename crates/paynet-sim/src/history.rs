//! The seeded history: a fixed set of past transactions over the 30 days before the clock's start,
//! so that lists show something at once.
//!
//! It draws its ids from its own generator, so that the simulator's other ids (and a seeded
//! simulator's first answers) do not depend on it, and it never moves the clock. It is built
//! here and recorded by [`State::new`](crate::state::State::new).

use crate::{
    cards::{self, BANKS, Card},
    clock::{self, Rng, XACT_ID_CHARS},
    fixtures::{SEEDED_HISTORY_LEN, TEST_CARD_APPROVE},
    ledger::{self, CAPTURE, Channel, PRE_AUTH, SALE, Tx},
    model::{ReversalRequest, ReversalStatus},
};

/// The seeded history, built: what `State::new` records.
pub(crate) struct History {
    /// The past transactions, oldest first, to record in this order.
    pub(crate) txs: Vec<Tx>,
    /// The refund of part of an older sale, requested and approved the day before today.
    pub(crate) refund: Option<Refund>,
}

/// The history's refund: the request (approved) and when and with which `xact_transaction_id`
/// its reversal transaction was made.
pub(crate) struct Refund {
    pub(crate) request: ReversalRequest,
    pub(crate) decided_ticks: i64,
    pub(crate) guid: String,
}

/// One past transaction: days before today and local time, type, amount in kuruş, instalments,
/// card (index in [`BANKS`]), channel.
struct Entry {
    days_ago: i64,
    hour: i64,
    minute: i64,
    kind: u8,
    amount: u64,
    instalment: u32,
    bank: usize,
    channel: Channel,
}

const fn entry(
    (days_ago, hour, minute): (i64, i64, i64),
    kind: u8,
    amount: u64,
    instalment: u32,
    bank: usize,
    channel: Channel,
) -> Entry {
    Entry {
        days_ago,
        hour,
        minute,
        kind,
        amount,
        instalment,
        bank,
        channel,
    }
}

/// Index of the entry that is declined by the bank.
const DECLINED: usize = 6;
/// Index of the pre-authorisation, and of its (partial) capture.
const PRE_AUTH_ENTRY: usize = 4;
const CAPTURE_ENTRY: usize = 5;
/// Index of the sale partly refunded the day before today.
const REFUNDED: usize = 11;
/// The refund: 100.00 TL of the sale above.
const REFUND_KURUS: u64 = 10_000;
/// Entries older than this many days are marked transferred.
const TRANSFERRED_BEFORE_DAYS: i64 = 25;

/// The past transactions, oldest first (the refund, the 25th, is added after them).
const ENTRIES: [Entry; SEEDED_HISTORY_LEN - 1] = [
    entry((29, 9, 12), SALE, 12_500, 0, 1, Channel::Api),
    entry((28, 14, 40), SALE, 4_990, 0, 10, Channel::ThreeD),
    entry((27, 11, 5), SALE, 149_900, 3, 1, Channel::Api),
    entry((26, 16, 20), SALE, 8_750, 0, 6, Channel::Js),
    entry((25, 10, 0), PRE_AUTH, 50_000, 0, 1, Channel::Api),
    entry((24, 10, 30), CAPTURE, 45_000, 0, 1, Channel::Api),
    entry((23, 13, 13), SALE, 2_000, 0, 2, Channel::Api),
    entry((22, 15, 45), SALE, 32_000, 0, 1, Channel::PayPos),
    entry((20, 9, 30), SALE, 99_900, 6, 4, Channel::ThreeD),
    entry((19, 12, 0), SALE, 15_000, 0, 12, Channel::Api),
    entry((18, 17, 25), SALE, 6_450, 0, 1, Channel::Js),
    entry((16, 11, 11), SALE, 27_500, 0, 9, Channel::Api),
    entry((15, 10, 10), SALE, 1_999, 0, 1, Channel::PayPos),
    entry((14, 14, 14), SALE, 74_900, 2, 3, Channel::ThreeD),
    entry((12, 9, 45), SALE, 3_500, 0, 0, Channel::Api),
    entry((11, 18, 30), SALE, 12_000, 0, 5, Channel::Js),
    entry((10, 13, 20), SALE, 250_000, 9, 8, Channel::ThreeD),
    entry((9, 10, 5), SALE, 5_500, 0, 1, Channel::PayPos),
    entry((7, 16, 40), SALE, 18_990, 0, 7, Channel::Api),
    entry((6, 11, 50), SALE, 42_000, 0, 11, Channel::ThreeD),
    entry((5, 9, 15), SALE, 7_777, 0, 1, Channel::Api),
    entry((4, 15, 0), SALE, 64_000, 4, 10, Channel::Js),
    entry((3, 12, 30), SALE, 9_900, 0, 1, Channel::PayPos),
    entry((2, 10, 45), SALE, 21_000, 0, 6, Channel::Api),
];

/// Card holders, in turn.
const HOLDERS: [&str; 6] = [
    "AYSE YILMAZ",
    "MEHMET KAYA",
    "ZEYNEP DEMIR",
    "ALI CELIK",
    "ELIF SAHIN",
    "MUSTAFA OZTURK",
];

/// A Luhn-valid 16-digit card number on `bin`.
fn card_number(bin: &str) -> String {
    let prefix = format!("{bin}000000000");
    (0..10u8)
        .map(|d| format!("{prefix}{d}"))
        .find(|pan| cards::luhn(pan))
        .unwrap_or(prefix)
}

/// Builds the history, before `today` (the local day of the clock's current time), by `agent`
/// (agent id, user id).
pub(crate) fn build(seed: Option<u64>, today: i64, agent: &(String, String)) -> History {
    let mut rng = Rng::new(seed.unwrap_or_else(clock::entropy) ^ 0x4849_5354_4f52_5921);
    let mut txs: Vec<Tx> = Vec::with_capacity(ENTRIES.len());
    let mut ids = Vec::with_capacity(ENTRIES.len());
    for (i, e) in ENTRIES.iter().enumerate() {
        let bank = BANKS.get(e.bank).copied().unwrap_or(BANKS[1]);
        let pan = if bank.id == "AXSS" {
            TEST_CARD_APPROVE.to_owned()
        } else {
            card_number(bank.bin)
        };
        let card = Card::from_pan(&pan, HOLDERS.get(i % HOLDERS.len()).copied().unwrap_or(""));
        let ticks = clock::local_instant(
            today - e.days_ago,
            e.hour,
            e.minute,
            i64::try_from(i).unwrap_or(0),
        );
        let agent = agent.clone();
        let mut tx = ledger::draft(e.kind, e.channel, card, e.amount, false, agent, ticks);
        fill_ids(&mut tx, &mut rng, 1_000_010 + u64::try_from(i).unwrap_or(0));
        tx.instalment = e.instalment;
        tx.reference_no = format!("SIM-HIST-{:02}", i + 1);
        tx.note = format!("Geçmiş işlem {}", i + 1);
        tx.is_tds = e.channel == Channel::ThreeD;
        if tx.is_tds {
            tx.md_status = "1";
        }
        if e.channel == Channel::Js {
            tx.user_id = "PaynetJ".to_owned();
        }
        tx.transferred = e.days_ago > TRANSFERRED_BEFORE_DAYS;
        if i == DECLINED {
            tx.decline("Kart sahibinin bankası işlemi onaylamadı (paynet-sim geçmiş).");
        }
        if i == CAPTURE_ENTRY
            && let Some((pre_auth_id, _)) = ids.get(PRE_AUTH_ENTRY)
            && let Some(p) = txs.iter_mut().find(|t| &t.id == pre_auth_id)
        {
            p.remaining = p.remaining.saturating_sub(tx.amount);
            tx.parent = Some(p.id.clone());
            tx.reference_no = p.reference_no.clone();
            tx.card = p.card.clone();
        }
        ids.push((tx.id.clone(), tx.reference_no.clone()));
        txs.push(tx);
    }
    // The 25th: a refund of part of an older sale, requested and approved the day before today.
    let Some((original_id, _)) = ids.get(REFUNDED).cloned() else {
        return History { txs, refund: None };
    };
    let entry_ticks = clock::local_instant(today - 1, 10, 0, 0);
    let decided_ticks = clock::local_instant(today - 1, 11, 0, 0);
    let reversal_id = 1_000_010 + u64::try_from(ENTRIES.len()).unwrap_or(0);
    let request = ReversalRequest {
        // Set when recorded.
        seq: 0,
        original: original_id,
        amount: REFUND_KURUS,
        cancel: false,
        entry_ticks,
        status: ReversalStatus::Approved,
        reversal_id: reversal_id.to_string(),
        reversal_xact_id: format!("xk_EAAAA{}", rng.string(XACT_ID_CHARS, 43)),
        n: 1_000 + rng.below(9_000),
        succeed_url: None,
        deny: false,
    };
    let guid = rng.uuid();
    History {
        txs,
        refund: Some(Refund {
            request,
            decided_ticks,
            guid,
        }),
    }
}

/// Gives a history transaction its ids from the history's own generator.
fn fill_ids(tx: &mut Tx, rng: &mut Rng, id: u64) {
    let n = 1_000 + rng.below(9_000);
    tx.id = id.to_string();
    tx.xact_id = format!("xk_EAAAA{}", rng.string(XACT_ID_CHARS, 43));
    tx.authorization_code = if tx.is_succeed {
        format!("aut-{n}")
    } else {
        String::new()
    };
    tx.reference_code = format!("ref-{n}");
    tx.order_id = format!("order-{n}");
    tx.xact_transaction_id = rng.uuid();
}
