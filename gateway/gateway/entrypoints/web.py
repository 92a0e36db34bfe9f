"""gunicorn -c deploy/gunicorn.conf.py gateway.entrypoints.web:app"""
from ..app import create_app

app = create_app()
