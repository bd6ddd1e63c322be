/*
 * LTI Dynamic Registration §3.7: the tool ends the registration with
 * postMessage({subject: 'org.imsglobal.lti.close'}); the LMS then closes the registration
 * frame and shows its tools list. Only the framed tool's own messages count.
 */
(function () {
  'use strict';
  var frame = document.getElementById('registration-frame');
  if (!frame) return;
  var origin = frame.getAttribute('data-tool-origin');
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    if (!event.data || event.data.subject !== 'org.imsglobal.lti.close') return;
    window.location.assign(frame.getAttribute('data-return'));
  });
})();
