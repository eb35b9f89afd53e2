// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Copy buttons for calendar links, where the clipboard is available.
  if (navigator.clipboard) {
    document.querySelectorAll('button.copy-link[data-copy]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(button.getAttribute('data-copy')).then(function () {
          button.setAttribute('aria-live', 'polite');
          button.textContent = button.getAttribute('data-copied') || button.textContent;
        }, function () { /* the link stays visible to copy by hand */ });
      });
    });
  }
  // After a form error, move focus to the first invalid field so keyboard and screen-reader users land on it.
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) { invalid.focus(); }
})();
