/* Uploads the chosen zip as the raw request body (no multipart), with the session token. */
(function () {
  'use strict';
  var form = document.querySelector('[data-scorm-upload]');
  if (!form) return;
  var status = form.querySelector('[data-scorm-upload-status]');
  var messages = JSON.parse(document.getElementById('scorm-upload-messages').textContent || '{}');
  var meta = document.querySelector('meta[name="fs-session"]');
  var token = meta ? meta.getAttribute('content') : '';
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = form.querySelector('input[type="file"]').files[0];
    if (!file) return;
    var title = form.querySelector('input[name="title"]').value.trim();
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    status.textContent = messages.uploading || '…';
    fetch('/admin/scorm' + (title ? '?title=' + encodeURIComponent(title) : ''), {
      method: 'POST', body: file,
      headers: { 'Content-Type': 'application/zip', Authorization: 'Bearer ' + token, Accept: 'application/json' },
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) throw new Error(body.title || body.detail || String(res.status));
        status.textContent = (messages.done || '').replace('{{title}}', body.title).replace('{{version}}', body.version);
        window.setTimeout(function () { window.location.reload(); }, 1500);
      });
    }).catch(function (err) {
      status.textContent = (messages.failed || '') + ' ' + err.message;
    }).then(function () { button.disabled = false; });
  });
})();
