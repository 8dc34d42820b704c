// paynet-sim: the script of the simulator's card form page (`/sim/paynetj/form`, which the
// ready-made button opens over the merchant's page), after paynet-core.js. The page is the
// simulator's: the card goes from here to `create_token` and nowhere else. The merchant's page
// only gets `command=form-post&session_id=..&token_id=..` (by postMessage, to its origin), or
// `command=close-iframe` when the shopper closes the form.

var form = document.getElementById('paynet-card-form');
var key = form.getAttribute('data-key');
var sessionId = form.getAttribute('data-session');
var merchantOrigin = form.getAttribute('data-origin') || '*';
var tdsRequired = form.getAttribute('data-tds') === 'true';
var numberInput = document.getElementById('cc-number');
var expiryInput = document.getElementById('cc-exp');
var cvcInput = document.getElementById('cc-csc');
var holderInput = document.getElementById('cc-name');
var box = document.getElementById('instalments');
var errorLine = document.getElementById('error');
var payButton = document.getElementById('pay');
var shownBin = '';

function tellMerchant(message) {
  if (window.parent && window.parent !== window) {
    window.parent.postMessage(message, merchantOrigin);
  }
}

function showError(text) {
  errorLine.textContent = text || '';
  errorLine.hidden = !text;
}

function single(text) {
  box.innerHTML = '';
  var hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = text;
  box.appendChild(hint);
}

// The bank's options as radio buttons (the first, a single payment, chosen).
function showOptions(answer) {
  box.innerHTML = '';
  var legend = document.createElement('p');
  legend.className = 'bank';
  legend.id = 'bank-name';
  legend.textContent = answer.bank_name;
  box.appendChild(legend);
  (answer.data || []).forEach(function (row, index) {
    var label = document.createElement('label');
    var radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'instalment_key';
    radio.value = row.instalment_key;
    radio.id = 'instalment-' + row.instalment;
    radio.checked = index === 0;
    label.appendChild(radio);
    var text = row.instalment === 1
      ? ' ' + row.desc + ': ' + liraText(row.total_amount) + ' TL'
      : ' ' + row.desc + ': ' + row.instalment + ' \u00d7 ' + liraText(row.instalment_amount) +
        ' TL (toplam ' + liraText(row.total_amount) + ' TL)';
    label.appendChild(document.createTextNode(text));
    box.appendChild(label);
  });
}

numberInput.addEventListener('input', function () {
  var digits = cardDigits(numberInput.value);
  var bin = digits.slice(0, 6);
  if (bin.length < 6) {
    if (shownBin) {
      shownBin = '';
      single('Taksit se\u00e7enekleri i\u00e7in kart numaras\u0131n\u0131 yaz\u0131n.');
    }
    return;
  }
  if (bin === shownBin) {
    return;
  }
  shownBin = bin;
  callPaynet('/v1/paynetj/check_bin', key, {
    token: key,
    bin: bin,
    session_id: sessionId
  }).then(function (answer) {
    if (bin !== shownBin) {
      return;
    }
    if (answer.ok) {
      showOptions(answer.data);
    } else {
      single(answer.message);
    }
  });
});

// "MM/YY" (or "MM/YYYY", "MMYY") as [month, year], or null.
function readExpiry(text) {
  var match = /^\s*([0-9]{1,2})\s*\/?\s*([0-9]{2}|[0-9]{4})\s*$/.exec(text);
  return match ? [match[1], match[2]] : null;
}

form.addEventListener('submit', function (event) {
  event.preventDefault();
  showError('');
  var pan = cardDigits(numberInput.value);
  var expiry = readExpiry(expiryInput.value);
  var cvc = cvcInput.value.trim();
  var holder = holderInput.value.trim();
  var chosen = box.querySelector('input[name=instalment_key]:checked');
  if (pan.length < 15 || pan.length > 16 || !/^[0-9]+$/.test(pan)) {
    showError('Kart numaras\u0131 bilgisi yanl\u0131\u015f');
    return;
  }
  if (!expiry || parseInt(expiry[0], 10) < 1 || parseInt(expiry[0], 10) > 12) {
    showError('Son kullanma tarihi AA/YY olmal\u0131d\u0131r');
    return;
  }
  if (!/^[0-9]{3,4}$/.test(cvc)) {
    showError('CVC kodu yanl\u0131\u015f');
    return;
  }
  if (!/^[A-Za-z\u00C0-\u024F\s]+$/.test(holder)) {
    showError('Kart sahibi bilgisi yanl\u0131\u015f');
    return;
  }
  if (!chosen) {
    showError('Taksit bilgisi zorunlu');
    return;
  }
  payButton.disabled = true;
  callPaynet('/v1/paynetj/create_token', key, {
    token: key,
    session_id: sessionId,
    pan: pan,
    card_holder: holder,
    month: expiry[0],
    year: expiry[1],
    cvc: cvc,
    instalment_key: chosen.value,
    do_3ds: tdsRequired
  }).then(function (answer) {
    if (!answer.ok) {
      payButton.disabled = false;
      showError(answer.message);
      return;
    }
    var token = answer.data.token_id;
    if (answer.data.is_tds === true) {
      tellMerchant('command=tds-redirect');
      window.location.href = answer.data.post_url + queryString({
        session_id: sessionId,
        token_id: token,
        publishable_key: key
      });
    } else {
      tellMerchant('command=form-post' + queryString({
        session_id: sessionId,
        token_id: token
      }).replace('?', '&'));
    }
  });
});

document.getElementById('close').addEventListener('click', function () {
  tellMerchant('command=close-iframe');
});

// The merchant's page shows dimmed behind the form.
tellMerchant('command=iframe-transparent');
