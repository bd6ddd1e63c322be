// Launch, Platform Storage path: lti.get_data the value the login stored, then complete the
// launch with a same-origin JSON fetch (the server compares the value). A missing value, an
// error response or a timeout means this browser did not start the login: the launch stops.
(function () {
  'use strict';
  var el = document.getElementById('lti-storage');
  if (!el) return;
  var d = el.dataset;
  function fail(text) {
    document.getElementById('lti-working').hidden = true;
    var box = document.getElementById('lti-failed');
    if (text) box.querySelector('[data-detail]').textContent = text;
    box.hidden = false;
  }
  var target = window.FirstShieldLti.targetWindow(d.target);
  if (!target) return fail();
  window.FirstShieldLti.send(target, d.origin, { subject: 'lti.get_data', key: d.key }, 3000)
    .then(function (r) {
      if (typeof r.value !== 'string' || !r.value || (r.key !== undefined && r.key !== d.key)) throw new Error('no value');
      return fetch(d.complete, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ id_token: d.idToken, state: d.state, value: r.value }),
      }).then(function (res) {
        return res.json().then(function (body) {
          if (res.ok && body && typeof body.location === 'string' && body.location.charAt(0) === '/' && body.location.charAt(1) !== '/') return window.location.replace(body.location);
          fail(body && body.title);
        });
      });
    })
    .catch(function () { fail(); });
})();
