window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "jane.doe@example.com",
      "createdVia" : "web",
      "username" : "jane_doe_x",
      "accountId" : "1400000000000000001",
      "createdAt" : "2015-03-01T10:00:00.000Z",
      "accountDisplayName" : "Jane Doe"
    }
  }
]