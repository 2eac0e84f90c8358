"""The good-practice catalogue (placeholder, completed below)."""
