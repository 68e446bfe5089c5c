// Redoc for /api/v1/redoc/: started from this file, not inline (strict CSP).
(function () {
  "use strict";
  var node = document.getElementById("redoc");
  Redoc.init(node.getAttribute("data-schema-url") + "?format=json", {}, node);
})();
