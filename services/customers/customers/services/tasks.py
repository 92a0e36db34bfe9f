"""Tasks on a customer: created by staff for staff (the assignee must be a staff user), listed by due
date for one customer or across customers for an assignee."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.errors import NotFound, ValidationFailed
from b2b_shared.http.access import Access

from ..adapters.tasks import TaskFilters
from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.tasks import Task
from ..messaging.published import task_data
from .customers import get_customer
from .staff import unknown_staff_errors


def _get(uow: CustomersUnitOfWork, customer_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    task = uow.tasks.get(task_id)
    if task is None or task.customer_id != customer_id:
        raise NotFound(f"Task {task_id} of customer {customer_id} does not exist.")
    return task


def _check_assignee(uow: CustomersUnitOfWork, data: dict) -> None:
    if data.get("assignee_id") is not None and (errors := unknown_staff_errors(uow, "assignee_id", [data["assignee_id"]])):
        raise ValidationFailed(errors)


def add_task(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, data: dict) -> Task:
    with uow:
        get_customer(uow, customer_id)
        _check_assignee(uow, data)
        task = Task.create(customer_id, author_id=access.principal.user_id, **data)
        uow.tasks.add(task)
        uow.commit()
        return task


def update_task(uow: CustomersUnitOfWork, customer_id: uuid.UUID, task_id: uuid.UUID, changes: dict,
                expected: int | None) -> Task:
    with uow:
        task = _get(uow, customer_id, task_id)
        check_version(task.version, expected)
        if changes.get("assignee_id") not in (None, task.assignee_id):
            _check_assignee(uow, changes)
        task.update(**changes)
        uow.commit()
        return task


def delete_task(uow: CustomersUnitOfWork, customer_id: uuid.UUID, task_id: uuid.UUID, expected: int | None) -> None:
    with uow:
        task = _get(uow, customer_id, task_id)
        check_version(task.version, expected)
        task.mark_deleted(task_data(task))
        uow.tasks.delete(task)
        uow.commit()


def read_task(uow: CustomersUnitOfWork, customer_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    with uow:
        return _get(uow, customer_id, task_id)


def list_customer_tasks(uow: CustomersUnitOfWork, filters: TaskFilters, limit: int, cursor: str | None):
    with uow:
        get_customer(uow, filters.customer_id)
        return uow.tasks.page(filters, limit, cursor)


def list_tasks(uow: CustomersUnitOfWork, filters: TaskFilters, limit: int, cursor: str | None):
    """Across customers: `filters.within` keeps those the caller reaches."""
    with uow:
        return uow.tasks.page(filters, limit, cursor)
