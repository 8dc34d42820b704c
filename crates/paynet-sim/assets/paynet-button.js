// paynet-sim: the ready-made button, `/public/js/paynet.js` and `/public/js/paynet.min.js`
// (after paynet-core.js).
//
// The page contract (Paynet's "Hazır Form"): the script tag sits inside the merchant's form,
// with class `paynet-button` and `data-key`, `data-amount` (kuruş: "10.00 TL" => 1000),
// `data-button_label`, `data-name`, `data-description`, `data-image`, `data-agent`,
// `data-add_commission_amount`, `data-no_instalment`, `data-ratio_code`, `data-installments`,
// `data-tds_required`, `data-reference_no`, `data-pos_type`, `data-platform_id`. The script puts
// a pay button in its place; the button opens the simulator's card form over the page (then the
// bank's 3-D page for 3-D cards); at the end the script adds `session_id` and `token_id` to the
// merchant's form and submits it. The card never touches the merchant's page nor its server.

var tag = paynetScript;
var settings = {};

function readSettings() {
  settings.key = String(readAttr(tag, 'data-key', ''));
  settings.amountText = rawAttr(tag, 'data-amount');
  settings.amount = kurusOfDigits(settings.amountText);
  settings.label = rawAttr(tag, 'data-button_label') || '\u00d6deme Yap';
  settings.name = rawAttr(tag, 'data-name');
  settings.description = rawAttr(tag, 'data-description');
  settings.image = rawAttr(tag, 'data-image');
  settings.agent = rawAttr(tag, 'data-agent');
  settings.comm = readAttr(tag, 'data-add_commission_amount', false) === true;
  settings.noInstalment = readAttr(tag, 'data-no_instalment', false) === true;
  settings.ratioCode = rawAttr(tag, 'data-ratio_code');
  settings.installments = rawAttr(tag, 'data-installments');
  settings.tdsRequired = readAttr(tag, 'data-tds_required', true) === true;
  settings.reference = rawAttr(tag, 'data-reference_no');
  settings.posType = rawAttr(tag, 'data-pos_type');
  settings.platformId = rawAttr(tag, 'data-platform_id');
  settings.form = (tag && tag.closest ? tag.closest('form') : null) ||
    (readAttr(tag, 'data-form') ? document.querySelector(readAttr(tag, 'data-form')) : null);
}

readSettings();

var session = null;
var button = null;
var note = null;

function showNote(text) {
  if (!note) {
    note = document.createElement('span');
    note.className = 'paynet-button-error';
    note.setAttribute('role', 'alert');
    note.style.cssText = 'display:block;color:#b00020;margin-top:.4rem';
    button.parentNode.insertBefore(note, button.nextSibling);
  }
  note.textContent = text;
}

function authenticate() {
  if (session) {
    return Promise.resolve({ ok: true, session: session });
  }
  return callPaynet('/v1/paynetj/auth', settings.key, {
    token: settings.key,
    amount: settings.amount,
    agent_id: settings.agent,
    add_commission: settings.comm,
    pos_type: settings.posType,
    ratio_code: settings.ratioCode,
    domain: window.location.protocol + '//' + window.location.host,
    tds_required: settings.tdsRequired,
    reference_no: settings.reference,
    description: settings.description,
    name: settings.name,
    image: settings.image,
    no_instalment: settings.noInstalment,
    installments: settings.installments,
    platform_id: settings.platformId
  }).then(function (answer) {
    var result;
    if (answer.ok) {
      session = answer.data.session_id;
      result = { ok: true, session: session, expire: answer.data.expire_date };
    } else {
      result = { ok: false, code: answer.code, message: answer.message };
    }
    fire('onAuthentication', result);
    return result;
  });
}

// The button: the card form over the page.
function open() {
  if (fire('onPaymentClick') === false) {
    return;
  }
  button.disabled = true;
  authenticate().then(function (auth) {
    if (!auth.ok) {
      button.disabled = false;
      showNote(auth.message || '\u00d6deme ba\u015flat\u0131lamad\u0131');
      return;
    }
    openFrame(apiBase + '/sim/paynetj/form' + queryString({
      session_id: session,
      publishable_key: settings.key
    }));
  });
}

// The card form (or the bank's page) is done: the merchant's form gets the fields and goes.
function finish(fields) {
  if (!settings.form) {
    console.error('Paynet: the script tag is not inside a form');
    return;
  }
  Object.keys(fields).forEach(function (name) {
    setHidden(settings.form, name, fields[name]);
  });
  removeSecureInputs();
  fire('onFormSubmiting');
  settings.form.submit();
}

listenToPaynet(finish, function () {
  if (button) {
    button.disabled = false;
  }
});

whenReady(function () {
  button = document.createElement('button');
  button.type = 'button';
  button.className = 'paynet-button-pay';
  button.textContent = settings.label;
  if (tag && tag.parentNode) {
    tag.parentNode.insertBefore(button, tag.nextSibling);
  } else {
    document.body.appendChild(button);
  }
  if (settings.amount === null) {
    button.disabled = true;
    showNote('data-amount kuru\u015f olarak yaz\u0131lmal\u0131d\u0131r ("10.00 TL" => "1000"): "' +
      settings.amountText + '" okunamad\u0131');
    console.error('Paynet: data-amount must be kuru\u015f digits, got "' + settings.amountText + '"');
  } else if (!settings.form) {
    button.disabled = true;
    showNote('Paynet: the script tag must be inside the form to submit');
  }
  button.addEventListener('click', function (event) {
    event.preventDefault();
    open();
  });
  fire('onLoad');
});

window.Paynet = {
  events: {
    onLoad: registrar('onLoad'),
    onPaymentClick: registrar('onPaymentClick'),
    onAuthentication: registrar('onAuthentication'),
    onTdsRedirect: registrar('onTdsRedirect'),
    onFormSubmiting: registrar('onFormSubmiting')
  },
  utils: {
    refreshContext: readSettings
  }
};
