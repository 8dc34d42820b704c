//! The pay link's pages as HTML: the payment page (the merchant, the amount, the note, the
//! expiry, the card form and its instalment script), the page of a closed link, and Paynet's own
//! result page (for a link without `succeed_url` / `error_url`). Nothing here reads the state.

use crate::{
    clock,
    fixtures::{
        COMPANY_NAME, TEST_3D_PASSWORD, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE,
        TEST_CARD_DECLINE, TEST_CVC, TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR,
    },
    html::escape,
    model::{PayLink, PayLinkStatus},
    wire::Money,
};

/// The path of a link's payment page, before its token.
pub(crate) const PAGE_PATH: &str = "/sim/paylink/";

/// The URL of a link's payment page: `{base}/sim/paylink/{token}`.
pub(crate) fn page_url(base_url: &str, link: &PayLink) -> String {
    format!("{base_url}{PAGE_PATH}{}", link.token)
}

/// The title of every pay link page.
const TITLE: &str = "Ödeme sayfası – Paynet simülatörü";

/// A whole page.
fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"tr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{TITLE}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;\
padding:0 1rem;color:#1d2733}label{display:block;margin:.5rem 0 .2rem}\
input[type=text]{width:100%;box-sizing:border-box;padding:.45rem;font-size:1rem}\
.row{display:flex;gap:.8rem}.row>div{flex:1}button{margin-top:1rem;padding:.6rem 1.4rem;\
font-size:1rem}.error{color:#a40000}.amount{font-size:1.5rem;font-weight:700}\
#instalments label{display:flex;gap:.4rem;margin:.2rem 0}small{color:#5b6875}";

/// A local date and time, `03.06.2024 10:27:22`.
fn local_time(ticks: i64) -> String {
    format!("{} {}", clock::format_dmy(ticks), clock::format_hms(ticks))
}

/// What the link shows of itself: the merchant, the payer, the amount, the note, the expiry.
fn summary(link: &PayLink) -> String {
    let commission = if link.add_commission {
        "<p><small>Hizmet bedeli tutara eklenir.</small></p>\n"
    } else {
        ""
    };
    let note = if link.note.is_empty() {
        String::new()
    } else {
        format!("<p id=\"note\">{}</p>\n", escape(&link.note))
    };
    format!(
        "<h1 id=\"merchant\">{}</h1>\n<p>Sayın <span id=\"payer\">{}</span>,</p>\n\
         <p>Tutar: <span class=\"amount\" id=\"amount\">{} TL</span></p>\n{commission}{note}\
         <p>Son ödeme tarihi: <span id=\"expiry\">{}</span></p>\n",
        escape(COMPANY_NAME),
        escape(&link.name_surname),
        Money(link.amount).text(','),
        escape(&local_time(link.expires_ticks)),
    )
}

/// The payment page: the summary and the card form, with an error line after a refused card.
pub(crate) fn payment_page(link: &PayLink, error: Option<&str>) -> String {
    let error = error.map_or_else(String::new, |e| {
        format!(
            "<p class=\"error\" id=\"error\" role=\"alert\">{}</p>\n",
            escape(e)
        )
    });
    let action = format!("{PAGE_PATH}{}", escape(&link.token));
    page(&format!(
        "{}{error}\
         <form method=\"post\" action=\"{action}\" id=\"pay-form\" autocomplete=\"on\">\n\
         <label for=\"card_holder\">Kart üzerindeki isim</label>\n\
         <input type=\"text\" id=\"card_holder\" name=\"card_holder\" autocomplete=\"cc-name\" required>\n\
         <label for=\"pan\">Kart numarası</label>\n\
         <input type=\"text\" id=\"pan\" name=\"pan\" inputmode=\"numeric\" autocomplete=\"cc-number\" required>\n\
         <div class=\"row\"><div><label for=\"month\">Ay</label>\n\
         <input type=\"text\" id=\"month\" name=\"month\" inputmode=\"numeric\" autocomplete=\"cc-exp-month\" placeholder=\"AA\" required></div>\n\
         <div><label for=\"year\">Yıl</label>\n\
         <input type=\"text\" id=\"year\" name=\"year\" inputmode=\"numeric\" autocomplete=\"cc-exp-year\" placeholder=\"YYYY\" required></div>\n\
         <div><label for=\"cvc\">CVC</label>\n\
         <input type=\"text\" id=\"cvc\" name=\"cvc\" inputmode=\"numeric\" autocomplete=\"cc-csc\" required></div></div>\n\
         <fieldset id=\"instalments\"><legend>Taksit</legend>\
         <p><small>Taksit seçenekleri için kart numarasını yazın.</small></p>\
         <input type=\"hidden\" name=\"instalment\" value=\"1\"></fieldset>\n\
         <button type=\"submit\" id=\"pay-button\">Öde</button>\n\
         </form>\n\
         <p><small>paynet-sim: {} onaylanır, {} reddedilir, {} 3-D ister (şifre \"{}\"); \
         son kullanma {:02}/{}, CVC {}.</small></p>\n\
         <script>{SCRIPT}</script>",
        summary(link),
        TEST_CARD_APPROVE,
        TEST_CARD_DECLINE,
        TEST_CARD_3D_REQUIRED,
        escape(TEST_3D_PASSWORD),
        TEST_EXPIRY_MONTH,
        TEST_EXPIRY_YEAR,
        TEST_CVC,
    ))
}

