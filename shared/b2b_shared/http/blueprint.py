"""flask-smorest's Blueprint, whose argument schemas are made once rather than once per request.

webargs makes a new instance of a schema class for every request it parses, and marshmallow
deep-copies the schema's declared fields to make one: 8 % of a page of customers
(issue 12, cProfile). Loading keeps nothing on the instance, so one per class serves every
request (a schema given as an instance was always shared so). Services declare their routes on
this Blueprint.
"""
from __future__ import annotations

import flask_smorest
from marshmallow import Schema
from webargs.flaskparser import FlaskParser


class SchemaReusingParser(FlaskParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._instances: dict[type[Schema], Schema] = {}  # one per schema class a route declares

    def _get_schema(self, argmap, req) -> Schema:
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            schema = self._instances.get(argmap)
            if schema is None:
                schema = self._instances[argmap] = argmap()
            return schema
        return super()._get_schema(argmap, req)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = SchemaReusingParser()
