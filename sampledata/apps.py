from django.apps import AppConfig


class SampleDataConfig(AppConfig):
    """Realistic generated volume (films, readers, reviews, threads) for benchmarks and load tests."""

    name = "sampledata"
    verbose_name = "Sample data"