/// Asks the page's own `instalments?bin=` for the options of the BIN typed, and shows them as
/// radio buttons (`instalment-N`); only the first 6 digits leave the field.
const SCRIPT: &str = r#"
const form = document.getElementById("pay-form");
const box = document.getElementById("instalments");
const pan = document.getElementById("pan");
let shown = "";
function single(text) {
  box.innerHTML = '<legend>Taksit</legend><p><small></small></p><input type="hidden" name="instalment" value="1">';
  box.querySelector("small").textContent = text;
}
pan.addEventListener("input", async () => {
  const bin = pan.value.replace(/\D/g, "").slice(0, 6);
  if (bin.length < 6) { if (shown) { shown = ""; single("Taksit seçenekleri için kart numarasını yazın."); } return; }
  if (bin === shown) return;
  shown = bin;
  const answer = await fetch(form.getAttribute("action") + "/instalments?bin=" + bin);
  if (bin !== shown) return;
  const table = answer.ok ? await answer.json() : { options: [] };
  if (!table.options.length) { single("Tek çekim."); return; }
  box.innerHTML = "<legend></legend>";
  box.querySelector("legend").textContent = "Taksit – " + table.bank_name;
  table.options.forEach((o, i) => {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio"; radio.name = "instalment"; radio.value = o.count; radio.checked = i === 0;
    radio.id = "instalment-" + o.count;
    label.append(radio, o.count === 1 ? ` ${o.label}: ${o.total}`
      : ` ${o.label}: ${o.count} × ${o.instalment} (toplam ${o.total})`);
    box.append(label);
  });
});
"#;

/// The page of a link that takes no payment, saying why.
pub(crate) fn closed_page(link: &PayLink, why: PayLinkStatus) -> String {
    let reason = match why {
        PayLinkStatus::Paid => "Bu ödeme emri ödenmiş.",
        PayLinkStatus::Expired => "Bu ödeme emrinin süresi dolmuş.",
        PayLinkStatus::Passive => "Bu ödeme emri pasif.",
        PayLinkStatus::Awaiting => "Bu ödeme emri ödeme bekliyor.",
    };
    page(&format!(
        "{}<p class=\"error\" id=\"closed\" data-status=\"{}\">{reason} Ödeme alınamaz.</p>",
        summary(link),
        why.code(),
    ))
}

/// The page for a token the simulator never handed out.
pub(crate) fn unknown_page() -> String {
    page("<h1>Ödeme emri bulunamadı</h1>\n<p id=\"closed\">Bu bağlantı geçerli değil.</p>")
}

/// Paynet's own result page, for a link without `succeed_url` (or `error_url`).
pub(crate) fn result_page(link: &PayLink, approved: bool, xact_id: Option<&str>) -> String {
    let text = if approved {
        "Ödemeniz alındı. Teşekkür ederiz."
    } else {
        "Ödeme alınamadı."
    };
    let xact = xact_id.map_or_else(String::new, |x| {
        format!("<p>İşlem: <code id=\"xact_id\">{}</code></p>", escape(x))
    });
    page(&format!(
        "{}<p id=\"result\" data-approved=\"{approved}\">{text}</p>{xact}",
        summary(link)
    ))
}

/// A 3-D return that cannot be finished (not verified yet, or not this link's session).
pub(crate) fn three_d_page(link: &PayLink, text: &str) -> String {
    page(&format!(
        "{}<p class=\"error\" id=\"error\" role=\"alert\">{}</p>",
        summary(link),
        escape(text)
    ))
}
