// The demo LMS side of LTI Platform Storage (1EdTech "LTI Client Side postMessages" and
// "Platform Storage", v0.1): answers lti.capabilities, lti.put_data and lti.get_data from the
// tool's origin only, and keeps values in this page's origin (sessionStorage; memory if the
// browser refuses storage here), namespaced by the tool's origin.
(function () {
  'use strict';
  var el = document.getElementById('lti-platform-storage');
  if (!el) return;
  var toolOrigin = el.getAttribute('data-tool-origin');
  var frame = el.getAttribute('data-frame');
  var memory = {};
  function session() { try { return window.sessionStorage; } catch (e) { return null; } }
  function put(key, value) {
    var s = session();
    try { if (s) { s.setItem(key, value); return; } } catch (e) { /* quota or blocked: memory */ }
    memory[key] = value;
  }
  function get(key) {
    var s = session();
    try { if (s && s.getItem(key) !== null) return s.getItem(key); } catch (e) { /* blocked: memory */ }
    return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
  }
  window.addEventListener('message', function (event) {
    // Platform Storage §"Security": only the tool's origin may read or write its values.
    if (event.origin !== toolOrigin || !event.source) return;
    var d = event.data;
    if (!d || typeof d !== 'object' || typeof d.subject !== 'string' || typeof d.message_id !== 'string') return;
    function reply(body) {
      var msg = { subject: d.subject + '.response', message_id: d.message_id };
      for (var k in body) msg[k] = body[k];
      event.source.postMessage(msg, event.origin);
    }
    var ns = 'lti:' + event.origin + ':';
    if (d.subject === 'lti.capabilities') {
      return reply({ supported_messages: [
        { subject: 'lti.capabilities' }, { subject: 'lti.put_data', frame: frame }, { subject: 'lti.get_data', frame: frame },
      ] });
    }
    if (d.subject === 'lti.put_data') {
      if (typeof d.key !== 'string' || !d.key || d.key.length > 512 || typeof d.value !== 'string' || d.value.length > 4096) {
        return reply({ error: { code: 'bad_request', message: 'key and value must be short strings' } });
      }
      put(ns + d.key, d.value);
      return reply({ key: d.key, value: d.value });
    }
    if (d.subject === 'lti.get_data') {
      if (typeof d.key !== 'string' || !d.key) return reply({ error: { code: 'bad_request', message: 'key must be a string' } });
      var value = get(ns + d.key);
      return value === null
        ? reply({ key: d.key, error: { code: 'not_found', message: 'no value stored for this key' } })
        : reply({ key: d.key, value: value });
    }
    reply({ error: { code: 'unsupported_subject', message: 'unsupported subject' } });
  });
})();
