TABLE=${table}
SIGNING_KEY=${signing_key}
