//! The ratio family: the instalment table (`/v1/ratio/Get` under the secret key, `Get_public`
//! under the publishable key) and the merchant's own ratio tables (`set_type`, `define`,
//! `delete_type`), which the table answers with when asked with their `ratio_code`.

use std::sync::Arc;

use axum::{
    extract::{Path, State as AxState},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::{
    cards::{self, BANKS, Bank},
    extract::{Paynet, PublishableKey},
    fixtures::{TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED},
    http::{Shared, invalid_request, present},
    ledger,
    lenient::{self, Number},
    model::{Definition, RatioTable},
    state::State,
    wire::{
        self, Money, PayposResult, PublicRatioResponse, Ratio, RatioBank, RatioResponse, RatioRow,
        RatioTypeResponse, SUCCESS_MESSAGE,
    },
};

/// The end-user ratio of each instalment count 1..=12, in basis points (the same for every
/// bank): 1.99 % for a single payment, one point more for each further instalment from 2.
pub(crate) const INSTALMENT_RATIOS_BP: [u32; 12] = [
    199, 349, 449, 549, 649, 749, 849, 949, 1_049, 1_149, 1_249, 1_349,
];

/// The largest amount a ratio table is computed for, in TL.
const MAX_AMOUNT_TL: i64 = 1_000_000_000;
/// The bounds of a defined ratio, in basis points: ±0.20 (cumulative), 0..0.20 (net).
const MAX_DEFINED_BP: i64 = 2_000;
/// The longest `description` of a ratio table.
const MAX_DESCRIPTION: usize = 256;
/// Upper-case letters and digits, for generated ratio codes.
const CODE_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A card kind of Paynet's: `cc` individual, `bc` business, `dc` debit.
fn card_kind(text: &str) -> Option<&'static str> {
    ["cc", "bc", "dc"]
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(text.trim()))
}

/// What a table of ratios is asked for, once the request was checked.
struct Query {
    /// In kuruş.
    amount: u64,
    add: bool,
    /// Six digits.
    bin: Option<String>,
    ratio_code: String,
    /// Only this kind of card (`Get_public`).
    card_type: Option<&'static str>,
}

/// A bank's instalment options: (count, ratio in basis points), by count.
type Options = Vec<(u32, u32)>;

/// The instalment options each bank offers for `query`: the simulator's own (every bank,
/// instalments 1 to 12), or those of the merchant's table named by `ratio_code` once defined.
/// Each option is (count, ratio in basis points).
fn offers(state: &State, query: &Query) -> (&'static str, Vec<(Bank, Options)>) {
    let own = || -> Options { (1u32..).zip(INSTALMENT_RATIOS_BP).collect() };
    let table = state
        .ratio_tables
        .iter()
        .find(|t| !query.ratio_code.is_empty() && t.code == query.ratio_code);
    let Some((table, definition)) = table.and_then(|t| Some((t, t.definition.as_ref()?))) else {
        return ("cc", BANKS.iter().map(|b| (*b, own())).collect());
    };
    let banks = BANKS
        .iter()
        .filter_map(|bank| {
            let (_, instalments) = definition.banks.iter().find(|(b, _)| b.id == bank.id)?;
            let options = instalments
                .iter()
                .map(|&(n, defined)| {
                    let base = if table.cumulative {
                        let index = usize::try_from(n).unwrap_or(0).saturating_sub(1);
                        INSTALMENT_RATIOS_BP
                            .get(index)
                            .copied()
                            .map_or(0, i64::from)
                    } else {
                        0
                    };
                    let bp = u32::try_from(base.saturating_add(defined).max(0)).unwrap_or(0);
                    (n, bp)
                })
                .collect();
            Some((*bank, options))
        })
        .collect();
    (definition.card_type, banks)
}

