/* Article tools: print button and text size (A-, A+, reset).
   The size is a percentage stored in localStorage and applied as the CSS
   variable --text-scale on <html>; a one-line inline script in base.html
   applies it before first paint. Without JavaScript the tools stay hidden. */
(function () {
  "use strict";
  var KEY = "portal-text-size", MIN = 90, MAX = 150, STEP = 10, BASE = 100;
  var root = document.documentElement;

  function read() {
    var v;
    try { v = parseInt(localStorage.getItem(KEY), 10); } catch (e) { v = NaN; }
    return v >= MIN && v <= MAX ? v : BASE;
  }

  function apply(size, status, buttons) {
    root.style.setProperty("--text-scale", size / 100);
    // aria-disabled rather than disabled, so a focused button keeps focus.
    buttons.smaller.setAttribute("aria-disabled", size <= MIN);
    buttons.larger.setAttribute("aria-disabled", size >= MAX);
    buttons.reset.setAttribute("aria-disabled", size === BASE);
    if (status) status.textContent = "Cỡ chữ: " + size + "%";
  }

  function save(size) {
    try {
      if (size === BASE) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, String(size));
    } catch (e) { /* private mode: the size lasts for this page only */ }
  }

  var tools = document.querySelector(".tools");
  if (!tools) return;
  var buttons = {};
  ["print", "smaller", "larger", "reset"].forEach(function (name) {
    buttons[name] = tools.querySelector('[data-action="' + name + '"]');
  });
  var status = tools.querySelector("[data-text-size-status]");
  var size = read();
  apply(size, null, buttons);

  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "print") { window.print(); return; }
    if (action === "smaller") size = Math.max(MIN, size - STEP);
    else if (action === "larger") size = Math.min(MAX, size + STEP);
    else if (action === "reset") size = BASE;
    apply(size, status, buttons);
    save(size);
  });
  tools.hidden = false;
})();
