// paynet-sim: the custom form, `/public/js/paynet-custom.js` (after paynet-core.js).
//
// The page contract (Paynet's "Özelleştirilebilir Form"): the script tag has class
// `paynet-button` and the settings (`data-key`, `data-amount` in TL as written, "149,90",
// `data-form`, `data-tds_required`, `data-agent`, `data-add_commission_amount`,
// `data-no_instalment`, `data-pos_type`, `data-ratio_code`, ...); the merchant's inputs are
// tagged `data-paynet="number|holderName|exp-month|exp-year|cvv|installmentKey|..."` and the
// pay button `data-paynet="submit"`; the page listens with `Paynet.events.*`. The card data goes
// from these inputs straight to the simulator; the merchant's form only ever receives
// `session_id` and `token_id`.

// The page's settings, read from the script tag (again by `Paynet.utils.refreshContext()`).
var context = {};

function refreshContext() {
  var tag = document.querySelector('script.paynet-button') || paynetScript;
  context.form = readAttr(tag, 'data-form');
  context.key = String(readAttr(tag, 'data-key', ''));
  context.amountText = rawAttr(tag, 'data-amount');
  context.amount = kurusOfLira(context.amountText);
  context.name = readAttr(tag, 'data-name');
  context.tdsRequired = readAttr(tag, 'data-tds_required', true) === true;
  context.description = readAttr(tag, 'data-description');
  context.agent = readAttr(tag, 'data-agent');
  context.comm = readAttr(tag, 'data-add_commission_amount', false) === true;
  context.noInstalment = readAttr(tag, 'data-no_instalment', false) === true;
  context.posType = readAttr(tag, 'data-pos_type');
  context.reference = readAttr(tag, 'data-reference_no');
  context.authMode = readAttr(tag, 'data-authmode', 'load');
  context.ratioCode = readAttr(tag, 'data-ratio_code');
  context.showTdsError = readAttr(tag, 'data-show_tds_error', true);
  context.mergeOption = readAttr(tag, 'data-merge_option', false);
  context.ratioCodeMethod = readAttr(tag, 'data-ratio_code_method');
  context.invoiceNo = readAttr(tag, 'data-invoice_no');
  context.saveCard = readAttr(tag, 'data-save_card', false) === true;
  context.saveCardUid = readAttr(tag, 'data-save_carduid');
  context.saveCardOid = readAttr(tag, 'data-save_cardoid');
  context.saveCardGsm = readAttr(tag, 'data-save_card_gsmno');
  context.saveCardDesc = readAttr(tag, 'data-save_card_desc');
  context.useSavedCard = readAttr(tag, 'data-use_saved_card', false) === true;
  context.returnUrl = readAttr(tag, 'data-return_url');
  context.domain = window.location.protocol + '//' + window.location.host;
}

refreshContext();

// The session `auth` gave, and what it said.
var session = null;
var expireDate = null;
var authInFlight = null;
var currentBin = '';
var currentCardHash = '';
var submitting = false;

function authenticate() {
  if (session) {
    return Promise.resolve({ ok: true, session: session, expire: expireDate });
  }
  if (authInFlight) {
    return authInFlight;
  }
  if (context.amount === null) {
    var refused = {
      ok: false,
      code: 11,
      message: 'data-amount bir TL tutar\u0131 olmal\u0131d\u0131r ("149,90"): "' +
        context.amountText + '" okunamad\u0131'
    };
    fire('onAuthentication', refused);
    return Promise.resolve(refused);
  }
  authInFlight = callPaynet('/v1/paynetj/auth?type=CF', context.key, {
    token: context.key,
    amount: context.amount,
    agent_id: context.agent,
    add_commission: context.comm,
    pos_type: context.posType,
    ratio_code: context.ratioCode,
    domain: context.domain,
    tds_required: context.tdsRequired,
    show_tds_error: context.showTdsError,
    merge_option: context.mergeOption,
    ratio_code_method: context.ratioCodeMethod,
    invoice_no: context.invoiceNo,
    save_card: context.saveCard,
    user_unique_id: context.saveCardUid,
    user_gsm_no: context.saveCardGsm,
    card_owner_id: context.saveCardOid,
    card_desc: context.saveCardDesc,
    return_url: context.returnUrl,
    reference_no: context.reference,
    description: context.description
  }).then(function (answer) {
    authInFlight = null;
    var result;
    if (answer.ok) {
      session = answer.data.session_id;
      expireDate = answer.data.expire_date;
      if (answer.data.tds_required === true) {
        context.tdsRequired = true;
      }
      result = { ok: true, session: session, expire: expireDate };
    } else {
      result = { ok: false, code: answer.code, message: answer.message };
    }
    fire('onAuthentication', result);
    return result;
  });
  return authInFlight;
}

