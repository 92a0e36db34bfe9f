"""The value rules of the customers domain, without I/O."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.errors import Conflict
from customers.domain import values
from customers.domain.hierarchy import check_no_cycle


@pytest.mark.parametrize("raw, expected", [("DE 136,695,976", "DE136695976"), ("nl004495445b01", "NL004495445B01"),
                                           ("GB 980 7806 84", "GB980780684"), ("CHE-107.787.577 IVA", "CHE107787577IVA")])
def test_vat_ids_of_eu_and_other_countries_are_compacted_and_checked(raw, expected):
    assert values.vat_id(raw) == expected


@pytest.mark.parametrize("raw", ["DE136695977", "123456789", "ZZ12345"])
def test_a_vat_id_with_a_wrong_check_digit_or_no_country_is_refused(raw):
    with pytest.raises(ValueError):
        values.vat_id(raw)


def test_a_national_phone_number_needs_its_country():
    assert values.phone_e164("030 1234567", "DE") == "+49301234567"
    with pytest.raises(ValueError):
        values.phone_e164("030 1234567")


def test_tags_are_trimmed_lowercased_and_kept_once_in_order():
    assert values.tags([" Gold ", "VIP", "gold", "big   spender"]) == ["gold", "vip", "big spender"]


def test_a_region_must_belong_to_the_country():
    assert values.region_code("by", "DE") == "DE-BY"
    with pytest.raises(ValueError):
        values.region_code("US-CA", "DE")


def test_a_customer_cannot_become_its_own_ancestor():
    me, parent = uuid.uuid4(), uuid.uuid4()
    with pytest.raises(Conflict):
        check_no_cycle(me, [uuid.uuid4(), me, parent])
    with pytest.raises(Conflict):
        check_no_cycle(me, [me])
    check_no_cycle(me, [uuid.uuid4(), parent])
    check_no_cycle(me, [])
