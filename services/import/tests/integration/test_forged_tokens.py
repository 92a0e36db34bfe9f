"""import, reached directly (around the gateway), refuses every forged token the gateway would: the
suite's one list (b2b_shared.testing.forged_tokens), each a 401 problem, never a 5xx, and a token
naming keys elsewhere (jku, x5u) makes the service fetch nothing."""
from b2b_shared.testing.forged_tokens import refusal_tests

test_the_token_the_forgeries_start_from_is_accepted, test_a_forged_token_is_refused_with_401_and_nothing_is_fetched = (
    refusal_tests("/api/v1/import-jobs"))
