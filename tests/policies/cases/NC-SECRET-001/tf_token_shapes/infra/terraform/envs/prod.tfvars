# ruleid: NC-SECRET-001
notify_channel = "123456789:FAKEfakeFAKEfakeFAKEfakeFAKEfake123"
