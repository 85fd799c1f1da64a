window.YTD.account.part0 = [
  {
    "account" : {
      "phoneNumber" : "+15555550123",
      "email" : "jane.doe@example.com",
      "createdVia" : "web",
      "username" : "janedoe_old",
      "accountId" : "2950001111",
      "createdAt" : "2012-06-01T18:00:00.000Z",
      "accountDisplayName" : "Jane D."
    }
  }
]