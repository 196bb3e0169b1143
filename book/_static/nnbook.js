/* Neural Networks from Scratch: glue for reading the book offline.
 *
 * Loaded early on every page (before require.js, MathJax and the widget
 * manager; see html_js_files in _config.yml).
 *
 * 1. require.js configuration (a global `require` object defined before
 *    require.js loads is taken as its configuration). The ipywidgets HTML
 *    manager (embed-amd.js) resolves its icon fonts relative to the AMD module
 *    "@jupyter-widgets/html-manager/dist/..."; map that to the copy in
 *    _vendor/html-manager/ so the fonts load from the book itself.
 *
 * 2. A bridge from the MathJax 2 API to MathJax 3. ipywidgets 8 typesets
 *    widget labels with `MathJax.Hub.Queue(["Typeset", MathJax.Hub, el])`,
 *    which MathJax 3 (used by Sphinx) does not have: without this bridge every
 *    slider throws "Cannot read properties of undefined (reading 'Queue')".
 *
 * 3. Display maths that is a little too wide for its column is shrunk to fit
 *    (down to MIN_MATH_SCALE); wider still, it scrolls inside its column
 *    (nnbook.css), instead of being clipped (issue 13).
 *
 * 4. Static dashboards. The book has no kernel, so a dashboard's sliders
 *    would move while its picture stays as it was stored. Each widget output
 *    with controls (sliders, drop-downs, buttons) gets the class
 *    `nnbook-static-dashboard`, its controls are disabled, and a line above it
 *    says to run the notebook. A dashboard that works without a kernel opts
 *    out by sitting inside an element with the class `nnbook-live`.
 *
 * 5. Static panels (issue 21). A chapter that computed its dashboard's pictures over a grid
 *    (nncourse.panels: a `.nnbook-panel` output right after the dashboard's cell) gets a
 *    panel that works without a kernel. The dead live dashboard just before it is hidden
 *    (its code stays): the panel replaces it. The panel runs its own inline script.
 *
 * 6. Accessibility (issue 21): each slider handle the widget manager draws gets its
 *    widget's label as its name; pictures drawn by the widget manager get the alt text the
 *    build stored on the widget (data-nnbook-alt, book/_ext/nnbook_a11y.py); the theme's
 *    search and colour-mode buttons get names that contain their visible text.
 *    This file is loaded by the book only: JupyterLab is unaffected.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (here && typeof window.require === "undefined") {
    var vendor = new URL("../_vendor/", here).href;
    window.require = {
      paths: { "@jupyter-widgets/html-manager/dist": vendor + "html-manager" },
    };
  }

  var pending = [];
  function flush() {
    var mj = current;
    if (!(mj && mj.version && mj.startup && mj.startup.promise)) {
      window.setTimeout(flush, 100);
      return;
    }
    mj.startup.promise.then(function () {
      var elements = pending.splice(0, pending.length);
      if (elements.length && mj.typesetPromise) {
        return mj.typesetPromise(elements);
      }
    }).catch(function (err) {
      console.warn("MathJax could not typeset a widget label:", err);
    });
  }
  var hub = {
    Queue: function () {
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) pending.push(job[2]);
      }
      if (pending.length) flush();
    },
  };
  function attach(value) {
    // Only the loaded MathJax 3 object (it has a version), not its configuration.
    if (value && typeof value === "object" && value.version && !value.Hub) {
      try { value.Hub = hub; } catch (err) { /* frozen: nothing to do */ }
    }
    return value;
  }
  var current = attach(window.MathJax);
  // MathJax 3 replaces the global configuration object by itself when it
  // loads (deferred, so before the widgets render): give that object the Hub.
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (value) { current = attach(value); },
  });
})();

