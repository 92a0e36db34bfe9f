"""A job belongs to the user who started it: that user sees it, and so does an unrestricted caller
(a back-office administrator); anyone else is told it does not exist (404, so ids do not leak)."""
from __future__ import annotations

import uuid

from b2b_shared.errors import NotFound
from b2b_shared.http.access import Access
from sqlalchemy import true


def owned(job, access: Access, what: str, job_id: uuid.UUID):
    if job is None or not (access.unrestricted or job.user_id == access.principal.user_id):
        raise NotFound(f"{what} {job_id} does not exist.")
    return job


def visible_to(access: Access, user_column):
    """The list's condition: every job for an unrestricted caller, else the caller's own."""
    return true() if access.unrestricted else user_column == access.principal.user_id
