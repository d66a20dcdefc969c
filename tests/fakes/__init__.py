"""Protocol fakes: local HTTP servers that speak the Telegram Bot API and Twilio REST."""