// Paynet's field names of the page's inputs: `data-paynet` value -> request field.
var FIELDS = {
  'number': 'pan',
  'installmentKey': 'instalment_key',
  'holderName': 'card_holder',
  'exp-month': 'month',
  'exp-year': 'year',
  'cvv': 'cvc',
  'desc': 'description',
  'phone': 'card_holder_phone',
  'email': 'card_holder_mail',
  'do3D': 'do_3ds',
  'save-card': 'save_card',
  'save-card-gsm': 'save_card_gsm',
  'save-card-desc': 'save_card_desc',
  'card-hash': 'card_hash'
};

// What the page's tagged inputs hold, by request field (a radio counts only when checked).
function readInputs() {
  var model = {};
  document.querySelectorAll('input[data-paynet], select[data-paynet], textarea[data-paynet]')
    .forEach(function (input) {
      var field = FIELDS[input.getAttribute('data-paynet')];
      if (!field) {
        return;
      }
      if (input.type === 'checkbox') {
        model[field] = input.checked;
      } else if (input.type === 'radio') {
        if (input.checked) {
          model[field] = input.value;
        }
      } else if (field === 'pan') {
        model[field] = cardDigits(input.value);
      } else {
        model[field] = String(input.value).trim();
      }
    });
  return model;
}

// The model as `onCreateTokenExecuting` shows it: never the card number nor the CVC.
function maskedModel(model) {
  var shown = {};
  ['instalment_key', 'card_holder', 'description', 'card_holder_phone', 'card_holder_mail',
    'do_3ds'].forEach(function (field) {
    if (model[field]) {
      shown[field] = model[field];
    }
  });
  if (model.pan) {
    shown.pan = model.pan.slice(0, 6) + '******' + model.pan.slice(-4);
  }
  return shown;
}

// Letters (Turkish ones too) and spaces only.
function isName(text) {
  return /^[A-Za-z\u00C0-\u024F\s]+$/.test(text);
}

// Paynet's client-side checks, with its codes.
function validate(model) {
  var fail = function (code, message) {
    return { ok: false, code: code, message: message };
  };
  var pan = model.pan || '';
  if (!pan) {
    return fail(1, 'Kart numaras\u0131 zorunlu');
  }
  if (pan.length < 15 || pan.length > 16 || !/^[0-9]+$/.test(pan)) {
    return fail(2, 'Kart numaras\u0131 bilgisi yanl\u0131\u015f');
  }
  var cvc = model.cvc || '';
  if (!cvc) {
    return fail(3, 'CVC kodu zorunlu');
  }
  if (cvc.length < 3 || cvc.length > 4 || !/^[0-9]+$/.test(cvc)) {
    return fail(4, 'CVC kodu yanl\u0131\u015f');
  }
  var month = model.month || '';
  if (!month) {
    return fail(5, 'Ay bilgisi zorunlu');
  }
  if (!/^[0-9]{1,2}$/.test(month)) {
    return fail(6, 'Ay bilgisi yanl\u0131\u015f');
  }
  if (parseInt(month, 10) < 1 || parseInt(month, 10) > 12) {
    return fail(7, 'Ay bilgisi yanl\u0131\u015f');
  }
  var year = model.year || '';
  if (!year) {
    return fail(8, 'Y\u0131l bilgisi zorunlu');
  }
  if (!/^([0-9]{2}|[0-9]{4})$/.test(year)) {
    return fail(9, 'Y\u0131l bilgisi yanl\u0131\u015f');
  }
  var thisYear = new Date().getFullYear();
  if (year.length === 4 && parseInt(year, 10) < thisYear) {
    return fail(10, 'Y\u0131l bilgisi yanl\u0131\u015f');
  }
  if (year.length === 2 && parseInt(year, 10) < thisYear % 100) {
    return fail(11, 'Y\u0131l bilgisi yanl\u0131\u015f');
  }
  var instalment = validateInstalment(model);
  if (!instalment.ok) {
    return instalment;
  }
  var holder = model.card_holder || '';
  if (!holder) {
    return fail(15, 'Kart sahibi bilgisi zorunlu');
  }
  if (!isName(holder)) {
    return fail(16, 'Kart sahibi bilgisi yanl\u0131\u015f');
  }
  if (context.saveCard) {
    if (!model.save_card_desc) {
      return fail(17, 'Kart saklama ismi zorunlu');
    }
    var gsm = model.save_card_gsm || '';
    if (!gsm) {
      return fail(18, 'Kart saklama i\u00e7in telefon numaras\u0131 zorunlu');
    }
    if (gsm.length !== 10) {
      return fail(19, 'Telefon numaras\u0131n\u0131 10 hane olarak giriniz');
    }
    if (!/^[0-9]+$/.test(gsm)) {
      return fail(20, 'Telefon numaras\u0131 yaln\u0131zca rakamlardan olu\u015fmal\u0131');
    }
  }
  return { ok: true };
}

