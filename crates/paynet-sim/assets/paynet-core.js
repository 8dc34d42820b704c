// paynet-sim: what the simulator's browser scripts share (paynet.js, paynet-custom.js and the
// card form page's script). The simulator serves each script as this file followed by its own
// part, inside one function scope: nothing here is global. Written for the simulator from
// Paynet's documented page contract; plain browser JavaScript, no build step.

var paynetScript = document.currentScript;
// Every call goes to where the script came from: the simulator.
var apiBase = paynetScript && paynetScript.src ? new URL(paynetScript.src).origin : '';

// A data-* attribute of `element`, JSON-parsed when it parses ("false" is false, "5" is 5), as
// Paynet's scripts read them; `fallback` when absent or empty.
function readAttr(element, name, fallback) {
  var value = element ? element.getAttribute(name) : null;
  if (value === null || value === '') {
    return fallback;
  }
  try {
    return JSON.parse(value);
  } catch (e) {
    return value;
  }
}

// A data-* attribute as written ('' when absent).
function rawAttr(element, name) {
  var value = element ? element.getAttribute(name) : null;
  return value === null ? '' : value.trim();
}

// The card number without the spaces and dashes a shopper types.
function cardDigits(text) {
  return String(text === undefined || text === null ? '' : text).replace(/[\s-]/g, '');
}

// A kuruş amount written as digits ("14990"), as the ready-made button's data-amount is: an
// integer, or null. No float ever: the digits are the kuruş.
function kurusOfDigits(text) {
  var t = String(text).trim();
  if (!/^[0-9]{1,15}$/.test(t) || /^0+$/.test(t)) {
    return null;
  }
  return parseInt(t, 10);
}

// A TL amount as a Turkish page writes it ("149,90", "1.234,5", "200"): "." groups thousands
// and "," starts the kuruş, as in Paynet's custom-form script. Returns the kuruş as an integer,
// computed from the digits (never through a float), or null when the text is not such an
// amount (a "." that does not group three digits, "149.90" say, is refused rather than read as
// 14.990 TL).
function kurusOfLira(text) {
  var t = String(text).trim();
  var match = /^([0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+)(?:,([0-9]{1,2}))?$/.exec(t);
  if (!match) {
    return null;
  }
  var lira = match[1].replace(/\./g, '');
  var kurus = (match[2] || '').concat('00').slice(0, 2);
  var digits = (lira + kurus).replace(/^0+/, '');
  if (digits === '' || digits.length > 15) {
    return null;
  }
  return parseInt(digits, 10);
}

// A JSON number of TL from an answer (`149.90` arrives as the float 149.9) written for the
// shopper, "149,90": display only, exact for any amount Paynet writes with two decimals.
function liraText(value) {
  var fixed = Number(value).toFixed(2);
  var parts = fixed.split('.');
  return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ',' + parts[1];
}

// `?a=1&b=2` of the fields that have a value.
function queryString(fields) {
  var parts = [];
  Object.keys(fields).forEach(function (name) {
    var value = fields[name];
    if (value !== undefined && value !== null && value !== '') {
      parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(value));
    }
  });
  return parts.length ? '?' + parts.join('&') : '';
}

// The fields of a message in query form ("command=form-post&session_id=..&token_id=..").
function parseMessage(text) {
  var fields = {};
  String(text).split('&').forEach(function (pair) {
    if (!pair) {
      return;
    }
    var at = pair.indexOf('=');
    var name = at < 0 ? pair : pair.slice(0, at);
    var value = at < 0 ? '' : pair.slice(at + 1);
    try {
      fields[decodeURIComponent(name)] = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch (e) {
      // A malformed pair is left out.
    }
  });
  return fields;
}

// POSTs `body` as JSON to the simulator under the publishable key. Resolves to
// {ok: true, data} for a 2xx answer, {ok: false, code, message} otherwise (Paynet's error
// shape: `result_code` and `message`).
function callPaynet(path, key, body) {
  return fetch(apiBase + path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      'Accept': 'application/json',
      'Authorization': 'Basic ' + key
    },
    body: JSON.stringify(body)
  }).then(function (response) {
    return response.text().then(function (text) {
      var data = {};
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = {};
      }
      if (response.ok) {
        return { ok: true, data: data };
      }
      return {
        ok: false,
        code: data.result_code,
        message: data.message || ('HTTP ' + response.status)
      };
    });
  }, function () {
    return { ok: false, code: 0, message: 'Paynet\u2019e ula\u015f\u0131lamad\u0131' };
  });
}

