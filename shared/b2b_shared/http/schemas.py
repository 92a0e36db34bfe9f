"""HTTP schema pieces every service's resources share."""
from __future__ import annotations

from marshmallow import Schema, fields


class ResourceSchema(Schema):
    """What every mutable resource shows: its id, its version (the ETag) and its timestamps."""

    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
