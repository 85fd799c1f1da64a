window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "987654321",
      "userLink" : "https://twitter.com/intent/user?user_id=987654321"
    }
  }
]