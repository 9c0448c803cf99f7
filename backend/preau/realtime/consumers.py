"""The one WebSocket: server → client events for the connected user. It never writes."""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from preau.realtime.publish import user_group


class EventsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=4401)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        # Clients never write through the socket.
        return None

    async def event_push(self, message: dict) -> None:
        await self.send_json(message["event"])
