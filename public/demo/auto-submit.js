// Submits the OIDC form_post response as soon as the page loads (the button is the no-JS fallback).
(function () {
  'use strict';
  var form = document.querySelector('form[data-auto-submit]');
  if (form) form.submit();
})();
