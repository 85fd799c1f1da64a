window.YTD.follower.part0 = [
  {
    "follower" : {
      "accountId" : "1500000000000000082",
      "userLink" : "https://twitter.com/intent/user?user_id=1500000000000000082"
    }
  },
  {
    "follower" : {
      "accountId" : "987654321",
      "userLink" : "https://twitter.com/intent/user?user_id=987654321"
    }
  },
  {
    "follower" : {
      "accountId" : "1790000000000000123",
      "userLink" : "https://twitter.com/intent/user?user_id=1790000000000000123"
    }
  }
]