"""HTTP representations of the activity timeline."""
from __future__ import annotations

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import FastSchema
from marshmallow import fields, validate

from .query_lists import RepeatedOrDelimited


class ActivityArgsSchema(ListArgsSchema):
    type = RepeatedOrDelimited(fields.String(validate=validate.Length(min=1, max=100)), load_default=list,
                               validate=validate.Length(max=20),
                               metadata={"description": "Event types (`order.placed`) or kinds (`order`: every "
                                                        "`order.*`); repeat it or separate by commas."})
    since = fields.AwareDateTime(metadata={"description": "Entries at or after this moment (RFC 3339)."})
    until = fields.AwareDateTime(metadata={"description": "Entries before this moment (RFC 3339)."})
    include_subsidiaries = fields.Boolean(load_default=False,
                                          metadata={"description": "Also the entries of every subsidiary."})


class ActivityEntrySchema(FastSchema):
    event_id = fields.String(attribute="id", metadata={"description": "The id of the event the entry "
                                                                      "was made from: unique."})
    customer_id = fields.UUID()
    time = fields.DateTime(attribute="occurred_at")
    type = fields.String(metadata={"description": "The event's type, e.g. `customer.updated`, `order.placed`."})
    actor_id = fields.UUID(allow_none=True, metadata={"description": "Who did it, when the event says; else null."})
    summary = fields.String()
    details = fields.Dict(metadata={"description": "`changed_fields` of a change, the new and previous parent "
                                                   "of a move, the order of an order event."})


class ActivityPageSchema(FastSchema):
    items = fields.List(fields.Nested(ActivityEntrySchema))
    next_cursor = fields.String(allow_none=True)
