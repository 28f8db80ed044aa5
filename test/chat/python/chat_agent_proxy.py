"""The labs' Python ActorProxy calling the ChatAgent hosted by chat-agent (NestJS), through daprd."""
import asyncio
import json
import sys

from dapr.actor import ActorId, ActorInterface, ActorProxy, actormethod


class ChatAgentInterface(ActorInterface):
    @actormethod(name="ProcessMessage")
    async def process_message(self, user_input: dict) -> dict | None:
        pass

    @actormethod(name="GetConversationHistory")
    async def get_conversation_history(self) -> list[dict] | None:
        pass


async def main(actor_id: str, content: str) -> None:
    proxy = ActorProxy.create("ChatAgent", ActorId(actor_id), ChatAgentInterface)
    response = await proxy.ProcessMessage({"role": "user", "content": content})
    history = await proxy.GetConversationHistory()
    print(json.dumps({"response": response, "history": history}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
