window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1690000000000000777",
      "messages" : [
        {
          "participantsLeave" : {
            "userIds" : [
              "2244668800"
            ],
            "createdAt" : "2026-10-01T12:30:00.000Z"
          }
        },
        {
          "reactionCreate" : {
            "senderId" : "3355779911",
            "reactionKey" : "agree",
            "eventId" : "1841000000000000009",
            "createdAt" : "2026-10-01T12:02:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [],
            "urls" : [],
            "text" : "Who added me here?",
            "mediaUrls" : [],
            "senderId" : "1400000000000000001",
            "id" : "1841000000000000008",
            "createdAt" : "2026-10-01T12:01:00.000Z",
            "editHistory" : []
          }
        },
        {
          "messageCreate" : {
            "reactions" : [
              {
                "senderId" : "2244668800",
                "reactionKey" : "funny",
                "eventId" : "1841000000000000010",
                "createdAt" : "2026-10-01T12:00:40.000Z"
              }
            ],
            "urls" : [],
            "text" : "Everyone say hi to Jane 👋",
            "mediaUrls" : [],
            "senderId" : "1790000000000000123",
            "id" : "1841000000000000007",
            "createdAt" : "2026-10-01T12:00:05.250Z",
            "editHistory" : []
          }
        },
        {
          "conversationNameUpdate" : {
            "initiatingUserId" : "1790000000000000123",
            "name" : "Jane's friends",
            "createdAt" : "2026-10-01T11:59:30.000Z"
          }
        },
        {
          "participantsJoin" : {
            "initiatingUserId" : "1790000000000000123",
            "userIds" : [
              "3355779911"
            ],
            "createdAt" : "2026-10-01T11:59:10.000Z"
          }
        },
        {
          "joinConversation" : {
            "initiatingUserId" : "1790000000000000123",
            "participantsSnapshot" : [
              "1400000000000000001",
              "1790000000000000123",
              "2244668800"
            ],
            "createdAt" : "2026-10-01T11:59:00.000Z"
          }
        }
      ]
    }
  }
]