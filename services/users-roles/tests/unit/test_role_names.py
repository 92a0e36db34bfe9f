import pytest
from users_roles.services.roles import name_from


@pytest.mark.parametrize(("label", "name"), [("Buyer", "BUYER"), ("Sales manager", "SALES_MANAGER"),
                                             ("2nd line", "ROLE_2ND_LINE"), ("æ:4", "ROLE_4"), ("!!!", "ROLE")])
def test_a_role_name_derived_from_its_label_is_upper_snake_case_starting_with_a_letter(label, name):
    assert name_from(label) == name
