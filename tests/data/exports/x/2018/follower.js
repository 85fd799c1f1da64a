window.YTD.follower.part0 = [
  {
    "follower" : {
      "accountId" : "1500000000000000082"
    }
  },
  {
    "follower" : {
      "accountId" : "73700000"
    }
  }
]