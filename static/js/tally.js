/* Tally page: turns each counter's number field into − / + buttons with a running total.
   Without JavaScript the page is a plain form of number fields; this only enhances it.
   The buttons' accessible names ("Add one girl 7–12") come from the server, translated. */
(function () {
  "use strict";
  var MAX = 10000;
  var form = document.querySelector("form[data-tally]");
  if (!form) {
    return;
  }
  var total = document.getElementById("tally-total");

  function valueOf(input) {
    var number = parseInt(input.value, 10);
    if (isNaN(number) || number < 0) {
      return 0;
    }
    return Math.min(number, MAX);
  }

  function updateTotal() {
    var sum = 0;
    form.querySelectorAll("input[data-tally-visitor]").forEach(function (input) {
      sum += valueOf(input);
    });
    if (total) {
      total.textContent = String(sum);
    }
  }

  function stepButton(text, label, step, input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn tally-step";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", function () {
      input.value = String(Math.max(0, Math.min(MAX, valueOf(input) + step)));
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    return button;
  }

  form.querySelectorAll(".tally-counter").forEach(function (counter) {
    var input = counter.querySelector("input");
    if (!input) {
      return;
    }
    counter.insertBefore(stepButton("−", counter.getAttribute("data-remove-label"), -1, input), input);
    counter.appendChild(stepButton("+", counter.getAttribute("data-add-label"), 1, input));
    counter.classList.add("has-buttons");
  });
  form.addEventListener("input", updateTotal);
  updateTotal();
})();