(function () {
  "use strict";

  // 3. Display maths: shrink a little to fit, otherwise scroll (see nnbook.css).
  var MIN_MATH_SCALE = 0.8;

  function fitMath(block) {
    block.style.fontSize = "";
    if (!block.clientWidth) return;  // hidden (in a closed dropdown)
    // The block scrolls when MathJax gives the equation a min-width (\tag),
    // otherwise the MathJax container inside it does: take the tighter of the two.
    var scale = 1;
    [block].concat(Array.prototype.slice.call(block.querySelectorAll("mjx-container")))
      .forEach(function (box) {
        if (box.clientWidth && box.scrollWidth > box.clientWidth + 1) {
          scale = Math.min(scale, box.clientWidth / box.scrollWidth);
        }
      });
    if (scale >= 1) return;
    if (scale >= MIN_MATH_SCALE) {
      block.style.fontSize = (Math.floor(scale * 1000) / 10) + "%";
      block.classList.add("nnbook-math-shrunk");
    } else {
      block.classList.remove("nnbook-math-shrunk");
    }
  }

  function watchMaths() {
    var blocks = document.querySelectorAll("main div.math");
    if (!blocks.length) return;
    if (typeof ResizeObserver === "undefined") {
      blocks.forEach(fitMath);
      window.addEventListener("resize", function () { blocks.forEach(fitMath); });
      return;
    }
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { fitMath(entry.target); });
    });
    blocks.forEach(function (block) { observer.observe(block); });
  }

  function afterMathJax(callback, tries) {
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) {
      mj.startup.promise.then(callback, callback);
    } else if ((tries || 0) < 300) {
      window.setTimeout(function () { afterMathJax(callback, (tries || 0) + 1); }, 100);
    }
  }

  // 4. Static dashboards: disable the controls that cannot redraw anything.
  var CONTROLS = ".widget-slider, .widget-dropdown, .widget-toggle-buttons, " +
                 ".widget-button, .widget-checkbox, .widget-text";
  var NOTE = "Run this notebook to use the sliders (in JupyterLab, Colab or Binder). " +
             "Without Python the book cannot redraw the picture: it shows the one stored " +
             "when the notebook ran, for the settings below.";

  function disable(control) {
    control.setAttribute("aria-disabled", "true");
    control.setAttribute("title", "Run this notebook to use the sliders");
    control.querySelectorAll("input, select, button, textarea").forEach(function (e) {
      e.disabled = true;
    });
    control.querySelectorAll(".noUi-target, .slider").forEach(function (e) {
      e.setAttribute("disabled", "true");
    });
    control.querySelectorAll("[tabindex]").forEach(function (e) {
      e.setAttribute("tabindex", "-1");
    });
    control.querySelectorAll("[contenteditable]").forEach(function (e) {
      e.setAttribute("contenteditable", "false");
    });
  }

  // 5. A static panel replaces the dead dashboard of the cell just before its own.
  var WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

  function replacedDashboards() {
    document.querySelectorAll("main .nnbook-panel").forEach(function (panel) {
      var cell = panel.closest(".cell");
      var before = cell && cell.previousElementSibling;
      while (before && !before.classList.contains("cell")) {
        if (/^H[1-6]$/.test(before.tagName) || before.tagName === "SECTION") return;
        before = before.previousElementSibling;
      }
      if (!before) return;
      before.querySelectorAll(".cell_output").forEach(function (output) {
        if (!output.querySelector(WIDGET_VIEW + ", .jupyter-widgets")) return;
        output.classList.add("nnbook-replaced-dashboard");
        output.setAttribute("hidden", "");
      });
    });
  }

  function staticDashboards() {
    document.querySelectorAll("main .cell_output").forEach(function (output) {
      if (!output.querySelector(".jupyter-widgets") || output.closest(".nnbook-live")) return;
      if (output.classList.contains("nnbook-replaced-dashboard")) return;
      var controls = output.querySelectorAll(CONTROLS);
      if (!controls.length) return;
      output.classList.add("nnbook-static-dashboard");
      if (!output.querySelector(".nnbook-static-note")) {
        var note = document.createElement("p");
        note.className = "nnbook-static-note";
        note.setAttribute("role", "note");
        note.textContent = NOTE;
        output.insertBefore(note, output.firstChild);
      }
      controls.forEach(disable);
    });
  }

  // 6. Names and alt texts that screen readers (and axe-core) need.
  function sectionTitle(element) {
    var section = element.closest("section");
    var heading = section && section.querySelector("h1, h2, h3, h4");
    return heading ? heading.textContent.replace(/[#¶]\s*$/, "").trim() : document.title;
  }

  function accessibleWidgets() {
    document.querySelectorAll("main .widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var name = label && label.textContent.trim();
      slider.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (name && !handle.getAttribute("aria-label")) handle.setAttribute("aria-label", name);
      });
    });
    document.querySelectorAll("main " + WIDGET_VIEW + "[data-nnbook-alt]").forEach(function (view) {
      var output = view.closest(".cell_output") || view.parentElement;
      output.querySelectorAll("img:not([alt]), img[alt='']").forEach(function (img) {
        img.setAttribute("alt", view.getAttribute("data-nnbook-alt"));
      });
    });
    document.querySelectorAll("main .cell_output img:not([alt]), main .cell_output img[alt='']")
      .forEach(function (img) {
        img.setAttribute("alt", "Figure in section “" + sectionTitle(img) +
                         "”, drawn by the code of the cell above it.");
      });
  }

  function accessibleButtons() {
    // The accessible name must contain the visible text (WCAG 2.5.3, "label in name").
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");  // its visible text names it: "Search Ctrl+K"
    });
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.querySelectorAll(".theme-switch[title]").forEach(function (icon) {
        icon.setAttribute("aria-hidden", "true");
        icon.removeAttribute("title");
      });
    });
  }

  var pending = null;
  function schedule() {
    if (pending) return;
    pending = window.setTimeout(function () {
      pending = null;
      replacedDashboards();
      staticDashboards();
      accessibleWidgets();
    }, 100);
  }

  function start() {
    afterMathJax(watchMaths);
    replacedDashboards();
    staticDashboards();
    accessibleWidgets();
    accessibleButtons();
    if (typeof MutationObserver !== "undefined") {
      new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
