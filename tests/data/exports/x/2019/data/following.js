window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "73700000"
    }
  }
]