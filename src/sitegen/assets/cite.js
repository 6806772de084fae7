/* Copy buttons for the citation blocks. The citations are complete, selectable text without
   JavaScript; this only adds a button beside each one. Runs on every page load, including
   Material's instant navigation, through its document$ observable. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers and plain-http previews: a hidden textarea and execCommand.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function addButton(target) {
    if (target.dataset.citeReady) return;
    target.dataset.citeReady = "1";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy";
    var label = target.getAttribute("data-cite-label") || "citation";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + label);
    var status = document.createElement("span");
    status.className = "cite-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyText(target.innerText.trim()).then(function () {
        status.textContent = "Copied";
      }, function () {
        status.textContent = "Select the text and copy it";
      });
      window.setTimeout(function () { status.textContent = ""; }, 3000);
    });
    var holder = target.parentNode;
    holder.appendChild(button);
    holder.appendChild(status);
  }

  function init() {
    document.querySelectorAll("[data-cite-copy]").forEach(addButton);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
