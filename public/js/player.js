/* First Shield lesson player. Vanilla ES2019, no build step, no dependencies: it runs on cheap
   phones inside LMS iframes. The server renders every step; this script only shows one at a
   time, saves the position (resume), sends answers and shows the feedback the server returns.
   Correctness is never in the page: it arrives only in the answers API response.
   No confirm()/alert(): sandboxed LMS iframes often block modal dialogs.
   player-chat.js, player-arrange.js and player-speech.js add the v2 step kinds through the small
   window.FirstShield interface set up here (they load after this file, all with defer). */
(function () {
  'use strict';
  var root = document.getElementById('player');
  var configEl = document.getElementById('player-config');
  if (!root || !configEl) return;
  var config = JSON.parse(configEl.textContent || '{}');
  var strings = JSON.parse((document.getElementById('player-strings') || {}).textContent || '{}');
  var tokenMeta = document.querySelector('meta[name="fs-session"]');
  var token = tokenMeta ? tokenMeta.getAttribute('content') : '';
  var lang = document.documentElement.lang || 'en';

  var sections = config.steps.map(function (s) { return document.getElementById('step-' + s.id); });
  var nav = document.getElementById('player-nav');
  var btnBack = document.getElementById('btn-back');
  var btnNext = document.getElementById('btn-next');
  var btnSubmit = document.getElementById('btn-submit');
  var submitBox = document.getElementById('submit-box');
  var unansweredText = document.getElementById('unanswered-text');
  var progressText = document.getElementById('progress-text');
  var progress = document.getElementById('progress');
  var alertBox = document.getElementById('player-alert');

  var answered = {};
  config.answered.forEach(function (k) { answered[k] = true; });
  var index = config.start || 0;
  var slide = 0;
  var submitConfirmed = false;
  var busy = false;

  function tr(key, vars) {
    var s = strings[key];
    if (typeof s !== 'string') return key;
    return s.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_, k) { return vars && k in vars ? String(vars[k]) : ''; });
  }
  function plural(base, count) {
    var cat = 'other';
    try { cat = new Intl.PluralRules(lang).select(count); } catch (e) { /* old browser: "other" */ }
    return strings[base + '_' + cat] !== undefined ? base + '_' + cat : base + '_other';
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showAlert(text) {
    alertBox.textContent = text;
    alertBox.hidden = !text;
  }

  /* Every API call carries the session token; errors come back as RFC 9457 problem JSON. */
  function api(method, url, body) {
    var opts = { method: method, headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' }, credentials: 'omit' };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(url, opts).then(function (res) {
      if (res.status === 204) return null;
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) { var err = new Error(data.title || tr('error')); err.problem = data; err.status = res.status; throw err; }
        return data;
      });
    }, function () { var err = new Error(tr('network')); err.network = true; throw err; });
  }

  function unansweredCount() {
    return config.keys.filter(function (k) { return !answered[k]; }).length;
  }
  function updateUnanswered() {
    if (!unansweredText) return;
    var n = unansweredCount();
    unansweredText.textContent = n ? tr(plural('unanswered', n), { count: n }) : tr('allAnswered');
  }

  function slidesOf(i) { return sections[i] ? sections[i].querySelectorAll('.slide') : []; }

  function render(moveFocus) {
    sections.forEach(function (s, i) { if (s) s.hidden = i !== index; });
    var slides = slidesOf(index);
    for (var n = 0; n < slides.length; n++) slides[n].hidden = n !== slide;
    var last = index === sections.length - 1;
    var total = sections.length;
    progressText.textContent = tr('progress', { current: index + 1, total: total });
    progress.value = index + 1;
    btnBack.disabled = index === 0 && slide === 0;
    btnNext.hidden = last && (slides.length === 0 || slide >= slides.length - 1);
    if (btnSubmit) btnSubmit.hidden = !btnNext.hidden;
    submitBox.hidden = !btnNext.hidden;
    updateUnanswered();
    if (moveFocus) {
      var target = slide > 0 ? slides[slide] : sections[index].querySelector('.step__title');
      if (target) { if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1'); target.focus(); }
      if (root.scrollIntoView) root.scrollIntoView({ block: 'start' });
    }
  }

  function goTo(i, toSlide) {
    if (i < 0 || i >= sections.length) return;
    var changed = i !== index;
    index = i;
    slide = toSlide || 0;
    submitConfirmed = false;
    if (btnSubmit) btnSubmit.textContent = strings.submit || btnSubmit.textContent;
    render(true);
    if (changed && !config.preview) {
      // Position saves are what resume relies on; a lost one only costs the learner a few taps.
      api('PUT', config.urls.position, { stepId: config.steps[i].id }).catch(function (err) {
        if (!err.network) showAlert(err.message);
      });
    }
  }

  btnNext.addEventListener('click', function () {
    showAlert('');
    var slides = slidesOf(index);
    if (slide < slides.length - 1) { slide += 1; render(true); return; }
    goTo(index + 1);
  });
  btnBack.addEventListener('click', function () {
    showAlert('');
    if (slide > 0) { slide -= 1; render(true); return; }
    var prev = slidesOf(index - 1);
    goTo(index - 1, prev.length ? prev.length - 1 : 0);
  });

  /* Spot steps: segments toggle while the answer is still open. */
  root.addEventListener('click', function (ev) {
    var seg = ev.target.closest ? ev.target.closest('.seg') : null;
    if (seg && !seg.disabled) {
      seg.setAttribute('aria-pressed', seg.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      return;
    }
    var check = ev.target.closest ? ev.target.closest('.js-check') : null;
    if (check) checkAnswer(check);
  });

  function checkAnswer(button) {
    if (busy) return;
    var key = button.getAttribute('data-key');
    var box = button.parentNode;
    var isSpot = box.classList.contains('spot');
    var kind = kinds[box.getAttribute('data-kind')] || null;
    var chosen = kind ? kind.collect(box) : isSpot
      ? Array.prototype.map.call(box.querySelectorAll('.seg[aria-pressed="true"]'), function (s) { return s.getAttribute('data-seg'); })
      : Array.prototype.map.call(box.querySelectorAll('input:checked'), function (i) { return i.value; });
    var live = box.querySelector('.feedback');
    var missing = kind ? kind.missing : (isSpot ? 'markFirst' : 'chooseFirst');
    if (!chosen || !chosen.length) { live.textContent = ''; live.appendChild(el('p', 'outcome outcome--wrong', tr(missing))); return; }
    busy = true;
    button.disabled = true;
    var label = button.textContent;
    button.textContent = tr('checking');
    showAlert('');
    api('POST', config.urls.answers, { key: key, answer: chosen }).then(function (result) {
      answered[key] = true;
      button.parentNode.removeChild(button);
      if (kind) { kind.lock(box); live.textContent = ''; live.appendChild(outcomeLine(result)); kind.show(box, live, result); } else {
        lock(box, isSpot);
        showFeedback(box, live, result, isSpot);
      }
      // The focused button is gone: put keyboard and screen-reader focus on the outcome.
      var outcome = live.querySelector('.outcome');
      if (outcome) { outcome.setAttribute('tabindex', '-1'); outcome.focus(); }
      updateUnanswered();
    }, function (err) {
      // Keep the learner's choices on screen so they can try again.
      button.disabled = false;
      button.textContent = label;
      showAlert(err.message);
      button.focus(); // the request failed: give keyboard users their place back
    }).then(function () { busy = false; });
  }

  function lock(box, isSpot) {
    box.setAttribute('data-answered', 'true');
    if (isSpot) Array.prototype.forEach.call(box.querySelectorAll('.seg'), function (s) { s.disabled = true; });
    else box.querySelector('fieldset').disabled = true;
  }

  function optionLabel(box, isSpot, id) {
    if (isSpot) { var s = box.querySelector('.seg[data-seg="' + id + '"]'); return s ? s.textContent : ''; }
    var input = box.querySelector('input[value="' + id + '"]');
    var l = input ? box.querySelector('label[for="' + input.id + '"]') : null;
    return l ? l.textContent : '';
  }

  function outcomeLine(result) {
    var ok = result.correct;
    var outcome = el('p', 'outcome outcome--' + (ok ? 'right' : 'wrong'));
    var icon = el('span', '', ok ? '✓' : '✗');
    icon.setAttribute('aria-hidden', 'true');
    outcome.appendChild(icon);
    outcome.appendChild(document.createTextNode(' ' + tr(ok ? 'right' : 'notRight') + ' ' + tr('points', { points: result.points, max: result.maxPoints })));
    return outcome;
  }

  /* One feedback line: icon (hidden from screen readers) + a verdict in words + the text. */
  function fbItem(tag, tone, mark, label, quote, text) {
    var li = el(tag, 'fb fb--' + tone);
    var i = el('span', 'fb__icon', mark);
    i.setAttribute('aria-hidden', 'true');
    var body = el('span', 'fb__text');
    body.appendChild(el('strong', '', label));
    if (quote) { body.appendChild(document.createTextNode(' ')); body.appendChild(el('q', '', quote)); }
    body.appendChild(document.createTextNode(' ' + (text || '')));
    li.appendChild(i);
    li.appendChild(body);
    return li;
  }

  function showFeedback(box, live, result, isSpot) {
    live.textContent = '';
    live.appendChild(outcomeLine(result));
    var list = el('ul', 'feedback__list');
    (result.feedback || []).forEach(function (f) {
      // Quiz: correct = the safe option. Spot: correct = the segment is a warning sign.
      var tone, mark;
      if (isSpot) {
        tone = f.correct ? (f.chosen ? 'found' : 'missed') : (f.chosen ? 'wrong' : 'plain');
        mark = { found: '⚑', missed: '⚠', wrong: '✗', plain: '✓' }[tone];
      } else {
        tone = f.correct ? 'safe' : 'unsafe';
        mark = f.correct ? '✓' : '✗';
      }
      var li = el('li', 'fb fb--' + tone);
      var i = el('span', 'fb__icon', mark);
      i.setAttribute('aria-hidden', 'true');
      var body = el('span', 'fb__text');
      body.appendChild(el('strong', '', tr(tone)));
      if (f.chosen && !isSpot) body.appendChild(el('em', 'fb__chosen', ' (' + tr('yourChoice') + ')'));
      body.appendChild(document.createTextNode(' '));
      body.appendChild(el('q', '', optionLabel(box, isSpot, f.id)));
      body.appendChild(document.createTextNode(' ' + (f.text || '')));
      li.appendChild(i);
      li.appendChild(body);
      list.appendChild(li);
    });
    live.appendChild(list);
  }

  if (btnSubmit) {
    strings.submit = btnSubmit.textContent;
    btnSubmit.addEventListener('click', function () {
      if (busy) return;
      var left = unansweredCount();
      if (left > 0 && !submitConfirmed) {
        // First press: say how many are unanswered and ask for a second press.
        submitConfirmed = true;
        updateUnanswered();
        btnSubmit.textContent = tr('submitAnyway');
        if (unansweredText) { unansweredText.setAttribute('tabindex', '-1'); unansweredText.focus(); }
        return;
      }
      busy = true;
      btnSubmit.disabled = true;
      btnSubmit.textContent = tr('submitting');
      showAlert('');
      api('POST', config.urls.submit).then(function (data) {
        window.location.assign(data.resultUrl);
      }, function (err) {
        busy = false;
        btnSubmit.disabled = false;
        btnSubmit.textContent = strings.submit;
        showAlert(err.message);
      });
    });
  }

  var kinds = {};
  window.FirstShield = {
    config: config, strings: strings, lang: lang, api: api, tr: tr, el: el, fbItem: fbItem, showAlert: showAlert,
    /* A v2 kind's check: collect(box) → answer ids or null (then `missing` is shown), lock(box), show(box, live, result). */
    kind: function (name, impl) { kinds[name] = impl; },
    isBusy: function () { return busy; },
    setBusy: function (b) { busy = b; },
    answered: function (key, more) {
      answered[key] = true;
      if (more && config.keys.indexOf(more) < 0) config.keys.push(more);
      updateUnanswered();
    }
  };

  nav.hidden = false;
  render(false);
})();
