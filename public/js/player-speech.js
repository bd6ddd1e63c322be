/* First Shield player: read-aloud for band A lessons (ES2019; loaded only when the lesson asks
   for it). Uses the browser's own speech synthesis with a voice for the lesson language (vi-VN or
   en); when the device has no such voice, the buttons stay hidden rather than reading Vietnamese
   with an English voice. */
(function () {
  'use strict';
  var synth = window.speechSynthesis;
  var root = document.getElementById('player');
  if (!synth || !root || typeof window.SpeechSynthesisUtterance !== 'function') return;
  var lang = (root.getAttribute('lang') || 'en').toLowerCase();
  var strings = (window.FirstShield && window.FirstShield.strings) || {};
  var voice = null;
  var speaking = null;

  function pick() {
    var voices = synth.getVoices() || [];
    var exact = lang === 'vi' ? 'vi-vn' : 'en-';
    voice = voices.filter(function (v) { return (v.lang || '').toLowerCase().replace('_', '-').indexOf(exact) === 0; })[0]
      || voices.filter(function (v) { return (v.lang || '').toLowerCase().indexOf(lang) === 0; })[0] || null;
    Array.prototype.forEach.call(document.querySelectorAll('.read-aloud'), function (b) { b.hidden = !voice; });
  }

  function label(button, on) {
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    var span = button.querySelector('span');
    if (span) span.textContent = on ? (strings.stopReading || 'Stop') : (strings.readAloud || 'Read aloud');
  }

  function textFor(button) {
    return (button.getAttribute('data-read') || '').split(/\s+/).map(function (id) {
      var node = id && document.getElementById(id);
      return node ? node.textContent.replace(/\s+/g, ' ').trim() : '';
    }).filter(Boolean).join('. ');
  }

  document.addEventListener('click', function (ev) {
    var button = ev.target.closest ? ev.target.closest('.read-aloud') : null;
    if (!button || !voice) return;
    var again = speaking === button;
    synth.cancel();
    if (speaking) label(speaking, false);
    speaking = null;
    if (again) return;
    var u = new window.SpeechSynthesisUtterance(textFor(button));
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    u.onend = u.onerror = function () { if (speaking === button) { label(button, false); speaking = null; } };
    speaking = button;
    label(button, true);
    synth.speak(u);
  });
  // Leaving a step stops the voice.
  root.addEventListener('click', function (ev) {
    if (ev.target.closest && ev.target.closest('#btn-next, #btn-back') && speaking) { synth.cancel(); label(speaking, false); speaking = null; }
  });

  pick();
  if (synth.addEventListener) synth.addEventListener('voiceschanged', pick);
  else synth.onvoiceschanged = pick;
})();
