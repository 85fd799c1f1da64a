window.YTD.mute.part0 = [
  {
    "muting" : {
      "accountId" : "44556677",
      "userLink" : "https://twitter.com/intent/user?user_id=44556677"
    }
  }
]