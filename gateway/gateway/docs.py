"""The API docs: `GET /api/v1/openapi.json` (the merged document) and `GET /docs`, Swagger UI over
it. Swagger UI's JS and CSS come from the swagger-ui-bundle package and are served here, under
/docs/static/: the docs work without reaching any CDN (closed networks, strict CSPs)."""
from __future__ import annotations

from flask import Flask, Response, jsonify, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from .merged_openapi import MergedOpenApi

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>B2B customer management API</title>
  <link rel="stylesheet" href="/docs/static/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/static/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/static/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-initializer.js"></script>
</body>
</html>
"""
# A file of its own rather than an inline script, so that a Content-Security-Policy without
# 'unsafe-inline' can serve the page. validatorUrl null: no call to the public validator.
INITIALIZER = """window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  validatorUrl: null
});
"""
ASSET_CACHE_SECONDS = 3600


def install_docs(app: Flask, merged: MergedOpenApi) -> None:
    @app.get("/api/v1/openapi.json")
    def openapi_document():
        return jsonify(merged.document())

    @app.get("/docs")
    def docs_page():
        return Response(PAGE, mimetype="text/html")

    @app.get("/docs/swagger-initializer.js")
    def docs_initializer():
        return Response(INITIALIZER, mimetype="text/javascript")

    @app.get("/docs/static/<path:filename>")
    def docs_asset(filename: str):
        return send_from_directory(str(swagger_ui_path), filename, max_age=ASSET_CACHE_SECONDS)
