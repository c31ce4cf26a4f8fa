"""Google Sheet source."""
