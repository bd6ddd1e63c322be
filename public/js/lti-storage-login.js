// Login, Platform Storage path: lti.put_data the browser binding, then go to the platform's
// authorization endpoint. Any failure (no frame, error response, timeout) restarts the login
// without the storage target, i.e. the cookie path, which ends on "open in a new window" if needed.
(function () {
  'use strict';
  var el = document.getElementById('lti-storage');
  if (!el) return;
  var d = el.dataset;
  var go = function (url) { window.location.replace(url); };
  var target = window.FirstShieldLti.targetWindow(d.target);
  if (!target) return go(d.fallback);
  window.FirstShieldLti.send(target, d.origin, { subject: 'lti.put_data', key: d.key, value: d.value }, 3000)
    .then(function (r) {
      if (r.key !== undefined && r.key !== d.key) throw new Error('key mismatch');
      go(d.redirect);
    })
    .catch(function () { go(d.fallback); });
})();
