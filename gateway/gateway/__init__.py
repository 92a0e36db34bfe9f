"""The API gateway: routes /api/v1/<segment> to the service that owns the segment."""
