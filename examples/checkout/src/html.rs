//! The shop's pages: plain HTML written with `format!`, every value escaped. Nothing here talks
//! to Paynet or to the database.

use axum::response::Html;
use paynet::{Amount, Decimal};

use crate::store::{Order, OrderState};

/// Text made safe for HTML content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An amount as a Turkish shopper reads it: `1.234,50 TL`. Exact: digits are moved, never
/// computed (no floats anywhere).
pub fn tl(value: Decimal) -> String {
    let mut value = value;
    if value.scale() < 2 {
        value.rescale(2);
    }
    let text = value.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped},{fraction} TL")
}

/// An amount Paynet reported, stored as its decimal text (`149.90`), for the shopper.
pub fn reported(text: &str) -> String {
    text.parse::<Decimal>()
        .map_or_else(|_| format!("{text} TL"), tl)
}

const STYLE: &str = "
body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d2733; background: #f7f8fa; }
header { display: flex; justify-content: space-between; align-items: baseline; }
header a { color: inherit; text-decoration: none; font-weight: 700; font-size: 1.3rem; }
.card { background: #fff; border: 1px solid #dde2e8; border-radius: .6rem; padding: 1.2rem 1.5rem;
        margin: 1rem 0; }
.price, .amount { font-size: 1.6rem; font-weight: 700; }
label { display: block; margin: .6rem 0 .2rem; }
input[type=text], input[type=tel] { width: 100%; box-sizing: border-box; padding: .5rem;
        font-size: 1rem; border: 1px solid #b8c2cc; border-radius: .3rem; }
.row { display: flex; gap: 1rem; } .row > div { flex: 1; }
button { margin-top: 1rem; padding: .6rem 1.4rem; font-size: 1rem; border: 0; border-radius: .3rem;
         background: #0b6bcb; color: #fff; cursor: pointer; }
button.secondary { background: #8a3b12; }
.notice { padding: .8rem 1rem; border-radius: .4rem; margin: 1rem 0; }
.notice.error { background: #fde8e8; border: 1px solid #f0a8a8; }
.notice.ok { background: #e5f6ea; border: 1px solid #9fd5ae; }
.notice.wait { background: #fff6dd; border: 1px solid #ecd48a; }
#instalments label { display: flex; gap: .5rem; align-items: center; margin: .3rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dt { color: #5b6875; } dd { margin: 0; }
small, .hint { color: #5b6875; }
nav.paths { display: flex; gap: .5rem; margin: 1rem 0 0; }
nav.paths a { flex: 1; text-align: center; padding: .6rem; border: 1px solid #dde2e8; border-radius: .4rem;
        background: #fff; color: inherit; text-decoration: none; }
nav.paths a.current { border-color: #0b6bcb; box-shadow: inset 0 -3px 0 #0b6bcb; font-weight: 600; }
";

/// A whole page. `refresh` reloads it after that many seconds (for pages that wait on Paynet).
pub fn page(title: &str, body: &str, refresh: Option<u32>) -> Html<String> {
    let refresh = refresh.map_or_else(String::new, |s| {
        format!("<meta http-equiv=\"refresh\" content=\"{s}\">")
    });
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{refresh}\
         <title>{} – Paynet example shop</title><style>{STYLE}</style></head>\n<body>\n\
         <header><a href=\"/\">Paynet example shop</a><a href=\"/orders\"><small>orders</small></a></header>\n\
         {body}\n</body></html>\n",
        escape(title)
    ))
}

/// The product page: what is sold and its price; "Buy" creates the order.
pub fn product(name: &str, price: Amount) -> Html<String> {
    page(
        name,
        &format!(
            "<section class=\"card\" id=\"product\">\n<h1>{}</h1>\n\
             <p>Hand-thrown stoneware, 350 ml. Ships in two days.</p>\n\
             <p class=\"price\" id=\"price\">{}</p>\n\
             <form method=\"post\" action=\"/orders\"><button id=\"buy\" type=\"submit\">Buy now</button></form>\n\
             </section>",
            escape(name),
            tl(price.lira()),
        ),
        None,
    )
}

/// The two ways to pay for an order, as tabs: the card form on the shop's own page (`GET
/// /orders/{ref}`), and Paynet.js (`GET /orders/{ref}/paynetjs`), where the card goes from the
/// browser to Paynet and never reaches the shop.
pub fn paths(reference_no: &str, paynet_js: bool) -> String {
    let reference = escape(reference_no);
    let (api, js) = if paynet_js {
        ("", " class=\"current\"")
    } else {
        (" class=\"current\"", "")
    };
    format!(
        "<nav class=\"paths\" id=\"paths\">\
         <a id=\"path-api\" href=\"/orders/{reference}\"{api}>Card form on this site</a>\
         <a id=\"path-paynetjs\" href=\"/orders/{reference}/paynetjs\"{js}>Paynet.js: the card goes straight to Paynet</a>\
         <a id=\"path-paylink\" href=\"/orders/{reference}/pay-link\">Pay by link: Paynet's page, sent to the customer</a>\
         </nav>\n"
    )
}

/// The card form of an order. The card fields are posted to the shop once, over the shop's own
/// connection, turned into a [`paynet::Card`] and forgotten: they are never stored, logged nor
/// sent back in a page. While the shopper types the number, a script asks the shop (not Paynet:
/// the secret key stays on the server) for the instalment options of the card's first 6 digits.
pub fn card_form(order: &Order, notice: Option<(&str, &str)>) -> Html<String> {
    let notice = notice.map_or_else(String::new, |(class, text)| {
        format!(
            "<p class=\"notice {class}\" id=\"notice\" role=\"alert\">{}</p>\n",
            escape(text)
        )
    });
    let reference = escape(&order.reference_no);
    page(
        "Payment",
        &format!(
            "<section class=\"card\">\n<h1>Pay for your order</h1>\n\
             <p>{} – <span class=\"amount\" id=\"amount\">{}</span></p>\n\
             <p class=\"hint\">Order <code id=\"reference\">{reference}</code></p>\n</section>\n\
             {}{notice}\
             <form class=\"card\" id=\"pay\" method=\"post\" action=\"/orders/{reference}/pay\" autocomplete=\"on\">\n\
             <label for=\"card_number\">Card number</label>\n\
             <input type=\"text\" id=\"card_number\" name=\"card_number\" inputmode=\"numeric\" autocomplete=\"cc-number\" required>\n\
             <div class=\"row\"><div><label for=\"expiry\">Expiry (MM/YY)</label>\n\
             <input type=\"text\" id=\"expiry\" name=\"expiry\" placeholder=\"MM/YY\" autocomplete=\"cc-exp\" required></div>\n\
             <div><label for=\"cvc\">CVC</label>\n\
             <input type=\"tel\" id=\"cvc\" name=\"cvc\" inputmode=\"numeric\" autocomplete=\"cc-csc\" required></div></div>\n\
             <label for=\"holder\">Name on the card</label>\n\
             <input type=\"text\" id=\"holder\" name=\"holder\" autocomplete=\"cc-name\" required>\n\
             <fieldset id=\"instalments\"><legend>Instalments</legend>\
             <p class=\"hint\">Type the card number to see your bank's options.</p>\
             <input type=\"hidden\" name=\"instalments\" value=\"1\"></fieldset>\n\
             <button id=\"pay-button\" type=\"submit\">Pay {}</button>\n\
             <p class=\"hint\">You will confirm the payment on your bank's 3-D Secure page.</p>\n\
             </form>\n<script>{INSTALMENT_SCRIPT}</script>",
            escape(&order.product),
            tl(order.amount.lira()),
            paths(&order.reference_no, false),
            tl(order.amount.lira()),
        ),
        None,
    )
}

/// Asks the shop for the options of the BIN typed (`/orders/{ref}/instalments?bin=...`) and
/// shows them as radio buttons; only the first 6 digits ever leave the field.
const INSTALMENT_SCRIPT: &str = r#"
const form = document.getElementById("pay");
const box = document.getElementById("instalments");
const number = document.getElementById("card_number");
let shownBin = "";
function single(text) {
  box.innerHTML = '<legend>Instalments</legend><p class="hint"></p>' +
    '<input type="hidden" name="instalments" value="1">';
  box.querySelector("p").textContent = text;
}
number.addEventListener("input", async () => {
  const bin = number.value.replace(/\D/g, "").slice(0, 6);
  if (bin.length < 6) { if (shownBin) { shownBin = ""; single("Type the card number to see your bank's options."); } return; }
  if (bin === shownBin) return;
  shownBin = bin;
  const answer = await fetch(form.action.replace(/\/pay$/, "/instalments") + "?bin=" + bin);
  if (bin !== shownBin) return; // the shopper typed on meanwhile
  const table = answer.ok ? await answer.json() : { options: [] };
  if (!table.options.length) { single("Single payment."); return; }
  box.innerHTML = "<legend></legend>";
  box.querySelector("legend").textContent = "Instalments – " + table.bank;
  table.options.forEach((o, i) => {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio"; radio.name = "instalments"; radio.value = o.count; radio.checked = i === 0;
    radio.id = "instalment-" + o.count;
    label.append(radio, o.count === 1 ? ` ${o.label}: ${o.total}`
      : ` ${o.label}: ${o.count} × ${o.instalment} (total ${o.total})`);
    box.append(label);
  });
});
"#;

/// The receipt of a paid order, with the refund button while a refund can be asked for.
pub fn receipt(order: &Order) -> Html<String> {
    let amount = order
        .paid_amount
        .as_deref()
        .map_or_else(|| tl(order.amount.lira()), reported);
    let instalments = match order.instalments {
        Some(n) if n > 1 => format!("{n} instalments"),
        _ => "single payment".to_owned(),
    };
    let (status, refresh) = match order.state {
        OrderState::Paid => (
            format!(
                "<form method=\"post\" action=\"/orders/{}/refund\">\
                 <button class=\"secondary\" id=\"refund\" type=\"submit\">Refund this order</button></form>",
                escape(&order.reference_no)
            ),
            None,
        ),
        OrderState::RefundRequested => (
            "<p class=\"notice wait\" id=\"refund-status\">Refund requested: waiting for Paynet's \
             decision. This page updates by itself.</p>"
                .to_owned(),
            Some(1),
        ),
        OrderState::Refunded => (
            format!(
                "<p class=\"notice ok\" id=\"refund-status\">Refunded: {} back to the card.</p>",
                order
                    .refunded_amount
                    .as_deref()
                    .map_or_else(|| amount.clone(), reported)
            ),
            None,
        ),
        _ => (
            "<p class=\"notice error\" id=\"refund-status\">Paynet denied the refund.</p>"
                .to_owned(),
            None,
        ),
    };
    let note = order.note.as_deref().map_or_else(String::new, |n| {
        format!(
            "<p class=\"notice error\" id=\"notice\" role=\"alert\">{}</p>",
            escape(n)
        )
    });
    let field = |v: &Option<String>| escape(v.as_deref().unwrap_or("–"));
    page(
        "Receipt",
        &format!(
            "<section class=\"card\" id=\"receipt\">\n<h1>Thank you! Payment received</h1>\n\
             <p class=\"amount\" id=\"paid-amount\">{}</p>\n<dl>\
             <dt>Order</dt><dd id=\"reference\">{}</dd>\
             <dt>Product</dt><dd>{}</dd>\
             <dt>Card</dt><dd id=\"card\">{}</dd>\
             <dt>Bank</dt><dd>{}</dd>\
             <dt>Payment</dt><dd>{instalments}</dd>\
             </dl>\n</section>\n{note}{status}",
            escape(&amount),
            escape(&order.reference_no),
            escape(&order.product),
            field(&order.card_masked),
            field(&order.bank_name),
        ),
        refresh,
    )
}

/// A page that waits on Paynet (an unknown outcome being settled) and reloads itself.
pub fn waiting(order: &Order, text: &str) -> Html<String> {
    page(
        "Checking your payment",
        &format!(
            "<section class=\"card\"><h1>Checking your payment</h1>\
             <p class=\"notice wait\" id=\"notice\">{}</p>\
             <p class=\"hint\">Order {} – {}. Please do not pay again: this page updates by itself.</p></section>",
            escape(text),
            escape(&order.reference_no),
            tl(order.amount.lira()),
        ),
        Some(2),
    )
}

/// The list of orders (what the shop's back office would show).
pub fn orders(orders: &[Order]) -> Html<String> {
    let rows: String = orders
        .iter()
        .map(|o| {
            format!(
                "<tr><td><a href=\"/orders/{r}\">{r}</a></td><td>{}</td><td>{}</td></tr>",
                tl(o.amount.lira()),
                o.state.as_str(),
                r = escape(&o.reference_no),
            )
        })
        .collect();
    page(
        "Orders",
        &format!(
            "<section class=\"card\"><h1>Orders</h1><table id=\"orders\">\
             <tr><th>Order</th><th>Amount</th><th>State</th></tr>{rows}</table></section>"
        ),
        None,
    )
}

/// A page with a message (an unknown order, a failure).
pub fn message(title: &str, text: &str) -> Html<String> {
    page(
        title,
        &format!(
            "<section class=\"card\"><h1>{}</h1><p id=\"notice\">{}</p>\
             <p><a href=\"/\">Back to the shop</a></p></section>",
            escape(title),
            escape(text)
        ),
        None,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn amounts_read_as_in_turkey() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(tl(d("149.90")), "149,90 TL");
        assert_eq!(tl(d("1234.5")), "1.234,50 TL");
        assert_eq!(tl(d("1000000")), "1.000.000,00 TL");
        assert_eq!(tl(d("0.05")), "0,05 TL");
        assert_eq!(tl(d("19.2104")), "19,2104 TL");
        assert_eq!(tl(d("-3.00")), "-3,00 TL");
        assert_eq!(reported("149.90"), "149,90 TL");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<b>\"A&B\"</b>'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;"
        );
    }
}
