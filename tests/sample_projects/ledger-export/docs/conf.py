project = "ledger-export"
author = "The finance team"
html_theme = "alabaster"
