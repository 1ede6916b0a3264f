// crosswire /docs: Swagger UI over the app's OpenAPI document, started from a file (the CSP allows no inline script).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({url: root.getAttribute("data-openapi"), dom_id: "#swagger-ui", deepLinking: true});
})();