/// One bank's instalment table for `amount` kuruş.
fn bank_table(
    bank: Bank,
    base_url: &str,
    query: &Query,
    card_type: &'static str,
    tds: bool,
    options: &[(u32, u32)],
) -> RatioBank {
    let amount = query.amount;
    let ratio = options
        .iter()
        .map(|&(n, bp)| {
            let comission = ledger::commission(amount, bp);
            let tax = ledger::commission_tax(comission);
            let (total, net) = if query.add {
                (amount.saturating_add(comission).saturating_add(tax), amount)
            } else {
                (amount, amount.saturating_sub(comission).saturating_sub(tax))
            };
            RatioRow {
                ratio: Ratio(bp),
                instalment_key: format!("{}-{n:02}", bank.id),
                instalment: n,
                instalment_amount: Money(ledger::split(total, n)),
                total_net_amount: Money(net),
                total_amount: Money(total),
                commision: Money(comission),
                commision_tax: Money(tax),
                desc: if n == 1 {
                    "Tek Çekim".to_owned()
                } else {
                    format!("{n} Taksit")
                },
                ratio_code: query.ratio_code.clone(),
            }
        })
        .collect();
    RatioBank {
        bank_id: bank.id,
        bank_logo: format!("{base_url}/sim/banks/{}.svg", bank.id),
        bank_name: bank.name,
        card_type,
        tds_required: tds,
        ratio,
    }
}

/// One bank's instalment table for a payment of `amount` kuruş (`add`: the commission on top)
/// under `ratio_code`, exactly as `Get` answers it for the bank's BIN; `None` when the merchant's
/// table leaves the bank out. For the browser forms' `check_bin` (`paynetj`).
pub(crate) fn bank_offer(
    state: &State,
    base_url: &str,
    bank: Bank,
    amount: u64,
    add: bool,
    ratio_code: &str,
) -> Option<RatioBank> {
    let query = Query {
        amount,
        add,
        bin: Some(bank.bin.to_owned()),
        ratio_code: ratio_code.to_owned(),
        card_type: None,
    };
    let (card_type, offers) = offers(state, &query);
    let tds = [TEST_CARD_3D_REQUIRED, TEST_CARD_3D_DECLINE]
        .iter()
        .any(|pan| pan.starts_with(bank.bin));
    let (_, options) = offers.iter().find(|(b, _)| b.id == bank.id)?;
    (!options.is_empty()).then(|| bank_table(bank, base_url, &query, card_type, tds, options))
}

/// The banks of the answer to `query`, with the result code and message.
fn table(shared: &Shared, query: &Query) -> (Vec<RatioBank>, u32, &'static str) {
    let state = shared.lock();
    let (card_type, offers) = offers(&state, query);
    drop(state);
    if query.card_type.is_some_and(|k| k != card_type) {
        return (Vec::new(), 12, "Bu kart tipi için oran bulunamadı");
    }
    let banks: Vec<(Bank, bool)> = match &query.bin {
        None => BANKS.iter().map(|b| (*b, false)).collect(),
        Some(bin) => {
            let tds = [TEST_CARD_3D_REQUIRED, TEST_CARD_3D_DECLINE]
                .iter()
                .any(|pan| pan.starts_with(bin.as_str()));
            cards::bank_of_bin(bin)
                .map(|b| (b, tds))
                .into_iter()
                .collect()
        }
    };
    let data: Vec<RatioBank> = banks
        .into_iter()
        .filter_map(|(bank, tds)| {
            let (_, options) = offers.iter().find(|(b, _)| b.id == bank.id)?;
            (!options.is_empty())
                .then(|| bank_table(bank, &shared.base_url, query, card_type, tds, options))
        })
        .collect();
    if data.is_empty() {
        (data, 12, "Bu BIN için oran bulunamadı")
    } else {
        (data, 0, SUCCESS_MESSAGE)
    }
}

/// The instalment options of the card whose BIN is `bin` for `amount` kuruş (commission on top
/// with `add`), as `ratio/Get` answers them with the simulator's own ratios: its bank's table, or
/// `None` for a BIN the simulator does not know. For the pay link's page.
pub(crate) fn bin_options(shared: &Shared, bin: &str, amount: u64, add: bool) -> Option<RatioBank> {
    let query = Query {
        amount,
        add,
        bin: Some(bin.to_owned()),
        ratio_code: String::new(),
        card_type: None,
    };
    table(shared, &query).0.into_iter().next()
}

/// The body of `/v1/ratio/Get`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RatioRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::flag")]
    addcomission_to_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    addcomisson_to_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    bin: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    pos_type: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
}

/// The ratio request's `amount`: TL with a dot (a JSON number, `100.50`, or the same as a
/// string), at most two decimals, read exactly (absent: 0). In kuruş.
fn ratio_amount(amount: Option<&Number>) -> Result<u64, &'static str> {
    let Some(amount) = amount else { return Ok(0) };
    let amount = amount
        .decimal()
        .ok_or("amount TL cinsinden bir sayı olmalıdır (örn. 100.50)")?;
    if amount < Decimal::ZERO || amount.scale() > 2 {
        return Err("amount sıfır veya pozitif, en fazla iki ondalıklı olmalıdır");
    }
    if amount > Decimal::new(MAX_AMOUNT_TL, 0) {
        return Err("amount çok büyük");
    }
    let mut kurus = amount;
    kurus.rescale(2);
    u64::try_from(kurus.mantissa()).map_err(|_| "amount okunamadı")
}

