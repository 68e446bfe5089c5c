// Swagger UI for /api/v1/docs/: started from this file, not inline (strict CSP).
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-schema-url") + "?format=json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
      if (match) { request.headers["X-CSRFToken"] = decodeURIComponent(match[1]); }
      return request;
    },
  });
})();
