window.YTD.block.part0 = [
  {
    "blocking" : {
      "accountId" : "1234567890",
      "userLink" : "https://twitter.com/intent/user?user_id=1234567890"
    }
  }
]