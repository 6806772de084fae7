/* Copy buttons for the citation blocks. The citations are complete, selectable text without
   JavaScript; this only adds a button beside each one. Runs on every page load, including
   Material's instant navigation, through its document$ observable. */
(function () {
  "use strict";

  function copyText(text, html) {
    if (html && navigator.clipboard && navigator.clipboard.write && window.ClipboardItem &&
        window.isSecureContext) {
      // A style line also goes as HTML, so the italics APA and MLA ask for survive a paste
      // into a word processor; plain-text editors take the text/plain copy.
      return navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([text], {type: "text/plain"}),
        "text/html": new Blob([html], {type: "text/html"})
      })]).catch(function () { return navigator.clipboard.writeText(text); });
    }
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
      var html = target.tagName === "PRE" ? null : target.innerHTML.trim();
      copyText(target.innerText.trim(), html).then(function () {
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
