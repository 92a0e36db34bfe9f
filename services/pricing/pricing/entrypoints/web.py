"""gunicorn -c deploy/gunicorn.conf.py pricing.entrypoints.web:app"""
from ..app import create_app

app = create_app()
