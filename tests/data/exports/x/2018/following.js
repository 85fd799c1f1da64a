window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "386000404"
    }
  }
]