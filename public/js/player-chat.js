/* First Shield player: branching chat steps (ES2019, no dependencies; needs player.js first).
   A choice is posted as { key: "<step>/<node>", answer: [choiceId] }; the server answers with the
   verdict, the feedback and `next`, the node to show now. The page never knows where a choice
   leads before that. New bubbles are added to a role="log" region, so screen readers read them. */
(function () {
  'use strict';
  var FS = window.FirstShield;
  if (!FS) return;
  var tr = FS.tr, el = FS.el;

  function bubble(text) {
    var p = el('p', 'msg msg--me');
    p.appendChild(el('span', 'visually-hidden', tr('chatSent') + ' '));
    p.appendChild(document.createTextNode(text));
    return p;
  }

  function choose(button) {
    if (FS.isBusy()) return;
    var set = button.closest('.chat__choices');
    var chat = set.closest('.chat');
    var key = set.getAttribute('data-key');
    var log = chat.querySelector('.chat__log');
    var buttons = set.querySelectorAll('.chat__choice');
    FS.setBusy(true);
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    button.setAttribute('aria-busy', 'true');
    FS.showAlert('');
    FS.api('POST', FS.config.urls.answers, { key: key, answer: [button.getAttribute('data-choice')] }).then(function (result) {
      set.parentNode.removeChild(set);
      var mine = el('div', 'chat__node chat__node--reply');
      mine.appendChild(bubble(button.textContent));
      var chosen = (result.feedback || []).filter(function (f) { return f.chosen; })[0] || {};
      var ok = chosen.correct !== undefined ? chosen.correct : result.correct;
      mine.appendChild(FS.fbItem('p', ok ? 'safe' : 'unsafe', ok ? '✓' : '✗', tr(ok ? 'safe' : 'unsafe'), '', chosen.text || ''));
      mine.lastChild.classList.add('chat__fb');
      log.appendChild(mine);
      var nextKey;
      var node = result.next ? chat.querySelector('.chat__pool [data-node="' + result.next + '"]') : null;
      if (node) {
        log.appendChild(node);
        var nextSet = chat.querySelector('.chat__choices[data-node="' + result.next + '"]');
        if (nextSet) { nextSet.hidden = false; nextKey = nextSet.getAttribute('data-key'); }
      }
      if (!nextKey) chat.querySelector('[data-ended]').hidden = false;
      FS.answered(key, nextKey);
      // Keep the newest messages in view inside the phone frame.
      log.scrollTop = log.scrollHeight;
      var focus = nextKey ? chat.querySelector('.chat__choices[data-node="' + result.next + '"] legend') : chat.querySelector('[data-ended]');
      if (focus) { focus.setAttribute('tabindex', '-1'); focus.focus({ preventScroll: false }); }
    }, function (err) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      FS.showAlert(err.message);
      button.focus(); // the request failed: give keyboard users their place back
    }).then(function () { button.removeAttribute('aria-busy'); FS.setBusy(false); });
  }

  document.addEventListener('click', function (ev) {
    var b = ev.target.closest ? ev.target.closest('.chat__choice') : null;
    if (b && !b.disabled) choose(b);
  });

  /* Video-call scenes: a running call timer (decorative, hidden from screen readers). */
  var timers = document.querySelectorAll('[data-timer]');
  if (timers.length) {
    var start = Date.now();
    setInterval(function () {
      var s = Math.floor((Date.now() - start) / 1000);
      var text = (s / 60 < 10 ? '0' : '') + Math.floor(s / 60) + ':' + (s % 60 < 10 ? '0' : '') + (s % 60);
      Array.prototype.forEach.call(timers, function (t) { if (t.offsetParent !== null) t.textContent = text; });
    }, 1000);
  }
  Array.prototype.forEach.call(document.querySelectorAll('.chat__log'), function (log) { log.scrollTop = log.scrollHeight; });
})();
