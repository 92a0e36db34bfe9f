"""A multipart upload whose form fields and file are one schema, so that OpenAPI documents one
`multipart/form-data` request body (flask-smorest maps one body location per operation, and a form
part plus a files part would be two)."""
from __future__ import annotations

from b2b_shared.http.blueprint import Blueprint, SchemaReusingParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict


class UploadParser(SchemaReusingParser):
    def load_files(self, req, schema):
        return MultiDictProxy(CombinedMultiDict([req.files, req.form]), schema)


class UploadBlueprint(Blueprint):
    ARGUMENTS_PARSER = UploadParser()
