"""An asynchronous (SelectConnection) channel in confirm mode, publishing to the events exchange.

BlockingConnection's confirm mode waits for each message's ack before the next publish (about
330 messages/s); here acks and nacks arrive as callbacks while many messages are in flight
(https://www.rabbitmq.com/docs/confirms#publisher-confirms). The relay owns the I/O loop.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pika
from pika.adapters.select_connection import IOLoop
from pika.exceptions import AMQPConnectionError
from pika.frame import Method

from .confirms import OutboxRow
from .envelope import CONTENT_TYPE


@dataclass(frozen=True)
class ChannelCallbacks:
    ready: Callable[[], None]  # confirm mode is on and the exchange exists
    confirmed: Callable[[int, bool, bool], None]  # delivery_tag, multiple, ack
    returned: Callable[[str], None]  # event id of a mandatory message no queue took
    failed: Callable[[Exception], None]  # the connection or channel is gone (or never came)


class ConfirmingChannel:
    def __init__(self, amqp_url: str, exchange: str, callbacks: ChannelCallbacks):
        self._exchange = exchange
        self._callbacks = callbacks
        self._closing = False
        self._connection = pika.SelectConnection(
            _parameters(amqp_url), on_open_callback=self._on_connection_open,
            on_open_error_callback=self._on_connection_lost, on_close_callback=self._on_connection_lost)

    @property
    def ioloop(self) -> IOLoop:
        return self._connection.ioloop

    def run(self) -> None:
        """Run the I/O loop until the connection has closed."""
        try:
            self.ioloop.start()
        finally:
            self.ioloop.close()

    def close(self) -> None:
        self._closing = True
        if self._connection.is_closed:
            self.ioloop.stop()
        elif not self._connection.is_closing:
            self._connection.close()  # on_close_callback stops the loop

    def publish(self, row: OutboxRow) -> None:
        properties = pika.BasicProperties(
            content_type=CONTENT_TYPE,
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=row.event_id,
            type=row.event_type,
            correlation_id=row.request_id,
            headers={"traceparent": row.traceparent} if row.traceparent else None,
        )
        self._channel.basic_publish(self._exchange, row.event_type, row.body, properties, mandatory=True)

    def _on_connection_open(self, connection: pika.SelectConnection) -> None:
        connection.channel(on_open_callback=self._on_channel_open)

    def _on_channel_open(self, channel) -> None:
        self._channel = channel
        channel.add_on_close_callback(self._on_channel_closed)
        channel.add_on_return_callback(lambda _channel, _method, properties, _body:
                                       self._callbacks.returned(properties.message_id))
        channel.confirm_delivery(self._on_confirm, callback=lambda _frame: self._declare_exchange())

    def _declare_exchange(self) -> None:
        self._channel.exchange_declare(self._exchange, exchange_type="topic", durable=True,
                                       callback=lambda _frame: self._callbacks.ready())

    def _on_confirm(self, frame: Method) -> None:
        method = frame.method
        self._callbacks.confirmed(method.delivery_tag, method.multiple, isinstance(method, pika.spec.Basic.Ack))

    def _on_channel_closed(self, _channel, reason: Exception) -> None:
        if not self._closing:
            self._callbacks.failed(reason)

    def _on_connection_lost(self, _connection, reason: Exception | str) -> None:
        self.ioloop.stop()
        if not self._closing:
            self._callbacks.failed(reason if isinstance(reason, Exception) else AMQPConnectionError(reason))


def _parameters(amqp_url: str) -> pika.URLParameters:
    # As broker.connect sets them for the blocking connections.
    params = pika.URLParameters(amqp_url)
    params.heartbeat = 30
    params.blocked_connection_timeout = 60
    params.connection_attempts = 1
    params.client_properties = {"connection_name": "outbox-relay"}
    return params
