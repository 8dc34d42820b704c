//! The Paynet.js checkout page: the shop's own form, styled like the rest of the shop, driven by
//! Paynet's custom-form script (`paynet-custom.js`). Its card inputs are tagged `data-paynet` and
//! have **no `name`**: the browser never posts them to the shop, whatever happens. The script
//! sends the card to Paynet, and posts only `session_id` and `token_id` to the form's action.

use axum::response::Html;

use crate::PaynetJs;
use crate::html::{escape, page, paths, tl};
use crate::store::Order;

/// The page of `order`, paid through Paynet.js as `settings` say, with a notice (`("error",
/// text)`...) when there is one.
pub fn paynetjs_form(
    order: &Order,
    settings: &PaynetJs,
    notice: Option<(&str, &str)>,
) -> Html<String> {
    let notice = notice.map_or_else(String::new, |(class, text)| {
        format!(
            "<p class=\"notice {class}\" id=\"notice\" role=\"alert\">{}</p>\n",
            escape(text)
        )
    });
    let reference = escape(&order.reference_no);
    let amount = tl(order.amount.lira());
    page(
        "Payment with Paynet.js",
        &format!(
            "<section class=\"card\">\n<h1>Pay for your order</h1>\n\
             <p>{product} – <span class=\"amount\" id=\"amount\">{amount}</span></p>\n\
             <p class=\"hint\">Order <code id=\"reference\">{reference}</code></p>\n</section>\n\
             {paths}{notice}\
             <script class=\"paynet-button\" src=\"{src}\" data-key=\"{key}\" \
             data-amount=\"{data_amount}\" data-form=\"#paynetjs-form\" \
             data-reference_no=\"{reference}\" data-description=\"{product}\" \
             data-tds_required=\"false\" data-no_instalment=\"false\"></script>\n\
             <form class=\"card\" id=\"paynetjs-form\" method=\"post\" \
             action=\"/orders/{reference}/paynetjs\" autocomplete=\"on\">\n\
             <p class=\"hint\">Your card goes from this page straight to Paynet: this shop never \
             sees it. It only gets Paynet's token, and then asks Paynet to charge it.</p>\n\
             <label for=\"pj-number\">Card number</label>\n\
             <input type=\"text\" id=\"pj-number\" data-paynet=\"number\" inputmode=\"numeric\" autocomplete=\"cc-number\">\n\
             <div class=\"row\">\
             <div><label for=\"pj-month\">Month (MM)</label>\n\
             <input type=\"text\" id=\"pj-month\" data-paynet=\"exp-month\" inputmode=\"numeric\" placeholder=\"MM\" autocomplete=\"cc-exp-month\"></div>\n\
             <div><label for=\"pj-year\">Year (YY)</label>\n\
             <input type=\"text\" id=\"pj-year\" data-paynet=\"exp-year\" inputmode=\"numeric\" placeholder=\"YY\" autocomplete=\"cc-exp-year\"></div>\n\
             <div><label for=\"pj-cvc\">CVC</label>\n\
             <input type=\"tel\" id=\"pj-cvc\" data-paynet=\"cvv\" inputmode=\"numeric\" autocomplete=\"cc-csc\"></div></div>\n\
             <label for=\"pj-holder\">Name on the card</label>\n\
             <input type=\"text\" id=\"pj-holder\" data-paynet=\"holderName\" autocomplete=\"cc-name\">\n\
             <fieldset id=\"instalments\"><legend>Instalments</legend>\
             <p class=\"hint\">Type the card number to see your bank's options.</p></fieldset>\n\
             <input type=\"hidden\" id=\"pj-instalment\" data-paynet=\"installmentKey\" value=\"\">\n\
             <p class=\"notice error\" id=\"pj-error\" role=\"alert\" hidden></p>\n\
             <button id=\"pj-pay\" type=\"button\" data-paynet=\"submit\">Pay {amount}</button>\n\
             <p class=\"hint\">A card that needs 3-D Secure opens your bank's page over this one.</p>\n\
             </form>\n<script>{PAGE_SCRIPT}</script>",
            product = escape(&order.product),
            paths = paths(&order.reference_no, true),
            src = escape(&settings.script_url),
            key = escape(&settings.publishable_key),
            data_amount = order.amount.to_comma_string(),
        ),
        None,
    )
}

/// What the page does with Paynet's callbacks: the bank's instalments as radio buttons (the
/// chosen key goes to the hidden `installmentKey` input), Paynet's refusals in the error line.
/// Amounts arrive as JSON numbers (`50.81`): written with two decimals for the shopper only.
const PAGE_SCRIPT: &str = r#"
(function () {
  const box = document.getElementById("instalments");
  const chosen = document.getElementById("pj-instalment");
  const error = document.getElementById("pj-error");
  const lira = (n) => Number(n).toFixed(2).replace(".", ",").replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " TL";
  function fail(text) { error.textContent = text; error.hidden = !text; }
  function waiting(text) {
    box.innerHTML = '<legend>Instalments</legend><p class="hint"></p>';
    box.querySelector("p").textContent = text;
    chosen.value = "";
  }
  Paynet.events.onAuthentication(function (a) {
    if (!a.ok) { fail("Paynet could not start the payment: " + a.message); }
  });
  Paynet.events.onCheckBin(function (d) {
    if (!d) { waiting("Type the card number to see your bank's options."); return; }
    if (!d.ok) { waiting(d.message); return; }
    box.innerHTML = "<legend></legend>";
    box.querySelector("legend").textContent = "Instalments – " + d.bank.name;
    d.bank.installments.forEach(function (row, i) {
      const label = document.createElement("label");
      const radio = document.createElement("input");
      radio.type = "radio"; radio.name = "instalment"; radio.value = row.instalment_key;
      radio.id = "instalment-" + row.instalment; radio.checked = i === 0;
      radio.addEventListener("change", function () { chosen.value = radio.value; });
      label.append(radio, row.instalment === 1
        ? " " + row.desc + ": " + lira(row.total_amount)
        : " " + row.desc + ": " + row.instalment + " × " + lira(row.instalment_amount) +
          " (total " + lira(row.total_amount) + ")");
      box.append(label);
    });
    chosen.value = d.bank.installments.length ? d.bank.installments[0].instalment_key : "";
  });
  Paynet.events.validationError(function (e) { fail(e.message); });
  Paynet.events.onCreateToken(function (r) {
    if (!r.ok) { fail(r.message); } else { fail(""); }
  });
  Paynet.events.onTdsRedirect(function () { fail(""); });
  Paynet.events.onFormSubmiting(function () {
    document.getElementById("pj-pay").disabled = true;
  });
}());
"#;
