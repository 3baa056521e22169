"""The /accounts/settings/ page: one place that gathers each app's settings forms."""