// The callbacks a page registers: `Paynet.events.onCheckBin(fn)` and so on.
var handlers = {};

function registrar(name) {
  return function (fn) {
    if (typeof fn === 'function') {
      handlers[name] = fn;
    }
  };
}

function fire(name, argument) {
  var fn = handlers[name];
  if (!fn) {
    return undefined;
  }
  try {
    return fn(argument);
  } catch (e) {
    console.error('Paynet.events.' + name + ':', e);
    return undefined;
  }
}

// The card inputs whose name and id are removed before the merchant's form is submitted, so
// that no card data can reach the merchant's server.
var SECURE_INPUTS = ['number', 'exp-month', 'exp-year', 'cvv'];

function removeSecureInputs() {
  document.querySelectorAll('[data-paynet]').forEach(function (input) {
    if (SECURE_INPUTS.indexOf(input.getAttribute('data-paynet')) >= 0) {
      input.removeAttribute('name');
      input.removeAttribute('id');
    }
  });
}

// Adds (or replaces) a hidden field of the form.
function setHidden(form, name, value) {
  var existing = form.querySelectorAll('input[type=hidden][data-paynet-added]');
  existing.forEach(function (input) {
    if (input.name === name) {
      input.remove();
    }
  });
  var input = document.createElement('input');
  input.type = 'hidden';
  input.name = name;
  input.value = value;
  input.setAttribute('data-paynet-added', '');
  form.appendChild(input);
}

// The full-window frame that shows the simulator's pages (the card form, the bank's 3-D page).
var frame = null;

function openFrame(url) {
  closeFrame();
  frame = document.createElement('iframe');
  frame.src = url;
  frame.className = 'payment-iframe';
  frame.setAttribute('frameborder', '0');
  frame.setAttribute('title', 'Paynet');
  frame.style.cssText = 'z-index:2147483647;display:block;visibility:visible;margin:0;padding:0;' +
    'border:0;position:fixed;left:0;top:0;width:100%;height:100%;background:white;' +
    'overflow-x:hidden;overflow-y:auto';
  document.body.appendChild(frame);
  return frame;
}

function closeFrame() {
  if (frame && frame.parentNode) {
    frame.parentNode.removeChild(frame);
  }
  frame = null;
}

// Listens to the simulator's pages (and only to them): `command=form-post&<fields>` gives the
// fields to add to the merchant's form before it is submitted (`onFormPost(fields)`),
// `command=close-iframe` closes the frame (`onClose()`), `command=tds-redirect` (the card form
// opens the bank's 3-D page) fires `onTdsRedirect`, `command=iframe-transparent` and
// `command=iframe-no-transparent` change its background.
function listenToPaynet(onFormPost, onClose) {
  window.addEventListener('message', function (event) {
    if (event.origin !== apiBase || typeof event.data !== 'string') {
      return;
    }
    var fields = parseMessage(event.data);
    var command = fields.command;
    delete fields.command;
    if (command === 'form-post') {
      onFormPost(fields);
    } else if (command === 'close-iframe') {
      closeFrame();
      onClose();
    } else if (command === 'tds-redirect') {
      // The simulator's card form is opening the bank's 3-D page.
      fire('onTdsRedirect');
    } else if (command === 'iframe-transparent' && frame) {
      frame.style.background = 'rgba(0, 0, 0, 0.004)';
    } else if (command === 'iframe-no-transparent' && frame) {
      frame.style.background = 'white';
    }
  });
}

// Runs `fn` once the page's DOM is there.
function whenReady(fn) {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', fn);
  } else {
    fn();
  }
}
