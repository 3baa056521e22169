"""The watch log: watches (the diary), the watchlist, and what they unlock (spoilers, blind mode)."""
