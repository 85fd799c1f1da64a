window.YTD.follower.part1 = [
  {
    "follower" : {
      "accountId" : "2244668800",
      "userLink" : "https://twitter.com/intent/user?user_id=2244668800"
    }
  },
  {
    "follower" : {
      "accountId" : "3355779911",
      "userLink" : "https://twitter.com/intent/user?user_id=3355779911"
    }
  }
]