function validateInstalment(model) {
  if (model.instalment_key === undefined) {
    return { ok: false, code: 13, message: 'Taksit bilgisi zorunlu' };
  }
  if (model.instalment_key === '') {
    return { ok: false, code: 14, message: 'Taksit bilgisi yanl\u0131\u015f, l\u00fctfen taksit se\u00e7iniz.' };
  }
  return { ok: true };
}

function validateSavedCard(model) {
  if (!model.card_hash) {
    return { ok: false, code: 21, message: 'L\u00fctfen kaydedilmi\u015f kart\u0131 se\u00e7in.' };
  }
  return validateInstalment(model);
}

// What check_bin (or check_card_bin) answered, as `onCheckBin` gets it.
function binEvent(answer) {
  if (!answer.ok) {
    return { ok: false, code: answer.code, message: answer.message };
  }
  var data = answer.data;
  return {
    ok: true,
    tdsState: context.tdsRequired ? 'required' : 'optional',
    bank: {
      id: data.bank_id,
      logoUrl: data.bank_logo,
      name: data.bank_name,
      tdsEnable: data.tds_enable,
      installments: data.data || []
    },
    cardType: data.card_type
  };
}

// The card number changed: its bank and instalments, once 6 digits are typed and the BIN
// changed (or `force`). Fewer than 6 digits: `onCheckBin()` with nothing.
function checkBin(number, force) {
  var digits = cardDigits(number);
  if (digits.length < 6) {
    if (currentBin) {
      currentBin = '';
      fire('onCheckBin');
    }
    return;
  }
  var bin = digits.slice(0, 6);
  if (!force && bin === currentBin) {
    return;
  }
  currentBin = bin;
  authenticate().then(function (auth) {
    if (!auth.ok) {
      return;
    }
    callPaynet('/v1/paynetj/check_bin', context.key, {
      token: context.key,
      bin: bin,
      session_id: session,
      no_instalment: context.noInstalment
    }).then(function (answer) {
      if (bin === currentBin) {
        fire('onCheckBin', binEvent(answer));
      }
    });
  });
}

// A stored card was chosen (`data-paynet="card-hash"`).
function checkCardBin(cardHash, force) {
  var hash = String(cardHash || '').trim();
  if (!hash) {
    currentCardHash = '';
    fire('onCheckCardBin');
    return;
  }
  if (!force && hash === currentCardHash) {
    return;
  }
  currentCardHash = hash;
  authenticate().then(function (auth) {
    if (!auth.ok) {
      return;
    }
    callPaynet('/v1/paynetj/check_card_bin', context.key, {
      token: context.key,
      card_hash: hash,
      card_owner_id: context.saveCardOid,
      session_id: session,
      no_instalment: context.noInstalment
    }).then(function (answer) {
      if (hash === currentCardHash) {
        fire('onCheckCardBin', binEvent(answer));
      }
    });
  });
}

function merchantForm() {
  return context.form ? document.querySelector(context.form) : null;
}

// Adds `fields` (session_id, token_id) to the merchant's form, takes the card inputs' names
// away and submits it.
function submitMerchantForm(fields) {
  var form = merchantForm();
  if (!form) {
    console.error('Paynet: data-form "' + context.form + '" finds no form');
    return;
  }
  Object.keys(fields).forEach(function (name) {
    setHidden(form, name, fields[name]);
  });
  removeSecureInputs();
  fire('onFormSubmiting');
  submitting = true;
  // HTMLFormElement.submit() posts without firing the form's submit event.
  form.submit();
}

