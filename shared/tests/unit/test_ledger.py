from b2b_shared.testing.ledger import EXACT, tally


def test_an_exact_run_counts_nothing():
    assert tally(["a", "b"], ["b", "a"]).counts == EXACT


def test_each_kind_of_fault_is_counted_per_event_id():
    result = tally(["a", "b", "c"], ["a", "a", "a", "b", "x"])
    assert result.lost == {"c"}
    assert result.duplicated == {"a": 3}
    assert result.unexpected == {"x"}
    assert result.counts == {"lost": 1, "duplicated": 1, "unexpected": 1}
