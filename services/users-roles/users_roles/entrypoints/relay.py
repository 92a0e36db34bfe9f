"""python -m users_roles.entrypoints.relay: publish this service's outbox to b2b.events."""
from b2b_shared.workers import make_relay, run

from ..config import load_config
from ..domain.model import Base


def main() -> None:
    config = load_config()
    run(config, make_relay(config, Base.metadata))


if __name__ == "__main__":
    main()
