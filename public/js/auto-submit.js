// Submits forms marked data-auto-submit (the Deep Linking response back to the LMS). A visible
// button stays in the page for browsers without JavaScript.
(function () {
  'use strict';
  var form = document.querySelector('form[data-auto-submit]');
  if (form) form.submit();
})();
