/* Live charts. Every chart is already on the page as a static SVG; this script swaps in an
   interactive Vega view (tooltips, a width that fits the screen) once the chart comes into
   view. The Vega runtime is served by the site and loaded only then. Specs are separate files
   (data-spec), compiled from Vega-Lite at build time. Runs on every page load, including
   Material's instant navigation (document$), and on embed pages, which have no Material. */
(function () {
  "use strict";
  if (window.sitegenCharts) { window.sitegenCharts.scan(); return; }

  var here = document.currentScript && document.currentScript.src;
  var bundleUrl = new URL("__VEGA_BUNDLE__", here || document.baseURI).href;
  var vegaReady = null;

  function loadVega() {
    if (window.vega && window.vega.View) return Promise.resolve(window.vega);
    if (!vegaReady) {
      vegaReady = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.async = true;
        script.onload = function () { resolve(window.vega); };
        script.onerror = function () { vegaReady = null; reject(new Error("no Vega")); };
        document.head.appendChild(script);
      });
    }
    return vegaReady;
  }

  // The live drawing takes the static one's name (its text alternative, in the static SVG's
  // <title>): as one image, not Vega's marks and axis ticks read out one by one (WCAG 1.1.1).
  function name(box, frame) {
    var drawn = box.querySelector("svg");
    var still = frame.querySelector(".chart-static svg[aria-labelledby]");
    if (!drawn || !still) return;
    drawn.setAttribute("role", "img");
    drawn.setAttribute("aria-labelledby", still.getAttribute("aria-labelledby"));
    drawn.setAttribute("focusable", "false");
  }

  function render(box) {
    var frame = box.parentNode;
    var url = new URL(box.getAttribute("data-spec"), document.baseURI).href;
    box.setAttribute("data-state", "loading");
    var spec = fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
    return Promise.all([loadVega(), spec]).then(function (got) {
      var vega = got[0];
      // Rendered off to the side at full width, then swapped in: the static SVG stays until
      // the live view is ready, so a failure leaves a complete chart on the page.
      box.hidden = false;
      frame.classList.add("is-rendering");
      var view = new vega.View(vega.parse(got[1]), {
        renderer: "svg", container: box, hover: true
      });
      return view.runAsync().then(function () {
        name(box, frame);
        frame.classList.remove("is-rendering");
        frame.classList.add("is-live");
        box.setAttribute("data-state", "live");
        box.__view = view;
      });
    }).catch(function (error) {
      frame.classList.remove("is-rendering");
      box.hidden = true;
      box.setAttribute("data-state", "static");
      if (window.console) console.warn("chart stays static:", error);
    });
  }

  // The static SVG is already the whole chart; the live view only adds interaction. So Vega
  // (207 KB compressed) loads once the reader first scrolls, points, touches or types, not
  // while the page is still loading on a slow phone, where it would block the main thread.
  var ENGAGE = ["pointerdown", "pointermove", "touchstart", "keydown", "wheel", "scroll"];
  var engaged = false, pending = [];
  function engage() {
    if (engaged) return;
    engaged = true;
    ENGAGE.forEach(function (e) { window.removeEventListener(e, engage, true); });
    pending.splice(0).forEach(render);
  }
  ENGAGE.forEach(function (e) {
    window.addEventListener(e, engage, { capture: true, passive: true });
  });
  function whenEngaged(box) {
    if (engaged) render(box); else pending.push(box);
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      var box = entry.target.querySelector(".chart-live");
      if (box) whenEngaged(box);
    });
  }, { rootMargin: "200px 0px" }) : null;

  // A static drawing wider than its box scrolls sideways; it then takes keyboard focus so it
  // can be scrolled without a pointer (WCAG 2.1.1; axe: scrollable-region-focusable).
  function focusableStatics() {
    Array.prototype.forEach.call(document.querySelectorAll(".chart-static"), function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusableStatics, 200);
  });

  function scan() {
    focusableStatics();
    var boxes = document.querySelectorAll(".chart-live[data-spec]:not([data-state])");
    Array.prototype.forEach.call(boxes, function (box) {
      box.setAttribute("data-state", "waiting");
      if (observer) observer.observe(box.parentNode); else whenEngaged(box);
    });
  }

  // Embed pages tell the page around their iframe how tall they are, so it can fit them.
  function reportHeight() {
    if (window.parent === window) return;
    var chart = document.documentElement.getAttribute("data-chart-embed");
    var frame = document.querySelector("main > .chart-frame");
    var send = function () {
      // In a frame too short for it, the page squeezes the chart (its box scrolls): the height
      // reported is the one at which nothing is squeezed.
      // (A live view still rendering is laid over the static one, out of the flow: not counted.)
      var content = 0;
      if (frame) Array.prototype.forEach.call(frame.children, function (child) {
        if (getComputedStyle(child).position !== "absolute") content += child.offsetHeight;
      });
      var squeezed = frame ? Math.max(0, content - frame.clientHeight) : 0;
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height + squeezed);
      window.parent.postMessage({ type: "sitegen-chart-height", chart: chart, height: height },
                                "*");
    };
    send();
    if ("ResizeObserver" in window) {
      var sizes = new ResizeObserver(send);
      sizes.observe(document.body);
      // A squeezed chart can change height inside its box while the page keeps its own.
      if (frame) Array.prototype.forEach.call(frame.children, function (child) {
        sizes.observe(child);
      });
    } else {
      window.addEventListener("resize", send);
    }
  }

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(scan);
    } else {
      scan();
    }
    if (document.documentElement.hasAttribute("data-chart-embed")) reportHeight();
  }

  window.sitegenCharts = { scan: scan, render: render };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