// The pay button: check, create the token, then the bank's 3-D page or the merchant's form.
function pay() {
  fire('onPaymentClick');
  var model = readInputs();
  var checked = context.useSavedCard ? validateSavedCard(model) : validate(model);
  if (!checked.ok) {
    console.error('code:', checked.code, 'error:', checked.message);
    fire('validationError', checked);
    return false;
  }
  fire('onCreateTokenExecuting', {
    model: maskedModel(model),
    isAuthenticated: session !== null,
    session: session
  });
  var event = context.useSavedCard ? 'onCreateCardToken' : 'onCreateToken';
  authenticate().then(function (auth) {
    if (!auth.ok) {
      fire(event, auth);
      return;
    }
    var body = {};
    Object.keys(model).forEach(function (field) {
      body[field] = model[field];
    });
    body.session_id = session;
    body.token = context.key;
    body.do_3ds = context.tdsRequired || body.do_3ds === true;
    var path = '/v1/paynetj/create_token';
    if (context.useSavedCard) {
      path = '/v1/paynetj/create_card_token';
      body.card_owner_id = context.saveCardOid;
      delete body.pan;
      delete body.cvc;
      delete body.month;
      delete body.year;
    }
    callPaynet(path, context.key, body).then(function (answer) {
      if (!answer.ok) {
        fire(event, { ok: false, code: answer.code, message: answer.message });
        return;
      }
      var token = answer.data.token_id;
      fire(event, { ok: true, is3DPayment: answer.data.is_tds === true, orderToken: token });
      if (answer.data.is_tds === true) {
        fire('onTdsRedirect');
        openFrame(answer.data.post_url + queryString({
          session_id: session,
          token_id: token,
          publishable_key: context.key
        }));
      } else {
        submitMerchantForm({ token_id: token, session_id: session });
      }
    });
  });
  return true;
}

listenToPaynet(submitMerchantForm, function () {});

whenReady(function () {
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('[data-paynet="submit"]') : null;
    if (button) {
      event.preventDefault();
      pay();
    }
  });
  var onNumber = function (event) {
    if (event.target.getAttribute && event.target.getAttribute('data-paynet') === 'number') {
      checkBin(event.target.value, false);
    }
  };
  document.addEventListener('keyup', onNumber);
  document.addEventListener('input', onNumber);
  document.addEventListener('change', function (event) {
    if (event.target.getAttribute && event.target.getAttribute('data-paynet') === 'card-hash') {
      checkCardBin(event.target.value, false);
    }
  });
  // Enter in a card input would post the merchant's form with the card in it: run the payment
  // instead. The script's own submit (form.submit()) fires no submit event.
  document.addEventListener('submit', function (event) {
    var form = merchantForm();
    if (form && event.target === form && !submitting) {
      event.preventDefault();
      pay();
    }
  }, true);
  if (context.authMode === 'load') {
    authenticate();
  }
  fire('onLoad');
});

window.Paynet = {
  events: {
    onLoad: registrar('onLoad'),
    onPaymentClick: registrar('onPaymentClick'),
    onAuthentication: registrar('onAuthentication'),
    onCheckBin: registrar('onCheckBin'),
    onCreateToken: registrar('onCreateToken'),
    validationError: registrar('validationError'),
    onTdsRedirect: registrar('onTdsRedirect'),
    onFormSubmiting: registrar('onFormSubmiting'),
    onCreateTokenExecuting: registrar('onCreateTokenExecuting'),
    onCheckCardBin: registrar('onCheckCardBin'),
    onCreateCardToken: registrar('onCreateCardToken'),
    onCreateCardTokenExecuting: registrar('onCreateCardTokenExecuting')
  },
  utils: {
    refreshContext: refreshContext
  },
  services: {
    auth: function () {
      authenticate();
    },
    checkBin: function (number, force) {
      checkBin(number, force === true);
    },
    checkCardBin: function (cardHash, force) {
      checkCardBin(cardHash, force === true);
    },
    useSavedCard: function (use) {
      context.useSavedCard = use === true;
    },
    createToken: pay
  }
};
