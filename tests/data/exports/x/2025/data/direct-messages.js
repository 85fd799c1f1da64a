window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1400000000000000001-1500000000000000082",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1400000000000000001",
            "reactions" : [
              {
                "senderId" : "1400000000000000001",
                "reactionKey" : "sad",
                "eventId" : "1837000000000000004",
                "createdAt" : "2026-09-21T07:20:00.000Z"
              }
            ],
            "urls" : [
              {
                "url" : "https://t.co/AbCdEf123",
                "expanded" : "https://example.com/letter-for-jane",
                "display" : "example.com/letter-for-j…"
              }
            ],
            "text" : "Why did you block my other account? Read this https://t.co/AbCdEf123",
            "mediaUrls" : [],
            "senderId" : "1500000000000000082",
            "id" : "1837000000000000003",
            "createdAt" : "2026-09-21T07:15:42.318Z",
            "editHistory" : []
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1500000000000000082",
            "reactions" : [
              {
                "senderId" : "1500000000000000082",
                "reactionKey" : "like",
                "eventId" : "1837000000000000005",
                "createdAt" : "2026-09-20T22:05:31.777Z"
              }
            ],
            "urls" : [],
            "text" : "Please stop contacting me.",
            "mediaUrls" : [],
            "senderId" : "1400000000000000001",
            "id" : "1837000000000000002",
            "createdAt" : "2026-09-20T22:03:10.004Z",
            "editHistory" : []
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1400000000000000001",
            "reactions" : [],
            "urls" : [],
            "text" : "Janie-bean, just one coffee? ☕",
            "mediaUrls" : [],
            "senderId" : "1500000000000000082",
            "id" : "1837000000000000001",
            "createdAt" : "2026-09-20T21:58:00.500Z",
            "editHistory" : []
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "987654321-1400000000000000001",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1400000000000000001",
            "reactions" : [],
            "urls" : [],
            "text" : "Hey Jane, is this your new account?",
            "mediaUrls" : [],
            "senderId" : "987654321",
            "id" : "1819000000000000001",
            "createdAt" : "2026-08-02T10:00:00.000Z",
            "editHistory" : []
          }
        }
      ]
    }
  }
]