# ruleid: NC-SECRET-005
app_settings = "{\"region\": \"us-east-1\", \"jwtSigningKey\": \"Jq4Wm8Zr2Xt6Vn1Ls9Kp\"}"
# ruleid: NC-SECRET-005
alerts_config = "{\"channel\": \"#notes-prod\", \"webhook\": \"https://hooks.slack.com/services/T0A1B2C3D/B0E1F2G3H/Zq8Wm3Xr7Tn2Vb5Lk9Pd4Hs\"}"