/// `POST /v1/ratio/Get`.
pub(crate) async fn ratio_get(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<RatioRequest>,
) -> Response {
    let amount = match ratio_amount(request.amount.as_ref()) {
        Ok(a) => a,
        Err(message) => return invalid_request(message),
    };
    let bin = match present(&request.bin) {
        None => None,
        Some(bin) if bin.len() == 6 && bin.bytes().all(|b| b.is_ascii_digit()) => {
            Some(bin.to_owned())
        }
        Some(_) => return invalid_request("bin kartın ilk 6 hanesi olmalıdır"),
    };
    // pos_type and agent_id change nothing in the simulator.
    let _ = (request.pos_type, &request.agent_id);
    let query = Query {
        amount,
        add: request
            .addcomission_to_amount
            .or(request.addcomisson_to_amount)
            .unwrap_or(false),
        bin,
        ratio_code: request.ratio_code.unwrap_or_default(),
        card_type: None,
    };
    let (data, code, message) = table(&shared, &query);
    wire::json(
        StatusCode::OK,
        &RatioResponse {
            object_name: "ratio_get",
            code,
            message,
            data,
        },
    )
}

/// The body of `/v1/ratio/Get_public`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PublicRatioRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::flag")]
    addcomission_to_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    addcomisson_to_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    bin: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_type: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    pos_type: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
}

/// `POST /v1/ratio/Get_public`: `/v1/ratio/Get` under the publishable key, the amount in kuruş.
pub(crate) async fn public_ratios(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<PublicRatioRequest, PublishableKey>,
) -> Response {
    let amount = match request.amount.as_ref().map(Number::kurus) {
        None => 0,
        Some(Some(kurus)) if kurus <= MAX_AMOUNT_TL.unsigned_abs() * 100 => kurus,
        Some(_) => {
            return invalid_request(
                "amount kuruş cinsinden, yalnızca rakam olmalıdır (\"10.00 TL\" => \"1000\")",
            );
        }
    };
    let bin = match present(&request.bin) {
        None => None,
        Some(bin) if (6..=8).contains(&bin.len()) && bin.bytes().all(|b| b.is_ascii_digit()) => {
            bin.get(..6).map(str::to_owned)
        }
        Some(_) => return invalid_request("bin kartın ilk 6 (veya 8) hanesi olmalıdır"),
    };
    let card_type = match present(&request.card_type) {
        None => None,
        Some(text) => match card_kind(text) {
            Some(kind) => Some(kind),
            None => return invalid_request("card_type cc, bc veya dc olmalıdır"),
        },
    };
    let _ = (request.pos_type, &request.agent_id);
    let query = Query {
        amount,
        add: request
            .addcomission_to_amount
            .or(request.addcomisson_to_amount)
            .unwrap_or(false),
        bin,
        ratio_code: request.ratio_code.unwrap_or_default(),
        card_type,
    };
    let (data, code, message) = table(&shared, &query);
    wire::json(
        StatusCode::OK,
        &PublicRatioResponse {
            object_name: "ratio_get",
            code,
            message,
            tds_required: data.iter().any(|b| b.tds_required),
            data,
        },
    )
}

/// 404 `no_data_error` for a `ratio_code` the merchant has no table for.
fn no_such_table() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Bu ratio_code ile oran tipi bulunamadı",
        12,
    )
}

/// The body of `/v1/ratio/set_type`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SetTypeRequest {
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    /// The old page's name for `ratio_code`.
    #[serde(deserialize_with = "lenient::text")]
    ratio_type: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    is_default: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    is_cumulative: Option<bool>,
}

