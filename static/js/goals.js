/* Goals pages: the selection form shows its choice as soon as it changes (the button stays for
   keyboards and browsers without JavaScript), and the report's print button. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-goals-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.name === "period" && !select.value) {
          return; // "the dates below": wait for the dates and the button
        }
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.submit();
        }
      });
    });
  });
  document.querySelectorAll("[data-goals-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
