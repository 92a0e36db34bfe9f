# Image of users-roles: one image for all of the service's processes; the command
# picks the role (STYLE.md habit 9). Build it from the repository root, since
# it needs shared/ as well as the service:
#   docker build -f deploy/docker/users-roles.Dockerfile -t b2b/users-roles:dev .
# The Dockerfiles here are one template; they differ only in the service's
# folder, package and port (tests/deploy/test_manifests.py checks that).
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
# Compilers live in this stage only, for any dependency that ships no wheel.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /opt/src
COPY shared/ shared/
# Declared late: the layers above are the same for every service's image.
ARG SERVICE_DIR=services/users-roles
COPY ${SERVICE_DIR}/ ${SERVICE_DIR}/
# The service is installed editable on purpose: its Alembic scripts
# (<service>/migrations, alembic.ini) sit beside the package, not inside it,
# and the migrate entrypoint finds them relative to its own file. The final
# stage keeps the source at this same path, outside the working directory
# /app so that nothing there can shadow the package.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install ./shared gunicorn \
 && pip install --editable "./${SERVICE_DIR}" \
 && python -m compileall -q "${SERVICE_DIR}"

FROM ${PYTHON_IMAGE} AS final
# libpq5 is the client library psycopg may load at run time; no compiler here.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 app \
 && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8002
ARG SERVICE_DIR=services/users-roles
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/src/${SERVICE_DIR} /opt/src/${SERVICE_DIR}
WORKDIR /app
COPY deploy/gunicorn.conf.py /app/deploy/gunicorn.conf.py
COPY deploy/gunicorn-gateway.conf.py /app/deploy/gunicorn-gateway.conf.py
# A numeric user, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 8002
# Default role: web. Compose and Kubernetes run the relay, consumer and
# migration from this same image with `python -m <package>.entrypoints.<role>`.
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "users_roles.entrypoints.web:app"]
