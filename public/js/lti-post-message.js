// LTI Client Side postMessages (1EdTech lti-cs-pm v0.1) for the login and launch pages: finds the
// platform's storage frame and sends one message, accepting only the matching response.
(function () {
  'use strict';
  // Platform Storage v0.1 "lti_storage_target": "_parent" is the window that framed (or opened)
  // the tool; any other value names a frame inside that window.
  function targetWindow(name) {
    var host = window.parent !== window ? window.parent : window.opener;
    if (!host) return null;
    if (name === '_parent') return host;
    try { return host.frames[name] || null; } catch (e) { return null; }
  }

  function messageId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'fs-' + Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // Sends {subject, message_id, ...} to the platform origin only (never '*'), re-sends every
  // 400 ms while the platform frame may still be loading, and resolves with the response whose
  // origin, message_id and subject ("<subject>.response") all match; rejects on an error response
  // or after timeoutMs.
  function send(target, origin, message, timeoutMs) {
    return new Promise(function (resolve, reject) {
      var id = messageId();
      var data = Object.assign({}, message, { message_id: id });
      var resend;
      var timer;
      function done() { window.removeEventListener('message', onMessage); clearInterval(resend); clearTimeout(timer); }
      function onMessage(event) {
        if (event.origin !== origin) return;
        var d = event.data;
        if (!d || typeof d !== 'object' || d.message_id !== id || d.subject !== message.subject + '.response') return;
        done();
        if (d.error) reject(d.error); else resolve(d);
      }
      window.addEventListener('message', onMessage);
      function post() { try { target.postMessage(data, origin); } catch (e) { /* frame gone: the timeout answers */ } }
      post();
      resend = setInterval(post, 400);
      timer = setTimeout(function () { done(); reject({ code: 'timeout', message: 'no response from the platform' }); }, timeoutMs || 3000);
    });
  }

  window.FirstShieldLti = { targetWindow: targetWindow, send: send };
})();
