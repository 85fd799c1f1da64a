window.YTD.direct_message.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "2950001111-1500000000000000082",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "2950001111",
            "reactions" : [],
            "urls" : [],
            "text" : "Remember Lake Placid?",
            "mediaUrls" : [],
            "senderId" : "1500000000000000082",
            "id" : "1029000000000000002",
            "createdAt" : "1534138567670"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1500000000000000082",
            "reactions" : [],
            "urls" : [],
            "text" : "Leave me alone.",
            "mediaUrls" : [],
            "senderId" : "2950001111",
            "id" : "1029000000000000001",
            "createdAt" : "1534138001002"
          }
        }
      ]
    }
  }
]