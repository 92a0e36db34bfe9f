"""Builds the pieces every entrypoint shares from the config: engine, unit of work, keys, tokens."""
from __future__ import annotations

from functools import partial

from b2b_shared.auth.jwt import JwksCache, TokenVerifier
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.db.unit_of_work import joined_to_consumer

from ..config import UsersRolesConfig
from ..messaging.published import SERIALIZERS
from .keys import KeyRing, keys_from_db, keys_from_dir
from .tokens import AccessTokens
from .unit_of_work import UNIQUE_VIOLATIONS, UsersRolesUnitOfWork


def uow_factory(config: UsersRolesConfig, engine=None):
    engine = engine or make_engine(config.database_url, config.db_pool_size)
    return partial(UsersRolesUnitOfWork, make_session_factory(engine), config, SERIALIZERS, UNIQUE_VIOLATIONS)


# The unit of work a consumer's handler is handed: our repositories and outbox over its transaction.
joined_uow = joined_to_consumer(UsersRolesUnitOfWork, SERIALIZERS, UNIQUE_VIOLATIONS)


def key_ring(config: UsersRolesConfig, engine) -> KeyRing:
    if config.jwt_keys_dir:
        return KeyRing(partial(keys_from_dir, config.jwt_keys_dir))
    return KeyRing(partial(keys_from_db, engine))


def access_tokens(config: UsersRolesConfig, keys: KeyRing) -> AccessTokens:
    return AccessTokens(keys, config.jwt_issuer, config.jwt_audience, config.access_token_seconds)


def verifier(config: UsersRolesConfig, keys: KeyRing) -> TokenVerifier:
    """Verifies our own tokens the way the gateway does (b2b_shared.auth), from our own JWKS."""
    return TokenVerifier(JwksCache(keys.jwks), config.jwt_issuer, config.jwt_audience)
