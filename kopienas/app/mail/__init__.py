"""Mail: exactly-once delivery with the ledger as memory (`delivery`), and the messages and
transport the settings name (`sending`)."""
