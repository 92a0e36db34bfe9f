"""Test support: real PostgreSQL and RabbitMQ from the environment, testcontainers otherwise."""
