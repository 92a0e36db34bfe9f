"""/api/v1/customers/{id}/tasks and /api/v1/customers/tasks: what staff must do for a customer, and a
staff user's work list across customers. Internal: never shown to customers' own users."""
from __future__ import annotations

from b2b_shared.http.access import LIST, access, path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..adapters.tasks import TaskFilters
from ..services import tasks as use_cases
from .schemas import TaskFilterSchema, TaskPageSchema, TaskPatchSchema, TaskSchema

blp = Blueprint("tasks", __name__, url_prefix="/api/v1/customers", description="Tasks on customers, by due date.")


def _filters(args: dict, **fixed) -> TaskFilters:
    return TaskFilters(status=args.get("status"), overdue=args.get("overdue"), assignee_id=args.get("assignee_id"),
                       **fixed)


@blp.route("/tasks")
@requires("customer", "VIEW", owner=LIST, staff_only=True)
@blp.arguments(TaskFilterSchema, location="query")
@blp.response(200, TaskPageSchema)
def list_tasks(args):
    """List tasks across the customers the caller reaches, by due date (assignee_id=&status=open&overdue=true)"""
    items, next_cursor = use_cases.list_tasks(uow(), _filters(args, within=access()), args["limit"], args.get("cursor"))
    return {"items": items, "next_cursor": next_cursor}


@blp.route("/<uuid:customer_id>/tasks")
class TaskCollection(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"), staff_only=True)
    @blp.arguments(TaskFilterSchema, location="query")
    @blp.response(200, TaskPageSchema)
    def get(self, args, customer_id):
        """List a customer's tasks by due date"""
        filters = _filters(args, customer_id=customer_id)
        items, next_cursor = use_cases.list_customer_tasks(uow(), filters, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("customer", "EDIT", owner=path("customer_id"), staff_only=True)
    @blp.arguments(TaskSchema)
    @blp.response(201, TaskSchema)
    def post(self, data, customer_id):
        """Add a task; its assignee is a staff user"""
        task = use_cases.add_task(uow(), access(), customer_id, data)
        return versioned(task, 201, f"/api/v1/customers/{customer_id}/tasks/{task.id}")


@blp.route("/<uuid:customer_id>/tasks/<uuid:task_id>")
class TaskItem(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"), staff_only=True)
    @blp.response(200, TaskSchema)
    def get(self, customer_id, task_id):
        """Read a task"""
        return versioned(use_cases.read_task(uow(), customer_id, task_id))

    @requires("customer", "EDIT", owner=path("customer_id"), staff_only=True)
    @blp.arguments(TaskPatchSchema(partial=True))
    @blp.response(200, TaskSchema)
    def patch(self, changes, customer_id, task_id):
        """Change a task, or mark it done (If-Match required)"""
        return versioned(use_cases.update_task(uow(), customer_id, task_id, changes, expected_version()))

    @requires("customer", "EDIT", owner=path("customer_id"), staff_only=True)
    @blp.response(204)
    def delete(self, customer_id, task_id):
        """Delete a task (If-Match required)"""
        use_cases.delete_task(uow(), customer_id, task_id, expected_version())
