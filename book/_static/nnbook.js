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