/// `POST /v1/ratio/set_type`: creates a ratio table (no `ratio_code`) or updates one.
pub(crate) async fn set_type(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<SetTypeRequest>,
) -> Response {
    let Some(description) = present(&request.description) else {
        return invalid_request("description zorunludur");
    };
    if description.chars().count() > MAX_DESCRIPTION {
        return invalid_request("description en fazla 256 karakter olabilir");
    }
    // The simulator's answers without a ratio_code stay its own ratios: is_default is accepted
    // and changes nothing.
    let _ = request.is_default;
    let mut state = shared.lock();
    let ratio_code = match present(&request.ratio_code).or(present(&request.ratio_type)) {
        Some(code) => {
            let Some(table) = state.ratio_tables.iter_mut().find(|t| t.code == code) else {
                return no_such_table();
            };
            if let Some(cumulative) = request.is_cumulative {
                table.cumulative = cumulative;
            }
            code.to_owned()
        }
        None => {
            let code = loop {
                let code = format!("RT_{}", state.rng.string(CODE_CHARS, 6));
                if !state.ratio_tables.iter().any(|t| t.code == code) {
                    break code;
                }
            };
            state.ratio_tables.push(RatioTable {
                code: code.clone(),
                cumulative: request.is_cumulative.unwrap_or(true),
                definition: None,
            });
            code
        }
    };
    wire::json(
        StatusCode::OK,
        &RatioTypeResponse {
            ratio_code,
            object_name: "ratio_set_type",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// One instalment of a bank in the body of `/v1/ratio/define`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InstalmentBody {
    #[serde(deserialize_with = "lenient::int")]
    instalment: Option<i64>,
    #[serde(deserialize_with = "lenient::flag")]
    is_blocked: Option<bool>,
    #[serde(deserialize_with = "lenient::number")]
    ratio: Option<Number>,
}

/// One bank in the body of `/v1/ratio/define`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BankBody {
    #[serde(deserialize_with = "lenient::text")]
    bank_id: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    is_blocked: Option<bool>,
    instalments: Option<Vec<InstalmentBody>>,
}

/// The body of `/v1/ratio/define`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DefineRequest {
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_type: Option<String>,
    banks: Option<Vec<BankBody>>,
}

/// A defined ratio in basis points: a decimal of at most four places, within the table's range
/// (cumulative −0.20..=0.20, net 0..=0.20).
fn defined_ratio(ratio: Option<&Number>, cumulative: bool) -> Option<i64> {
    let Some(ratio) = ratio else { return Some(0) };
    let mut value = ratio.decimal()?;
    if value.scale() > 4 {
        return None;
    }
    value.rescale(4);
    let bp = i64::try_from(value.mantissa()).ok()?;
    let min = if cumulative { -MAX_DEFINED_BP } else { 0 };
    (min..=MAX_DEFINED_BP).contains(&bp).then_some(bp)
}

/// Checks `define`'s banks for a table (`cumulative` or not): the definition, or the message of
/// the 400 naming the field.
fn definition(
    card_type: &'static str,
    banks: &[BankBody],
    cumulative: bool,
) -> Result<Definition, String> {
    if banks.is_empty() {
        return Err("banks zorunludur (en az bir banka)".to_owned());
    }
    let mut defined: Vec<(Bank, Vec<(u32, i64)>)> = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for (i, bank) in banks.iter().enumerate() {
        let id = present(&bank.bank_id).ok_or(format!("banks[{i}].bank_id zorunludur"))?;
        let known = cards::bank_by_id(&id.to_ascii_uppercase())
            .ok_or(format!("banks[{i}].bank_id bilinmeyen bir banka kodu"))?;
        if seen.contains(&known.id) {
            return Err(format!("banks[{i}].bank_id birden fazla kez tanımlanmış"));
        }
        seen.push(known.id);
        let mut options: Vec<(u32, i64)> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        for (j, instalment) in bank.instalments.iter().flatten().enumerate() {
            let field = format!("banks[{i}].instalments[{j}]");
            let n = instalment
                .instalment
                .ok_or(format!("{field}.instalment zorunludur"))?;
            let n = u32::try_from(n)
                .ok()
                .filter(|n| (1..=12).contains(n))
                .ok_or(format!("{field}.instalment 1 ile 12 arasında olmalıdır"))?;
            if counts.contains(&n) {
                return Err(format!("{field}.instalment birden fazla kez tanımlanmış"));
            }
            counts.push(n);
            let bp = defined_ratio(instalment.ratio.as_ref(), cumulative).ok_or(if cumulative {
                format!("{field}.ratio -0.20 ile 0.20 arasında, en fazla dört ondalıklı olmalıdır")
            } else {
                format!("{field}.ratio 0 ile 0.20 arasında, en fazla dört ondalıklı olmalıdır")
            })?;
            if !instalment.is_blocked.unwrap_or(false) {
                options.push((n, bp));
            }
        }
        if !bank.is_blocked.unwrap_or(false) && !options.is_empty() {
            options.sort_unstable_by_key(|(n, _)| *n);
            defined.push((known, options));
        }
    }
    Ok(Definition {
        card_type,
        banks: defined,
    })
}

