// Progressive enhancement: after a failed submit the page comes back with an error
// summary; move focus to it (or to the first invalid field) so keyboard and
// screen-reader users start where the problem is. Without JavaScript the summary is
// still announced (role="alert") and placed before the fields.
(function () {
  "use strict";
  var target =
    document.querySelector(".form-errors[tabindex]") ||
    document.querySelector("[aria-invalid='true']");
  if (target) {
    target.focus();
  }
})();
