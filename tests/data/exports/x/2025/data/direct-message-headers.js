window.YTD.direct_message_headers.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1400000000000000001-1500000000000000082",
      "messages" : [
        {
          "messageCreate" : {
            "id" : "1837000000000000001",
            "senderId" : "1500000000000000082",
            "recipientId" : "1400000000000000001",
            "createdAt" : "2026-09-20T21:58:00.500Z"
          }
        }
      ]
    }
  }
]