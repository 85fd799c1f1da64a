window.YTD.block.part0 = [
  {
    "blocking" : {
      "accountId" : "5550001"
    }
  }
]