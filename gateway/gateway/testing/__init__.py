"""Test support for the gateway's tests (and anyone testing through it): RSA keys and tokens of a
test's own, stub upstream services, and the gateway served over real HTTP."""
