// Redoc for /api/v1/redoc/: started from this file, not inline (strict CSP; the page allows
// Redoc's own two <style> elements by hash, see renaksi/api/views/docs.py).
(function () {
  "use strict";
  // Redoc's sidebar shows a logo from its CDN; offline and under the CSP it would only be a
  // refused request, so an empty image takes its place.
  var CDN = "https://cdn.redoc.ly/";
  var EMPTY = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      src.set.call(this, typeof value === "string" && value.indexOf(CDN) === 0 ? EMPTY : value);
    },
  });
  var node = document.getElementById("redoc");
  Redoc.init(node.getAttribute("data-schema-url"), {}, node);
})();
