"""gunicorn -c deploy/gunicorn.conf.py users_roles.entrypoints.web:app"""
from ..app import create_app

app = create_app()
