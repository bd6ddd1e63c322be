/*
 * SCORM player: one scorm-again API per SCO launch (window.API for 1.2, window.API_1484_11 for
 * 2004), saved CMI restored with loadFromJSON before the SCO loads, LMS-side values set (learner
 * id, name only if given, credit, mode, entry/resume, mastery score / completion threshold /
 * scaled passing score, launch data), commits sent as JSON with the bearer token, and the last
 * one as a text/plain beacon on page hide. Table of contents and previous/next for multi-SCO
 * packages; 2004 adl.nav.request (continue, previous, choice) is honoured after Terminate.
 */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('scorm-data').textContent || '{}');
  var messages = JSON.parse(document.getElementById('scorm-messages').textContent || '{}');
  var meta = document.querySelector('meta[name="fs-session"]');
  var token = meta ? meta.getAttribute('content') : '';
  // Package pages are same-origin unless a content origin is configured: keep the token out of the DOM.
  if (meta && meta.parentNode) meta.parentNode.removeChild(meta);
  var frame = document.querySelector('[data-scorm-frame]');
  var statusEl = document.querySelector('[data-scorm-status]');
  var is12 = data.version === '1.2';
  var states = data.states || {};
  var api = null;
  var current = null;
  var finished = false;
  var lastSent = {};
  var queue = Promise.resolve();

  function scoById(id) { for (var i = 0; i < data.scos.length; i++) if (data.scos[i].id === id) return data.scos[i]; return null; }
  function indexOf(id) { for (var i = 0; i < data.scos.length; i++) if (data.scos[i].id === id) return i; return -1; }
  function say(text) { if (statusEl) statusEl.textContent = text || ''; }
  function clone(o) { return JSON.parse(JSON.stringify(o || {})); }
  function setIf(obj, key, value) { if (value !== undefined && value !== null && value !== '') obj[key] = String(value); }

  /** The CMI to load before LMSInitialize/Initialize: saved state plus what the LMS must set. */
  function initialCmi(sco) {
    var saved = states[sco.id];
    var cmi = clone(saved);
    if (is12) {
      cmi.core = cmi.core || {};
      var exit12 = cmi.core.exit;
      delete cmi.core.session_time; delete cmi.core.exit;
      cmi.core.student_id = data.learner.id;
      cmi.core.student_name = data.learner.name || '';
      cmi.core.credit = data.credit ? 'credit' : 'no-credit';
      cmi.core.lesson_mode = data.mode;
      cmi.core.entry = !saved ? 'ab-initio' : exit12 === 'suspend' ? 'resume' : '';
      cmi.student_data = cmi.student_data || {};
      setIf(cmi.student_data, 'mastery_score', sco.masteryScore);
      setIf(cmi.student_data, 'max_time_allowed', sco.maxTimeAllowed);
      setIf(cmi.student_data, 'time_limit_action', sco.timeLimitAction);
      setIf(cmi, 'launch_data', sco.launchData);
    } else {
      var exit04 = cmi.exit;
      delete cmi.session_time; delete cmi.exit;
      cmi.learner_id = data.learner.id;
      cmi.learner_name = data.learner.name || '';
      cmi.credit = data.credit ? 'credit' : 'no-credit';
      cmi.mode = data.mode;
      cmi.entry = !saved ? 'ab-initio' : exit04 === 'suspend' ? 'resume' : '';
      setIf(cmi, 'completion_threshold', sco.completionThreshold);
      setIf(cmi, 'scaled_passing_score', sco.scaledPassingScore);
      setIf(cmi, 'launch_data', sco.launchData);
      setIf(cmi, 'time_limit_action', sco.timeLimitAction);
    }
    return cmi;
  }

  function commitUrl(sco) { return data.commitBase + encodeURIComponent(sco.id) + '/commit'; }

  function post(sco, cmi, terminate) {
    var body = JSON.stringify({ cmi: cmi, terminate: terminate });
    if (lastSent[sco.id] === body) return queue;
    lastSent[sco.id] = body;
    queue = queue.then(function () {
      return fetch(commitUrl(sco), {
        method: 'POST', keepalive: body.length < 60000,
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token, Accept: 'application/json' },
        body: body,
      }).then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      }).then(function (answer) {
        states[sco.id] = cmi;
        showStatuses(answer.result);
        say(terminate ? messages.saved : '');
      }).catch(function () {
        lastSent[sco.id] = undefined;
        say(messages.saveFailed);
      });
    });
    return queue;
  }

  function beacon(sco, cmi) {
    var body = JSON.stringify({ s: token, cmi: cmi, terminate: true });
    if (lastSent[sco.id] === JSON.stringify({ cmi: cmi, terminate: true })) return;
    if (navigator.sendBeacon) navigator.sendBeacon(commitUrl(sco), new window.Blob([body], { type: 'text/plain;charset=UTF-8' }));
  }

  function renderCmi(terminate) { return api.renderCommitCMI(terminate).cmi; }

  function showStatuses(result) {
    if (!result || !result.scos) return;
    result.scos.forEach(function (r) {
      var button = document.querySelector('[data-sco="' + (window.CSS && window.CSS.escape ? window.CSS.escape(r.scoId) : r.scoId) + '"]');
      if (!button) return;
      button.setAttribute('data-status', r.completion);
      var label = button.querySelector('[data-status-label]');
      if (label && messages.status) label.textContent = messages.status[r.completion] || '';
    });
  }

  function markCurrent() {
    var buttons = document.querySelectorAll('[data-sco]');
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute('data-sco') === (current && current.id)) buttons[i].setAttribute('aria-current', 'step');
      else buttons[i].removeAttribute('aria-current');
    }
    var prev = document.querySelector('[data-nav="previous"]');
    var next = document.querySelector('[data-nav="next"]');
    var i2 = current ? indexOf(current.id) : -1;
    if (prev) prev.disabled = i2 <= 0;
    if (next) next.disabled = i2 < 0 || i2 >= data.scos.length - 1;
  }

  function onFinish() {
    finished = true;
    var sco = current;
    post(sco, renderCmi(true), true);
    if (!is12 && api.adl && api.adl.nav) {
      var request = String(api.adl.nav.request || '');
      var choice = /^\{target=([^}]+)\}choice$/.exec(request);
      if (request === 'continue') go(indexOf(sco.id) + 1);
      else if (request === 'previous') go(indexOf(sco.id) - 1);
      else if (choice) launch(choice[1]);
    }
  }

  function createApi(sco) {
    var settings = { autocommit: false, logLevel: 5, lmsCommitUrl: false, selfReportSessionTime: false };
    var instance = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    instance.loadFromJSON(initialCmi(sco));
    api = instance;
    finished = false;
    if (is12) {
      window.API = instance;
      instance.on('LMSCommit', function () { if (api === instance) post(sco, renderCmi(false), false); });
      instance.on('LMSFinish', function () { if (api === instance) onFinish(); });
    } else {
      window.API_1484_11 = instance;
      instance.on('Commit', function () { if (api === instance) post(sco, renderCmi(false), false); });
      instance.on('Terminate', function () { if (api === instance) onFinish(); });
    }
  }

  /** Unloads the current SCO (its unload handlers usually finish it), saving what it left. */
  function unloadCurrent() {
    return new Promise(function (resolve) {
      if (!current) return resolve();
      var done = function () { frame.removeEventListener('load', done); resolve(); };
      frame.addEventListener('load', done);
      frame.src = 'about:blank';
      window.setTimeout(done, 1500);
    }).then(function () {
      if (current && api && !finished && api.isInitialized && api.isInitialized()) post(current, renderCmi(false), false);
    });
  }

  function launch(id) {
    var sco = scoById(id);
    if (!sco || (current && current.id === id && !finished)) return;
    unloadCurrent().then(function () {
      current = sco;
      createApi(sco);
      markCurrent();
      say(messages.loading ? messages.loading.replace('{{title}}', sco.title) : '');
      frame.setAttribute('title', sco.title);
      frame.src = sco.url;
    });
  }

  function go(index) {
    if (index >= 0 && index < data.scos.length) launch(data.scos[index].id);
  }

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target.closest('[data-sco],[data-nav]') : null;
    if (!target) return;
    if (target.hasAttribute('data-sco')) launch(target.getAttribute('data-sco'));
    else go(indexOf(current && current.id) + (target.getAttribute('data-nav') === 'next' ? 1 : -1));
  });

  // The last chance to save: a beacon survives the page going away; fetch may not.
  window.addEventListener('pagehide', function () {
    if (!current || !api || finished) return;
    try { beacon(current, renderCmi(true)); } catch (e) { /* nothing more can be done while unloading */ }
  });

  // The contents fold above the lesson on phones and open as a sidebar on wide screens
  // (public/css/scorm.css uses the same 60rem breakpoint); a <details> closed by default keeps
  // an 18-part list from pushing the lesson off a phone's screen.
  var toc = document.querySelector('[data-scorm-toc]');
  if (toc && window.matchMedia) {
    var wide = window.matchMedia('(min-width: 60rem)');
    var fit = function () { toc.open = wide.matches; };
    fit();
    if (wide.addEventListener) wide.addEventListener('change', fit);
  }
  // On a phone, choosing a part closes the contents so the lesson is in view again.
  document.addEventListener('click', function (event) {
    if (toc && event.target.closest && event.target.closest('[data-sco]') && !(window.matchMedia && window.matchMedia('(min-width: 60rem)').matches)) toc.open = false;
  });

  frame.addEventListener('load', function () { if (frame.src !== 'about:blank') say(''); });
  launch(data.startScoId);
})();
