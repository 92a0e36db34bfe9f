"""The pricing service: price lists and their resolution, payment terms, tax codes, balances."""
