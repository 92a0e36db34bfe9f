"""python -m b2b_shared.suite: the names of the services that exist, one per line (the Makefile's list)."""
from . import built

for service in built():
    print(service.name)