/// `POST /v1/ratio/define`: sets a ratio table's banks and instalment ratios.
pub(crate) async fn define(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<DefineRequest>,
) -> Response {
    let Some(code) = present(&request.ratio_code) else {
        return invalid_request("ratio_code zorunludur");
    };
    let card_type = match present(&request.card_type) {
        None => "cc",
        Some(text) => match card_kind(text) {
            Some(kind) => kind,
            None => return invalid_request("card_type cc, bc veya dc olmalıdır"),
        },
    };
    let mut state = shared.lock();
    let Some(table) = state.ratio_tables.iter_mut().find(|t| t.code == code) else {
        return no_such_table();
    };
    let banks = request.banks.as_deref().unwrap_or_default();
    match definition(card_type, banks, table.cumulative) {
        Ok(definition) => table.definition = Some(definition),
        Err(message) => return invalid_request(&message),
    }
    wire::json(
        StatusCode::OK,
        &PayposResult {
            object_name: "ratio_define",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `/v1/ratio/delete_type`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DeleteTypeRequest {
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
}

/// `POST /v1/ratio/delete_type`: deletes a ratio table.
pub(crate) async fn delete_type(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<DeleteTypeRequest>,
) -> Response {
    let Some(code) = present(&request.ratio_code) else {
        return invalid_request("ratio_code zorunludur");
    };
    let mut state = shared.lock();
    let before = state.ratio_tables.len();
    state.ratio_tables.retain(|t| t.code != code);
    if state.ratio_tables.len() == before {
        return no_such_table();
    }
    wire::json(
        StatusCode::OK,
        &PayposResult {
            object_name: "ratio_delete_type",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// `GET /sim/banks/{BANK}.svg`: a placeholder logo for the ratio table's `bank_logo`.
pub(crate) async fn bank_logo(Path(file): Path<String>) -> Response {
    let bank = file.strip_suffix(".svg").and_then(cards::bank_by_id);
    match bank {
        Some(bank) => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            )],
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\">\
                 <rect width=\"120\" height=\"40\" rx=\"6\" fill=\"#1f3a5f\"/>\
                 <text x=\"60\" y=\"26\" font-family=\"sans-serif\" font-size=\"16\" \
                 fill=\"#fff\" text-anchor=\"middle\">{}</text></svg>",
                bank.id
            ),
        )
            .into_response(),
        None => wire::paynet_error(
            StatusCode::NOT_FOUND,
            "no_data_error",
            "Bu adreste bir servis yok (paynet-sim)",
            12,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str, quoted: bool) -> Number {
        Number {
            text: text.to_owned(),
            quoted,
        }
    }

    #[test]
    fn defined_ratios_are_exact_and_bounded() {
        let bp = |text: &str, cumulative| defined_ratio(Some(&number(text, false)), cumulative);
        assert_eq!(defined_ratio(None, true), Some(0));
        assert_eq!(bp("0.0150", true), Some(150));
        assert_eq!(bp("-0.20", true), Some(-2_000));
        assert_eq!(bp("0.2", false), Some(2_000));
        assert_eq!(bp("-0.01", false), None);
        assert_eq!(bp("0.2001", true), None);
        assert_eq!(bp("0.00015", true), None);
        assert_eq!(
            defined_ratio(Some(&number("0.05", true)), true),
            Some(500),
            "a string of the number too"
        );
    }

    #[test]
    fn ratio_amounts() {
        assert_eq!(ratio_amount(None), Ok(0));
        assert_eq!(ratio_amount(Some(&number("100", false))), Ok(10_000));
        assert_eq!(ratio_amount(Some(&number("100.5", true))), Ok(10_050));
        assert!(ratio_amount(Some(&number("100,50", true))).is_err());
        assert!(ratio_amount(Some(&number("1.005", false))).is_err());
        assert!(ratio_amount(Some(&number("-1", false))).is_err());
    }

    #[test]
    fn card_kinds() {
        assert_eq!(card_kind("cc"), Some("cc"));
        assert_eq!(card_kind(" BC "), Some("bc"));
        assert_eq!(card_kind("xx"), None);
    }
}
