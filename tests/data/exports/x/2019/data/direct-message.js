window.YTD.direct_message.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "2950001111-1500000000000000082",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1500000000000000082",
            "text" : "I said no.",
            "mediaUrls" : [],
            "senderId" : "2950001111",
            "id" : "1150000000000000002",
            "createdAt" : "2019-07-14T20:31:07.512Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "2950001111",
            "text" : "Can we meet at Lake Placid?",
            "mediaUrls" : [],
            "senderId" : "1500000000000000082",
            "id" : "1150000000000000001",
            "createdAt" : "2019-07-14T20:29:59.001Z"
          }
        }
      ]
    }
  }
]