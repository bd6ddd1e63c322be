/*
 * LTI Dynamic Registration §3.7: once the tool has stored the registration, it tells the
 * platform so; the LMS then closes the registration window or frame and refreshes its list.
 * The message carries no data, so any target origin may receive it.
 */
(function () {
  'use strict';
  var target = window.opener || (window.parent !== window ? window.parent : null);
  if (target) target.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
})();
