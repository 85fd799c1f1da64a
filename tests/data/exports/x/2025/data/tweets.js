window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "1830000000000000001",
      "id" : "1830000000000000001",
      "created_at" : "Sat Aug 29 09:12:44 +0000 2026",
      "full_text" : "@mia_k_reads thank you for the book tip!",
      "in_reply_to_user_id_str" : "987654321",
      "in_reply_to_user_id" : "987654321",
      "in_reply_to_screen_name" : "mia_k_reads",
      "entities" : {
        "user_mentions" : [
          {
            "name" : "Mia K",
            "screen_name" : "mia_k_reads",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "987654321",
            "id" : "987654321"
          }
        ],
        "hashtags" : [],
        "symbols" : [],
        "urls" : []
      },
      "favorite_count" : "1",
      "retweet_count" : "0",
      "retweeted" : false,
      "favorited" : false,
      "truncated" : false,
      "lang" : "en"
    }
  }
]